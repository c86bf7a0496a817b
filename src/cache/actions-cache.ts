import { readdir, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import * as cache from '@actions/cache'
import * as glob from '@actions/glob'
import {
  type CachedFile,
  isTransientCacheFile,
  selectEvictions,
  selectUnused
} from './cache-policy.js'
import { errorMessage } from '../format/format.js'
import { withTimeout } from '../runner/deadline.js'

export interface CacheOutcome {
  ms: number
  /** Bytes of the cached files on disk after the operation. */
  sizeBytes: number
  /** Why the operation did not happen, from the cache library or the service. */
  problem?: string
}

/** False where the runner offers no cache service (GHES without it, local runners). */
export function cacheServiceAvailable(): boolean {
  return cache.isFeatureAvailable()
}

const noAnswer = (ms: number): string => `the cache service did not answer within ${ms / 1000} s`

/** Lookups retry 5xx for half a minute; a job should not wait that long for a cache. */
const LOOKUP_TIMEOUT_MS = 10_000

/**
 * Restores the first matching archive; never throws. The lookup is bounded on its own, since
 * only the download of a large archive may legitimately take long.
 */
export async function restoreDirectories(
  paths: string[],
  primaryKey: string,
  restoreKeys: string[]
): Promise<CacheOutcome & { matchedKey?: string }> {
  const started = performance.now()
  const outcome = async (matchedKey: string | undefined, problem: string | undefined) => ({
    matchedKey,
    problem,
    ms: performance.now() - started,
    sizeBytes: await totalSize(paths)
  })
  const lookup = await withLibraryAnnotationsCaptured(() =>
    withTimeout(
      cache.restoreCache(paths, primaryKey, restoreKeys, { lookupOnly: true }),
      LOOKUP_TIMEOUT_MS,
      noAnswer(LOOKUP_TIMEOUT_MS)
    )
  )
  if (lookup.value === undefined) return outcome(undefined, lookup.problem)
  const restored = await withLibraryAnnotationsCaptured(() =>
    cache.restoreCache(paths, lookup.value as string)
  )
  return outcome(restored.value, restored.problem)
}

/**
 * Saves the directories under `key`; never throws. A bounded lookup first checks that the
 * service answers and that no other job saved the key meanwhile; the upload then gets a minute
 * plus a second per MiB, so a hanging service cannot hold the job.
 */
export async function saveDirectories(
  paths: string[],
  key: string
): Promise<CacheOutcome & { saved: boolean }> {
  const sizeBytes = await totalSize(paths)
  const started = performance.now()
  const outcome = (saved: boolean, problem?: string) => ({
    saved,
    problem,
    sizeBytes,
    ms: performance.now() - started
  })
  const lookup = await withLibraryAnnotationsCaptured(() =>
    withTimeout(
      cache.restoreCache(paths, key, [], { lookupOnly: true }),
      LOOKUP_TIMEOUT_MS,
      noAnswer(LOOKUP_TIMEOUT_MS)
    )
  )
  if (lookup.problem) return outcome(false, lookup.problem)
  if (lookup.value === key) return outcome(false, `another job already saved ${key}`)

  const uploadTimeoutMs = 60_000 + Math.ceil(sizeBytes / 1024 ** 2) * 1000
  const { value: cacheId, problem } = await withLibraryAnnotationsCaptured(() =>
    withTimeout(cache.saveCache(paths, key), uploadTimeoutMs, noAnswer(uploadTimeoutMs))
  )
  const saved = cacheId !== undefined && cacheId !== -1
  return outcome(
    saved,
    saved ? undefined : (problem ?? 'the cache service did not accept the archive')
  )
}

/**
 * Removes pip's files that must not travel and, above `limitBytes`, the oldest cached files.
 * Returns what was evicted for the size limit.
 */
export async function tidyCacheDirectory(dir: string, limitBytes: number): Promise<CachedFile[]> {
  const files = await listFiles(dir)
  const transient = files.filter(file => isTransientCacheFile(path.relative(dir, file.path)))
  await Promise.all(transient.map(file => rm(file.path, { force: true })))
  await rm(path.join(dir, 'selfcheck'), { recursive: true, force: true })
  const kept = files.filter(file => !transient.includes(file))
  const evicted = selectEvictions(kept, limitBytes)
  await Promise.all(evicted.map(file => rm(file.path, { force: true })))
  return evicted
}

/**
 * Removes the store's entries not used since `sinceMs` (see `selectUnused`), and its temp files;
 * the entries kept and dropped, for the summary.
 */
export async function pruneStore(
  dir: string,
  sinceMs: number
): Promise<{ kept: CachedFile[]; dropped: CachedFile[] }> {
  const files = await listFiles(dir)
  const temp = path.join(dir, 'tmp') + path.sep
  const entries = files.filter(file => !file.path.startsWith(temp))
  const dropped = selectUnused(entries, sinceMs)
  await Promise.all(dropped.map(file => rm(file.path, { force: true })))
  await rm(temp, { recursive: true, force: true })
  return { kept: entries.filter(file => !dropped.includes(file)), dropped }
}

export async function totalSize(paths: string[]): Promise<number> {
  const sizes = await Promise.all(
    paths.map(async dir => (await listFiles(dir)).reduce((sum, file) => sum + file.size, 0))
  )
  return sizes.reduce((sum, size) => sum + size, 0)
}

async function listFiles(dir: string): Promise<CachedFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  const files = entries.filter(entry => entry.isFile())
  return Promise.all(
    files.map(async entry => {
      const full = path.join(entry.parentPath, entry.name)
      const info = await stat(full)
      return { path: full, size: info.size, mtimeMs: info.mtimeMs }
    })
  )
}

/** `hashFiles` over the dependency globs, relative to the workspace; '' when none match. */
export async function hashDependencyFiles(patterns: string[], workspace: string): Promise<string> {
  return glob.hashFiles(patterns.join('\n'), workspace)
}

/**
 * The cache library reports trouble itself, as warnings and even errors (for 5xx). A cache
 * problem must not look like a failed job: its messages become plain log lines here, and the
 * caller turns them into one warning.
 */
async function withLibraryAnnotationsCaptured<T>(
  operation: () => Promise<T>
): Promise<{ value?: T; problem?: string }> {
  const problems: string[] = []
  const write = process.stdout.write
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    const annotation = /^::(warning|error)[^:]*::(.*)$/s.exec(text)
    if (!annotation) {
      // Some failures, such as a 5xx on reserving an entry, it reports at info level only.
      if (LIBRARY_FAILURE_LINE.test(text)) problems.push(text.trim())
      return (write as (...args: unknown[]) => boolean).call(process.stdout, chunk, ...rest)
    }
    const message = unescapeCommandData(annotation[2].trim())
    problems.push(message)
    return write.call(process.stdout, `${message}\n`)
  }) as typeof process.stdout.write
  try {
    const value = await operation()
    return { value, problem: problems.at(-1) }
  } catch (error) {
    return { problem: errorMessage(error) }
  } finally {
    process.stdout.write = write
  }
}

const LIBRARY_FAILURE_LINE = /^(Failed to (save|restore)|Cache reservation failed)/

function unescapeCommandData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
