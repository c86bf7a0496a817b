import * as core from '@actions/core'
import { type Finding } from '../configure/existing-settings.js'
import { configureDocker, type DockerReport, dockerPresent } from '../docker/docker.js'
import { probeDockerMirrors } from '../docker/docker-probe.js'
import { installAcross, probeAndAssess } from '../engine.js'
import type { Log } from '../report/log.js'
import type { InstallResult } from '../install/fallback.js'
import { privateFirst } from '../install/private-index.js'
import type { Inputs } from '../inputs.js'
import { type Mirror, mirrorFromUrl } from '../mirrors/mirror.js'
import type { MirrorProbe } from '../probe/http-probe.js'
import { explainChoice, type MirrorAssessment } from '../rank/quality.js'
import { type RankedMirror, rankMirrors } from '../rank/ranking.js'
import { recallRanking, rememberRanking } from '../rank/remembered-ranking.js'
import type { Workload } from '../rank/workload.js'
import {
  annotationTitle,
  errorMessage,
  formatBytes,
  noHealthyMirrorMessage,
  privateIndexFailedMessage
} from '../report/format.js'
import { formatAssessment, formatRanking } from '../report/report.js'
import { routerSettings } from '../router/config.js'
import { type RouterRun, routerEntry, startRouterProcess } from '../router/lifecycle.js'

/** The phases of the main step, each a `core.group` of the step log. */

/** The engine's messages, as step log lines and annotations. */
const actionLog: Log = {
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
  options: { fresh?: boolean } = {}
): Promise<Probed> {
  const remembered = options.fresh ? undefined : await recallRanking(inputs)
  // Reading the workspace runs while the probe waits on the network.
  const workload = estimate.then(value => {
    core.info(
      `Workload estimate: ${value.requests} requests, ${formatBytes(value.bytes)} (${value.basis})`
    )
    return value
  })
  if (remembered) {
    const explanation = `${explainChoice(remembered, await workload)} (Ranking reused from an earlier job on this runner.)`
    core.info(formatAssessment(remembered))
    return { ranking: remembered, probeMs: 0, explanation, reused: true }
  }
  const probed = await probeAndAssess(inputs, workload, actionLog)
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
  workload: Promise<Workload>,
  router?: Mirror
): Promise<{ result: InstallResult; probed: Probed; chosen?: Mirror }> {
  // Through the router, failing over is its business, request by request. A run that failed
  // on a file the router refused (a wrong hash cuts the connection) gets one more run: the
  // router has marked that mirror bad for the file, so the retry is served from another.
  if (router) {
    const only: RankedMirror = { mirror: router, ok: true, latencyMs: 0, samples: 0, failures: 0 }
    return { result: await installAcross(inputs, [only, only], actionLog), probed }
  }
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

export function reportExistingSettings(findings: Finding[]): Finding[] {
  if (findings.length === 0) core.info('No other index settings found')
  for (const finding of findings) {
    const text = `${finding.source}: ${finding.message}`
    if (finding.level === 'warning') core.warning(text, { title: annotationTitle('index setting') })
    else core.info(text)
  }
  return findings
}

export interface DockerProbe {
  probes: Promise<MirrorProbe[]>
  present: Promise<boolean>
}

export function startDockerProbe(inputs: Inputs): DockerProbe {
  return {
    probes: probeDockerMirrors(inputs.docker.mirrors, inputs.docker.probeImage, {
      timeoutMs: inputs.probeTimeoutMs,
      samples: inputs.probeSamples
    }),
    present: dockerPresent()
  }
}

/** A daemon config that cannot be merged fails the step, but only after everything else. */
export async function dockerPhase(
  inputs: Inputs,
  started: DockerProbe
): Promise<{ report: DockerReport; error?: string }> {
  const ranking = rankMirrors(await started.probes)
  core.info(formatRanking(ranking))
  let report: DockerReport
  let error: string | undefined
  try {
    report = await configureDocker(inputs.docker, ranking, await started.present)
  } catch (failure) {
    error = errorMessage(failure)
    report = { ranking, configured: [], outcome: error }
  }
  return { report, error }
}

/** Starting the router must not hold up the job: past this, the job goes direct. */
const ROUTER_START_TIMEOUT_MS = 5000

/**
 * Starts the router over the ranked candidates, private indexes first. It is a mirror to pip
 * and uv, marked private because it serves private projects too (from private indexes only).
 * On any trouble: a warning, and the job goes on with the best mirror directly.
 */
export async function startRouterPhase(
  inputs: Inputs,
  ranking: RankedMirror[],
  storeDir: string
): Promise<{ mirror: Mirror; run: RouterRun } | undefined> {
  const settings = routerSettings(ranking, inputs.privateProjects, storeDir)
  const names = settings.mirrors.map(mirror => mirror.name)
  try {
    const running = await startRouterProcess(routerEntry(), settings, ROUTER_START_TIMEOUT_MS)
    core.info(`Router at ${running.url}, over ${names.join(', ')}`)
    return {
      mirror: { ...mirrorFromUrl('router', running.url), private: true },
      run: { pid: running.pid, statsFile: running.statsFile }
    }
  } catch (error) {
    core.warning(
      `The router could not start (${errorMessage(error)}): pip and uv use ${names[0]} directly.`,
      { title: annotationTitle('router') }
    )
    return undefined
  }
}
