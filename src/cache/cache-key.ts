import { createHash } from 'node:crypto'
import { type Mirror, withoutCredentials } from '../mirrors/mirror.js'
import type { PythonInfo } from '../runner/python-env.js'

/** Bump when the layout of what is cached changes, so old archives stop matching. */
export const CACHE_KEY_PREFIX = 'pip-mirror-v1'

export interface CacheKeyInput {
  runnerOs: string
  osRelease: string
  python: PythonInfo
  /** Which tools' caches are archived, e.g. ['pip', 'uv']. */
  tools: string[]
  /** Where the cached downloads came from: a mirror, or the router (any mirror, by sha256). */
  source: Mirror | 'router'
  /** Hash of the dependency files; empty when none matched. */
  dependencyHash: string
}

export interface CacheKeys {
  primary: string
  /** Prefixes tried in order after the primary key misses. */
  restoreKeys: string[]
}

/**
 * `pip-mirror-v1-<os>-<release>-<python>-<arch>-<tools>-<source>-<hash>`. pip's HTTP cache is
 * keyed by URL, so an archive filled from one mirror mostly misses under another: the mirror is
 * part of the key, and the fallbacks drop the dependency hash first, then the mirror. Through
 * the router the URLs name files by sha256, the same from every mirror: the source is `router`.
 */
export function cacheKeys(input: CacheKeyInput): CacheKeys {
  const platform = [
    CACHE_KEY_PREFIX,
    input.runnerOs,
    input.osRelease,
    `${input.python.implementation}${input.python.version}`,
    input.python.arch,
    input.tools.join('+')
  ]
    .map(keyPart)
    .join('-')
  const withMirror = `${platform}-${input.source === 'router' ? 'router' : mirrorIdentity(input.source)}`
  if (input.dependencyHash === '') return { primary: withMirror, restoreKeys: [`${platform}-`] }
  return {
    primary: `${withMirror}-${input.dependencyHash}`,
    restoreKeys: [`${withMirror}-`, `${platform}-`]
  }
}

/** The mirror's name and a short hash of its URL without credentials: rotating a token keeps the cache. */
export function mirrorIdentity(mirror: Mirror): string {
  const digest = createHash('sha256')
    .update(withoutCredentials(mirror.url))
    .digest('hex')
    .slice(0, 8)
  return `${keyPart(mirror.name)}_${digest}`
}

/** Cache keys allow no commas and at most 512 characters; keep parts to a tame alphabet. */
function keyPart(text: string): string {
  return text.replace(/[^A-Za-z0-9.+_-]/g, '_')
}
