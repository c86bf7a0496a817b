import * as core from '@actions/core'
import { annotationTitle, errorMessage } from '../report/format.js'
import { writeSummary } from './io.js'
import { loadState, State } from './state.js'
import { saveCache } from '../cache/cache.js'
import { restoreDocker } from '../docker/docker.js'
import { renderSaveSummary } from '../report/report.js'

/**
 * The post step runs whatever the later steps did: it puts the Docker daemon config back, and
 * saves the cache, since wheels from a successful install are worth keeping even when the
 * tests failed. Nothing here may fail the job.
 */
export async function runPost(): Promise<void> {
  const dockerRestore = loadState(State.DockerRestore)
  if (dockerRestore) {
    await core
      .group('Restore the Docker daemon config', () => restoreDocker(dockerRestore))
      .catch(error => core.warning(`Docker daemon config not restored: ${errorMessage(error)}`))
  }
  try {
    const plan = loadState(State.CachePlan)
    if (!plan) {
      core.debug('No cache to save')
      return
    }
    const report = await core.group('Save pip cache', () => saveCache(plan))
    await writeSummary(renderSaveSummary(report))
  } catch (error) {
    core.warning(`Post step: ${errorMessage(error)}`, {
      title: annotationTitle('cache')
    })
  }
}
