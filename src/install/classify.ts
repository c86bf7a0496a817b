/**
 * What a failed install says about its source:
 * - transient: the mirror may answer next time (timeouts, resets, 5xx before any byte of the
 *   answer): retry it after a pause;
 * - mirror: this mirror is wrong for this install (missing file or version, bad hash, a file
 *   cut or stalled mid-download, TLS, 403): move to the next mirror at once;
 * - ambiguous: pip could not tell whether the project exists or the index was unreachable:
 *   move on, another mirror may have it;
 * - permanent: no mirror will fix it (conflicts, build failures, wrong Python): stop;
 * - unknown: nothing recognisable, usually the command's own error: stop.
 *
 * The rules read what the messages mean across pip 22.0 to 26.x and uv (captured output in
 * __tests__/fixtures/pip-output/); pip 25+'s stable error references (`error: connection-timeout`)
 * are matched beside the prose of older pips.
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

// A failed build-dependency install: pip 22-24, pip 26 (subprocess or in-process); then uv's.
const BUILD_DEPENDENCIES =
  /build dependencies .*did not run successfully|when installing build dependencies|failed-build-dependency-install|Cannot install build dependencies/
const BUILD_DEPENDENCIES_FAILED = new RegExp(
  `${BUILD_DEPENDENCIES.source}|Failed to resolve requirements from \`.*\` build`
)

// Order matters: the first class with a matching line wins, most decisive first.
const RULES: Rule[] = [
  { kind: 'permanent', pattern: /ResolutionImpossible|conflicting dependencies/ },
  {
    kind: 'permanent',
    // pip: wheel metadata (`requires a different Python: 3.12.1 not in '>=4'`); uv: metadata or
    // the index page's data-requires-python. pip's "Ignored the following versions" is decided
    // in requiresPythonOnly: it may sit beside a version that is merely missing.
    pattern:
      /requires a different Python|Requires-Python .* not in|does not satisfy Python\b|requires Python [<>=!~]/
  },
  {
    kind: 'permanent',
    pattern:
      /metadata-generation-failed|subprocess-exited-with-error|The build backend returned an error/,
    exceptWhenBuildDependenciesFailed: true
  },
  { kind: 'mirror', pattern: /HTTP error 40[34] while getting|40[34] Client Error/ },
  {
    kind: 'mirror',
    // uv meets a corrupt wheel as a bad zip CRC before it gets to the hash.
    pattern: /THESE PACKAGES DO NOT MATCH THE HASHES|Hash mismatch for|Bad CRC\b/
  },
  {
    kind: 'mirror',
    // A download that started and then was cut or stalled: the mirror answers but cannot serve
    // this file whole, so the next mirror beats more retries here (pip 25.1+ has already resumed
    // it PIP_RESUME_RETRIES times). pip < 25 lets a stalled body escape as a bare urllib3
    // ReadTimeoutError traceback; a request that timed out before any answer is reported as
    // "Max retries exceeded" instead and stays transient, and an index page that stalls ends as
    // "(from versions: none)". pip < 25 accepts a cut body and then reports a hash mismatch (or
    // urllib3's `Connection broken: IncompleteRead`); uv reports both as an unreadable zip.
    pattern:
      /exceptions\.ReadTimeoutError: .*Read timed out\.$|incomplete-download|not enough bytes were received|Connection broken: |IncompleteRead\(\d+ bytes read|has an invalid package format|Failed to read from zip file/
  },
  {
    kind: 'mirror',
    pattern:
      /SSLError|CERTIFICATE_VERIFY_FAILED|\[SSL[:\]]|invalid peer certificate|ssl-verification-failed/
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
    // pip 25+ names its network errors: a timeout or a failed connection before any answer.
    // A proxy that fails is transient too: every mirror goes through the same proxy, so only a
    // pause can help, and a proxy that stays down then fails the install on every mirror.
    pattern:
      /Read timed out|ReadTimeoutError|Max retries exceeded with url|Connection reset|ConnectionResetError|HTTP error 5\d\d while getting|Server Error:|Connection refused|operation timed out|error sending request|connection reset|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b|^error: (connection-timeout|connection-failed|proxy-connection-failed)$|didn't respond within|Failed to connect to/
  },
  // A build-dependency install that failed for none of the reasons above (its own output lost or
  // unrecognised): it fetched from this mirror, so another mirror may do better.
  { kind: 'ambiguous', pattern: BUILD_DEPENDENCIES }
]

const IGNORED_FOR_PYTHON =
  /Ignored the following versions that require a different python version: (.*)/
const NOT_FOUND = /satisfies the requirement \S+?===?([^\s,;]+) \(from versions: /

/**
 * pip (23+) lists the versions it skipped for their Requires-Python. The install cannot work on
 * any mirror when pip found nothing else, or when the pinned version is one of those skipped;
 * a pinned version that is simply absent is a stale mirror, left to the rules.
 */
function requiresPythonOnly(lines: string[]): string | undefined {
  const ignoredLine = lines.find(line => IGNORED_FOR_PYTHON.test(line))
  if (ignoredLine === undefined) return undefined
  const ignored = (IGNORED_FOR_PYTHON.exec(ignoredLine)?.[1] ?? '').split(/;\s*/)
  const ignoredVersions = ignored.map(entry => entry.split(/\s+/)[0])
  for (const line of lines) {
    if (/\(from versions: none\)/.test(line)) return ignoredLine
    const pinned = NOT_FOUND.exec(line)?.[1]
    if (pinned !== undefined && ignoredVersions.includes(pinned)) return ignoredLine
  }
  return undefined
}

export function classifyFailure(output: string): Classification {
  const lines = output.split(/\r?\n/).map(line => line.trim())
  const buildDependenciesFailed = BUILD_DEPENDENCIES_FAILED.test(output)
  const wrongPython = requiresPythonOnly(lines)
  if (wrongPython !== undefined) return { kind: 'permanent', line: shorten(wrongPython) }
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

/** Where pip and uv name a project that no page offered a fitting release of. */
const MISSING_RELEASE = [
  // pip: "Could not find a version that satisfies the requirement pkg==2.0 (from versions: 1.0)"
  /satisfies the requirement ([A-Za-z0-9][A-Za-z0-9._-]*)/g,
  /No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._-]*)/g,
  // uv: "Because there is no version of pkg==2.0 ...", "Because only pkg<=1.0 is available ..."
  /there is no version of ([A-Za-z0-9][A-Za-z0-9._-]*)/g,
  /Because only ([A-Za-z0-9][A-Za-z0-9._-]*?)[<>=!~]/g,
  /([A-Za-z0-9][A-Za-z0-9._-]*) was not found in the package registry/g
]
const MAX_NAMED = 50

/**
 * The projects a failed install says it found no fitting release of: a mirror behind the others
 * for those, or the project is new. Each once, as written; at most a few dozen.
 */
export function projectsLackingRelease(output: string): string[] {
  const names = MISSING_RELEASE.flatMap(pattern =>
    [...output.matchAll(pattern)].map(match => match[1].replace(/[._-]+$/, ''))
  )
  return [...new Set(names)].slice(0, MAX_NAMED)
}
