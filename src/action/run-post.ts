import * as core from '@actions/core'
import { writeSummary } from './io.js'
import { saveCache } from '../cache/cache.js'
import type { CachePlan } from '../cache/cache-policy.js'
import { State } from './constants.js'
import { type DockerRestore, restoreDocker } from '../docker/docker.js'
import { renderSaveSummary } from '../report/report.js'

/**
 * The post step runs whatever the later steps did: it puts the Docker daemon config back, and
 * saves the cache, since wheels from a successful install are worth keeping even when the
 * tests failed. Nothing here may fail the job.
 */
export async function runPost(): Promise<void> {
  const dockerRestore = core.getState(State.DockerRestore)
  if (dockerRestore) {
    await core
      .group('Restore the Docker daemon config', () =>
        restoreDocker(JSON.parse(dockerRestore) as DockerRestore)
      )
      .catch(error =>
        core.warning(`Docker daemon config not restored: ${(error as Error).message}`)
      )
  }
  try {
    const planText = core.getState(State.CachePlan)
    if (!planText) {
      core.debug('No cache to save')
      return
    }
    const plan = JSON.parse(planText) as CachePlan
    const report = await core.group('Save pip cache', () => saveCache(plan))
    await writeSummary(renderSaveSummary(report))
  } catch (error) {
    core.warning(`Post step: ${error instanceof Error ? error.message : String(error)}`, {
      title: 'pip-mirror-action: cache'
    })
  }
}
