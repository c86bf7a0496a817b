import { performance } from 'node:perf_hooks'
import {
  type FallbackOptions,
  type InstallResult,
  installWithFallback
} from './install/fallback.js'
import type { Inputs } from './inputs.js'
import type { Mirror } from './mirrors/mirror.js'
import { writePrivateConstraints } from './install/private-constraints.js'
import { privateGuard } from './install/private-index.js'
import { probeMirrors } from './probe/probe.js'
import { assessMirrors, explainChoice, type MirrorAssessment } from './rank/quality.js'
import { type RankedMirror, rankMirrors } from './rank/ranking.js'
import { annotationTitle, formatSeconds } from './format/format.js'
import type { Log } from './format/log.js'
import { formatAssessment, formatAttempts } from './report/report.js'
import { runInBash } from './install/shell.js'
import { ALL_TOOLS, renderToolEnv } from './configure/tool-env.js'
import type { Workload } from './rank/workload.js'

const BACKOFF_BASE_MS = 2000

export interface Assessment {
  ranking: MirrorAssessment[]
  probeMs: number
  explanation: string
}

/**
 * Probes the candidates, samples downloads from the fastest, and ranks them by the predicted
 * time of this job's install.
 */
export async function probeAndAssess(
  inputs: Inputs,
  estimate: Promise<Workload>,
  log: Log
): Promise<Assessment> {
  log.info(
    `Probing ${inputs.mirrors.length} mirror(s) for '${inputs.probeProject}': ` +
      `${inputs.probeSamples} sample(s) each, ${inputs.probeTimeoutMs} ms timeout`
  )
  const started = performance.now()
  const { probes, downloads } = await probeMirrors(inputs.mirrors, {
    project: inputs.probeProject,
    timeoutMs: inputs.probeTimeoutMs,
    samples: inputs.probeSamples,
    workload: estimate
  })
  const ranked = rankMirrors(probes)
  const pages = new Map(
    probes.flatMap(probe => {
      const page = probe.samples.find(sample => sample.page)?.page
      return page ? [[probe.mirror, page] as const] : []
    })
  )
  const throughputBps = new Map<Mirror, number>()
  const corruptFiles = new Map<Mirror, string>()
  for (const [mirror, sample] of downloads) {
    if (sample.bytesPerSecond !== undefined) throughputBps.set(mirror, sample.bytesPerSecond)
    if (sample.corruptFile !== undefined) corruptFiles.set(mirror, sample.corruptFile)
  }
  const probeMs = performance.now() - started
  const workload = await estimate
  const ranking = assessMirrors({
    ranking: ranked,
    pages,
    throughputBps,
    corruptFiles,
    workload,
    maxLag: inputs.maxLag
  })
  for (const entry of ranking.filter(entry => entry.integrity === 'mismatch')) {
    log.warning(
      `${entry.mirror.name} (${entry.mirror.displayUrl}) excluded: ${entry.error}`,
      annotationTitle('integrity')
    )
  }
  const explanation = explainChoice(ranking, workload)
  log.info(formatAssessment(ranking))
  log.info(explanation)
  log.info(`Probe phase took ${formatSeconds(probeMs)}`)
  return { ranking, probeMs, explanation }
}

/**
 * Runs `inputs.install` with retries and fallback across the mirrors: private indexes first,
 * then the rest in rank order, public mirrors with the private projects ruled out. `onStart`
 * runs as each run's process starts.
 */
export async function installAcross(
  inputs: Inputs,
  ranking: RankedMirror[],
  log: Log,
  beforeNextMirror?: FallbackOptions['beforeNextMirror'],
  onStart?: () => void
): Promise<InstallResult> {
  // With `configure: none` nothing is exported, but the install still runs against the mirrors.
  const tools = inputs.configure.pip || inputs.configure.uv ? inputs.configure : ALL_TOOLS
  const mirrors = ranking.map(entry => entry.mirror)
  const guard = privateGuard(mirrors, inputs.privateProjects, inputs.install)
  // Written when the install first reaches a public mirror, which it usually never does.
  let constraints: Promise<Record<string, string>> | undefined
  const result = await installWithFallback(mirrors, {
    attemptsPerMirror: inputs.installAttempts,
    backoffBaseMs: BACKOFF_BASE_MS,
    run: async mirror => {
      const env = { ...process.env, ...renderToolEnv(mirror, tools, process.env) }
      if (guard && !mirror.private) {
        constraints ??= writePrivateConstraints(guard.patterns, inputs.install, log)
        Object.assign(env, await constraints)
      }
      return runInBash(inputs.install, env, onStart)
    },
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
    now: () => performance.now(),
    log: message => log.info(message),
    guard,
    ...(beforeNextMirror ? { beforeNextMirror } : {})
  })
  log.info(formatAttempts(result.attempts))
  return result
}
