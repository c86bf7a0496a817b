import * as core from '@actions/core'
import path from 'node:path'
import type { Inputs } from '../inputs.js'
import type { PrefetchPlan } from '../prefetch/plan.js'
import { type JobProxy, type Mirror, mirrorFromUrl } from '../mirrors/mirror.js'
import { writeCaBundle } from '../proxy/ca-bundle.js'
import { workspaceDir } from '../runner/runner-env.js'
import { workspaceNeedsProxy } from '../tools/python-tools.js'
import { readWorkspaceTop } from '../tools/workspace-files.js'
import { annotationTitle, errorMessage } from '../format/format.js'
import type { Log } from '../format/log.js'
import { type RankedCandidate, routerRanking, routerSettings } from '../router/config.js'
import {
  type RouterRun,
  routerEntry,
  type RunningRouter,
  startRouterProcess
} from '../router/lifecycle.js'

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
  /**
   * Sends what to fetch ahead as soon as it is known, and the probe's ranking once it is in,
   * then lets the router go on alone.
   */
  handOver(
    ranking: Promise<RankedCandidate[]>,
    plan: Promise<PrefetchPlan | undefined>
  ): Promise<void>
}

/**
 * The router as the job's HTTPS proxy, once it has made the job's authority and the bundle with
 * it is written; else (after a warning saying what that costs) undefined: tools get index
 * variables instead.
 */
async function jobProxy(running: RunningRouter, log: Log): Promise<JobProxy | undefined> {
  const certPem = await running.authority
  try {
    if (!certPem) throw new Error('the router made no certificate authority in time')
    const caBundle = path.join(path.dirname(running.statsFile), 'ca-bundle.pem')
    await writeCaBundle(caBundle, certPem, process.env)
    return { url: `http://127.0.0.1:${new URL(running.url).port}`, caBundle }
  } catch (error) {
    log.warning(
      `The router is not the job's HTTPS proxy (${errorMessage(error)}): tools get index variables instead, so uv.lock files made against PyPI fail uv sync --locked, and Poetry goes to PyPI around the mirrors.`,
      annotationTitle('router')
    )
    return undefined
  }
}

/** `transparent: auto`: the workspace's top folder has a lock file or tool that needs the proxy. */
async function workspaceWantsProxy(): Promise<boolean> {
  return workspaceNeedsProxy(await readWorkspaceTop(workspaceDir()))
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
  const transparent =
    inputs.transparent === 'true' ||
    (inputs.transparent === 'auto' && (await workspaceWantsProxy()))
  const settings = {
    ...routerSettings(candidates, inputs.privateProjects, storeDir, false),
    transparent
  }
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
    const proxy = transparent ? await jobProxy(running, log) : undefined
    return {
      mirror: {
        ...mirrorFromUrl('router', running.url),
        // The summary and the outputs of other mirrors must not tell the way in either.
        displayUrl: running.url.replace(running.secret, '***'),
        private: true,
        ...(proxy ? { proxy } : {})
      },
      run: {
        pid: running.pid,
        statsFile: running.statsFile,
        logFile: running.logFile,
        ...(proxy
          ? { caBundle: proxy.caBundle, statsUrl: running.url.replace(/\/simple$/, '/stats') }
          : {})
      },
      // As the job's proxy the tools see PyPI's URLs, whatever the router's port: no cache misses.
      stablePort: running.stablePort || proxy !== undefined,
      ready: running.ready.then(
        () => {
          log.info(`Router at ${running.url}, over ${names.join(', ')}`)
          if (!running.stablePort && !proxy) log.info(UNSTABLE_PORT_MESSAGE)
          return true
        },
        error => failed(error) ?? false
      ),
      handOver: async (ranking, plan) => {
        // Without a plan the router fetches only what is asked: slower, not wrong.
        const planned = plan.then(known => known && running.prefetch(known)).catch(() => undefined)
        try {
          await running.rank(routerRanking(settings.mirrors, await ranking))
        } catch {
          // Without the ranking the router goes on asking every candidate: slower, not wrong.
        } finally {
          await planned
          running.release()
        }
      }
    }
  } catch (error) {
    return failed(error)
  }
}
