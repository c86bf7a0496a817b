// PEP 508 requirements, as Requires-Dist and requirement files write them: what the router needs
// to follow a dependency (its name, extras, version range, marker), never a URL or a path, which
// name no file an index serves.
import { valid } from '@renovatebot/pep440'
import { normalizeProjectName } from '../mirrors/project-name.js'

/** One PEP 508 requirement, as in Requires-Dist or a requirements line. */
export interface Requirement {
  /** Normalised (PEP 503). */
  project: string
  /** Normalised, sorted. */
  extras: string[]
  /** PEP 440 specifier set as written without spaces, '' for none, e.g. '>=2,<3' or '==1.0'. */
  specifier: string
  /** The text after ';', trimmed, when any. */
  marker?: string
}

// PEP 508's name, and its form of an extra.
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/
const EXTRA = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/

// One clause of a specifier set: packaging's operators, longest first so `===` is not read as `==`.
const CLAUSE = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/

// What pip takes for a file name, not a project name: is_archive_file's extensions.
const ARCHIVE = /\.(?:zip|whl|tar|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma)$/i

/** Undefined for a URL requirement (`name @ https://…`), a path, or anything unparsable. */
export function parseRequirement(text: string): Requirement | undefined {
  const source = text.trim()
  const name = NAME.exec(source)?.[0]
  if (name === undefined || ARCHIVE.test(name)) return undefined
  let rest = source.slice(name.length).trimStart()

  let extras: string[] = []
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close === -1) return undefined
    const parsed = parseExtras(rest.slice(1, close))
    if (parsed === undefined) return undefined
    extras = parsed
    rest = rest.slice(close + 1).trimStart()
  }
  if (rest.startsWith('@')) return undefined

  const semicolon = rest.indexOf(';')
  const versionPart = (semicolon === -1 ? rest : rest.slice(0, semicolon)).trim()
  const marker = semicolon === -1 ? undefined : rest.slice(semicolon + 1).trim()
  if (marker === '') return undefined

  const specifier = parseSpecifierSet(unparenthesised(versionPart))
  if (specifier === undefined) return undefined
  return {
    project: normalizeProjectName(name),
    extras,
    specifier,
    ...(marker === undefined ? {} : { marker })
  }
}

/** The exact version a specifier pins (`==1.0`, `===1.0`; not `==1.*`), else undefined. */
export function pinnedVersion(specifier: string): string | undefined {
  const pins = new Set<string>()
  for (const clause of specifier.split(',')) {
    const match = CLAUSE.exec(clause.trim())
    const [operator, version] = [match?.[1], match?.[2]]
    if (version === undefined) continue
    if (operator === '===' || (operator === '==' && !version.endsWith('.*'))) pins.add(version)
  }
  // Two different pins allow no version at all: nothing to fetch.
  return pins.size === 1 ? [...pins][0] : undefined
}

/** Extras normalised, sorted and each once; undefined when one is not a name. */
function parseExtras(list: string): string[] | undefined {
  const names = list
    .split(',')
    .map(extra => extra.trim())
    .filter(extra => extra !== '')
  if (!names.every(extra => EXTRA.test(extra))) return undefined
  return [...new Set(names.map(normalizeProjectName))].sort()
}

/** Requires-Dist's older `name (>=1.0)` form keeps its specifier in parentheses. */
function unparenthesised(versionPart: string): string {
  return versionPart.startsWith('(') && versionPart.endsWith(')')
    ? versionPart.slice(1, -1).trim()
    : versionPart
}

/** The set without spaces, '' when empty; undefined when a clause is not PEP 440. */
function parseSpecifierSet(text: string): string | undefined {
  if (text === '') return ''
  const clauses: string[] = []
  for (const clause of text.split(',')) {
    const match = CLAUSE.exec(clause.trim())
    const operator = match?.[1]
    const version = match?.[2]
    if (operator === undefined || version === undefined) return undefined
    if (!validClauseVersion(operator, version)) return undefined
    clauses.push(operator + version)
  }
  return clauses.join(',')
}

/** packaging's rules: `===` takes any string, `.*` only after `==`/`!=`, `~=` two release parts. */
function validClauseVersion(operator: string, version: string): boolean {
  if (operator === '===') return !/[;,()]/.test(version)
  if (version.endsWith('.*')) {
    return (operator === '==' || operator === '!=') && valid(version.slice(0, -2)) !== null
  }
  if (valid(version) === null) return false
  return operator !== '~=' || /^v?(?:\d+!)?\d+\.\d+/i.test(version)
}
