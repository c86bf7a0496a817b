import type { IndexPage } from '../net/index-page.js'
import { versionFromFilename } from '../mirrors/distribution-file.js'
import type { Mirror } from '../mirrors/mirror.js'
import { median, type RankedMirror } from './ranking.js'
import { formatBytes, formatSeconds, noHealthyMirrorMessage } from '../format/format.js'
import type { Workload } from './workload.js'

/** The candidate whose hashes are the reference: PyPI itself. */
export const UPSTREAM_NAME = 'pypi'

export interface MirrorAssessment extends RankedMirror {
  serial?: number
  /** How many serials behind the freshest candidate, where serials compare. */
  serialLag?: number
  /** Versions of the probe project that another candidate lists and this one does not. */
  missingVersions: string[]
  stale: boolean
  integrity: 'verified' | 'mismatch' | 'unchecked'
  throughputBps?: number
  predicted?: Prediction
}

export interface Prediction {
  seconds: number
  requestSeconds: number
  downloadSeconds: number
  /** 1 for a mirror whose samples all succeeded; more for one that failed some. */
  penalty: number
}

export interface QualityInput {
  ranking: RankedMirror[]
  pages: Map<Mirror, IndexPage>
  throughputBps: Map<Mirror, number>
  /** Mirrors that served a file whose sha256 differs from the one their page lists. */
  corruptFiles?: Map<Mirror, string>
  workload: Workload
  maxLag: number
}

/**
 * Ranks PyPI mirrors by the predicted time of this job's install on each: requests x latency
 * plus bytes / throughput, times a penalty for failed samples. A mirror whose files' sha256
 * differ from upstream PyPI's, or that served a file not matching its own listed hash, is
 * excluded; one missing versions that another candidate lists
 * (beyond `maxLag`) is stale and ranks behind every fresh mirror.
 */
export function assessMirrors(input: QualityInput): MirrorAssessment[] {
  const upstream = input.ranking.find(entry => entry.ok && entry.mirror.name === UPSTREAM_NAME)
  const upstreamHashes = upstream && fileHashes(input.pages.get(upstream.mirror))
  const checked = input.ranking.map((entry): MirrorAssessment => {
    const base = { ...entry, missingVersions: [], stale: false, integrity: 'unchecked' as const }
    if (!entry.ok) return base
    const corrupt = input.corruptFiles?.get(entry.mirror)
    if (corrupt) {
      return {
        ...base,
        ok: false,
        integrity: 'mismatch',
        error: `${corrupt} does not match the sha256 its page lists`
      }
    }
    if (entry === upstream) return { ...base, integrity: 'verified' }
    if (!upstreamHashes) return base
    const mismatch = firstMismatch(fileHashes(input.pages.get(entry.mirror)), upstreamHashes)
    return mismatch
      ? {
          ...base,
          ok: false,
          integrity: 'mismatch',
          error: `sha256 of ${mismatch} differs from ${UPSTREAM_NAME}`
        }
      : { ...base, integrity: 'verified' }
  })

  const healthy = checked.filter(entry => entry.ok)
  const versionsOf = (entry: MirrorAssessment): Set<string> =>
    versionSet(input.pages.get(entry.mirror))
  const allVersions = new Set(healthy.flatMap(entry => [...versionsOf(entry)]))
  const serials = healthy.map(entry => input.pages.get(entry.mirror)?.serial).filter(isNumber)
  const freshestSerial = serials.length > 0 ? Math.max(...serials) : undefined
  const measured = healthy.map(entry => input.throughputBps.get(entry.mirror)).filter(isNumber)
  const typicalThroughput = measured.length > 0 ? median(measured) : undefined

  const assessed = checked.map((entry, position) => {
    if (!entry.ok) return { entry, position }
    const own = versionsOf(entry)
    const missingVersions = [...allVersions]
      .filter(version => !own.has(version))
      .sort(compareVersions)
    const serial = input.pages.get(entry.mirror)?.serial
    const throughputBps = input.throughputBps.get(entry.mirror)
    const assessedEntry: MirrorAssessment = {
      ...entry,
      serial,
      serialLag:
        serial !== undefined && freshestSerial !== undefined ? freshestSerial - serial : undefined,
      missingVersions,
      stale: missingVersions.length > input.maxLag,
      throughputBps,
      predicted: predict(entry, input.workload, throughputBps ?? typicalThroughput)
    }
    return { entry: assessedEntry, position }
  })
  const tier = (entry: MirrorAssessment): number =>
    entry.ok ? (entry.stale ? 1 : 0) : entry.stoppedEarly ? 2 : 3
  return assessed
    .sort(
      (a, b) =>
        tier(a.entry) - tier(b.entry) ||
        (a.entry.predicted?.seconds ?? 0) - (b.entry.predicted?.seconds ?? 0) ||
        a.position - b.position
    )
    .map(({ entry }) => entry)
}

export function predict(
  entry: RankedMirror,
  workload: Workload,
  throughputBps: number | undefined
): Prediction {
  const requestSeconds = (workload.requests * (entry.latencyMs ?? 0)) / 1000
  const downloadSeconds = throughputBps ? workload.bytes / throughputBps : 0
  const penalty = 1 + (entry.samples > 0 ? entry.failures / entry.samples : 0)
  return {
    seconds: (requestSeconds + downloadSeconds) * penalty,
    requestSeconds,
    downloadSeconds,
    penalty
  }
}

/**
 * A mirror whose requests each take at least `latencyMs` costs requests x latency before a
 * byte of download: when that alone reaches the leader's predicted time, it cannot win.
 */
export function canStillWin(latencyMs: number, leaderSeconds: number, workload: Workload): boolean {
  return (workload.requests * latencyMs) / 1000 < leaderSeconds
}

/** How long a mirror may take to answer before it can no longer beat the leader. */
export function waitLimitMs(leaderSeconds: number, workload: Workload): number {
  return (leaderSeconds * 1000) / workload.requests
}

/** One sentence on why the first mirror won. */
export function explainChoice(assessed: MirrorAssessment[], workload: Workload): string {
  const [winner, ...rest] = assessed
  if (!winner?.ok) return noHealthyMirrorMessage(winner.mirror)
  const runnerUp = rest.find(entry => entry.ok && !entry.stale)
  const parts = [
    `${winner.mirror.name} won: about ${formatSeconds((winner.predicted?.seconds ?? 0) * 1000)} predicted for this install`,
    `(${workload.requests} requests at ${winner.latencyMs} ms` +
      (winner.throughputBps
        ? `, ${formatBytes(workload.bytes)} at ${formatBytes(winner.throughputBps)}/s)`
        : ')')
  ]
  if (runnerUp?.predicted) {
    parts.push(
      `against ${formatSeconds(runnerUp.predicted.seconds * 1000)} on ${runnerUp.mirror.name}`
    )
  } else if (!winner.stale) {
    parts.push('as the only fresh healthy mirror')
  }
  const stale = assessed.filter(entry => entry.ok && entry.stale)
  const excluded = assessed.filter(entry => entry.integrity === 'mismatch')
  const tooSlow = assessed.filter(entry => entry.stoppedEarly)
  let sentence = parts.join(' ')
  if (tooSlow.length > 0)
    sentence += `; the probe stopped waiting for ${tooSlow.map(entry => entry.mirror.name).join(', ')}, which could not beat it`
  if (stale.length > 0)
    sentence += `; ${stale.map(entry => entry.mirror.name).join(', ')} ranked last as stale`
  if (excluded.length > 0)
    sentence += `; ${excluded.map(entry => entry.mirror.name).join(', ')} excluded for wrong hashes`
  return `${sentence}.`
}

/** The `ranking` output: one object per candidate, in rank order, credentials hidden. */
export function rankingJson(ranking: MirrorAssessment[]): string {
  return JSON.stringify(
    ranking.map(entry => ({
      name: entry.mirror.name,
      url: entry.mirror.displayUrl,
      ok: entry.ok,
      latencyMs: entry.latencyMs,
      samples: entry.samples,
      failures: entry.failures,
      error: entry.error ?? null,
      serial: entry.serial ?? null,
      serialLag: entry.serialLag ?? null,
      missingVersions: entry.missingVersions,
      stale: entry.stale,
      integrity: entry.integrity,
      throughputBps: entry.throughputBps === undefined ? null : Math.round(entry.throughputBps),
      predictedSeconds: entry.predicted ? round(entry.predicted.seconds) : null,
      requestSeconds: entry.predicted ? round(entry.predicted.requestSeconds) : null,
      downloadSeconds: entry.predicted ? round(entry.predicted.downloadSeconds) : null
    }))
  )
}

const round = (value: number): number => Math.round(value * 1000) / 1000

function fileHashes(page: IndexPage | undefined): Map<string, string> {
  return new Map(
    (page?.files ?? [])
      .filter(file => file.sha256)
      .map(file => [file.filename, file.sha256 as string])
  )
}

function firstMismatch(
  own: Map<string, string>,
  upstream: Map<string, string>
): string | undefined {
  return [...own].find(
    ([filename, sha256]) => upstream.has(filename) && upstream.get(filename) !== sha256
  )?.[0]
}

function versionSet(page: IndexPage | undefined): Set<string> {
  return new Set(
    (page?.files ?? []).map(file => versionFromFilename(file.filename)).filter(isString)
  )
}

function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

const isNumber = (value: number | undefined): value is number => value !== undefined
const isString = (value: string | undefined): value is string => value !== undefined
