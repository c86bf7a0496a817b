import * as core from '@actions/core'
import type { Inputs } from '../inputs.js'
import { type Mirror, mirrorFromUrl } from '../mirrors/mirror.js'
import { annotationTitle, errorMessage } from '../format/format.js'
import type { Log } from '../format/log.js'
import { type RankedCandidate, routerRanking, routerSettings } from '../router/config.js'
import { type RouterRun, routerEntry, startRouterProcess } from '../router/lifecycle.js'

/** Starting the router must not hold up the job: past this, the job goes direct. */
const ROUTER_START_TIMEOUT_MS = 5000

export const UNSTABLE_PORT_MESSAGE =
  "The router's usual port was taken: its URL differs from earlier jobs', so pip's HTTP and wheel caches miss."

export interface StartedRouter {
  /** The router as a mirror to pip and uv: private, since it serves private projects too. */
  mirror: Mirror
  run: RouterRun
  /**
   * False when this runner's router port was taken: the router's URL differs from earlier jobs',
   * so a restored pip cache (keyed by URL) misses. For the summary.
   */
  stablePort: boolean
  /**
   * Whether it came up: it accepts connections at once, and answers them once loaded. False
   * (after a warning) when it did not within the start timeout: the job goes direct.
   */
  ready: Promise<boolean>
  /** Sends the probe's ranking once it is in, then lets the router go on alone. */
  handOver(ranking: Promise<RankedCandidate[]>): Promise<void>
}

/**
 * Starts the router over the candidates as listed (private indexes first), before the probe
 * has answered: until the ranking is handed over, it asks every candidate at once and serves
 * the freshest early answer. On any trouble: a warning, and the job goes direct.
 */
export async function startRouterPhase(
  inputs: Inputs,
  storeDir: string,
  log: Log
): Promise<StartedRouter | undefined> {
  const candidates = inputs.mirrors.map(mirror => ({ mirror }))
  const settings = routerSettings(candidates, inputs.privateProjects, storeDir, false)
  const names = settings.mirrors.map(mirror => mirror.name)
  const failed = (error: unknown): undefined => {
    log.warning(
      `The router could not start (${errorMessage(error)}): pip and uv use the best mirror directly.`,
      annotationTitle('router')
    )
    return undefined
  }
  try {
    const running = await startRouterProcess(routerEntry(), settings, ROUTER_START_TIMEOUT_MS)
    // Public logs must not tell another user of a self-hosted runner the way in.
    core.setSecret(running.secret)
    return {
      mirror: {
        ...mirrorFromUrl('router', running.url),
        // The summary and the outputs of other mirrors must not tell the way in either.
        displayUrl: running.url.replace(running.secret, '***'),
        private: true
      },
      run: { pid: running.pid, statsFile: running.statsFile, logFile: running.logFile },
      stablePort: running.stablePort,
      ready: running.ready.then(
        () => {
          log.info(`Router at ${running.url}, over ${names.join(', ')}`)
          if (!running.stablePort) log.info(UNSTABLE_PORT_MESSAGE)
          return true
        },
        error => failed(error) ?? false
      ),
      handOver: async ranking => {
        try {
          await running.rank(routerRanking(settings.mirrors, await ranking))
        } catch {
          // Without the ranking the router goes on asking every candidate: slower, not wrong.
        } finally {
          running.release()
        }
      }
    }
  } catch (error) {
    return failed(error)
  }
}
