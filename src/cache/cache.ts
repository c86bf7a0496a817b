import * as core from '@actions/core'
import os from 'node:os'
import path from 'node:path'
import {
  cacheServiceAvailable,
  hashDependencyFiles,
  pruneStore,
  restoreDirectories,
  saveDirectories,
  tidyCacheDirectory,
  totalSize
} from './actions-cache.js'
import { type CacheKeyInput, type CacheKeys, cacheKeys } from './cache-key.js'
import {
  type CacheDirectory,
  type CachePlan,
  decideSave,
  untrustedCacheEvent
} from './cache-policy.js'
import {
  pipCacheDir,
  pruneUvCache,
  type PythonInfo,
  readPythonInfo,
  uvCacheDir
} from '../runner/python-env.js'
import { annotationTitle, formatBytes, formatSeconds } from '../format/format.js'
import { osRelease, runnerOs, workspaceDir } from '../runner/runner-env.js'
import { usedToolCaches } from '../tools/python-tools.js'
import { readWorkspaceTop } from '../tools/workspace-files.js'

const NOTICE_TITLE = annotationTitle('cache')

/** Archives above this are trimmed, oldest files first, before saving. */
export interface CacheReport {
  key: string
  matchedKey?: string
  hit: 'exact' | 'partial' | 'miss'
  sizeBytes: number
  restoreMs: number
  problem?: string
}

export interface SaveReport {
  key: string
  saved: boolean
  sizeBytes?: number
  ms?: number
  /** Why nothing was saved, or what went wrong. */
  reason?: string
  /** In router mode: the store's entries kept (used by this job) and dropped (no longer used). */
  store?: { kept: number; keptBytes: number; dropped: number; droppedBytes: number }
}

export type CacheMode = 'true' | 'false' | 'read-only'

/** The cache's slice of the inputs. */
export interface CacheInputs {
  cache: CacheMode
  /** Globs of the files whose contents key the cache. */
  cacheDependencyPath: string[]
}

export const CACHE_LIMIT_BYTES = 2 * 1024 ** 3
/** Where pip keeps the wheels it built from source, inside its cache directory. */
const PIP_BUILT_WHEELS = 'wheels'

export interface RestoredCache {
  directories: CacheDirectory[]
  keyInput: Omit<CacheKeyInput, 'source'>
  keys: CacheKeys
  report: CacheReport
}

/**
 * Finds pip's (and uv's) cache directories the way the tools report them, keys them, and
 * restores the best archive. Cache trouble is a warning, never a failure.
 */
/** What the cache key needs from this runner, asked of Python and pip while the probe runs. */
export interface CacheFacts {
  pipDir?: string
  uvDir?: string
  /** The caches of the other tools the workspace uses (Poetry, PDM, pipenv). */
  toolDirs: CacheDirectory[]
  python?: PythonInfo
  release: string
  dependencyHash: string
}

export async function readCacheFacts(inputs: CacheInputs): Promise<CacheFacts> {
  const [pipDir, uvDir, python, release, dependencyHash, workspace] = await Promise.all([
    pipCacheDir(),
    uvCacheDir(),
    readPythonInfo(),
    osRelease(),
    hashDependencyFiles(inputs.cacheDependencyPath, workspaceDir()).catch(() => ''),
    readWorkspaceTop(workspaceDir())
  ])
  const toolDirs = usedToolCaches(
    { platform: process.platform, env: process.env, home: os.homedir() },
    workspace
  )
  return { pipDir, uvDir, toolDirs, python, release, dependencyHash }
}

/**
 * Restores pip's and uv's caches, and in router mode the router's store (`storeDir`), under one
 * key: the store is only worth keeping beside the caches that the same installs filled.
 */
export async function restoreCache(
  inputs: CacheInputs,
  source: CacheKeyInput['source'],
  facts: Promise<CacheFacts>,
  storeDir?: string
): Promise<RestoredCache | undefined> {
  if (!cacheServiceAvailable()) {
    core.notice(
      'The Actions cache service is not available to this job: pip cache not restored or saved.',
      {
        title: NOTICE_TITLE
      }
    )
    return undefined
  }
  const { pipDir, uvDir, toolDirs, python, release, dependencyHash } = await facts
  const dirs: CacheDirectory[] = []
  // Through the router, pip's HTTP cache would hold the store's files a second time (the router
  // serves them `no-store`, and the store is saved): only the wheels pip built from source.
  if (pipDir)
    dirs.push({ tool: 'pip', dir: storeDir ? path.join(pipDir, PIP_BUILT_WHEELS) : pipDir })
  if (uvDir) dirs.push({ tool: 'uv', dir: uvDir })
  dirs.push(...toolDirs)
  if (storeDir && dirs.length > 0) dirs.push({ tool: 'store', dir: storeDir })
  if (!python || dirs.length === 0) {
    core.notice(
      'No Python with pip (and no uv) on PATH, or its cache is disabled: nothing to cache.',
      {
        title: NOTICE_TITLE
      }
    )
    return undefined
  }
  if (dependencyHash === '') {
    core.notice(
      `No file matched cache-dependency-path (${inputs.cacheDependencyPath.filter(p => !p.startsWith('!')).join(', ')}): caching under a key without a dependency hash.`,
      { title: NOTICE_TITLE }
    )
  }
  const keyInput = {
    runnerOs: runnerOs(),
    osRelease: release,
    python,
    tools: dirs.map(d => d.tool),
    dependencyHash
  }
  const keys = cacheKeys({ ...keyInput, source })
  const paths = dirs.map(entry => entry.dir)
  for (const entry of dirs) core.info(`${entry.tool}: ${entry.dir}`)
  core.info(`Key: ${keys.primary}`)
  core.info(`Restore keys: ${keys.restoreKeys.join(', ')}`)

  const restored = await restoreDirectories(paths, keys.primary, keys.restoreKeys)
  if (restored.problem)
    core.warning(`Cache not restored: ${restored.problem}`, { title: NOTICE_TITLE })
  const hit =
    restored.matchedKey === undefined
      ? 'miss'
      : restored.matchedKey === keys.primary
        ? 'exact'
        : 'partial'
  core.info(
    hit === 'miss'
      ? 'No cache found'
      : `Restored ${restored.matchedKey} (${hit === 'exact' ? 'exact match' : 'restore-key match'}): ${formatBytes(restored.sizeBytes)} in ${formatSeconds(restored.ms)}`
  )
  return {
    directories: dirs,
    keyInput,
    keys,
    report: {
      key: keys.primary,
      matchedKey: restored.matchedKey,
      hit,
      sizeBytes: restored.sizeBytes,
      restoreMs: restored.ms,
      problem: restored.problem
    }
  }
}

/** The post step's instructions: save under the key of the source that filled the cache. */
export function planSave(
  restored: RestoredCache,
  source: CacheKeyInput['source'],
  inputs: CacheInputs,
  install: CachePlan['install'],
  jobStartedAt?: number
): CachePlan {
  return {
    ...(source === 'router' && jobStartedAt !== undefined ? { storeUsedSince: jobStartedAt } : {}),
    directories: restored.directories,
    saveKey: cacheKeys({ ...restored.keyInput, source }).primary,
    matchedKey: restored.report.matchedKey,
    readOnly: inputs.cache === 'read-only',
    untrustedEvent: untrustedCacheEvent(process.env.GITHUB_EVENT_NAME),
    install
  }
}

export async function saveCache(plan: CachePlan): Promise<SaveReport> {
  const paths = plan.directories.map(entry => entry.dir)
  const decision = decideSave(plan, (await totalSize(paths)) > 0)
  if (!decision.save) {
    if (decision.level === 'notice') core.notice(decision.reason, { title: NOTICE_TITLE })
    else core.info(decision.reason)
    return { key: plan.saveKey, saved: false, reason: decision.reason }
  }
  let store: SaveReport['store']
  for (const { tool, dir } of plan.directories) {
    if (tool === 'uv') {
      await pruneUvCache().catch(error => core.info(`uv cache prune --ci failed: ${error}`))
      continue
    }
    if (tool === 'store' && plan.storeUsedSince !== undefined) {
      const { kept, dropped } = await pruneStore(dir, plan.storeUsedSince)
      store = {
        kept: kept.length,
        keptBytes: bytesOf(kept),
        dropped: dropped.length,
        droppedBytes: bytesOf(dropped)
      }
      core.info(
        `Store: keeping the ${store.kept} file(s) this job used (${formatBytes(store.keptBytes)}), dropping ${store.dropped} no longer used (${formatBytes(store.droppedBytes)})`
      )
    }
    // pip's cache and the router's store: drop what must not travel, then the oldest files.
    const evicted = await tidyCacheDirectory(dir, CACHE_LIMIT_BYTES)
    if (evicted.length > 0) {
      core.info(
        `Removed ${evicted.length} old file(s) to keep the archive under ${formatBytes(CACHE_LIMIT_BYTES)}`
      )
    }
  }
  const result = await saveDirectories(paths, plan.saveKey)
  if (result.saved) {
    core.info(
      `Saved ${plan.saveKey}: ${formatBytes(result.sizeBytes)} in ${formatSeconds(result.ms)}`
    )
  } else {
    core.warning(`Cache not saved: ${result.problem}`, { title: NOTICE_TITLE })
  }
  return {
    key: plan.saveKey,
    saved: result.saved,
    sizeBytes: result.sizeBytes,
    ms: result.ms,
    reason: result.problem,
    ...(store ? { store } : {})
  }
}

function bytesOf(files: { size: number }[]): number {
  return files.reduce((sum, file) => sum + file.size, 0)
}
