import { configureDocker, type DockerReport, dockerPresent } from '../docker/docker.js'
import { probeDockerMirrors } from '../docker/docker-probe.js'
import type { Inputs } from '../inputs.js'
import type { MirrorProbe } from '../probe/http-probe.js'
import { rankMirrors } from '../rank/ranking.js'
import { errorMessage } from '../format/format.js'
import type { Log } from '../format/log.js'
import { formatRanking } from '../report/report.js'

/** Docker's part of the main step, loaded only by jobs that list Docker mirrors. */

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
  started: DockerProbe,
  log: Log
): Promise<{ report: DockerReport; error?: string }> {
  const ranking = rankMirrors(await started.probes)
  log.info(formatRanking(ranking))
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
