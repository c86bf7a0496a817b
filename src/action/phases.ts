import * as core from '@actions/core'
import { type Finding } from '../configure/existing-settings.js'
import { installAcross, probeAndAssess } from '../engine.js'
import type { Log, LogBuffer } from '../format/log.js'
import { projectsLackingRelease } from '../install/classify.js'
import type { InstallResult } from '../install/fallback.js'
import { privateFirst } from '../install/private-index.js'
import type { Inputs } from '../inputs.js'
import type { Mirror } from '../mirrors/mirror.js'
import { explainChoice, type MirrorAssessment } from '../rank/quality.js'
import type { RankedMirror } from '../rank/ranking.js'
import { recallRanking, rememberRanking } from '../rank/remembered-ranking.js'
import type { Workload } from '../rank/workload.js'
import { type ByteSources, byteSources } from '../router/install-bytes.js'
import type { RouterStats } from '../router/router-service.js'
import {
  annotationTitle,
  formatBytes,
  noHealthyMirrorMessage,
  privateIndexFailedMessage
} from '../format/format.js'
import { formatAssessment } from '../report/report.js'

/** The phases of the main step, each a `core.group` of the step log. */

/** The engine's messages, as step log lines and annotations. */
export const actionLog: Log = {
  info: message => core.info(message),
  warning: (message, title) => core.warning(message, { title })
}

export interface Probed {
  ranking: MirrorAssessment[]
  probeMs: number
  explanation: string
  /** Whether the ranking came from an earlier job within `probe-ttl`. */
  reused: boolean
}

export async function rankCandidates(
  inputs: Inputs,
  estimate: Promise<Workload>,
  options: { fresh?: boolean; log?: Log } = {}
): Promise<Probed> {
  const log = options.log ?? actionLog
  const remembered = options.fresh ? undefined : await recallRanking(inputs)
  // Reading the workspace runs while the probe waits on the network.
  const workload = estimate.then(value => {
    log.info(
      `Workload estimate: ${value.requests} requests, ${formatBytes(value.bytes)} (${value.basis})`
    )
    return value
  })
  if (remembered) {
    const explanation = `${explainChoice(remembered, await workload)} (Ranking reused from an earlier job on this runner.)`
    log.info(formatAssessment(remembered))
    return { ranking: remembered, probeMs: 0, explanation, reused: true }
  }
  const probed = await probeAndAssess(inputs, workload, log)
  await rememberRanking(inputs, probed.ranking)
  return { ...probed, reused: false }
}

/**
 * The first private index, else the fastest healthy mirror; with none healthy, the first
 * candidate, and a warning.
 */
export function chooseMirror(ranking: RankedMirror[]): Mirror {
  const [first] = privateFirst(ranking, entry => entry.mirror)
  if (!first.ok && first.mirror.private) {
    core.warning(privateIndexFailedMessage(first.mirror), {
      title: annotationTitle('private index')
    })
  } else if (!first.ok) {
    core.warning(noHealthyMirrorMessage(first.mirror), {
      title: annotationTitle('no healthy mirror')
    })
  } else {
    core.info(
      `Chose ${first.mirror.name} (${first.mirror.displayUrl}), median ${first.latencyMs} ms`
    )
  }
  return first.mirror
}

/**
 * Runs the install across the ranking. A reused ranking is a hint: its first mirror gets a try,
 * and when that fails the candidates are probed afresh and the install goes on with them.
 */
export async function installPhase(
  inputs: Inputs,
  probed: Probed,
  workload: Promise<Workload>
): Promise<{ result: InstallResult; probed: Probed; chosen?: Mirror }> {
  const first = await installAcross(
    inputs,
    probed.reused
      ? privateFirst(probed.ranking, entry => entry.mirror).slice(0, 1)
      : probed.ranking,
    actionLog
  )
  if (!probed.reused || first.succeeded || first.stoppedBy) return { result: first, probed }
  core.info("The install failed on the reused ranking's mirror: probing again")
  const fresh = await rankCandidates(inputs, workload, { fresh: true })
  const chosen = chooseMirror(fresh.ranking)
  const retry = await installAcross(inputs, fresh.ranking, actionLog)
  return {
    result: { ...retry, attempts: [...first.attempts, ...retry.attempts] },
    probed: fresh,
    chosen
  }
}

/**
 * The install through the router: failing over is its business, request by request. A run that
 * failed on a file the router refused (a wrong hash cuts the connection) gets one more run: the
 * router has marked that mirror bad for the file, so the retry is served from another. A run
 * that found no fitting release of a project has the router ask every mirror for its page
 * afresh first, so the retry is no replay of a lagging mirror's page.
 */
export async function installThroughRouter(
  inputs: Inputs,
  router: Mirror,
  onStart?: () => void
): Promise<{ result: InstallResult; sources?: ByteSources }> {
  const only: RankedMirror = { mirror: router, ok: true, latencyMs: 0, samples: 0, failures: 0 }
  const result = await installAcross(
    inputs,
    [only, only],
    actionLog,
    output => askAfresh(router.url, projectsLackingRelease(output)),
    onStart
  )
  // The install is the router's first client: what it has served so far is the install's.
  const stats = await readRouterStats(router.url)
  return { result, ...(stats ? { sources: byteSources(stats) } : {}) }
}

const ROUTER_STATS_TIMEOUT_MS = 2000
/** A fresh page is every mirror's answer: as long as the slowest may take, within reason. */
const FRESH_PAGE_TIMEOUT_MS = 15_000

/** Has the router ask every mirror afresh for the projects' pages (`Cache-Control: no-cache`). */
async function askAfresh(indexUrl: string, projects: string[]): Promise<void> {
  if (projects.length === 0) return
  actionLog.info(`Asking every mirror afresh for the pages of ${projects.join(', ')}`)
  await Promise.all(
    projects.map(async project => {
      try {
        const response = await fetch(`${indexUrl}/${encodeURIComponent(project)}/`, {
          headers: { 'Cache-Control': 'no-cache' },
          signal: AbortSignal.timeout(FRESH_PAGE_TIMEOUT_MS)
        })
        await response.body?.cancel()
      } catch {
        // The retry asks for the page itself; this only made it a fresh one.
      }
    })
  )
}

/** The router's figures so far, from `<router>/stats`; undefined when it does not answer. */
async function readRouterStats(indexUrl: string): Promise<RouterStats | undefined> {
  try {
    const url = indexUrl.replace(/\/simple$/, '/stats')
    const response = await fetch(url, { signal: AbortSignal.timeout(ROUTER_STATS_TIMEOUT_MS) })
    return response.ok ? ((await response.json()) as RouterStats) : undefined
  } catch {
    return undefined
  }
}

/** Writes a phase's held messages under its heading in the step log. */
export function logPhase(title: string, buffer: LogBuffer): void {
  core.startGroup(title)
  buffer.replay(actionLog)
  core.endGroup()
}

export function reportExistingSettings(findings: Finding[]): Finding[] {
  if (findings.length === 0) core.info('No other index settings found')
  for (const finding of findings) {
    const text = `${finding.source}: ${finding.message}`
    if (finding.level === 'warning') core.warning(text, { title: annotationTitle('index setting') })
    else core.info(text)
  }
  return findings
}
