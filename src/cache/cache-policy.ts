/** What the main step leaves for the post step to decide whether and what to save. */
export interface CacheDirectory {
  /** `store`: the router's content-addressed store of files, in router mode. */
  tool: CachedDirectory
  dir: string
}

/** Each directory the cache may hold, by the tool that fills it. */
export const CACHED_DIRECTORIES = ['pip', 'uv', 'poetry', 'pdm', 'pipenv', 'store'] as const
export type CachedDirectory = (typeof CACHED_DIRECTORIES)[number]

export interface CachePlan {
  /** Directories archived: restore and save must use the same list, in the same order. */
  directories: CacheDirectory[]
  /** The key to save under: built from the mirror the install succeeded on. */
  saveKey: string
  /** The key restored, if any. */
  matchedKey?: string
  readOnly: boolean
  /** The event that started the job, when a cache it writes must not feed trusted jobs. */
  untrustedEvent?: string
  /** Whether an `install` ran, and how it ended. */
  install: 'none' | 'succeeded' | 'failed'
  /**
   * In router mode, when the job began (ms since the epoch): store entries not used since (the
   * router marks each it serves or fetches ahead) are left out of the save.
   */
  storeUsedSince?: number
}

export type SaveDecision =
  { save: true } | { save: false; reason: string; level: 'info' | 'notice' }

/**
 * Whether the post step saves. Wheels downloaded by a successful install are valid whatever
 * later steps say, so a failing test step does not stop the save.
 */
export function decideSave(plan: CachePlan, hasContent: boolean): SaveDecision {
  if (plan.readOnly) return { save: false, level: 'info', reason: 'cache is read-only: not saving' }
  if (plan.untrustedEvent) {
    return {
      save: false,
      level: 'notice',
      reason: `not saving on ${plan.untrustedEvent}: it can run code from a pull request with the base repository's cache scope, and its cache would be restored by trusted jobs`
    }
  }
  if (plan.install === 'failed') {
    return { save: false, level: 'info', reason: 'the install failed: not saving a partial cache' }
  }
  if (plan.matchedKey === plan.saveKey) {
    return {
      save: false,
      level: 'info',
      reason: `exact hit on ${plan.saveKey}: nothing new to save`
    }
  }
  if (!hasContent)
    return {
      save: false,
      level: 'notice',
      reason: 'the cache directories are empty: nothing to save'
    }
  return { save: true }
}

export interface CachedFile {
  path: string
  size: number
  mtimeMs: number
}

/**
 * Files to drop so the archive stays under `limitBytes`: the oldest first, since files fetched
 * by this job are the newest and the ones the next job most likely needs.
 */
export function selectEvictions(files: CachedFile[], limitBytes: number): CachedFile[] {
  let total = files.reduce((sum, file) => sum + file.size, 0)
  const evicted: CachedFile[] = []
  for (const file of [...files].sort((a, b) => a.mtimeMs - b.mtimeMs)) {
    if (total <= limitBytes) break
    evicted.push(file)
    total -= file.size
  }
  return evicted
}

/**
 * The store's entries no job has used since `sinceMs`: what this job neither served nor fetched
 * ahead (its requirement and lock files no longer name them). The router marks an entry used by
 * setting its modification time; a restored entry keeps the time of the job that saved it.
 */
export function selectUnused(files: CachedFile[], sinceMs: number): CachedFile[] {
  return files.filter(file => file.mtimeMs < sinceMs)
}

/** pip's files that must not travel: its version-check state, temporary and lock files. */
export function isTransientCacheFile(relativePath: string): boolean {
  const parts = relativePath.split(/[\\/]/)
  return parts[0] === 'selfcheck' || /\.(tmp|lock)$/.test(parts[parts.length - 1])
}

/**
 * Events whose jobs run with the base repository's cache scope while they may run code from a
 * pull request (setup-uv's rule): a cache they save could poison the default branch's jobs.
 */
const UNTRUSTED_CACHE_EVENTS = new Set(['pull_request_target', 'workflow_run'])

export function untrustedCacheEvent(eventName: string | undefined): string | undefined {
  return eventName && UNTRUSTED_CACHE_EVENTS.has(eventName) ? eventName : undefined
}
