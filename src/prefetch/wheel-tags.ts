// Which file of a release pip installs on one interpreter: wheel tags (PEP 425/427) against the
// interpreter's supported tags, ordered the way pip's LinkEvaluator filters and its
// CandidateEvaluator sorts, so the router fetches the very file pip will ask for.
import { satisfies, validRange } from '@renovatebot/pep440'

/** The tags of a wheel file name (PEP 427/425: name-ver[-build]-pyX-abi-plat.whl, each part possibly a '.'-joined set), as 'py3-none-any' strings; undefined when not a wheel name. */
export function wheelTags(filename: string): string[] | undefined {
  return parseWheelName(filename)?.tags
}

/**
 * How much this interpreter prefers a wheel: the index in `supported` (the interpreter's tags, best first, as
 * packaging.tags.sys_tags() gives them, each 'interpreter-abi-platform') of its best tag; undefined when none of its tags is supported.
 * The index of `supported` is built once per array and kept while the array lives: do not change
 * an array after passing it.
 */
export function wheelPreference(
  filename: string,
  supported: readonly string[]
): number | undefined {
  const tags = wheelTags(filename)
  return tags && bestIndex(tags, supported)
}

export interface Candidate {
  filename: string
  sha256?: string
  size?: number
  requiresPython?: string
  yanked?: boolean
}

/**
 * The file pip would install among `files` (all the files of one version of one project), the way pip's
 * CandidateEvaluator sorts them: files whose sha256 is in `allowedHashes` (when that is non-empty) before others;
 * among wheels, the most preferred tag; a supported wheel before the sdist (`.tar.gz` or `.zip`);
 * never a wheel with no supported tag; never a file whose requiresPython excludes `pythonVersion` (PEP 440
 * specifier vs the interpreter's full version, e.g. '3.12.4'); yanked files last.
 * Undefined when no file fits.
 * Then, as pip, the higher build tag; on a full tie, the first listed. The sdist formats are all
 * those pip unpacks (.tar.gz, .zip, .tar.bz2, .tar.xz, ...).
 */
export function chooseFile<T extends Candidate>(
  files: readonly T[],
  supported: readonly string[],
  pythonVersion: string,
  allowedHashes?: readonly string[]
): T | undefined {
  const allowed = new Set((allowedHashes ?? []).map(hash => hash.toLowerCase()))
  const python = releaseOf(pythonVersion)
  let best: { file: T; key: SortKey } | undefined
  for (const file of files) {
    if (!acceptsPython(file.requiresPython, python)) continue
    const key = sortKey(file, supported, allowed)
    // Strictly greater: Python's max() keeps the first of equal keys.
    if (key && (!best || compareKeys(key, best.key) > 0)) best = { file, key }
  }
  return best?.file
}

interface WheelName {
  tags: string[]
  /** PEP 427's build number and the text after it; undefined without one. */
  build: [number, string] | undefined
}

/**
 * name-version[-build]-python-abi-platform.whl, as pip's wheel_file_re reads it: no part empty or
 * holding whitespace, a build tag starting with a digit; tags lower-cased, as packaging's Tag.
 */
function parseWheelName(filename: string): WheelName | undefined {
  if (!filename.endsWith('.whl')) return undefined
  const parts = filename.slice(0, -'.whl'.length).split('-')
  if (parts.length !== 5 && parts.length !== 6) return undefined
  if (parts.some(part => part === '' || /\s/.test(part))) return undefined
  const [pythons, abis, platforms] = parts.slice(-3).map(part => part.toLowerCase().split('.'))
  let build: WheelName['build']
  if (parts.length === 6) {
    const match = /^(\d+)(.*)$/.exec(parts[2] ?? '')
    if (!match) return undefined
    build = [Number(match[1]), match[2] ?? '']
  }
  const tags = new Set<string>()
  for (const python of pythons ?? []) {
    for (const abi of abis ?? []) {
      for (const platform of platforms ?? []) tags.add(`${python}-${abi}-${platform}`)
    }
  }
  return { tags: [...tags], build }
}

/** Each supported tag's index, built once per array: ~1000 tags, asked about for every file. */
const tagIndexes = new WeakMap<readonly string[], ReadonlyMap<string, number>>()

function bestIndex(tags: readonly string[], supported: readonly string[]): number | undefined {
  let indexes = tagIndexes.get(supported)
  if (!indexes) {
    const built = new Map<string, number>()
    supported.forEach((tag, index) => {
      if (!built.has(tag)) built.set(tag, index)
    })
    tagIndexes.set(supported, built)
    indexes = built
  }
  let best: number | undefined
  for (const tag of tags) {
    const index = indexes.get(tag)
    if (index !== undefined && (best === undefined || index < best)) best = index
  }
  return best
}

/** pip's SUPPORTED_EXTENSIONS less .whl: the archives it builds from source. */
const SDIST_SUFFIXES = [
  '.tar.gz',
  '.tgz',
  '.tar',
  '.zip',
  '.tar.bz2',
  '.tbz',
  '.tar.xz',
  '.txz',
  '.tlz',
  '.tar.lz',
  '.tar.lzma'
]

/** pip's CandidateSortingKey for files of one version; the greatest wins. */
type SortKey = [allowedHash: number, notYanked: number, tagPriority: number, build: BuildKey]
/** A wheel's build tag compares as pip's tuple: () < (1, '') < (1, 'a') < (2, ''). */
type BuildKey = WheelName['build']

function sortKey(
  file: Candidate,
  supported: readonly string[],
  allowed: ReadonlySet<string>
): SortKey | undefined {
  let tagPriority: number
  let build: BuildKey
  const wheel = parseWheelName(file.filename)
  if (wheel) {
    const index = bestIndex(wheel.tags, supported)
    if (index === undefined) return undefined
    tagPriority = -index
    build = wheel.build
  } else if (file.filename.endsWith('.whl')) {
    return undefined
  } else if (SDIST_SUFFIXES.some(suffix => file.filename.endsWith(suffix))) {
    // Below every supported wheel.
    tagPriority = -supported.length
  } else {
    return undefined
  }
  const allowedHash = file.sha256 !== undefined && allowed.has(file.sha256.toLowerCase()) ? 1 : 0
  return [allowedHash, file.yanked ? -1 : 0, tagPriority, build]
}

function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || compareBuilds(a[3], b[3])
}

function compareBuilds(a: BuildKey, b: BuildKey): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0)
  if (a[0] !== b[0]) return a[0] - b[0]
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0
}

/** The interpreter's version as pip checks Requires-Python: sys.version_info[:3], no pre-release. */
function releaseOf(pythonVersion: string): string {
  const release = /^\d+(?:\.\d+)*/.exec(pythonVersion.trim())?.[0] ?? pythonVersion
  return release.split('.').slice(0, 3).join('.')
}

/** As pip: no Requires-Python, or one that is not a valid specifier set, excludes nothing. */
function acceptsPython(requiresPython: string | undefined, python: string): boolean {
  if (requiresPython === undefined) return true
  // packaging's SpecifierSet skips empty items ('>=3.8,'); the pep440 parser would reject them.
  const specifier = requiresPython
    .split(',')
    .map(item => item.trim())
    .filter(item => item !== '')
    .join(',')
  if (specifier === '' || !validRange(specifier)) return true
  return satisfies(python, specifier)
}
