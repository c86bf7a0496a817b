import * as core from '@actions/core'
import { chmod, mkdir, mkdtemp } from 'node:fs/promises'
import path from 'node:path'
import type { Inputs } from '../inputs.js'
import type { PrefetchPlan } from '../prefetch/plan.js'
import { type JobProxy, type Mirror, mirrorFromUrl } from '../mirrors/mirror.js'
import { writeCaBundle } from '../proxy/ca-bundle.js'
import { containerVisiblePath, workspaceDir } from '../runner/runner-env.js'
import { workspaceNeedsProxy } from '../tools/python-tools.js'
import { readWorkspaceTop } from '../tools/workspace-files.js'
import { annotationTitle, errorMessage } from '../format/format.js'
import type { Log } from '../format/log.js'
import { LOOPBACK, type RankedCandidate, routerRanking, routerSettings } from '../router/config.js'
import { routerIndexUrl, routerProxyUrl } from '../router-process/address.js'
import {
  type RouterRun,
  routerEntry,
  type RunningRouter,
  startRouterProcess
} from '../router-process/lifecycle.js'

/** The folder of the CA bundle, under the folder container actions see as their home. */
const CA_BUNDLE_FOLDER_PREFIX = 'pip-mirror-action-'

/** Starting the router must not hold up the job: past this, the job goes direct. */
const ROUTER_START_TIMEOUT_MS = 5000

export const UNSTABLE_PORT_MESSAGE =
  "The router's usual port was taken: its URL differs from earlier jobs', so pip's HTTP and wheel caches miss."

/**
 * Where the job's containers reach the router: its address on Docker's default bridge, or, in a
 * `container:` job, the job container's own address on the job's network.
 */
export interface ContainerAccess {
  /** That address, and the router's port there. */
  host: string
  port: number
  /**
   * The simple index there, with the job's own secret, for `docker build` arguments; undefined
   * in a `container:` job, whose builds (on the default bridge) cannot reach its container.
   */
  indexUrl?: string
  /** The router as a proxy there, with the job's password: for every step and container. */
  proxyUrl: string
}

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
   * Where the job's containers reach it; undefined without Docker, or when no such address
   * could be served. Settled before `handOver` resolves.
   */
  containers: Promise<ContainerAccess | undefined>
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
  const certPem = running.authority
  try {
    if (!certPem) throw new Error('no certificate authority could be made for the job')
    // Where container actions find it too: the runner mounts this folder in them and translates
    // a variable's path under it to the path there.
    const prefix = containerVisiblePath(CA_BUNDLE_FOLDER_PREFIX)
    await mkdir(path.dirname(prefix), { recursive: true })
    const folder = await mkdtemp(prefix)
    await chmod(folder, 0o755)
    const caBundle = path.join(folder, 'ca-bundle.pem')
    // A system trust store that cannot be read leaves the bundle without it: worth a warning,
    // as a company root kept only there is then missing for the job's tools.
    await writeCaBundle(caBundle, certPem, process.env, message =>
      log.warning(message, annotationTitle('trust store'))
    )
    const port = Number(new URL(running.url).port)
    // With the job's password on every system: off Linux the router cannot tell which user a
    // client is, and lets in only a client that sends it.
    return { url: routerProxyUrl(LOOPBACK, port, running.jobSecret), caBundle }
  } catch (error) {
    log.warning(
      `The router is not the job's HTTPS proxy (${errorMessage(error)}): tools get index variables instead, so uv.lock files made against PyPI fail uv sync --locked, and Poetry goes to PyPI around the mirrors.`,
      annotationTitle('router')
    )
    return undefined
  }
}

/**
 * The router on Docker's default bridge too, where Docker runs on this machine: container
 * actions, `docker run` and `docker build` reach it there (in a `container:` job, on the job
 * container's own address). Without Docker, nothing; where no address can be served, a line in
 * the log: the steps on the runner itself are served all the same.
 */
async function serveContainers(
  running: RunningRouter,
  log: Log
): Promise<ContainerAccess | undefined> {
  if (
    !(await running.ready.then(
      () => true,
      () => false
    ))
  )
    return undefined
  const { containerReachableAddresses } = await import('../docker/docker-daemon.js')
  const { bridge, jobContainer } = await containerReachableAddresses()
  const failures: string[] = []
  for (const host of [...bridge, ...jobContainer]) {
    try {
      const port = await running.serveContainers(host)
      log.info(`The job's containers reach the router at ${host}:${port}`)
      return {
        host,
        port,
        ...(bridge.includes(host)
          ? { indexUrl: routerIndexUrl(port, running.jobSecret, host) }
          : {}),
        proxyUrl: routerProxyUrl(host, port, running.jobSecret)
      }
    } catch (error) {
      // Not an address of this machine (a job in a container), or a socket not handed over.
      failures.push(`${host}: ${errorMessage(error)}`)
    }
  }
  if (failures.length > 0)
    log.info(
      `The router does not serve the job's containers (${failures.join('; ')}): container actions and docker builds reach PyPI without it.`
    )
  return undefined
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
    core.setSecret(running.jobSecret)
    const containers = serveContainers(running, log)
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
        stopUrl: running.stopUrl,
        ...(proxy ? { statsUrl: running.url.replace(/\/simple$/, '/stats') } : {})
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
      containers,
      handOver: async (ranking, plan) => {
        // The plan goes as soon as it is read: the router reads the pages and chooses the files
        // while the probe runs, and downloads them once the ranking comes (its downloads would
        // share the link with the probe's samples and blur it). Without a plan the router
        // fetches only what is asked: slower, not wrong.
        const planned = plan.then(known => known && running.prefetch(known)).catch(() => undefined)
        try {
          await running.rank(routerRanking(settings.mirrors, await ranking))
        } catch {
          // Without the ranking the router goes on asking every candidate: slower, not wrong.
        } finally {
          await planned
          await containers
          running.release()
        }
      }
    }
  } catch (error) {
    return failed(error)
  }
}
