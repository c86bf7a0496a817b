// Runs real pip for tests: fresh pip-less venvs driven by the base interpreter's pip through
// `--python`, in an environment stripped of the host's pip configuration.
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, open, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const execFileAsync = promisify(execFile)

/** The base interpreter whose pip drives every venv. */
export const PYTHON = process.env.TEST_PYTHON ?? 'python3'

/**
 * A copy of `base` without any `PIP_*` variable, with pip's config files, version check,
 * prompts and colours turned off. The host's find-links, timeouts, certificates and
 * extra-index-url must not leak into tests (a GitHub runner has none of them).
 */
export function isolatedPipEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(base)) {
    if (!key.toUpperCase().startsWith('PIP_')) env[key] = value
  }
  env.PIP_CONFIG_FILE = '/dev/null'
  env.PIP_DISABLE_PIP_VERSION_CHECK = '1'
  env.PIP_NO_INPUT = '1'
  env.PIP_NO_COLOR = '1'
  return env
}

/** The interpreter inside a venv directory. */
export function venvPythonPath(dir: string): string {
  return process.platform === 'win32'
    ? join(dir, 'Scripts', 'python.exe')
    : join(dir, 'bin', 'python')
}

/** Create an empty venv (no pip, so it takes well under a second) and return its python. */
export async function createVenv(dir: string): Promise<string> {
  await execFileAsync(PYTHON, ['-m', 'venv', '--without-pip', dir])
  return venvPythonPath(dir)
}

/** Quote one argument for bash: wrap in single quotes, escaping embedded single quotes. */
export function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`
}

/** The argv of `python3 -m pip --python <venv> install ...args`. */
export function pipInstallArgv(venvPython: string, args: string[]): string[] {
  return [PYTHON, '-m', 'pip', '--python', venvPython, 'install', ...args]
}

/** The same command as one bash-safe string, every argument single-quoted. */
export function pipInstallCommand(venvPython: string, args: string[]): string {
  return pipInstallArgv(venvPython, args).map(shellQuote).join(' ')
}

export interface PipRun {
  exitCode: number
  /** stdout and stderr interleaved as a terminal would show them. */
  output: string
}

/**
 * Run `pip install` for a venv with an isolated environment (plus `env`), capturing stdout and
 * stderr into one stream. Both go to the same file descriptor, so their order is preserved.
 */
export async function runPipInstall(
  venvPython: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}
): Promise<PipRun> {
  const [command = PYTHON, ...argv] = pipInstallArgv(venvPython, args)
  const dir = await mkdtemp(join(tmpdir(), 'pip-output-'))
  const logPath = join(dir, 'output.txt')
  const log = await open(logPath, 'w')
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(command, argv, {
        cwd: options.cwd,
        env: { ...isolatedPipEnv(), ...options.env },
        stdio: ['ignore', log.fd, log.fd]
      })
      child.on('error', reject)
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
    })
    return { exitCode, output: await readFile(logPath, 'utf8') }
  } finally {
    await log.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** The installed version of a distribution in a venv, or undefined when it is not installed. */
export async function installedVersion(
  venvPython: string,
  name: string
): Promise<string | undefined> {
  const script = [
    'import sys, importlib.metadata as md',
    'try:',
    '    print(md.version(sys.argv[1]))',
    'except md.PackageNotFoundError:',
    '    pass'
  ].join('\n')
  const { stdout } = await execFileAsync(venvPython, ['-c', script, name])
  return stdout.trim() || undefined
}
