// Runs real pip for tests: fresh pip-less venvs driven by the base interpreter's pip through
// `--python`, or by one of the pips and uvs that scripts/setup-test-tools.sh installs, in an
// environment stripped of the host's pip and uv configuration.
import { execFile, spawn } from 'node:child_process'
import { access, mkdtemp, open, readFile, rm } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
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
  return runCaptured(command, argv, { ...isolatedPipEnv(), ...options.env }, options.cwd)
}

async function runCaptured(
  command: string,
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd: string | undefined
): Promise<PipRun> {
  const dir = await mkdtemp(join(tmpdir(), 'pip-output-'))
  const logPath = join(dir, 'output.txt')
  const log = await open(logPath, 'w')
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(command, argv, { cwd, env, stdio: ['ignore', log.fd, log.fd] })
      child.on('error', reject)
      child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
    })
    return { exitCode, output: await readFile(logPath, 'utf8') }
  } finally {
    await log.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** Where scripts/setup-test-tools.sh installs the tools (the same default as the script). */
export const TOOLS_DIR =
  process.env.PIP_MIRROR_ACTION_TOOLS ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'pip-mirror-action-test')

/** A pip or uv installed by scripts/setup-test-tools.sh. */
export interface Tool {
  /** `pip-23.2.1` or `uv-0.13.9`: the tool's folder and its fixture folder. */
  name: string
  kind: 'pip' | 'uv'
  version: string
  /** The interpreter that runs it and that its venvs are made from. */
  python: string
}

/** A tool by name; throws, saying how to install it, when setup-test-tools.sh has not run. */
export async function findTool(name: string): Promise<Tool> {
  const match = /^(pip|uv)-(.+)$/.exec(name)
  if (!match) throw new Error(`not a tool name: ${name}`)
  const [, kind, version = ''] = match
  const dir = join(TOOLS_DIR, name)
  try {
    await access(join(dir, `${kind}-${version}.dist-info`))
  } catch {
    throw new Error(`${name} is not installed in ${TOOLS_DIR}: run scripts/setup-test-tools.sh`)
  }
  return { name, kind: kind as Tool['kind'], version, python: join(dir, 'python') }
}

/** The `uv` executable of a uv installed by setup-test-tools.sh, for a command line. */
export function uvExecutable(tool: Tool): string {
  if (tool.kind !== 'uv') throw new Error(`${tool.name} is not a uv`)
  return join(TOOLS_DIR, tool.name, 'bin', 'uv')
}

/** An empty venv for one run of `tool`. */
export async function createToolVenv(tool: Tool, dir: string): Promise<string> {
  await execFileAsync(tool.python, ['-m', 'venv', '--without-pip', dir])
  return venvPythonPath(dir)
}

/**
 * `pip install ...args` into a venv by `tool`, isolated like runPipInstall. A pip runs from its
 * folder under the venv's interpreter (what pip's own `--python` does; pip < 22.3 lacks that
 * option); uv gets `--python`, and neither the host's uv settings nor its config files.
 */
export async function runToolInstall(
  tool: Tool,
  venvPython: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}
): Promise<PipRun> {
  const dir = join(TOOLS_DIR, tool.name)
  const env = isolatedPipEnv()
  for (const key of Object.keys(env)) if (key.toUpperCase().startsWith('UV_')) delete env[key]
  env.UV_NO_CONFIG = '1'
  env.UV_PYTHON_DOWNLOADS = 'never'
  const [command, argv] =
    tool.kind === 'pip'
      ? [venvPython, [join(dir, 'pip'), 'install', ...args]]
      : [uvExecutable(tool), ['pip', 'install', '--python', venvPython, ...args]]
  return runCaptured(command, argv, { ...env, ...options.env }, options.cwd)
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

/** A Python tool that talks to an index, as findPythonTool names it. */
export type PythonToolName =
  'poetry' | 'poetry-1.8' | 'pdm' | 'pipenv' | 'pip-compile' | 'hatch' | 'tox' | 'nox' | 'pip-audit'

/** A Python tool in its own venv, installed by scripts/setup-test-tools.sh. */
export interface PythonTool {
  /** The executable, `<venv>/bin/<exe>`. */
  bin: string
  /** The version of the distribution installed (pip-tools' for pip-compile). */
  version: string
  venv: string
}

// The python-tools.txt line each name picks: its distribution, a test on the version (two
// Poetrys are installed), and the executable.
const PYTHON_TOOLS: Record<PythonToolName, [string, (version: string) => boolean, string]> = {
  poetry: ['poetry', version => !version.startsWith('1.'), 'poetry'],
  'poetry-1.8': ['poetry', version => version.startsWith('1.8.'), 'poetry'],
  pdm: ['pdm', () => true, 'pdm'],
  pipenv: ['pipenv', () => true, 'pipenv'],
  'pip-compile': ['pip-tools', () => true, 'pip-compile'],
  hatch: ['hatch', () => true, 'hatch'],
  tox: ['tox', () => true, 'tox'],
  nox: ['nox', () => true, 'nox'],
  'pip-audit': ['pip-audit', () => true, 'pip-audit']
}

/**
 * A tool from python-tools.txt (`<tool> <version> <venv folder>` lines); throws, saying how to
 * install it, when setup-test-tools.sh has not installed it.
 */
export async function findPythonTool(tool: PythonToolName): Promise<PythonTool> {
  const [dist, wanted, exe] = PYTHON_TOOLS[tool]
  const listed = await readFile(join(TOOLS_DIR, 'python-tools.txt'), 'utf8').catch(() => '')
  for (const line of listed.split('\n')) {
    const [name, version = '', folder = ''] = line.trim().split(/\s+/)
    if (name !== dist || !folder || !wanted(version)) continue
    // The folder is relative to the cache, like the names in tools.txt.
    const venv = resolve(TOOLS_DIR, folder)
    const bin = join(venv, 'bin', exe)
    try {
      await access(bin)
    } catch {
      break
    }
    return { bin, version, venv }
  }
  throw new Error(`${tool} is not installed in ${TOOLS_DIR}: run bash scripts/setup-test-tools.sh`)
}

// Each tool's own configuration variables: a host's settings for any of them must not reach
// a test, nor an active venv, which Poetry, PDM, pipenv and Hatch would install into.
const TOOL_ENV_PREFIXES = [
  'UV_',
  'POETRY_',
  'PDM_',
  'PIPENV_',
  'VIRTUAL_ENV',
  'HATCH_',
  'TOX_',
  'NOX_'
]

/**
 * isolatedPipEnv without the other tools' settings either, with venvs inside the project (so a
 * test's tmpdir holds them) and no prompts, update checks, spinners or colours.
 */
export function isolatedToolEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = isolatedPipEnv(base)
  for (const key of Object.keys(env)) {
    const upper = key.toUpperCase()
    if (TOOL_ENV_PREFIXES.some(prefix => upper.startsWith(prefix))) delete env[key]
  }
  env.POETRY_VIRTUALENVS_IN_PROJECT = 'true'
  env.PIPENV_VENV_IN_PROJECT = '1'
  env.PDM_CHECK_UPDATE = 'false'
  env.PIPENV_YES = '1'
  env.PIPENV_NOSPIN = '1'
  env.POETRY_NO_INTERACTION = '1'
  env.NO_COLOR = '1'
  return env
}
