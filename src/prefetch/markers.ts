// PEP 508 environment markers, evaluated the way pip does: packaging 24/25's markers.py
// (grammar, version-or-string comparison, extra normalisation), so the router follows exactly the
// dependencies pip will install on this interpreter, and errors where pip would error.
import { compare, explain, type Pep440Version } from '@renovatebot/pep440'

/** The values of PEP 508's marker variables for one interpreter, as packaging.markers.default_environment() gives them. */
export type MarkerEnvironment = Record<string, string>

/** A marker that cannot be parsed, or that packaging cannot evaluate (it raises there too). */
export class MarkerError extends Error {
  constructor(marker: string, reason: string) {
    super(`Invalid marker ${JSON.stringify(marker)}: ${reason}`)
    this.name = 'MarkerError'
  }
}

/**
 * Whether `marker` holds for `environment`, with `extras` the extras requested (normalised names).
 * Throws MarkerError (exported class, message naming the marker text) on a marker it cannot parse,
 * and where packaging 24/25 raises: a version operator against a value that is not a version (Linux's
 * platform_release '6.8.0-1021-azure' >= '5'), a variable the environment lacks.
 * As pip does, the marker holds when it holds for any one requested extra, or for `extra == ""`
 * when none is; `extras` and `dependency_groups` are sets: the requested extras, and none.
 */
export function evaluateMarker(
  marker: string,
  environment: MarkerEnvironment,
  extras: string[] = []
): boolean {
  const parsed = parseMarker(marker)
  const requested = new Set(extras.map(canonicalizeName))
  const candidates = extras.length > 0 ? extras : ['']
  return candidates.some(extra =>
    evaluateList(parsed, { marker, environment, extra: canonicalizeName(extra), requested })
  )
}

type Operand = { variable: string } | { value: string }
interface Comparison {
  left: Operand
  op: string
  right: Operand
}
type MarkerList = (Comparison | MarkerList | 'and' | 'or')[]

// The tokens of packaging's _tokenizer.py that markers use, as sticky regexes (`\b` sees the
// character before the position, as Python's `pattern.match(source, pos)` does).
const TOKENS = {
  LEFT_PARENTHESIS: /\(/y,
  RIGHT_PARENTHESIS: /\)/y,
  QUOTED_STRING: /'[^']*'|"[^"]*"/y,
  OP: /===|==|~=|!=|<=|>=|<|>/y,
  BOOLOP: /\b(?:or|and)\b/y,
  IN: /\bin\b/y,
  NOT: /\bnot\b/y,
  VARIABLE:
    /\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b/y,
  WS: /[ \t]+/y,
  // Python's `$` also matches before a final newline.
  END: /(?=\n?$)/y
}
type TokenName = keyof typeof TOKENS

class Tokenizer {
  position = 0
  constructor(readonly source: string) {}

  /** The token's text when it comes next, and then past it. */
  accept(name: TokenName): string | undefined {
    const text = this.peek(name)
    if (text !== undefined) this.position += text.length
    return text
  }

  peek(name: TokenName): string | undefined {
    const pattern = TOKENS[name]
    pattern.lastIndex = this.position
    return pattern.exec(this.source)?.[0]
  }

  expect(name: TokenName, expected: string): string {
    const text = this.accept(name)
    if (text === undefined) this.fail(`Expected ${expected}`)
    return text
  }

  fail(message: string, at = this.position): never {
    throw new MarkerError(this.source, `${message} at position ${at}`)
  }
}

function parseMarker(source: string): MarkerList {
  const tokenizer = new Tokenizer(source)
  const markers = parseExpression(tokenizer)
  tokenizer.expect('END', 'end of marker expression')
  return markers
}

/** marker = marker_atom (BOOLOP marker_atom)*; `and` binds tighter at evaluation. */
function parseExpression(tokenizer: Tokenizer): MarkerList {
  const expression: MarkerList = [parseAtom(tokenizer)]
  for (let op = tokenizer.accept('BOOLOP'); op !== undefined; op = tokenizer.accept('BOOLOP')) {
    expression.push(op as 'and' | 'or', parseAtom(tokenizer))
  }
  return expression
}

function parseAtom(tokenizer: Tokenizer): Comparison | MarkerList {
  tokenizer.accept('WS')
  let atom: Comparison | MarkerList
  const open = tokenizer.position
  if (tokenizer.accept('LEFT_PARENTHESIS') !== undefined) {
    tokenizer.accept('WS')
    atom = parseExpression(tokenizer)
    tokenizer.accept('WS')
    if (tokenizer.accept('RIGHT_PARENTHESIS') === undefined) {
      tokenizer.fail('Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS', open)
    }
  } else {
    atom = parseComparison(tokenizer)
  }
  tokenizer.accept('WS')
  return atom
}

function parseComparison(tokenizer: Tokenizer): Comparison {
  const left = parseOperand(tokenizer)
  tokenizer.accept('WS')
  const op = parseOperator(tokenizer)
  tokenizer.accept('WS')
  const right = parseOperand(tokenizer)
  return { left, op, right }
}

function parseOperand(tokenizer: Tokenizer): Operand {
  const variable = tokenizer.accept('VARIABLE')
  if (variable !== undefined) {
    const name = variable.replace('.', '_')
    return { variable: name === 'python_implementation' ? 'platform_python_implementation' : name }
  }
  const quoted = tokenizer.accept('QUOTED_STRING')
  if (quoted !== undefined) return { value: pythonStringLiteral(quoted, tokenizer) }
  return tokenizer.fail('Expected a marker variable or quoted string')
}

function parseOperator(tokenizer: Tokenizer): string {
  if (tokenizer.accept('IN') !== undefined) return 'in'
  if (tokenizer.accept('NOT') !== undefined) {
    tokenizer.expect('WS', "whitespace after 'not'")
    tokenizer.expect('IN', "'in' after 'not'")
    return 'not in'
  }
  return (
    tokenizer.accept('OP') ??
    tokenizer.fail('Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in')
  )
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\n': '',
  '\r': '',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v'
}

/** A quoted token's value, as `ast.literal_eval` reads it: Python's escapes apply. */
function pythonStringLiteral(quoted: string, tokenizer: Tokenizer): string {
  return quoted
    .slice(1, -1)
    .replace(
      /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([\s\S])|$)|[\r\n]/g,
      (escape, octal?: string, x?: string, u?: string, bigU?: string, other?: string) => {
        const hex = x ?? u ?? bigU
        if (octal !== undefined) return String.fromCodePoint(parseInt(octal, 8))
        if (hex !== undefined && parseInt(hex, 16) <= 0x10ffff) {
          return String.fromCodePoint(parseInt(hex, 16))
        }
        // A line break in the literal or a cut-off escape, which Python refuses too, or \N{name},
        // a character name this cannot look up.
        if (other === undefined || hex !== undefined || 'xuUN'.includes(other)) {
          return tokenizer.fail(`Cannot read ${JSON.stringify(escape)} in the string ${quoted}`)
        }
        return SIMPLE_ESCAPES[other] ?? escape
      }
    )
}

interface Evaluation {
  marker: string
  environment: MarkerEnvironment
  /** The requested extra this pass evaluates `extra` as, normalised; '' for none. */
  extra: string
  requested: ReadonlySet<string>
}

/** Every comparison is evaluated, as packaging does, so one it cannot evaluate always throws. */
function evaluateList(markers: MarkerList, evaluation: Evaluation): boolean {
  const groups: boolean[][] = [[]]
  for (const item of markers) {
    if (item === 'or') groups.push([])
    else if (item === 'and') continue
    else {
      const result = Array.isArray(item)
        ? evaluateList(item, evaluation)
        : evaluateComparison(item, evaluation)
      groups[groups.length - 1]?.push(result)
    }
  }
  return groups.some(group => group.every(Boolean))
}

const SET_VARIABLES = new Set(['extras', 'dependency_groups'])

function evaluateComparison({ left, op, right }: Comparison, evaluation: Evaluation): boolean {
  const fail = (reason: string): never => {
    throw new MarkerError(evaluation.marker, reason)
  }
  // packaging's asymmetry: a variable on the left is compared with the right side's text, even
  // when that is a variable's name; otherwise the right side must be a variable.
  let key: string
  let lhs: string | ReadonlySet<string>
  let rhs: string | ReadonlySet<string>
  if ('variable' in left) {
    key = left.variable
    lhs = valueOf(key, evaluation, fail)
    rhs = 'value' in right ? right.value : right.variable
  } else if ('variable' in right) {
    key = right.variable
    lhs = left.value
    rhs = valueOf(key, evaluation, fail)
  } else {
    return fail(`no marker variable named ${JSON.stringify(right.value)}`)
  }
  if (typeof lhs !== 'string') return fail(`${key} is a set and cannot be compared`)
  if (key === 'extra' || SET_VARIABLES.has(key)) {
    lhs = canonicalizeName(lhs)
    rhs = typeof rhs === 'string' ? canonicalizeName(rhs) : rhs
  }
  if (typeof rhs !== 'string') return compareWithSet(lhs, op, rhs, fail)
  const specifier = parseSpecifier(op + rhs)
  if (specifier) {
    const version = parseVersion(lhs)
    if (!version) return fail(`${JSON.stringify(lhs)} is not a version, for ${op}${rhs}`)
    return specifierContains(specifier, version)
  }
  switch (op) {
    case 'in':
      return rhs.includes(lhs)
    case 'not in':
      return !rhs.includes(lhs)
    case '<':
      return lhs < rhs
    case '<=':
      return lhs <= rhs
    case '==':
      return lhs === rhs
    case '!=':
      return lhs !== rhs
    case '>=':
      return lhs >= rhs
    case '>':
      return lhs > rhs
    default:
      return fail(`undefined ${op} on ${JSON.stringify(lhs)} and ${JSON.stringify(rhs)}`)
  }
}

function valueOf(
  key: string,
  { environment, extra, requested }: Evaluation,
  fail: (reason: string) => never
): string | ReadonlySet<string> {
  if (key === 'extra') return extra
  if (key === 'extras') return requested
  if (key === 'dependency_groups') return new Set()
  const value = Object.hasOwn(environment, key) ? environment[key] : undefined
  if (value === undefined) return fail(`the environment has no ${key}`)
  // packaging's repair of a non-tagged build's platform.python_version(), e.g. '3.13.0+'.
  return key === 'python_full_version' && value.endsWith('+') ? `${value}local` : value
}

function compareWithSet(
  lhs: string,
  op: string,
  rhs: ReadonlySet<string>,
  fail: (reason: string) => never
): boolean {
  if (op === 'in') return rhs.has(lhs)
  if (op === 'not in') return !rhs.has(lhs)
  if (op === '==') return false
  if (op === '!=') return true
  return fail(`undefined ${op} between a string and a set`)
}

/** PEP 503 normalisation, as packaging's canonicalize_name. */
function canonicalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase()
}

// packaging 24/25's Specifier: which `op + value` texts are one version specifier.
const VERSION_TAIL = String.raw`(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?(?:[-_.]?dev[-_.]?[0-9]*)?`
const SPECIFIER = new RegExp(
  String.raw`^\s*(?<op>~=|==|!=|<=|>=|<|>|===)(?<version>` +
    String.raw`(?:(?<====)\s*[^\s;)]*)` +
    String.raw`|(?:(?<===|!=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:\.\*|${VERSION_TAIL}(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?)?)` +
    String.raw`|(?:(?<=~=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+${VERSION_TAIL})` +
    String.raw`|(?:(?<!==|!=|~=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*${VERSION_TAIL})` +
    String.raw`)\s*$`,
  'i'
)

interface Specifier {
  op: string
  version: string
}

function parseSpecifier(text: string): Specifier | undefined {
  const groups = SPECIFIER.exec(text)?.groups
  if (!groups?.op || groups.version === undefined) return undefined
  return { op: groups.op, version: groups.version.trim() }
}

/** A parsed version and its text (trimmed, as Version() strips whitespace). */
type Version = Pep440Version & { text: string }

function parseVersion(text: string): Version | undefined {
  const version = explain(text.trim())
  return version ? { ...version, text: text.trim() } : undefined
}

function requireVersion(text: string): Version {
  const version = parseVersion(text)
  if (!version) throw new Error(`not a version: ${text}`)
  return version
}

/** Specifier(op + version).contains(candidate, prereleases=True), as packaging 24/25. */
function specifierContains({ op, version }: Specifier, candidate: Version): boolean {
  const publicCandidate = candidate.public
  switch (op) {
    case '===':
      return normalizedText(candidate).toLowerCase() === version.toLowerCase()
    case '==':
      return versionEquals(candidate, version)
    case '!=':
      return !versionEquals(candidate, version)
    case '<=':
      return compare(publicCandidate, version) <= 0
    case '>=':
      return compare(publicCandidate, version) >= 0
    case '~=': {
      // packaging builds the prefix from the text, 'v' kept: '~=v3.12' matches nothing.
      if (/^v/i.test(version)) return false
      const release = requireVersion(version)
      const prefix = { epoch: release.epoch, release: release.release.slice(0, -1) }
      return compare(publicCandidate, version) >= 0 && matchesPrefix(candidate, prefix)
    }
    case '<': {
      const spec = requireVersion(version)
      if (compare(candidate.text, version) >= 0) return false
      // "<V must not allow a pre-release of V unless V is one."
      return !(!spec.is_prerelease && candidate.is_prerelease && sameBase(candidate, spec))
    }
    case '>': {
      const spec = requireVersion(version)
      if (compare(candidate.text, version) <= 0) return false
      // ">V must not allow a post-release of V unless V is one, nor a local version of V."
      if (!spec.is_postrelease && candidate.is_postrelease && sameBase(candidate, spec)) {
        return false
      }
      return !(candidate.local !== null && sameBase(candidate, spec))
    }
    default:
      return false
  }
}

function versionEquals(candidate: Version, spec: string): boolean {
  if (spec.endsWith('.*')) {
    const prefix = requireVersion(spec.slice(0, -2))
    return matchesPrefix(candidate, prefix)
  }
  const specVersion = requireVersion(spec)
  const compared = specVersion.local === null ? candidate.public : candidate.text
  return compare(compared, spec) === 0
}

/** `==prefix.*`: the same epoch, and a release that starts with the prefix once zero-padded. */
function matchesPrefix(
  candidate: Version,
  prefix: { epoch: number; release: readonly number[] }
): boolean {
  return (
    candidate.epoch === prefix.epoch &&
    prefix.release.every((part, index) => (candidate.release[index] ?? 0) === part)
  )
}

function sameBase(a: Version, b: Version): boolean {
  return compare(a.base_version, b.base_version) === 0
}

/** str(Version(text)): the normalised form. */
function normalizedText(version: Version): string {
  return version.local === null ? version.public : `${version.public}+${version.local}`
}
