import * as core from '@actions/core'
import type { RestoredCache } from '../cache/cache.js'
import type { CacheKeyInput } from '../cache/cache-key.js'
import { findIndexSettings } from '../configure/existing-settings.js'
import { readRequirementFiles, readSettingsSnapshot } from '../configure/settings-snapshot.js'
import type { InstallResult } from '../install/fallback.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { ByteSources } from '../router/install-bytes.js'
import { mirrorForLaterSteps } from '../install/private-index.js'
import { estimateWorkload } from '../rank/workload.js'
import { LogBuffer } from '../format/log.js'
import { describePlan, type PrefetchPlan } from '../prefetch/plan.js'
import { type ContainerAccess, type StartedRouter, UNSTABLE_PORT_MESSAGE } from './router-phase.js'
import { installFailureMessage, renderSummary } from '../report/report.js'
import { workspaceDir } from '../runner/runner-env.js'
import type { Inputs } from '../inputs.js'
import { writeSummary } from './io.js'
import { exportToolEnv, setOutputs } from './outputs.js'
import {
  actionLog,
  chooseMirror,
  installPhase,
  installThroughRouter,
  logPhase,
  type Probed,
  rankCandidates,
  reportExistingSettings
} from './phases.js'
import { saveState, State } from './state.js'

type CacheSource = CacheKeyInput['source']

/** What `run` started before loading this module. */
export interface EarlyStart {
  /** The router on its way up, in router mode. */
  starting?: Promise<StartedRouter | undefined>
  routerLog: LogBuffer
  storeDir: string
}

/**
 * The main step after its inputs: probe, restore the cache, install, configure later steps,
 * Docker, outputs and the summary. Infrastructure trouble warns; only the user's install and a
 * broken Docker config fail the step.
 *
 * In router mode the probe does not hold up the install: the router is already starting over
 * the candidates as listed, the install runs through it, and the ranking reaches it when the
 * probe ends. The cache and Docker code is loaded only by jobs that use it.
 */
export async function runMainStep(inputs: Inputs, early: EarlyStart): Promise<void> {
  // What the router's store holds from before this moment, and this job does not use, is not saved.
  const startedAt = Date.now()
  const { starting, routerLog, storeDir } = early
  const workspace = workspaceDir()
  // Through the router the install goes first: the probe and the plan's Python would share the
  // runner's cores with the router's start and hold the install up. Both begin once its process
  // runs (or the router failed to start), well before the install's first request.
  const installFirst = starting !== undefined && inputs.install.trim() !== ''
  let installStarted = (): void => undefined
  const begin = installFirst
    ? new Promise<void>(resolve => (installStarted = resolve))
    : Promise.resolve()
  // Read while the probe runs: the router reads its pages before the ranking comes.
  const plan =
    starting && inputs.prefetch
      ? begin.then(() => readPlan(workspace, inputs.install, routerLog))
      : undefined
  const requirementFiles = readRequirementFiles(workspace)
  const snapshot = readSettingsSnapshot(workspace, requirementFiles)
  const workload = requirementFiles.then(files => estimateWorkload(files))
  const probeLog = new LogBuffer()
  const probing = begin.then(() => rankCandidates(inputs, workload, { log: probeLog }))
  // Awaited later; until then a failure must not count as unhandled.
  probing.catch(() => undefined)
  const docker =
    inputs.docker.mirrors.length > 0
      ? import('./docker-phase.js').then(phase => ({
          phase,
          probe: phase.startDockerProbe(inputs)
        }))
      : undefined
  const cache = inputs.cache === 'false' ? undefined : import('../cache/cache.js')
  const cacheFacts = cache?.then(module => module.readCacheFacts(inputs))

  /** The probe's result and the mirror it chose, logged the first time they are awaited. */
  let first: Promise<{ probe: Probed; choice: Mirror }> | undefined
  const probed = async (): Promise<{ probe: Probed; choice: Mirror }> =>
    (first ??= probing.then(probe => {
      logPhase('Probe PyPI mirrors', probeLog)
      return { probe, choice: chooseMirror(probe.ranking) }
    }))
  const restoreCache = async (
    source: () => Promise<CacheSource>
  ): Promise<RestoredCache | undefined> => {
    if (!cache || !cacheFacts) return undefined
    const { restoreCache } = await cache
    const from = await source()
    return core.group('Restore pip cache', () =>
      restoreCache(inputs, from, cacheFacts, from === 'router' ? storeDir : undefined)
    )
  }

  // Through the router the store and pip's cache are keyed by the router, not a mirror: the
  // cache is restored while the router starts, and neither waits for the probe. (Should the
  // router fail, what was restored still serves the direct install.)
  const restored = starting
    ? await restoreCache(async () => 'router')
    : await restoreCache(async () => (await probed()).choice)
  const spawned = await starting
  if (!spawned) installStarted()
  // Saved at once: whatever happens next, the post step stops it.
  if (spawned) saveState(State.Router, spawned.run)
  const handover = spawned?.handOver(
    probing.then(result => result.ranking),
    plan ?? Promise.resolve(undefined)
  )
  const installDirect = async (): Promise<Awaited<ReturnType<typeof installPhase>>> => {
    const { probe } = await probed()
    return core.group('Install', () => installPhase(inputs, probe, workload))
  }

  // The install through the router starts while the router is still loading: its first
  // connections wait in the socket's backlog.
  const throughRouter =
    spawned && inputs.install.trim() !== ''
      ? await core
          .group('Install', () => installThroughRouter(inputs, spawned.mirror, installStarted))
          .finally(installStarted)
      : undefined
  const router = spawned && (await spawned.ready) ? spawned : undefined
  if (starting) logPhase('Start the router', routerLog)
  const installed:
    { result: InstallResult; sources?: ByteSources; probed?: Probed; chosen?: Mirror } | undefined =
    inputs.install.trim() === ''
      ? undefined
      : router && throughRouter
        ? throughRouter
        : await installDirect()
  const install = installed && {
    command: inputs.install,
    result: installed.result,
    sources: installed.sources
  }
  // A failed install on a reused ranking probes afresh: its result is the one to report.
  const { probe, choice } = await probed()
  const { ranking, probeMs, explanation } = installed?.probed ?? probe
  const chosen = installed?.chosen ?? choice
  await handover

  // pip's own view of its settings takes about half a second: the install does not wait for it.
  const findings = await core.group('Check existing pip and uv index settings', async () =>
    reportExistingSettings(findIndexSettings(await snapshot, inputs.configure))
  )
  // Later steps use the mirror that worked, which is not the probe's winner after a fallback,
  // unless that is a public mirror standing in for a private index.
  const configured = router?.mirror ?? mirrorForLaterSteps(install?.result.mirror, chosen)
  if (!router && install?.result.mirror && install.result.mirror !== configured) {
    core.info(
      `Later steps use the private index ${configured.name}, not ${install.result.mirror.name}: only the install itself had the private projects ruled out on public mirrors`
    )
  }
  // Settled with the handover: the router serves the job's containers too, where Docker runs.
  const containers = router && (await router.containers)
  const exported = exportToolEnv(inputs.configure, forLaterSteps(configured, containers))

  const dockerResult =
    docker &&
    (await core.group('Configure Docker', async () => {
      const { phase, probe } = await docker
      return phase.dockerPhase(inputs, probe, actionLog)
    }))
  if (dockerResult?.report.restore) saveState(State.DockerRestore, dockerResult.report.restore)

  setOutputs({
    ranking,
    chosen,
    install,
    restored,
    docker: dockerResult?.report,
    router: router?.mirror,
    containers
  })
  if (restored && cache) {
    const outcome = !install ? 'none' : install.result.succeeded ? 'succeeded' : 'failed'
    const { planSave } = await cache
    const source = router ? 'router' : configured
    saveState(State.CachePlan, planSave(restored, source, inputs, outcome, startedAt))
  }
  await writeSummary(
    renderSummary({
      ranking,
      explanation,
      probeMs,
      chosen,
      configured,
      throughRouter: router !== undefined,
      routerPortMoved: router && !router.stablePort ? UNSTABLE_PORT_MESSAGE : undefined,
      exported: exported.displayed,
      findings,
      install,
      cache: restored?.report,
      docker: dockerResult?.report
    })
  )

  if (install && !install.result.succeeded) core.setFailed(installFailureMessage(install.result))
  if (dockerResult?.error) core.setFailed(dockerResult.error)
}

/**
 * The mirror later steps are pointed at: as the job's HTTPS proxy, the router at the address that
 * the job's containers reach too (container actions get the job's variables as they are).
 */
function forLaterSteps(configured: Mirror, containers: ContainerAccess | undefined): Mirror {
  if (!configured.proxy || !containers) return configured
  return { ...configured, proxy: { ...configured.proxy, url: containers.proxyUrl } }
}

/** The job's plan for the router, said in the log; undefined when there is none. */
async function readPlan(
  workspace: string,
  install: string,
  log: LogBuffer
): Promise<PrefetchPlan | undefined> {
  const { readJobPlan } = await import('../prefetch/job-plan.js')
  const plan = await readJobPlan(workspace, install, message => log.info(message)).catch(
    () => undefined
  )
  if (plan) log.info(describePlan(plan))
  return plan
}
