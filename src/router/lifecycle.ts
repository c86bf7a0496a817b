import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { type AddressInfo, createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { withTimeout } from '../runner/deadline.js'
import { runnerTempPath } from '../runner/runner-env.js'
import {
  isReadyMessage,
  listenMessage,
  LOOPBACK,
  rankMessage,
  type RouterRanking,
  type RouterSettings
} from './config.js'
import type { RouterStats } from './server.js'

/** What the post step needs to stop a router and read its figures. */
export interface RouterRun {
  pid: number
  statsFile: string
}

export interface RunningRouter extends RouterRun {
  /** The simple index the tools are pointed at: `http://127.0.0.1:PORT/simple`. */
  url: string
  /**
   * Resolves once the router answers its health check; rejects (after stopping it) when it does
   * not within the start timeout. Its port accepts connections before that: they wait.
   */
  ready: Promise<void>
  /** Hands the router the probe's ranking; resolves once it is sent (or cannot be). */
  rank(ranking: RouterRanking): Promise<void>
  /** Lets go of the router once it is ready, so that this process can end while it serves on. */
  release(): void
}

/** The router's bundle, beside the action's own: `dist/router/index.js`. */
export function routerEntry(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'router', 'index.js')
}

const CONFIG_DIR_PREFIX = 'pip-mirror-router-'

/**
 * Starts the router as a detached process that outlives the step. The listening socket is
 * opened here, on 127.0.0.1, and handed to the router: its URL is known at once, and a client
 * that connects while the router process is still loading waits in the socket's backlog
 * instead of being refused, so the install need not wait for the router's start-up.
 */
export async function startRouterProcess(
  entry: string,
  config: RouterSettings,
  timeoutMs: number
): Promise<RunningRouter> {
  const dir = await mkdtemp(runnerTempPath(CONFIG_DIR_PREFIX))
  const statsFile = path.join(dir, 'stats.json')
  const configFile = path.join(dir, 'config.json')
  // The config carries index credentials: readable by this user only.
  await writeFile(configFile, JSON.stringify({ ...config, statsFile }), { mode: 0o600 })
  const socket = createServer()
  // Loopback only: the router is never reachable from another host.
  await new Promise<void>((resolve, reject) =>
    socket.once('error', reject).listen(0, LOOPBACK, resolve)
  )
  const { port } = socket.address() as AddressInfo
  // An IPC channel carries the socket, the ready signal and the ranking; release() closes it.
  const child = spawn(process.execPath, [entry, configFile], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc']
  })
  child.unref()
  const release = (): void => {
    if (child.connected) child.disconnect()
  }
  const stop = (): void => {
    release()
    if (child.pid !== undefined) stopProcess(child.pid)
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
  const handedOver = new Promise<void>((resolve, reject) =>
    child.send(listenMessage(), socket, error => (error ? reject(error) : resolve()))
  )
  // The router holds its own copy now; this process must not accept its connections.
  await handedOver.catch(() => undefined).finally(() => socket.close())
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
  return {
    url: `http://${LOOPBACK}:${port}/simple`,
    pid,
    statsFile,
    ready,
    rank: ranking =>
      new Promise<void>(resolve => {
        if (!child.connected) return resolve()
        child.send(rankMessage(ranking), () => resolve())
      }),
    // Not before the router has the socket: a channel closed under a handle in flight loses it.
    release: () => void ready.then(release, release)
  }
}

/** Stops the router and returns its figures; undefined when it left none. */
export async function stopRouterProcess(
  pid: number,
  statsFile: string,
  timeoutMs: number
): Promise<RouterStats | undefined> {
  if (await isRouter(pid)) {
    stopProcess(pid)
    const until = Date.now() + timeoutMs
    while (alive(pid) && Date.now() < until) await new Promise(resolve => setTimeout(resolve, 20))
    if (alive(pid)) process.kill(pid, 'SIGKILL')
  }
  try {
    return JSON.parse(await readFile(statsFile, 'utf8')) as RouterStats
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

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

function stopProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    // Already gone.
  }
}

/**
 * A pid from an earlier step may have been reused by another process: on Linux, only a process
 * started with a router config is stopped.
 */
async function isRouter(pid: number): Promise<boolean> {
  if (!alive(pid)) return false
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined)
  return cmdline === undefined || cmdline.includes(CONFIG_DIR_PREFIX)
}
