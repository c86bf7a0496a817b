import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import type { Mirror } from '../mirrors/mirror.js'
import { runnerOs, runnerTempPath } from '../runner/runner-env.js'
import type { MirrorAssessment } from './quality.js'
import { rankingKeyPrefix, reviveRanking, serializeRanking } from './ranking-memory.js'

/** What a remembered ranking is valid for: the same candidates, probe and staleness rule. */
export interface RankingScope {
  mirrors: Mirror[]
  probeProject: string
  /** Versions of the probe project a mirror may miss before it counts as stale. */
  maxLag: number
  /** How long a saved ranking may be reused instead of probing; 0: always probe. */
  probeTtlMs: number
}

/** The Actions cache, loaded only when rankings are kept (`probe-ttl`) and a service exists. */
async function cacheForRankings(
  inputs: RankingScope
): Promise<typeof import('../cache/actions-cache.js') | undefined> {
  if (inputs.probeTtlMs === 0) return undefined
  const actionsCache = await import('../cache/actions-cache.js')
  return actionsCache.cacheServiceAvailable() ? actionsCache : undefined
}

/** Restore and save must name the same directory; RUNNER_TEMP is stable on a runner. */
function rankingDirectory(): string {
  return runnerTempPath('pip-mirror-action-ranking')
}

function keyPrefix(inputs: RankingScope): string {
  return rankingKeyPrefix({
    runnerOs: runnerOs(),
    runnerName: process.env.RUNNER_NAME || os.hostname(),
    mirrors: inputs.mirrors,
    probeProject: inputs.probeProject,
    maxLag: inputs.maxLag
  })
}

/** A ranking this runner saved within `probe-ttl`, or undefined: then the job probes. */
export async function recallRanking(inputs: RankingScope): Promise<MirrorAssessment[] | undefined> {
  const actionsCache = await cacheForRankings(inputs)
  if (!actionsCache) return undefined
  const { restoreDirectories } = actionsCache
  const directory = rankingDirectory()
  const prefix = keyPrefix(inputs)
  const restored = await restoreDirectories([directory], prefix, [prefix])
  if (restored.matchedKey === undefined) {
    core.info(`No saved ranking${restored.problem ? ` (${restored.problem})` : ''}: probing`)
    return undefined
  }
  const text = await readFile(path.join(directory, 'ranking.json'), 'utf8').catch(() => '')
  const revived = reviveRanking(text, inputs.mirrors, Date.now(), inputs.probeTtlMs)
  if ('reason' in revived) {
    core.info(`Not reusing the saved ranking: ${revived.reason}`)
    return undefined
  }
  core.info(
    `Reusing the ranking saved ${Math.round(revived.ageMs / 60_000)} min ago (probe-ttl): not probing`
  )
  return revived.ranking
}

/** Saves a fresh ranking for later jobs on this runner; trouble is only logged. */
export async function rememberRanking(
  inputs: RankingScope,
  ranking: MirrorAssessment[]
): Promise<void> {
  const actionsCache = await cacheForRankings(inputs)
  if (!actionsCache) return
  const { saveDirectories } = actionsCache
  const directory = rankingDirectory()
  await mkdir(directory, { recursive: true })
  const now = Date.now()
  await writeFile(path.join(directory, 'ranking.json'), serializeRanking(ranking, now))
  const saved = await saveDirectories([directory], `${keyPrefix(inputs)}${now}`)
  core.info(
    saved.saved
      ? 'Saved the ranking for later jobs on this runner'
      : `Ranking not saved: ${saved.problem}`
  )
}
