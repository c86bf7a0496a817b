import {
  configureDocker,
  type DockerReport,
  dockerPresent,
  leaveDaemonAlone
} from '../docker/docker.js'
import { DaemonConfigError } from '../docker/docker-config.js'
import { type DaemonLeftAlone, daemonLeftAlone } from '../docker/docker-platform.js'
import { probeDockerMirrors } from '../docker/docker-probe.js'
import type { Inputs } from '../inputs.js'
import type { MirrorProbe } from '../probe/http-probe.js'
import { rankMirrors } from '../rank/ranking.js'
import { annotationTitle, errorMessage } from '../format/format.js'
import type { Log } from '../format/log.js'
import { formatRanking } from '../report/report.js'

/** Docker's part of the main step, loaded only by jobs that list Docker mirrors. */

export type DockerProbe =
  | { probes: Promise<MirrorProbe[]>; present: Promise<boolean> }
  /** Off Linux: nothing probed, nothing changed. */
  | { leftAlone: DaemonLeftAlone }

export function startDockerProbe(inputs: Inputs, platform: string = process.platform): DockerProbe {
  const leftAlone = daemonLeftAlone(platform)
  if (leftAlone) return { leftAlone }
  return {
    probes: probeDockerMirrors(inputs.docker.mirrors, inputs.docker.probeImage, {
      timeoutMs: inputs.probeTimeoutMs,
      samples: inputs.probeSamples
    }),
    present: dockerPresent()
  }
}

/**
 * A daemon config that cannot be merged fails the step, but only after everything else; any
 * other trouble of the action's own is a warning.
 */
export async function dockerPhase(
  inputs: Inputs,
  started: DockerProbe,
  log: Log
): Promise<{ report: DockerReport; error?: string }> {
  if ('leftAlone' in started) return { report: leaveDaemonAlone(started.leftAlone) }
  const ranking = rankMirrors(await started.probes)
  log.info(formatRanking(ranking))
  let report: DockerReport
  let error: string | undefined
  try {
    report = await configureDocker(inputs.docker, ranking, await started.present)
  } catch (failure) {
    const message = errorMessage(failure)
    if (failure instanceof DaemonConfigError) error = message
    else log.warning(`Docker mirrors not configured: ${message}`, annotationTitle('Docker'))
    report = { ranking, configured: [], outcome: message }
  }
  return { report, error }
}
