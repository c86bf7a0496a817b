import * as core from '@actions/core'
import { getInputs, writeSummary } from './io.js'
import { Output, State } from './constants.js'
import { planSave, readCacheFacts, type RestoredCache, restoreCache } from '../cache/cache.js'
import { configureDocker, type DockerReport, dockerPresent } from '../docker/docker.js'
import { probeDockerMirrors } from '../docker/docker-probe.js'
import { type Finding, findIndexSettings } from '../configure/existing-settings.js'
import type { InstallResult } from '../install/fallback.js'
import type { Inputs, ToolSelection } from '../inputs.js'
import type { Mirror } from '../mirrors/mirror.js'
import { explainChoice, type MirrorAssessment, rankingJson } from '../rank/quality.js'
import { installAcross, type Log, probeAndAssess } from '../engine.js'
import { estimateWorkload, type Workload } from '../rank/workload.js'
import { recallRanking, rememberRanking } from '../rank/remembered-ranking.js'
import type { MirrorProbe } from '../probe/http-probe.js'
import { type RankedMirror, rankMirrors } from '../rank/ranking.js'
import { formatBytes } from '../report/format.js'
import {
  formatAssessment,
  formatRanking,
  installFailureMessage,
  renderSummary
} from '../report/report.js'
import { readRequirementFiles, readSettingsSnapshot } from '../configure/settings-snapshot.js'
import { mirrorForLaterSteps, privateFirst } from '../install/private-index.js'
import { renderToolEnv } from '../configure/tool-env.js'

/** The engine's messages, as step log lines and annotations. */
const actionLog: Log = {
  info: message => core.info(message),
  warning: (message, title) => core.warning(message, { title })
}

export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    // Work that waits on other processes or the network starts now and is awaited in its phase.
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const requirementFiles = readRequirementFiles(workspace)
    const snapshot = readSettingsSnapshot(workspace, requirementFiles)
    const workload = requirementFiles.then(files => estimateWorkload(files))
    const dockerProbe = inputs.docker.mirrors.length > 0 ? startDockerProbe(inputs) : undefined
    const cacheFacts = inputs.cache === 'false' ? undefined : readCacheFacts(inputs)

    let probed = await core.group('Probe PyPI mirrors', () => rankCandidates(inputs, workload))
    let chosen = chooseMirror(probed.ranking)
    const restored =
      cacheFacts &&
      (await core.group('Restore pip cache', () => restoreCache(inputs, chosen, cacheFacts)))

    let install: { command: string; result: InstallResult } | undefined
    if (inputs.install.trim() !== '') {
      const result = await core.group('Install', async () => {
        // A reused ranking is a hint: its first mirror gets a try before a fresh probe.
        const first = await installAcross(
          inputs,
          probed.reused
            ? privateFirst(probed.ranking, entry => entry.mirror).slice(0, 1)
            : probed.ranking,
          actionLog
        )
        if (!probed.reused || first.succeeded || first.stoppedBy) return first
        core.info("The install failed on the reused ranking's mirror: probing again")
        probed = await rankCandidates(inputs, workload, { fresh: true })
        chosen = chooseMirror(probed.ranking)
        const retry = await installAcross(inputs, probed.ranking, actionLog)
        return { ...retry, attempts: [...first.attempts, ...retry.attempts] }
      })
      install = { command: inputs.install, result }
    }
    // pip's own view of its settings takes about half a second: the install does not wait for it.
    const findings = await core.group('Check existing pip and uv index settings', async () =>
      reportExistingSettings(findIndexSettings(await snapshot, inputs.configure))
    )
    // Later steps use the mirror that worked, which is not the probe's winner after a fallback,
    // unless that is a public mirror standing in for a private index.
    const configured = mirrorForLaterSteps(install?.result.mirror, chosen)
    if (install?.result.mirror && install.result.mirror !== configured) {
      core.info(
        `Later steps use the private index ${configured.name}, not ${install.result.mirror.name}: only the install itself had the private projects ruled out on public mirrors`
      )
    }
    const exported = exportToolEnv(inputs, configured)

    const docker =
      dockerProbe && (await core.group('Configure Docker', () => dockerPhase(inputs, dockerProbe)))

    const { ranking, probeMs, explanation } = probed
    setOutputs({ ranking, chosen, install, restored, docker: docker?.report })
    if (restored) {
      const outcome = !install ? 'none' : install.result.succeeded ? 'succeeded' : 'failed'
      core.saveState(
        State.CachePlan,
        JSON.stringify(planSave(restored, configured, inputs, outcome))
      )
    }
    await writeSummary(
      renderSummary({
        ranking,
        explanation,
        probeMs,
        chosen,
        configured,
        exported: exported.displayed,
        findings,
        install,
        cache: restored?.report,
        docker: docker?.report
      })
    )

    if (install && !install.result.succeeded) core.setFailed(installFailureMessage(install.result))
    if (docker?.error) core.setFailed(docker.error)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  }
}

function exportToolEnv(inputs: Inputs, mirror: Mirror): { displayed: Record<string, string> } {
  const exported = renderToolEnv(mirror, inputs.configure)
  for (const [name, value] of Object.entries(exported)) core.exportVariable(name, value)
  if (Object.keys(exported).length > 0) {
    core.info(
      `Configured ${describeTools(inputs.configure)} to use ${mirror.name} (${mirror.displayUrl})`
    )
  }
  const displayed = Object.fromEntries(
    Object.entries(exported).map(([name, value]) => [
      name,
      value === mirror.url ? mirror.displayUrl : value
    ])
  )
  return { displayed }
}

function setOutputs(result: {
  ranking: MirrorAssessment[]
  chosen: Mirror
  install?: { result: InstallResult }
  restored?: RestoredCache
  docker?: DockerReport
}): void {
  const { ranking, chosen, install, restored, docker } = result
  const winner = ranking.find(entry => entry.mirror === chosen)
  core.setOutput(Output.Mirror, chosen.name)
  core.setOutput(Output.IndexUrl, chosen.url)
  core.setOutput(Output.LatencyMs, winner?.ok ? String(winner.latencyMs) : '')
  core.setOutput(Output.Ranking, rankingJson(ranking))
  core.setOutput(Output.InstallMirror, install?.result.mirror?.name ?? '')
  core.setOutput(Output.InstallAttempts, String(install?.result.attempts.length ?? 0))
  core.setOutput(Output.CacheHit, String(restored?.report.hit === 'exact'))
  core.setOutput(Output.CacheKey, restored?.keys.primary ?? '')
  core.setOutput(Output.CacheMatchedKey, restored?.report.matchedKey ?? '')
  const dockerMirrors = docker?.configured.map(mirror => mirror.url) ?? []
  core.setOutput(Output.DockerMirror, dockerMirrors[0] ?? '')
  core.setOutput(Output.DockerMirrors, JSON.stringify(dockerMirrors))
  core.setOutput(Output.BuildkitdConfig, docker?.buildkitdConfig ?? '')
}

interface DockerProbe {
  probes: Promise<MirrorProbe[]>
  present: Promise<boolean>
}

function startDockerProbe(inputs: Inputs): DockerProbe {
  return {
    probes: probeDockerMirrors(inputs.docker.mirrors, inputs.docker.probeImage, {
      timeoutMs: inputs.probeTimeoutMs,
      samples: inputs.probeSamples
    }),
    present: dockerPresent()
  }
}

/** A daemon config that cannot be merged fails the step, but only after everything else. */
async function dockerPhase(
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
    error = failure instanceof Error ? failure.message : String(failure)
    report = { ranking, configured: [], outcome: error }
  }
  return { report, error }
}

interface Probed {
  ranking: MirrorAssessment[]
  probeMs: number
  explanation: string
  /** Whether the ranking came from an earlier job within `probe-ttl`. */
  reused: boolean
}

async function rankCandidates(
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
function chooseMirror(ranking: RankedMirror[]): Mirror {
  const [first] = privateFirst(ranking, entry => entry.mirror)
  if (!first.ok && first.mirror.private) {
    core.warning(
      `The private index ${first.mirror.name} (${first.mirror.displayUrl}) failed the probe; it stays first, since private indexes are always tried before public mirrors.`,
      { title: 'pip-mirror-action: private index' }
    )
  } else if (!first.ok) {
    core.warning(
      `No mirror passed the probe; using the candidates in the order given, starting with ${first.mirror.name} (${first.mirror.displayUrl}).`,
      { title: 'pip-mirror-action: no healthy mirror' }
    )
  } else {
    core.info(
      `Chose ${first.mirror.name} (${first.mirror.displayUrl}), median ${first.latencyMs} ms`
    )
  }
  return first.mirror
}

function reportExistingSettings(findings: Finding[]): Finding[] {
  if (findings.length === 0) core.info('No other index settings found')
  for (const finding of findings) {
    const text = `${finding.source}: ${finding.message}`
    if (finding.level === 'warning')
      core.warning(text, { title: 'pip-mirror-action: index setting' })
    else core.info(text)
  }
  return findings
}

function describeTools(tools: ToolSelection): string {
  return [tools.pip && 'pip', tools.uv && 'uv'].filter(Boolean).join(' and ')
}
