import * as core from '@actions/core'
import { annotationTitle, errorMessage } from '../format/format.js'
import { writeSummary } from './io.js'
import { loadState, State } from './state.js'
import { renderRouterSummary, renderSaveSummary } from '../report/report.js'

const ROUTER_STOP_TIMEOUT_MS = 5000
/** Enough of the router's log to show what went wrong, not so much that it floods the step. */
const ROUTER_LOG_TAIL_LINES = 20

/**
 * The post step runs whatever the later steps did: it stops the router (its figures go to the
 * summary), puts the Docker daemon config back, and saves the cache, since wheels from a
 * successful install are worth keeping even when the tests failed. Nothing here may fail the
 * job. Each part's code is loaded only when the main step left it something to do.
 */
export async function runPost(): Promise<void> {
  const router = loadState(State.Router)
  if (router?.statsUrl) {
    const { statsUrl } = router
    await core
      .group("The router's figures", async () => {
        const { jobProxyFigures } = await import('../router-process/lifecycle.js')
        const stats = await jobProxyFigures(statsUrl, ROUTER_STOP_TIMEOUT_MS)
        if (stats) await writeSummary(renderRouterSummary(stats))
        else core.info('The router left no figures: it had stopped already')
        core.info(
          "The router goes on as the job's HTTPS proxy for the post steps of other actions, and ends with the job"
        )
      })
      .catch(error => core.warning(`Router figures not read: ${errorMessage(error)}`))
    await showRouterLog(router.logFile)
  } else if (router) {
    await core
      .group('Stop the router', async () => {
        const { stopRouterProcess } = await import('../router-process/lifecycle.js')
        const { ending, stats } = await stopRouterProcess(router, ROUTER_STOP_TIMEOUT_MS)
        if (ending === 'signalled')
          core.info(
            `The router did not take its stop request and end within ${ROUTER_STOP_TIMEOUT_MS} ms: ended by a signal`
          )
        if (ending === 'unconfirmed')
          core.warning(
            `The router did not take its stop request and end within ${ROUTER_STOP_TIMEOUT_MS} ms, and process ${router.pid} could not be confirmed to be it: left alone, to end with the job`,
            { title: annotationTitle('router') }
          )
        if (stats) await writeSummary(renderRouterSummary(stats))
        else if (ending === 'gone') core.info('The router left no figures: it had stopped already')
        else core.info('The router left no figures')
      })
      .catch(error => core.warning(`Router not stopped: ${errorMessage(error)}`))
    await showRouterLog(router.logFile)
  }
  const dockerRestore = loadState(State.DockerRestore)
  if (dockerRestore) {
    await core
      .group('Restore the Docker daemon config', async () => {
        const { restoreDocker } = await import('../docker/docker.js')
        await restoreDocker(dockerRestore)
      })
      .catch(error => core.warning(`Docker daemon config not restored: ${errorMessage(error)}`))
  }
  try {
    const plan = loadState(State.CachePlan)
    if (!plan) {
      core.debug('No cache to save')
      return
    }
    const { saveCache } = await import('../cache/cache.js')
    const report = await core.group('Save pip cache', () => saveCache(plan))
    await writeSummary(renderSaveSummary(report))
  } catch (error) {
    core.warning(`Post step: ${errorMessage(error)}`, {
      title: annotationTitle('cache')
    })
  }
}

/** The end of the router's log, as a warning: it logs only trouble (errors, crashes, restarts). */
async function showRouterLog(file: string): Promise<void> {
  const { routerLogTail } = await import('../router-process/log.js')
  const tail = await routerLogTail(file, ROUTER_LOG_TAIL_LINES)
  if (tail.length > 0)
    core.warning(`The router's log (${file}) ends:\n${tail.join('\n')}`, {
      title: annotationTitle('router')
    })
}
