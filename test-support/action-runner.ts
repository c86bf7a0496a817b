import { spawn } from 'node:child_process'
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

  const child = spawn(process.execPath, [path.join(ROOT, 'dist', entry, 'index.js')], {
    cwd: options.cwd ?? dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let log = ''
  child.stdout.on('data', chunk => (log += chunk))
  child.stderr.on('data', chunk => (log += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000)
  const exitCode = await new Promise<number>(resolve =>
    child.on('close', code => resolve(code ?? -1))
  )
  clearTimeout(timer)

  return {
    exitCode,
    log,
    outputs: parseFileCommand(await readFile(files.GITHUB_OUTPUT, 'utf8')),
    env: parseFileCommand(await readFile(files.GITHUB_ENV, 'utf8')),
    state: parseFileCommand(await readFile(files.GITHUB_STATE, 'utf8')),
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
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
