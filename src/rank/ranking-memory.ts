import { createHash } from 'node:crypto'
import { type Mirror, withoutCredentials } from '../mirrors/mirror.js'
import type { MirrorAssessment } from './quality.js'

/**
 * A ranking kept between jobs on the same runner, so they can skip probing for `probe-ttl`.
 * Stored as the mirrors' credential-free URLs with their assessment, and matched back to the
 * job's own candidates.
 */
export const RANKING_KEY_PREFIX = 'pip-mirror-ranking-v1'

export interface RankingScope {
  runnerOs: string
  runnerName: string
  mirrors: Mirror[]
  probeProject: string
  maxLag: number
}

/** Entries under one prefix differ only by the time they were saved: the newest matches. */
export function rankingKeyPrefix(scope: RankingScope): string {
  const candidates = scope.mirrors.map(mirror => withoutCredentials(mirror.url)).join('\n')
  const digest = createHash('sha256')
    .update(`${candidates}\n${scope.probeProject}\n${scope.maxLag}`)
    .digest('hex')
    .slice(0, 16)
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_')
  return `${RANKING_KEY_PREFIX}-${safe(scope.runnerOs)}-${safe(scope.runnerName)}-${digest}-`
}

interface StoredRanking {
  savedAt: number
  entries: (Omit<MirrorAssessment, 'mirror'> & { url: string })[]
}

export function serializeRanking(ranking: MirrorAssessment[], savedAt: number): string {
  const stored: StoredRanking = {
    savedAt,
    entries: ranking.map(({ mirror, ...rest }) => ({
      ...rest,
      url: withoutCredentials(mirror.url)
    }))
  }
  return JSON.stringify(stored)
}

/** The saved ranking for these candidates, or why it cannot be reused. */
export function reviveRanking(
  text: string,
  mirrors: Mirror[],
  now: number,
  ttlMs: number
): { ranking: MirrorAssessment[]; ageMs: number } | { reason: string } {
  let stored: StoredRanking
  try {
    stored = JSON.parse(text) as StoredRanking
  } catch {
    return { reason: 'the saved ranking does not parse' }
  }
  const ageMs = now - stored.savedAt
  if (!(ageMs >= 0 && ageMs <= ttlMs))
    return { reason: `the saved ranking is ${Math.round(ageMs / 60_000)} min old` }
  const byUrl = new Map(mirrors.map(mirror => [withoutCredentials(mirror.url), mirror]))
  const ranking = stored.entries.flatMap(({ url, ...rest }) => {
    const mirror = byUrl.get(url)
    return mirror ? [{ ...rest, mirror }] : []
  })
  if (ranking.length !== mirrors.length)
    return { reason: 'the saved ranking is for other candidates' }
  return { ranking, ageMs }
}
