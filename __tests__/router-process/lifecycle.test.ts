import { spawn, type StdioOptions } from 'node:child_process'
import { readdir, readFile, writeFile, mkdtemp } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { routerSettings } from '../../src/router/config.js'
import {
  type RunningRouter,
  startRouterProcess,
  stopRouterProcess
} from '../../src/router-process/lifecycle.js'
import { mirrorFromUrl } from '../../src/mirrors/mirror.js'
import { preferredRouterPort } from '../../src/router-process/address.js'
import { parseFileCommand, runStep } from '../../test-support/action-runner.js'
import { type Mirror, mirrorPool } from '../../test-support/mirror-server.js'
import { isolatedPipEnv } from '../../test-support/python.js'
import { getFromPypi } from '../../test-support/proxy-client.js'
import { withProc } from '../../test-support/gates.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * The router process as the action starts it (the bundles in dist/): a supervisor holding the
 * socket and a worker serving on it, replaced when it dies; started with no secrets in its
 * environment, at the same URL job after job, and gone when its job is.
 */

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')
const ROUTER_BUNDLE = path.join(ROOT, 'dist', 'router', 'index.js')
const MAIN_BUNDLE = path.join(ROOT, 'dist', 'main', 'index.js')

const pool = mirrorPool([buildWheel({ name: 'demo-pkg', version: '1.0' })])
let mirror: Mirror
/** Router processes started here: stopped at the end whatever a test left behind. */
const pids: number[] = []

beforeAll(async () => {
  mirror = await pool.start({})
  // This user's cache folder, where the router keeps its secret: a scratch one here.
  process.env.XDG_CACHE_HOME = await scratch('cache')
})

afterAll(async () => {
  for (const pid of pids) signal(pid, 'SIGKILL')
  await pool.closeAll()
})

async function scratch(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `${name}-`))
}

function signal(pid: number, name: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, name)
    return true
  } catch {
    return false
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined) {
  const deadline = Date.now() + 15_000
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/** The router's worker: the supervisor's only child. */
async function childOf(pid: number): Promise<number | undefined> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')
  const [child] = text.trim().split(' ').filter(Boolean).map(Number)
  return child
}

/** A GET on a fresh connection: its status, or the error code of a failed connection. */
function status(url: string): Promise<number | string> {
  return new Promise(resolve => {
    get(url, { agent: false }, response => {
      response.resume()
      resolve(response.statusCode ?? 0)
    }).on('error', error => resolve((error as NodeJS.ErrnoException).code ?? 'error'))
  })
}

async function environ(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/environ`, 'utf8')
}

async function startRouter(): Promise<RunningRouter> {
  const settings = routerSettings(
    [{ mirror: { ...mirrorFromUrl('a', mirror.indexUrl), private: false } }],
    [],
    await scratch('store'),
    true
  )
  const router = await startRouterProcess(ROUTER_BUNDLE, settings, 10_000)
  pids.push(router.pid)
  await router.ready
  router.release()
  return router
}

withProc.describe('the router process', () => {
  it('serves on through the death of its worker, on the same socket, and counts it', async () => {
    const router = await startRouter()
    const page = `${router.url}/demo-pkg/`
    expect(await status(page)).toBe(200)
    const worker = await until('the worker', () => childOf(router.pid))
    signal(worker, 'SIGKILL')
    const killedAt = Date.now()
    // Connections made meanwhile wait in the socket's backlog: none is refused.
    const answers: (number | string)[] = []
    for (let index = 0; index < 10; index++) answers.push(await status(page))
    expect(answers).toEqual(Array(10).fill(200))
    expect(Date.now() - killedAt).toBeLessThan(5000)
    expect(await childOf(router.pid)).not.toBe(worker)
    const { stats } = await stopRouterProcess(router, 5000)
    expect(stats?.restarts).toBe(1)
    expect(await readFile(router.logFile, 'utf8')).toContain(`worker ${worker} died (SIGKILL)`)
    expect(signal(router.pid, 0)).toBe(false)
  })

  it('gives up, and says so in its log, when its workers keep dying', async () => {
    const router = await startRouter()
    const killed = new Set<number>()
    while (signal(router.pid, 0)) {
      const worker = await childOf(router.pid)
      if (worker !== undefined && !killed.has(worker)) {
        killed.add(worker)
        signal(worker, 'SIGKILL')
      }
      await sleep(20)
    }
    expect(killed.size).toBe(6)
    expect(await readFile(router.logFile, 'utf8')).toContain('died 6 times in a row: giving up')
  })
})

describe('stopping the router', () => {
  it('stops through its stop request: it leaves its figures and ends, with no signal sent', async () => {
    const router = await startRouter()
    const kill = jest.spyOn(process, 'kill')
    try {
      const { ending, stats } = await stopRouterProcess(router, 5000)
      expect(ending).toBe('stopped')
      expect(stats).toMatchObject({ restarts: 0, errors: 0 })
      // Signal 0 only checks that the process is there.
      expect(kill.mock.calls.filter(([, name]) => name !== 0)).toEqual([])
    } finally {
      kill.mockRestore()
    }
    expect(signal(router.pid, 0)).toBe(false)
    expect(JSON.parse(await readFile(router.statsFile, 'utf8'))).toMatchObject({ restarts: 0 })
  })

  it('refuses a stop with any other secret, and serves on', async () => {
    const router = await startRouter()
    const stopWith = async (secret: string) =>
      (await fetch(router.stopUrl.replace(router.jobSecret, secret), { method: 'POST' })).status
    // The secret kept across jobs is not enough: another job's router has it too.
    expect(await stopWith(router.secret)).toBe(404)
    expect(await stopWith('A'.repeat(router.jobSecret.length))).toBe(404)
    await sleep(500)
    expect(signal(router.pid, 0)).toBe(true)
    expect(await status(`${router.url}/demo-pkg/`)).toBe(200)
    expect((await stopRouterProcess(router, 5000)).ending).toBe('stopped')
  })

  withProc.it(
    'ends a router that does not end in time by a signal, once its process is confirmed its own',
    async () => {
      const router = await startRouter()
      const worker = await until('the worker', () => childOf(router.pid))
      // A hung supervisor: its worker takes the stop request, and no one acts on it.
      signal(router.pid, 'SIGSTOP')
      const { ending, stats } = await stopRouterProcess(router, 1000)
      expect(ending).toBe('signalled')
      expect(stats).toBeUndefined()
      await until('the router to end', () =>
        signal(router.pid, 0) || signal(worker, 0) ? undefined : true
      )
    }
  )

  withProc.it('never signals a process that is not the router, whatever its pid', async () => {
    const other = spawn('sleep', ['30'])
    const dir = await scratch('run')
    const run = {
      pid: other.pid as number,
      statsFile: path.join(dir, 'stats.json'),
      logFile: path.join(dir, 'router.log'),
      // Nothing listens there: the router the pid belonged to is gone.
      stopUrl: `http://127.0.0.1:9/${'x'.repeat(32)}/stop`
    }
    try {
      expect(await stopRouterProcess(run, 500)).toEqual({ ending: 'unconfirmed' })
      await sleep(200)
      expect(signal(run.pid, 0)).toBe(true)
    } finally {
      other.kill('SIGKILL')
    }
  })
})

withProc.describe('the router the bundled main step starts', () => {
  const repository = `owner/repo-${process.pid}`
  const inputs = (workspace: string) => ({
    mirrors: `a=http://ci:pa55word@${new URL(mirror.indexUrl).host}${new URL(mirror.indexUrl).pathname}`,
    'probe-project': 'demo-pkg',
    cache: 'false',
    workspace
  })
  const job = async (env: NodeJS.ProcessEnv = {}, extra: Record<string, string> = {}) => {
    const workspace = await scratch('workspace')
    const step = await runStep('main', {
      cwd: workspace,
      env: {
        ...isolatedPipEnv(),
        GITHUB_WORKSPACE: workspace,
        GITHUB_REPOSITORY: repository,
        ACTIONS_RUNTIME_TOKEN: 'runtime-t0ken',
        RUNNER_TRACKING_ID: 'github_tracking',
        ...env
      },
      inputs: { ...inputs(workspace), ...extra }
    })
    expect(step.exitCode).toBe(0)
    const run = JSON.parse(step.state.router) as { pid: number; statsFile: string; logFile: string }
    pids.push(run.pid)
    return { step, run, url: step.outputs['router-url'] }
  }
  /**
   * The post step, then the job's end: as the job's HTTPS proxy the router outlives post (other
   * actions' post steps use it) until the runner ends the job's processes.
   */
  const post = async (state: Record<string, string>) => {
    const result = await runStep('post', {
      state,
      env: { ...isolatedPipEnv(), GITHUB_REPOSITORY: repository }
    })
    const { pid } = JSON.parse(state.router) as { pid: number }
    signal(pid, 'SIGTERM')
    await until('the end of the router', () => (signal(pid, 0) ? undefined : true))
    return result
  }

  it('keeps no secret in its processes, and deletes the config it read them from', async () => {
    const { step, run } = await job()
    const worker = await until('the worker', () => childOf(run.pid))
    for (const pid of [run.pid, worker]) {
      const env = await environ(pid)
      expect(env).not.toContain('ACTIONS_RUNTIME_TOKEN')
      expect(env).not.toContain('INPUT_')
      expect(env).not.toContain('pa55word')
      expect(env).toContain('RUNNER_TRACKING_ID=github_tracking')
      expect(await readFile(`/proc/${pid}/cmdline`, 'utf8')).not.toContain('pa55word')
    }
    expect(await readdir(path.dirname(run.statsFile))).not.toContain('config.json')
    expect((await post(step.state)).exitCode).toBe(0)
  })

  it('keeps its URL from job to job, says when it cannot, and shows its log in post', async () => {
    const first = await job()
    const url = /^http:\/\/127\.0\.0\.1:(\d+)\/([A-Za-z0-9_-]{22,})\/simple$/.exec(first.url)
    expect(url).not.toBeNull()
    expect(Number(url?.[1])).toBe(preferredRouterPort(`${process.getuid?.()}\n${repository}`))
    // A second job while the first one's router still holds the port.
    // As the job's proxy another port costs nothing: tools see PyPI's URLs.
    const proxied = await job()
    expect(proxied.url).not.toBe(first.url)
    expect(proxied.step.log).not.toContain("The router's usual port was taken")
    expect((await post(proxied.step.state)).exitCode).toBe(0)
    // With index variables the URL is what pip's caches are keyed by: the log says it moved.
    const second = await job({}, { transparent: 'false' })
    expect(second.url).not.toBe(first.url)
    expect(second.step.log).toContain("The router's usual port was taken")
    expect((await post(second.step.state)).exitCode).toBe(0)
    // The first router's worker dies: post names it, from the router's log.
    signal(await until('the worker', () => childOf(first.run.pid)), 'SIGKILL')
    await until(
      'the restart',
      async () =>
        (await readFile(first.run.logFile, 'utf8').catch(() => '')).includes('died') || undefined
    )
    // The new worker answers for PyPI behind the same authority: the bundle the job got holds.
    const bundle = await readFile(first.step.env.SSL_CERT_FILE, 'utf8')
    const port = Number(new URL(first.url).port)
    expect(await getFromPypi(port, bundle, '/simple/demo-pkg/')).toMatch(/^HTTP\/1\.1 200/)
    const firstPost = await post(first.step.state)
    expect(firstPost.exitCode).toBe(0)
    expect(firstPost.log).toMatch(/::warning.*The router's log .* ends:.*died \(SIGKILL\)/s)
    // The next job gets the first one's URL again: pip's caches keyed by it hit.
    const third = await job()
    expect(third.url).toBe(first.url)
    expect((await post(third.step.state)).exitCode).toBe(0)
  })
})

/** The bundled main step run as `command` in a shell, the way a runner or a wrapper runs it. */
async function mainStepInShell(script: string, stdio: StdioOptions) {
  const dir = await scratch('step')
  const files = Object.fromEntries(
    ['GITHUB_ENV', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'GITHUB_PATH'].map(
      name => [name, path.join(dir, name)]
    )
  )
  await Promise.all(Object.values(files).map(file => writeFile(file, '')))
  const env: NodeJS.ProcessEnv = { ...isolatedPipEnv(), ...files, RUNNER_TEMP: dir }
  env.GITHUB_WORKSPACE = dir
  env.INPUT_MIRRORS = `a=${mirror.indexUrl}`
  env['INPUT_PROBE-PROJECT'] = 'demo-pkg'
  env.INPUT_CACHE = 'false'
  const shell = spawn('sh', ['-c', script, 'sh', process.execPath, MAIN_BUNDLE], {
    cwd: dir,
    env,
    stdio
  })
  const routerPid = async () => {
    const state = parseFileCommand(await readFile(files.GITHUB_STATE, 'utf8'))
    return state.router ? (JSON.parse(state.router) as { pid: number }).pid : undefined
  }
  return { shell, routerPid }
}

withProc.describe('a router whose job ends', () => {
  it('ends with the process that started the job steps, even with no post step', async () => {
    // The shell stands for the runner: it starts the main step, then waits for nothing.
    const { shell, routerPid } = await mainStepInShell(
      '"$1" "$2" >/dev/null; exec sleep 300',
      'ignore'
    )
    const pid = await until('the router', routerPid)
    pids.push(pid)
    const worker = await until('the worker', () => childOf(pid))
    await sleep(1500)
    expect(signal(pid, 0)).toBe(true)
    const killedAt = Date.now()
    shell.kill('SIGKILL')
    await until('the router to end', () => (signal(pid, 0) || signal(worker, 0) ? undefined : true))
    expect(Date.now() - killedAt).toBeLessThan(5000)
  })

  it('keeps no descriptor of the step that started it open', async () => {
    // A wrapper reading the step's output through process substitution: a pipe at fd 63.
    const stdio: StdioOptions = ['ignore', 'ignore', 'ignore', ...Array(60).fill('ignore'), 'pipe']
    const { shell, routerPid } = await mainStepInShell('exec "$1" "$2"', stdio)
    const wrapper = (shell.stdio as (Readable | null)[])[63]
    if (!wrapper) throw new Error('no pipe at fd 63')
    const ended = new Promise(resolve => wrapper.on('close', resolve).resume())
    await new Promise(resolve => shell.once('exit', resolve))
    const pid = await until('the router', routerPid)
    pids.push(pid)
    // Unref'd: the wait must not hold the test run open once the output has ended.
    const timeout = delay(5000, 'timed out', { ref: false })
    expect(await Promise.race([ended.then(() => 'end of output'), timeout])).toBe('end of output')
    expect(signal(pid, 0)).toBe(true)
  })
})
