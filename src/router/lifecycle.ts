import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { runnerTempPath } from '../runner/runner-env.js'
import type { RouterSettings } from './config.js'
import type { RouterStats } from './server.js'

/** What the post step needs to stop a router and read its figures. */
export interface RouterRun {
  pid: number
  statsFile: string
}

export interface RunningRouter extends RouterRun {
  /** The simple index the tools are pointed at: `http://127.0.0.1:PORT/simple`. */
  url: string
}

/** The router's bundle, beside the action's own: `dist/router/index.js`. */
export function routerEntry(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'router', 'index.js')
}

const READY_POLL_MS = 10
const CONFIG_DIR_PREFIX = 'pip-mirror-router-'

/**
 * Starts the router as a detached process that outlives the step, and waits until it answers
 * its health check. Throws when it does not start within `timeoutMs`, after stopping it.
 */
export async function startRouterProcess(
  entry: string,
  config: RouterSettings,
  timeoutMs: number
): Promise<RunningRouter> {
  const dir = await mkdtemp(runnerTempPath(CONFIG_DIR_PREFIX))
  const files = {
    readyFile: path.join(dir, 'ready.json'),
    statsFile: path.join(dir, 'stats.json')
  }
  const configFile = path.join(dir, 'config.json')
  // The config carries index credentials: readable by this user only.
  await writeFile(configFile, JSON.stringify({ ...config, ...files }), { mode: 0o600 })
  const child = spawn(process.execPath, [entry, configFile], { detached: true, stdio: 'ignore' })
  child.unref()
  const pid = child.pid
  if (pid === undefined) throw new Error('the router process could not be started')
  const until = Date.now() + timeoutMs
  try {
    for (;;) {
      const port = await readPort(files.readyFile)
      if (port !== undefined && (await healthy(port, until - Date.now()))) {
        return { url: `http://127.0.0.1:${port}/simple`, pid, statsFile: files.statsFile }
      }
      if (Date.now() >= until) throw new Error(`the router did not answer within ${timeoutMs} ms`)
      await new Promise(resolve => setTimeout(resolve, READY_POLL_MS))
    }
  } catch (error) {
    stopProcess(pid)
    throw error
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

async function readPort(file: string): Promise<number | undefined> {
  try {
    const { port } = JSON.parse(await readFile(file, 'utf8')) as { port?: unknown }
    return typeof port === 'number' ? port : undefined
  } catch {
    return undefined
  }
}

function healthy(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise(resolve => {
    const probe = request(
      { host: '127.0.0.1', port, path: '/health', timeout: Math.max(timeoutMs, 1) },
      response => {
        response.resume()
        resolve(response.statusCode === 200)
      }
    )
    probe.on('timeout', () => probe.destroy())
    probe.on('error', () => resolve(false))
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
