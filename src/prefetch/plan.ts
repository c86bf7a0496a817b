// What the router is told to fetch ahead: the job's interpreter, as the tools will see it, and
// the projects the workspace declares for it. Made by the main step (job-plan.ts), checked
// again by the router, which trusts no message it did not check.
import type { Declared } from './declared-files.js'
import { evaluateMarker, type MarkerEnvironment } from './markers.js'

/** The job's Python as pip sees it: what decides which file of a release pip picks. */
export interface PythonFacts {
  /** Its tags, best first, as packaging's `sys_tags()` gives them. */
  tags: string[]
  /** PEP 508's marker variables for it. */
  environment: MarkerEnvironment
}

/** One project the router fetches ahead, its markers evaluated for this interpreter. */
export interface Want {
  project: string
  /** The exact version, where pinned or locked. */
  version?: string
  /** A PEP 440 specifier where not pinned; '' for any version. */
  specifier: string
  extras: string[]
  /** The sha256 values the file allows; empty when it names none. */
  hashes: string[]
  /** The files a lock names for the version, each with its sha256 where given. */
  files?: { filename: string; sha256?: string }[]
  /** The workspace file that declared it. */
  from: string
}

export interface PrefetchPlan extends PythonFacts {
  wants: Want[]
  /** Each workspace file read, for the summary. */
  read: string[]
}

/** Bounds on a plan, far above any job's: a message past them is not a plan. */
const MAX_WANTS = 20_000
const MAX_TAGS = 5_000
const MAX_READ = 200

/**
 * The plan for `declared`: what applies to this interpreter (markers that hold, or cannot be
 * read: a file the router then fetches for nothing costs less than one it misses), each
 * project and version once.
 */
export function planPrefetch(
  declared: Declared[],
  python: PythonFacts,
  read: string[]
): PrefetchPlan {
  const seen = new Set<string>()
  const wants: Want[] = []
  for (const entry of declared) {
    if (entry.marker !== undefined && !holds(entry.marker, python.environment, entry.extras))
      continue
    const key = `${entry.project} ${entry.version ?? entry.specifier}`
    if (seen.has(key)) continue
    seen.add(key)
    wants.push({
      project: entry.project,
      ...(entry.version !== undefined ? { version: entry.version } : {}),
      specifier: entry.specifier,
      extras: entry.extras,
      hashes: entry.hashes,
      ...(entry.files ? { files: entry.files } : {}),
      from: entry.from
    })
  }
  return { ...python, wants: wants.slice(0, MAX_WANTS), read: read.slice(0, MAX_READ) }
}

function holds(marker: string, environment: MarkerEnvironment, extras: string[]): boolean {
  try {
    return evaluateMarker(marker, environment, extras)
  } catch {
    return true
  }
}

/** A plan from a message, checked field by field; undefined when it is not one. */
export function parsePrefetchPlan(value: unknown): PrefetchPlan | undefined {
  const plan = value as Partial<Record<keyof PrefetchPlan, unknown>> | undefined
  if (!plan || !isStrings(plan.tags, MAX_TAGS) || !isStrings(plan.read, MAX_READ)) return undefined
  if (!Array.isArray(plan.wants) || plan.wants.length > MAX_WANTS) return undefined
  const environment = plan.environment as Record<string, unknown> | undefined
  if (typeof environment !== 'object' || environment === null) return undefined
  if (!Object.values(environment).every(entry => typeof entry === 'string')) return undefined
  const wants = plan.wants.filter(isWant)
  if (wants.length !== plan.wants.length) return undefined
  return {
    tags: plan.tags,
    environment: environment as MarkerEnvironment,
    wants,
    read: plan.read
  }
}

function isWant(value: unknown): value is Want {
  const want = value as Partial<Record<keyof Want, unknown>> | undefined
  return (
    typeof want?.project === 'string' &&
    (want.version === undefined || typeof want.version === 'string') &&
    typeof want.specifier === 'string' &&
    isStrings(want.extras, 100) &&
    isStrings(want.hashes, 1000) &&
    typeof want.from === 'string' &&
    (want.files === undefined ||
      (Array.isArray(want.files) &&
        want.files.length <= 1000 &&
        want.files.every(
          (file: { filename?: unknown; sha256?: unknown } | undefined) =>
            typeof file?.filename === 'string' &&
            (file.sha256 === undefined || typeof file.sha256 === 'string')
        )))
  )
}

function isStrings(value: unknown, max: number): value is string[] {
  return (
    Array.isArray(value) && value.length <= max && value.every(item => typeof item === 'string')
  )
}

/** One line for the log: what the router was told to fetch ahead, and from which files. */
export function describePlan(plan: PrefetchPlan): string {
  const from = plan.read.length > 0 ? plan.read.join(', ') : 'no requirement or lock file'
  const pinned = plan.wants.filter(want => want.version !== undefined).length
  return `Fetching ahead: ${plan.wants.length} projects (${pinned} pinned) from ${from}, for a Python with ${plan.tags.length} tags; and the dependencies each metadata file served names.`
}
