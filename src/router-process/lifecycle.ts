import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { type AddressInfo, createServer, type Server } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { withTimeout } from '../runner/deadline.js'
import { runnerTempPath } from '../runner/runner-env.js'
import {
  authorityLifetimeMs,
  createJobAuthority,
  type KeyedCertificate
} from '../proxy/authority.js'
import {
  containersMessage,
  isReadyMessage,
  listenMessage,
  LOOPBACK,
  prefetchMessage,
  rankMessage,
  type RouterConfig,
  type RouterRanking,
  type RouterSettings
} from '../router/config.js'
import { jobProcess } from './job-watch.js'
import { INTERCEPTED_HOSTS, STOP_AREA } from '../router/request.js'
import { actionCacheDir, preferredRouterPort, routerIndexUrl, routerPortKey } from './address.js'
import { routerEnvironment } from './environment.js'
import { loadRouterSecret, newSecret } from './secret.js'
import type { RouterStats } from '../router/router-service.js'
import { RouterMode, type SupervisedStats } from './supervision.js'
import { processCommandLine, processExists } from './process-probe.js'
import { isRouterCommandLine } from './process-system.js'
import type { PrefetchPlan } from '../prefetch/plan.js'

/** What the post step needs to stop a router, read its figures and show its log. */
export interface RouterRun {
  pid: number
  statsFile: string
  logFile: string
  /**
   * Where the post step asks the router to stop (`POST`), with the job's secret: it leaves its
   * figures in `statsFile` and ends, on every system (a signal would end it at once on Windows).
   */
  stopUrl: string
  /**
   * Set when the router is the job's HTTPS proxy: where its figures are read while it goes on
   * serving the later post steps of other actions until the job ends.
   */
  statsUrl?: string
}

export interface RunningRouter extends RouterRun {
  /** The simple index the tools are pointed at: `http://127.0.0.1:PORT/SECRET/simple`. */
  url: string
  /** The URL's secret path segment: only this user's jobs know it. */
  secret: string
  /** This job's own secret: the proxy password, and the path segment on a Docker network. */
  jobSecret: string
  /**
   * False when the port this runner's routers use was taken: the URL differs from earlier jobs',
   * so pip's HTTP and wheel caches, keyed by URL, miss.
   */
  stablePort: boolean
  /**
   * Resolves once the router answers its health check; rejects (after stopping it) when it does
   * not within the start timeout. Its port accepts connections before that: they wait.
   */
  ready: Promise<void>
  /**
   * The job authority's certificate (transparent mode only: made here, at once, and handed to
   * the router with its socket); undefined when it is not one or none could be made.
   */
  authority?: string
  /** Hands the router the probe's ranking; resolves once it is sent (or cannot be). */
  rank(ranking: RouterRanking): Promise<void>
  /** Hands the router what the job will need, to fetch ahead; resolves once it is sent. */
  prefetch(plan: PrefetchPlan): Promise<void>
  /**
   * Opens a socket on `host` (a Docker network's host-side address), on the router's port where
   * it is free there, and hands it to the router, which serves the job's containers on it.
   * Resolves with the port; rejects when no socket could be opened or handed over.
   */
  serveContainers(host: string): Promise<number>
  /** Lets go of the router once it is ready, so that this process can end while it serves on. */
  release(): void
}

/** The router's bundle, beside the action's own: `dist/router/index.js`. */
export function routerEntry(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'router', 'index.js')
}

const CONFIG_DIR_PREFIX = 'pip-mirror-router-'
const CONFIG_FILE = 'config.json'

/**
 * The config a router was started with, in the folder made for it alone, beside its figures: its
 * command line names it, which tells that router from any other process.
 */
function routerConfigFile(statsFile: string): string {
  return path.join(path.dirname(statsFile), CONFIG_FILE)
}

/**
 * Starts the router as a detached process that outlives the step. The listening socket is
 * opened here, on 127.0.0.1, and handed to the router: its URL is known at once, and a client
 * that connects while the router process is still loading waits in the socket's backlog
 * instead of being refused, so the install need not wait for the router's start-up. The router
 * gets none of this step's environment but what it needs (environment.ts), and is told which
 * process started the job's steps, so that it ends with the job.
 */
export async function startRouterProcess(
  entry: string,
  settings: Omit<RouterSettings, 'secret' | 'jobSecret'>,
  timeoutMs: number
): Promise<RunningRouter> {
  const dir = await mkdtemp(runnerTempPath(CONFIG_DIR_PREFIX))
  const statsFile = path.join(dir, 'stats.json')
  const logFile = path.join(dir, 'router.log')
  const configFile = routerConfigFile(statsFile)
  const secret = await loadRouterSecret(actionCacheDir(process.env, os.homedir()))
  const jobSecret = newSecret()
  const job = await jobProcess()
  const config: RouterConfig = {
    ...settings,
    secret,
    jobSecret,
    statsFile,
    logFile,
    ...(job ? { job } : {})
  }
  // The config carries index credentials: readable by this user only, deleted once read.
  await writeFile(configFile, JSON.stringify(config), { mode: 0o600 })
  const { socket, stablePort } = await openRouterSocket(stableRouterPort(), LOOPBACK)
  const { port } = socket.address() as AddressInfo
  // An IPC channel (fd 3) carries the ready signal and the ranking; release() closes it. The
  // socket goes down as the router's descriptor INHERITED_SOCKET_FD where it has one (not on
  // Windows), else over the channel.
  const fd = listeningDescriptor(socket)
  const child = spawn(process.execPath, [entry, RouterMode.Supervisor, configFile], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc', ...(fd === undefined ? [] : [fd])],
    env: routerEnvironment(process.env)
  })
  child.unref()
  const release = (): void => {
    if (child.connected) child.disconnect()
  }
  const send = (message: object): Promise<void> =>
    new Promise<void>(resolve => {
      if (!child.connected) return resolve()
      child.send(message, () => resolve())
    })
  // Through the child's own handle: its pid cannot name another process meanwhile.
  const stop = (): void => {
    release()
    child.kill('SIGTERM')
  }
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject)
    child.once('exit', code => reject(new Error(`the router process exited (code ${code})`)))
  })
  exited.catch(() => undefined)
  const signalled = new Promise<void>(resolve =>
    child.on('message', message => {
      if (isReadyMessage(message)) resolve()
    })
  )
  // Made here rather than by the router, whose start would hold up the job's bundle, and so the
  // install, by the time its Node takes to load.
  const authority = settings.transparent ? jobAuthority() : undefined
  // The raw handle, not the server: a server sent over IPC is listened on by the receiver, while
  // the supervisor must only hold the socket for the workers it starts. (Node's types know only
  // servers and sockets as handles.)
  const handedOver = new Promise<void>((resolve, reject) => {
    const sent = (error: Error | null): void => (error ? reject(error) : resolve())
    if (fd === undefined)
      child.send(listenMessage(authority), listeningHandle(socket) as Server, sent)
    else child.send(listenMessage(authority, true), sent)
  })
  // The router holds its own copy now (an inherited one since spawn returned; a handle once its
  // Node has taken it): this process must not accept its connections.
  if (fd === undefined) await handedOver.catch(() => undefined).finally(() => socket.close())
  else socket.close()
  const pid = child.pid
  if (pid === undefined) {
    stop()
    throw new Error('the router process could not be started')
  }
  const ready = withTimeout(
    Promise.race([handedOver.then(() => signalled).then(() => healthy(port)), exited]),
    timeoutMs,
    `the router did not answer within ${timeoutMs} ms`
  ).catch((error: unknown) => {
    stop()
    throw error
  })
  ready.catch(() => undefined)
  const serveContainers = async (host: string): Promise<number> => {
    const opened = await openRouterSocket(port, host)
    try {
      await new Promise<void>((resolve, reject) => {
        if (!child.connected) return reject(new Error('the router is no longer listening'))
        child.send(containersMessage(host), listeningHandle(opened.socket) as Server, error =>
          error ? reject(error) : resolve()
        )
      })
      return (opened.socket.address() as AddressInfo).port
    } finally {
      opened.socket.close()
    }
  }
  return {
    url: routerIndexUrl(port, secret),
    secret,
    jobSecret,
    stablePort,
    pid,
    statsFile,
    logFile,
    stopUrl: `http://${LOOPBACK}:${port}/${jobSecret}/${STOP_AREA}`,
    ready,
    ...(authority ? { authority: authority.certPem } : {}),
    rank: ranking => send(rankMessage(ranking)),
    prefetch: plan => send(prefetchMessage(plan)),
    serveContainers,
    // Not before the router has the socket: a channel closed under a handle in flight loses it.
    release: () => void ready.then(release, release)
  }
}

/** The job's authority, for PyPI's hosts only; undefined where it cannot be made. */
function jobAuthority(): KeyedCertificate | undefined {
  try {
    return createJobAuthority(INTERCEPTED_HOSTS, authorityLifetimeMs(process.env))
  } catch {
    return undefined
  }
}

/** The port this runner's routers use for this repository, so that URLs stay the same. */
export function stableRouterPort(): number {
  const user = String(process.getuid?.() ?? os.userInfo().username)
  return preferredRouterPort(routerPortKey(user, process.env, process.cwd()))
}

/**
 * A listening socket on `host` (127.0.0.1, or a Docker network's host-side address: never a
 * public interface), on `preferred` when it is free, else on a port the system picks.
 */
export async function openRouterSocket(
  preferred: number,
  host: string
): Promise<{ socket: Server; stablePort: boolean }> {
  const listen = (port: number): Promise<Server> =>
    new Promise((resolve, reject) => {
      const socket = createServer()
      socket.once('error', reject).listen(port, host, () => resolve(socket))
    })
  try {
    return { socket: await listen(preferred), stablePort: true }
  } catch {
    return { socket: await listen(0), stablePort: false }
  }
}

/**
 * The socket's own handle: Node sends it over IPC as it is (a `net.Native` handle), and a server
 * given it to listen on takes over its connections.
 */
export function listeningHandle(socket: Server): object {
  return (socket as unknown as { _handle: object })._handle
}

/** The socket's file descriptor, where the system has them (not Windows); else undefined. */
function listeningDescriptor(socket: Server): number | undefined {
  const fd = (listeningHandle(socket) as { fd?: unknown }).fd
  return typeof fd === 'number' && fd >= 0 ? fd : undefined
}

/** How the post step's stop of the router went. */
export type RouterEnding =
  /** It answered the stop request, left its figures and ended. */
  | 'stopped'
  /** It had ended already. */
  | 'gone'
  /** It did not end in time, and was ended by a signal once its process was confirmed its own. */
  | 'signalled'
  /**
   * It did not end in time, and its pid could not be confirmed to be the router's (the process
   * gave no command line, or another one): it is left alone, since the pid may be another's now.
   */
  | 'unconfirmed'

/** After SIGTERM, how long the supervisor has to leave its figures before SIGKILL. */
const SIGNAL_GRACE_MS = 2000

/**
 * Stops the router through its stop request, and returns how it went with the figures it left
 * (none when it had ended already, or had to be ended by a signal on Windows). A signal is the
 * last resort, for a router that does not end within `timeoutMs`: only once its pid is confirmed
 * to be this router's, since the system may have given a pid that ended to another process.
 */
export async function stopRouterProcess(
  run: RouterRun,
  timeoutMs: number
): Promise<{ ending: RouterEnding; stats?: SupervisedStats }> {
  const ending = await endRouter(run, Date.now() + timeoutMs)
  try {
    const stats = JSON.parse(await readFile(run.statsFile, 'utf8')) as SupervisedStats
    return { ending, stats }
  } catch {
    return { ending }
  }
}

async function endRouter(run: RouterRun, deadline: number): Promise<RouterEnding> {
  if (!processExists(run.pid)) return 'gone'
  if ((await askToStop(run.stopUrl, deadline)) && (await endedBy(run.pid, deadline)))
    return 'stopped'
  if (!(await isRouter(run))) return processExists(run.pid) ? 'unconfirmed' : 'gone'
  // On Linux and macOS the supervisor still leaves its figures on SIGTERM; Windows ends it at once.
  signal(run.pid, 'SIGTERM')
  if (!(await endedBy(run.pid, Date.now() + SIGNAL_GRACE_MS))) signal(run.pid, 'SIGKILL')
  return 'signalled'
}

/** Whether the router took the stop request (202) before `deadline`. */
async function askToStop(stopUrl: string, deadline: number): Promise<boolean> {
  try {
    const response = await fetch(stopUrl, {
      method: 'POST',
      signal: AbortSignal.timeout(Math.max(deadline - Date.now(), 1))
    })
    await response.body?.cancel()
    return response.status === 202
  } catch {
    return false
  }
}

/** Whether `pid` has ended by `deadline`. */
async function endedBy(pid: number, deadline: number): Promise<boolean> {
  while (processExists(pid)) {
    if (Date.now() >= deadline) return false
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return true
}

/**
 * The post step of a job whose HTTPS goes through the router: its figures so far. The router
 * itself is left to serve the post steps of other actions that run after this one with the same
 * proxy and CA settings (a cache save, a pip run); it ends with the job, and the runner empties
 * its temp folder, the CA bundle's, after the job.
 */
export async function jobProxyFigures(
  statsUrl: string,
  timeoutMs: number
): Promise<RouterStats | undefined> {
  try {
    const response = await fetch(statsUrl, { signal: AbortSignal.timeout(timeoutMs) })
    return response.ok ? ((await response.json()) as RouterStats) : undefined
  } catch {
    return undefined
  }
}

/** The router's answer to `/health`, over the handed-over socket. */
function healthy(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = request({ host: LOOPBACK, port, path: '/health' }, response => {
      response.resume()
      if (response.statusCode === 200) resolve()
      else reject(new Error(`the router answered ${response.statusCode} to its health check`))
    })
    probe.on('error', reject)
    probe.end()
  })
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // Already gone.
  }
}

/**
 * Whether `run.pid` is still the router the main step started: its command line names the
 * router's own config (Linux /proc, macOS ps, Windows CIM). When it cannot be read, no.
 */
async function isRouter(run: RouterRun): Promise<boolean> {
  return isRouterCommandLine(await processCommandLine(run.pid), routerConfigFile(run.statsFile))
}
