import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

export interface StepResult {
  exitCode: number
  log: string
  outputs: Record<string, string>
  env: Record<string, string>
  state: Record<string, string>
  summary: string
}

export interface StepOptions {
  inputs?: Record<string, string>
  env?: NodeJS.ProcessEnv
  /** `STATE_*` values from an earlier main step, for a post step. */
  state?: Record<string, string>
  cwd?: string
  timeoutMs?: number
  /**
   * The process that starts the step: by default this one. The main step takes its parent for
   * the job's process, whose end ends the router; a stand-in runner lets that end be shown.
   */
  runner?: StepRunner
}

/** A step's process as it ended: its exit code, and its stdout and stderr as they came. */
export interface StepProcess {
  exitCode: number
  log: string
}

export interface StepLaunch {
  cwd: string
  env: NodeJS.ProcessEnv
  timeoutMs: number
}

/** Starts a step's process the way a runner does, and waits for its end. */
export interface StepRunner {
  launch(command: string, args: string[], options: StepLaunch): Promise<StepProcess>
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/**
 * Runs a bundled entry point the way a runner runs it: `INPUT_*` variables and the file
 * commands `GITHUB_ENV`, `GITHUB_OUTPUT`, `GITHUB_STATE` and `GITHUB_STEP_SUMMARY`.
 */
export async function runStep(
  entry: 'main' | 'post',
  options: StepOptions = {}
): Promise<StepResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'step-'))
  const files = {
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
    GITHUB_PATH: path.join(dir, 'path')
  }
  await Promise.all(Object.values(files).map(file => writeFile(file, '')))
  const env: NodeJS.ProcessEnv = { RUNNER_TEMP: dir, ...(options.env ?? process.env), ...files }
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value

  const { exitCode, log } = await (options.runner ?? THIS_PROCESS).launch(
    process.execPath,
    [path.join(ROOT, 'dist', entry, 'index.js')],
    { cwd: options.cwd ?? dir, env, timeoutMs: options.timeoutMs ?? 120_000 }
  )

  return {
    exitCode,
    log,
    outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    env: parseFileCommand(await readFile(files.GITHUB_ENV, 'utf8')),
    state: parseFileCommand(await readFile(files.GITHUB_STATE, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
  }
}

/** Steps started as children of this process. */
const THIS_PROCESS: StepRunner = {
  async launch(command, args, { cwd, env, timeoutMs }) {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let log = ''
    child.stdout.on('data', chunk => (log += chunk))
    child.stderr.on('data', chunk => (log += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    const exitCode = await new Promise<number>(resolve =>
      child.on('close', code => resolve(code ?? -1))
    )
    clearTimeout(timer)
    return { exitCode, log }
  }
}

/**
 * The stand-in runner's program: it starts each step it is sent over its IPC channel as its own
 * child and sends back the step's output and exit code. Plain CommonJS for `node -e`.
 */
const STAND_IN_RUNNER = `
const { spawn } = require('node:child_process')
process.on('message', ({ id, command, args, cwd, env, timeoutMs }) => {
  const reply = message => process.send({ id, ...message })
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', text => reply({ text }))
  }
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  child.on('close', code => {
    clearTimeout(timer)
    reply({ exitCode: code ?? -1 })
  })
})
`

interface StandInMessage {
  id: number
  text?: string
  exitCode?: number
}

/** A long-lived process that starts the job's steps, as a runner's worker does. */
export interface StandInRunner extends StepRunner {
  pid: number
  /** Ends the runner, as the runner ends when the job does; resolves once it has exited. */
  end(): Promise<void>
}

/**
 * Starts a stand-in runner: steps run through it (`runStep`'s `runner`) see it, not this
 * process, as the job's process, so that the job can end while this process goes on to watch
 * what outlives it.
 */
export async function startStandInRunner(): Promise<StandInRunner> {
  const child: ChildProcess = spawn(process.execPath, ['-e', STAND_IN_RUNNER], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc']
  })
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject))
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const steps = new Map<number, { log: string; ended: (exitCode: number) => void }>()
  child.on('message', (message: StandInMessage) => {
    const step = steps.get(message.id)
    if (step && message.text !== undefined) step.log += message.text
    if (step && message.exitCode !== undefined) step.ended(message.exitCode)
  })
  // A runner that died takes its steps' results with it: they end as failed.
  void exited.then(() => steps.forEach(step => step.ended(-1)))
  let nextId = 0
  return {
    pid: child.pid ?? -1,
    launch(command, args, options) {
      const id = nextId++
      return new Promise<StepProcess>(resolve => {
        const step = {
          log: '',
          ended: (exitCode: number) => {
            steps.delete(id)
            resolve({ exitCode, log: step.log })
          }
        }
        // A runner that has ended starts nothing: the step fails as it would on a dead runner.
        if (!child.connected) return step.ended(-1)
        steps.set(id, step)
        child.send({ id, command, args, ...options })
      })
    },
    async end() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}

/** Parses `name<<DELIMITER\nvalue\nDELIMITER` blocks; later values win, as on a runner. */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {}
  const lines = text.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[index])
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], index + 1)
      values[heredoc[1]] = lines.slice(index + 1, end).join('\n')
      index = end
    } else if (lines[index].includes('=')) {
      const at = lines[index].indexOf('=')
      values[lines[index].slice(0, at)] = lines[index].slice(at + 1)
    }
  }
  return values
}

/**
 * Ends the router processes main steps started (the pid in their `router` state), as a runner
 * ends a job's processes; those already gone are skipped.
 */
export function endJobProcesses(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Already gone: stopped by a post step, or never started.
    }
  }
}
