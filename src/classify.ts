/**
 * What a failed install says about its source:
 * - transient: the mirror may answer next time (timeouts, resets, 5xx): retry it after a pause;
 * - mirror: this mirror is wrong for this install (missing file or version, bad hash, TLS,
 *   403): move to the next mirror at once;
 * - ambiguous: pip could not tell whether the project exists or the index was unreachable:
 *   move on, another mirror may have it;
 * - permanent: no mirror will fix it (conflicts, build failures, wrong Python): stop;
 * - unknown: nothing recognisable, usually the command's own error: stop.
 */
export type FailureClass = 'transient' | 'mirror' | 'ambiguous' | 'permanent' | 'unknown'

export interface Classification {
  kind: FailureClass
  /** The output line that decided it, or the last line for an unknown failure. */
  line: string
}

interface Rule {
  kind: FailureClass
  pattern: RegExp
  /** pip installs build dependencies from the index: their network failures are no build error. */
  exceptWhenBuildDependenciesFailed?: true
}

// Order matters: the first class with a matching line wins, most decisive first.
const RULES: Rule[] = [
  { kind: 'permanent', pattern: /ResolutionImpossible|conflicting dependencies/ },
  { kind: 'permanent', pattern: /requires a different Python|Requires-Python .* not in/ },
  {
    kind: 'permanent',
    pattern: /metadata-generation-failed|subprocess-exited-with-error/,
    exceptWhenBuildDependenciesFailed: true
  },
  { kind: 'mirror', pattern: /HTTP error 40[34] while getting|40[34] Client Error/ },
  { kind: 'mirror', pattern: /THESE PACKAGES DO NOT MATCH THE HASHES|Hash mismatch for/ },
  {
    kind: 'mirror',
    pattern: /SSLError|CERTIFICATE_VERIFY_FAILED|\[SSL[:\]]|invalid peer certificate/
  },
  { kind: 'mirror', pattern: /\(from versions: (?!none\))[^)]+\)/ },
  {
    kind: 'mirror',
    pattern:
      /\b40[34] (Not Found|Forbidden)\b|there is no version of|not found in the package registry/
  },
  { kind: 'permanent', pattern: /requirements are unsatisfiable|No solution found when resolving/ },
  { kind: 'ambiguous', pattern: /\(from versions: none\)|No matching distribution found/ },
  {
    kind: 'transient',
    pattern:
      /Read timed out|ReadTimeoutError|Max retries exceeded with url|Connection reset|ConnectionResetError|HTTP error 5\d\d while getting|not enough bytes were received|Server Error:|IncompleteRead|Connection refused|operation timed out|error sending request|connection reset|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b/
  }
]

const BUILD_DEPENDENCIES_FAILED = /to install build dependencies did not run successfully/

export function classifyFailure(output: string): Classification {
  const lines = output.split(/\r?\n/).map(line => line.trim())
  const buildDependenciesFailed = BUILD_DEPENDENCIES_FAILED.test(output)
  for (const rule of RULES) {
    if (buildDependenciesFailed && rule.exceptWhenBuildDependenciesFailed) continue
    const matches = lines.filter(candidate => rule.pattern.test(candidate))
    // pip's final ERROR line says more than the WARNING lines of its retries.
    const line = matches.find(candidate => /^error\b/i.test(candidate)) ?? matches[0]
    if (line !== undefined) return { kind: rule.kind, line: shorten(line) }
  }
  const last = [...lines].reverse().find(line => line !== '') ?? ''
  return { kind: 'unknown', line: shorten(last) }
}

function shorten(line: string): string {
  return line.length > 240 ? `${line.slice(0, 237)}...` : line
}
