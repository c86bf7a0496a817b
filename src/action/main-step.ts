import * as core from '@actions/core'
import { planSave, readCacheFacts, restoreCache } from '../cache/cache.js'
import { findIndexSettings } from '../configure/existing-settings.js'
import { readRequirementFiles, readSettingsSnapshot } from '../configure/settings-snapshot.js'
import { mirrorForLaterSteps } from '../install/private-index.js'
import { estimateWorkload } from '../rank/workload.js'
import { errorMessage } from '../report/format.js'
import { installFailureMessage, renderSummary } from '../report/report.js'
import { runnerTempPath, workspaceDir } from '../runner/runner-env.js'
import { getInputs, writeSummary } from './io.js'
import { exportToolEnv, setOutputs } from './outputs.js'
import {
  chooseMirror,
  dockerPhase,
  installPhase,
  rankCandidates,
  reportExistingSettings,
  startDockerProbe,
  startRouterPhase
} from './phases.js'
import { saveState, State } from './state.js'

const ROUTER_STORE_DIR = 'pip-mirror-store'

/**
 * The main step: probe, restore the cache, install, configure later steps, Docker, outputs
 * and the summary. Infrastructure trouble warns; only the user's install and a broken Docker
 * config fail the step.
 */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    // Work that waits on other processes or the network starts now and is awaited in its phase.
    const workspace = workspaceDir()
    const requirementFiles = readRequirementFiles(workspace)
    const snapshot = readSettingsSnapshot(workspace, requirementFiles)
    const workload = requirementFiles.then(files => estimateWorkload(files))
    const dockerProbe = inputs.docker.mirrors.length > 0 ? startDockerProbe(inputs) : undefined
    const cacheFacts = inputs.cache === 'false' ? undefined : readCacheFacts(inputs)
    // The router's store sits at the same path in every job, as the cache archive requires.
    const storeDir = runnerTempPath(ROUTER_STORE_DIR)

    const firstProbe = await core.group('Probe PyPI mirrors', () =>
      rankCandidates(inputs, workload)
    )
    const firstChoice = chooseMirror(firstProbe.ranking)
    const restored =
      cacheFacts &&
      (await core.group('Restore pip cache', () =>
        restoreCache(
          inputs,
          firstChoice,
          cacheFacts,
          inputs.mode === 'router' ? storeDir : undefined
        )
      ))
    const router =
      inputs.mode === 'router'
        ? await core.group('Start the router', () =>
            startRouterPhase(inputs, firstProbe.ranking, storeDir)
          )
        : undefined
    if (router) saveState(State.Router, router.run)
    const installed =
      inputs.install.trim() === ''
        ? undefined
        : await core.group('Install', () =>
            installPhase(inputs, firstProbe, workload, router?.mirror)
          )
    const install = installed && { command: inputs.install, result: installed.result }
    const probed = installed?.probed ?? firstProbe
    const chosen = installed?.chosen ?? firstChoice

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
    const exported = exportToolEnv(inputs.configure, configured)

    const docker =
      dockerProbe && (await core.group('Configure Docker', () => dockerPhase(inputs, dockerProbe)))
    if (docker?.report.restore) saveState(State.DockerRestore, docker.report.restore)

    const { ranking, probeMs, explanation } = probed
    setOutputs({
      ranking,
      chosen,
      install,
      restored,
      docker: docker?.report,
      router: router?.mirror
    })
    if (restored) {
      const outcome = !install ? 'none' : install.result.succeeded ? 'succeeded' : 'failed'
      // Through the router every mirror filled it: it stays under the key it was restored by.
      const filledBy = router ? firstChoice : configured
      saveState(State.CachePlan, planSave(restored, filledBy, inputs, outcome))
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
    core.setFailed(errorMessage(error))
  }
}
