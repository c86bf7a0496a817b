import * as core from '@actions/core'
import { annotationTitle, errorMessage } from '../report/format.js'
import { writeSummary } from './io.js'
import { loadState, State } from './state.js'
import { saveCache } from '../cache/cache.js'
import { restoreDocker } from '../docker/docker.js'
import { renderRouterSummary, renderSaveSummary } from '../report/report.js'
import { stopRouterProcess } from '../router/lifecycle.js'

const ROUTER_STOP_TIMEOUT_MS = 5000

/**
 * The post step runs whatever the later steps did: it stops the router (its figures go to the
 * summary), puts the Docker daemon config back, and saves the cache, since wheels from a
 * successful install are worth keeping even when the tests failed. Nothing here may fail the
 * job.
 */
export async function runPost(): Promise<void> {
  const router = loadState(State.Router)
  if (router) {
    await core
      .group('Stop the router', async () => {
        const stats = await stopRouterProcess(router.pid, router.statsFile, ROUTER_STOP_TIMEOUT_MS)
        if (stats) await writeSummary(renderRouterSummary(stats))
        else core.info('The router left no figures: it had stopped already')
      })
      .catch(error => core.warning(`Router not stopped: ${errorMessage(error)}`))
  }
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
