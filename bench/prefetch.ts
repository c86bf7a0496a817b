/**
 * `npm run bench:prefetch [-- --trials N] [--scenario TEXT] [--tool pip|uv] [--strategy S]...
 * [--quick] [--keep-logs DIR]`: what the
 * router's prefetcher gains on a cold install, against the tool pointed straight at the best
 * mirror (the oracle) and against the router with `prefetch: 'false'`.
 *
 * The world: three mirrors whose bandwidth is one link each, shared by every download they serve
 * at once (8, 5 and 1.5 MB/s), and a black-holed candidate; the workload of bench/scenarios.ts.
 * Every trial is cold: fresh mirrors, a fresh venv, no pip or uv cache, a fresh router store. The
 * router runs as the bundled action (dist/) in router mode (transparent), the install as its
 * `install` input, timed from the start of its main step to its end, as bench/run.ts does.
 * Where a scenario has a large wheel, each trial also tells where the time went (the probe, the
 * large file's first and last byte, its pieces per mirror, the tail), and the router's peak RSS
 * and CPU time.
 *
 * Writes `bench/out/prefetch.md` and `bench/out/prefetch.json`.
 */
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { runStep } from '../test-support/action-runner.js'
import { type Mirror, startMirror } from '../test-support/mirror-server.js'
import { pep621Pyproject } from '../test-support/projects.js'
import {
  createToolVenv,
  createVenv,
  findTool,
  isolatedToolEnv,
  pipInstallCommand,
  PYTHON,
  shellQuote,
  TOOLS_DIR,
  type Tool,
  uvExecutable
} from '../test-support/python.js'
import {
  BIG_WHEEL_NAME,
  buildWorld,
  COMMON_FAULTS,
  MIRROR_PROFILES,
  MIRROR_ROLES,
  type MirrorRole,
  PREFETCH_SCENARIOS,
  type PrefetchScenario,
  ROLE_NAMES,
  type ToolName,
  totalBytesPerSec,
  type World
} from './prefetch-scenarios.js'
import {
  isRunning,
  type ProcessFigures,
  routerFigures,
  routerLeftRunning
} from './router-process.js'
import { quantile } from '../src/format/quantile.js'
import { totalSize } from '../src/cache/actions-cache.js'
import { DiskPeak } from './disk.js'

const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}
const optionValues = (name: string): string[] =>
  args.flatMap((arg, at) => (arg === name && args[at + 1] ? [args[at + 1]] : []))
const quick = args.includes('--quick')
const trials = Number(option('--trials') ?? (quick ? 1 : 3))
const scenarioFilter = option('--scenario')?.toLowerCase()
const toolFilter = option('--tool') as ToolName | undefined
/** Where each router trial's main-step log is written, when given. */
const logDir = option('--keep-logs')
if (toolFilter && toolFilter !== 'pip' && toolFilter !== 'uv') {
  throw new Error(`--tool takes pip or uv, not ${toolFilter}`)
}
/** Quick mode: wheels at a tenth of their size. */
const scale = quick ? 0.1 : 1
/** A trial that runs longer is stopped and counted as a failure, unless its scenario says more. */
const trialCapMs = quick ? 60_000 : 180_000
const capMsOf = (scenario: PrefetchScenario): number =>
  Math.max(trialCapMs, (scenario.capSeconds ?? 0) * 1000 * scale)

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const outDir = path.join(root, 'bench', 'out')

const ALL_STRATEGIES = ['oracle', 'router', 'router, prefetch off'] as const
type Strategy = (typeof ALL_STRATEGIES)[number]
const strategyFilter = optionValues('--strategy')
for (const name of strategyFilter) {
  if (!(ALL_STRATEGIES as readonly string[]).includes(name)) {
    throw new Error(`--strategy takes ${ALL_STRATEGIES.join(', ')}, not ${name}`)
  }
}
const STRATEGIES = ALL_STRATEGIES.filter(
  strategy => strategyFilter.length === 0 || strategyFilter.includes(strategy)
)

interface Trial {
  strategy: Strategy
  ok: boolean
  /** The install (oracle), or the action's whole main step with the install in it (router). */
  seconds: number
  /** Router: from the install command's start to the end of the main step. */
  installSeconds?: number
  /** Router: the action's probe phase, from its log. */
  probeSeconds?: number
  /** Requests to the mirrors for distribution files, the probe's samples aside. */
  fileRequests: number
  /** Of those, the ones whose body did not reach its end (cut off by the client). */
  unfinishedFileRequests: number
  /** Requests for `.metadata` files. */
  metadataRequests: number
  /** Bytes of distribution files the mirrors sent, the probe's samples aside. */
  sentBytes: number
  /** sentBytes beyond the bytes the install needed. */
  wasteBytes: number
  /** sentBytes by mirror. */
  sentByMirror: Record<string, number>
  /** Where a scenario has a large wheel: how it came, in seconds from the trial's start. */
  bigFile?: BigFileFigures
  /** The router's processes, taken when the main step ended. */
  routerProcesses?: ProcessFigures
  /** The most the disk filled during the trial, and the installed tree's size after it. */
  peakDiskBytes?: number
  installedBytes?: number
  detail?: string
}

interface BigFileFigures {
  firstByteSeconds: number
  lastByteSeconds: number
  /** From the large file's last byte to the end of the trial: unpacking, the rest. */
  tailSeconds: number
  /** Requests (whole or ranges) and bytes, by mirror. */
  byMirror: Record<string, { requests: number; bytes: number }>
}

interface Row {
  scenario: string
  /** The mirrors' links and what stands behind them, for the report. */
  world: string
  tool: ToolName
  /** Set when the tool is not measured in this scenario. */
  notApplicable?: string
  bytesNeeded: number
  physicalLimitSeconds: number
  trials: Trial[]
}

/** What a trial runs: its workspace and venv made, the tool's command line for bash. */
interface Setup {
  workspace: string
  /** The install command, run in `workspace`. */
  command: string
  /** Variables the command needs on top of the isolated base (the oracle's index, uv's cache). */
  env: NodeJS.ProcessEnv
}

interface Tools {
  /** pip 26 from setup-test-tools.sh, else the base interpreter's pip. */
  pip?: Tool
  uv: string
}

const median = (values: number[]): number => quantile(values, 0.5)

/** The base environment of every command: no host settings of pip or uv. */
function baseEnv(): NodeJS.ProcessEnv {
  return { ...isolatedToolEnv(), UV_NO_CONFIG: '1', UV_PYTHON_DOWNLOADS: 'never' }
}

/** The mirrors, each with its link from `profiles` (none: unshaped). */
async function startWorld(
  world: World,
  profiles: PrefetchScenario['profiles'] | undefined
): Promise<Record<MirrorRole, Mirror>> {
  const mirrors = {} as Record<MirrorRole, Mirror>
  for (const role of MIRROR_ROLES) {
    mirrors[role] = await startMirror({
      packages: world.packages,
      pypiLayout: true,
      faults: { ...COMMON_FAULTS, ...profiles?.[role] }
    })
  }
  return mirrors
}

const closeAll = async (mirrors: Record<string, Mirror>): Promise<void> => {
  await Promise.all(Object.values(mirrors).map(mirror => mirror.close()))
}

/** The requirement files and lock files of a scenario, written into `workspace`. */
async function writeProject(
  scenario: PrefetchScenario,
  world: World,
  workspace: string,
  lock?: string
): Promise<string | undefined> {
  if (scenario.kind === 'pinned') {
    const lines = world.needed.map(wheel => `${wheel.name}==2.0 --hash=sha256:${wheel.sha256}\n`)
    await writeFile(path.join(workspace, 'requirements.txt'), lines.join(''))
    return 'requirements.txt'
  }
  if (scenario.kind === 'unpinned') {
    await writeFile(
      path.join(workspace, 'requirements.in'),
      world.topLevel.map(name => `${name}\n`).join('')
    )
    return 'requirements.in'
  }
  await writeFile(
    path.join(workspace, 'pyproject.toml'),
    pep621Pyproject(world.specs.map(spec => `${spec.name}==2.0`))
  )
  if (lock !== undefined) await writeFile(path.join(workspace, 'uv.lock'), lock)
  return undefined
}

/** Locks made before any trial: one against PyPI's URLs through the router, one per best mirror. */
interface Locks {
  router: string
  /** Against the setup's best mirror: `origin` stands where each trial puts its own. */
  oracle: { text: string; origin: string }
}

async function prepare(
  scenario: PrefetchScenario,
  tool: ToolName,
  strategy: Strategy,
  world: World,
  mirrors: Record<MirrorRole, Mirror>,
  workspace: string,
  tools: Tools,
  locks: Locks | undefined
): Promise<Setup> {
  const best = mirrors.best
  const oracle = strategy === 'oracle'
  const env: NodeJS.ProcessEnv = { UV_CACHE_DIR: path.join(workspace, 'uv-cache') }
  if (scenario.kind === 'lock') {
    if (!locks) throw new Error('no uv.lock was made')
    const lock = oracle
      ? locks.oracle.text.replaceAll(locks.oracle.origin, best.origin)
      : locks.router
    await writeProject(scenario, world, workspace, lock)
    if (oracle) env.UV_DEFAULT_INDEX = best.indexUrl
    return {
      workspace,
      env,
      command: [tools.uv, 'sync', '--locked', '--python', PYTHON].map(shellQuote).join(' ')
    }
  }
  const requirements = (await writeProject(scenario, world, workspace)) as string
  const venvDir = path.join(workspace, 'venv')
  if (tool === 'uv') {
    const venv = await createVenv(venvDir)
    const argv = [tools.uv, 'pip', 'install', '--python', venv, '-r', requirements]
    if (oracle) argv.push('--default-index', best.indexUrl)
    return { workspace, env, command: argv.map(shellQuote).join(' ') }
  }
  const pipArgs = ['--no-cache-dir', '-r', requirements, ...(oracle ? ['-i', best.indexUrl] : [])]
  if (!tools.pip) {
    const venv = await createVenv(venvDir)
    return { workspace, env, command: pipInstallCommand(venv, pipArgs) }
  }
  // pip runs from its folder under the venv's interpreter, as runToolInstall runs it.
  const venv = await createToolVenv(tools.pip, venvDir)
  const argv = [venv, path.join(TOOLS_DIR, tools.pip.name, 'pip'), 'install', ...pipArgs]
  return { workspace, env, command: argv.map(shellQuote).join(' ') }
}

/** Runs a command line in bash, stopped at the cap; true when it succeeded. */
async function shell(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  capMs = trialCapMs
): Promise<boolean> {
  const child = spawn('bash', ['-c', command], { cwd, env, stdio: 'ignore', detached: true })
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), capMs)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  return code === 0
}

async function runOracle(setup: Setup, capMs: number): Promise<Pick<Trial, 'ok' | 'seconds'>> {
  const started = performance.now()
  const ok = await shell(setup.command, setup.workspace, { ...baseEnv(), ...setup.env }, capMs)
  const seconds = (performance.now() - started) / 1000
  return { ok: ok && seconds * 1000 < capMs, seconds }
}

/** The `mirrors` input: the three mirrors and a black-holed candidate. */
function mirrorsInput(mirrors: Record<MirrorRole, Mirror>, blackHole: Mirror): string {
  return [
    ...MIRROR_ROLES.map(role => `${role}=${mirrors[role].indexUrl}`),
    `black-hole=${blackHole.indexUrl}`
  ].join('\n')
}

/** The environment of a job on a fresh runner: its workspace, temp and cache folders. */
function jobEnv(workspace: string, tag: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...baseEnv(),
    ...extra,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: path.join(workspace, 'runner-temp'),
    // The router's store lives in the action's folder of the XDG cache: fresh per job.
    XDG_CACHE_HOME: path.join(workspace, 'xdg-cache'),
    // The router keeps this variable (the runner stops a job's processes by it), so the
    // processes a job leaves behind are found by it.
    RUNNER_TRACKING_ID: tag
  }
}

type RouterOutcome = Pick<
  Trial,
  'ok' | 'seconds' | 'installSeconds' | 'probeSeconds' | 'routerProcesses' | 'detail'
>

async function runRouter(
  setup: Setup,
  mirrors: Record<MirrorRole, Mirror>,
  prefetch: boolean,
  capMs: number
): Promise<RouterOutcome> {
  const tag = `prefetch-bench-${randomUUID()}`
  const env = jobEnv(setup.workspace, tag, setup.env)
  await mkdir(env.RUNNER_TEMP as string, { recursive: true })
  const installStarts = path.join(env.RUNNER_TEMP as string, 'install-starts')
  const blackHole = await startMirror({ packages: [], faults: { hang: 'all' } })
  try {
    const started = performance.now()
    const main = await runStep('main', {
      cwd: setup.workspace,
      env,
      timeoutMs: capMs,
      inputs: {
        mode: 'router',
        mirrors: mirrorsInput(mirrors, blackHole),
        cache: 'false',
        prefetch: String(prefetch),
        install: `date +%s%N >> ${shellQuote(installStarts)} && ${setup.command}`
      }
    })
    const ended = performance.now()
    const seconds = (ended - started) / 1000
    if (logDir) {
      await mkdir(logDir, { recursive: true })
      await writeFile(path.join(logDir, `${tag}.log`), main.log)
    }
    const routerProcesses = await routerFigures(main.state)
    const post = await runStep('post', { env, state: main.state, timeoutMs: 30_000 })
    const problems: string[] = []
    if (main.exitCode !== 0) problems.push(`main step exited with ${main.exitCode}`)
    if (seconds * 1000 >= capMs) problems.push('stopped at the cap')
    if (!main.state.router) problems.push('the router did not start')
    if (post.exitCode !== 0) problems.push(`post step exited with ${post.exitCode}`)
    if (await routerLeftRunning(main.state)) problems.push('the router outlived the post step')
    // What is left (a router's worker, an install the main step's timeout orphaned) is
    // stopped here; it says nothing of the install, so it is only noted.
    const strays = await stopTagged(tag)
    const notes = strays.length > 0 ? [`stopped ${strays.join(', ')}`] : []
    if (main.exitCode !== 0) {
      const tail = main.log.trim().split('\n').slice(-4).join(' / ')
      problems.push(`log: ${tail.slice(0, 400)}`)
    }
    const firstStart = (await readFile(installStarts, 'utf8').catch(() => '')).split('\n')[0]
    const installStartedAt = firstStart ? Number(BigInt(firstStart) / 1_000_000n) : undefined
    const probe = /Probe phase took ([\d.]+) s/.exec(main.log)?.[1]
    const wallNow = Date.now() - (performance.now() - ended)
    return {
      ok: problems.length === 0,
      seconds,
      installSeconds:
        installStartedAt === undefined ? undefined : (wallNow - installStartedAt) / 1000,
      probeSeconds: probe === undefined ? undefined : Number(probe),
      routerProcesses,
      detail: [`chose ${main.outputs.mirror || 'none'}`, ...problems, ...notes].join('; ')
    }
  } finally {
    await blackHole.close()
  }
}

/**
 * Stops, by pid, the processes this benchmark started for a job that are still running: those
 * whose environment holds the job's tag (an install the main step's timeout orphaned, a router).
 */
async function stopTagged(tag: string): Promise<string[]> {
  const needle = `RUNNER_TRACKING_ID=${tag}\0`
  const stopped: string[] = []
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue
    const environ = await readFile(`/proc/${entry}/environ`, 'latin1').catch(() => '')
    if (!environ.includes(needle) || !(await isRunning(Number(entry)))) continue
    const command = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')
    try {
      process.kill(Number(entry), 'SIGKILL')
      stopped.push(command.split('\0').slice(0, 3).join(' '))
    } catch {
      // gone meanwhile
    }
  }
  return stopped
}

/** What the mirrors were asked for and sent, from their request logs. */
function traffic(
  world: World,
  mirrors: Record<MirrorRole, Mirror>
): Pick<
  Trial,
  | 'fileRequests'
  | 'unfinishedFileRequests'
  | 'metadataRequests'
  | 'sentBytes'
  | 'wasteBytes'
  | 'sentByMirror'
> {
  const needed = world.needed.reduce((sum, wheel) => sum + wheel.bytes.length, 0)
  const probeFile = `/${world.probeWheel.filename}`
  let fileRequests = 0
  let unfinished = 0
  let metadata = 0
  let sent = 0
  const sentByMirror: Record<string, number> = {}
  for (const role of MIRROR_ROLES) {
    let mirrorSent = 0
    for (const request of mirrors[role].requests) {
      if (request.kind !== 'file') continue
      if (request.path.endsWith('.metadata')) metadata++
      else if (!request.path.endsWith(probeFile)) {
        fileRequests++
        if (request.status === 0) unfinished++
        mirrorSent += request.sentBytes ?? 0
      }
    }
    sentByMirror[role] = mirrorSent
    sent += mirrorSent
  }
  return {
    fileRequests,
    unfinishedFileRequests: unfinished,
    metadataRequests: metadata,
    sentBytes: sent,
    wasteBytes: sent - needed,
    sentByMirror
  }
}

/**
 * How the large wheel came, from the mirrors' request logs: its first and last byte, in seconds
 * from `startedAt` (Date.now()), the requests and bytes each mirror served of it.
 */
function bigFileFigures(
  world: World,
  mirrors: Record<MirrorRole, Mirror>,
  startedAt: number,
  seconds: number
): BigFileFigures | undefined {
  const big = world.needed.find(wheel => wheel.name === BIG_WHEEL_NAME)
  if (!big) return undefined
  let first = Infinity
  let last = -Infinity
  const byMirror: BigFileFigures['byMirror'] = {}
  for (const role of MIRROR_ROLES) {
    const served = mirrors[role].requests.filter(
      request => request.kind === 'file' && request.path.endsWith(`/${big.filename}`)
    )
    byMirror[role] = {
      requests: served.length,
      bytes: served.reduce((sum, request) => sum + (request.sentBytes ?? 0), 0)
    }
    for (const request of served) {
      if (request.firstByteAt !== undefined) first = Math.min(first, request.firstByteAt)
      if (request.lastByteAt !== undefined) last = Math.max(last, request.lastByteAt)
    }
  }
  const lastByteSeconds = (last - startedAt) / 1000
  return {
    firstByteSeconds: (first - startedAt) / 1000,
    lastByteSeconds,
    tailSeconds: seconds - lastByteSeconds,
    byMirror
  }
}

/**
 * The locks of the lock-file scenario, made before the clock runs on unshaped mirrors (their
 * files sit at the same paths): one through the router as transparent mode serves PyPI's URLs,
 * as a project locked against PyPI has it, one against the best mirror for the oracle.
 */
async function makeLocks(
  lockScenario: PrefetchScenario,
  world: World,
  uv: string,
  scratch: string
): Promise<Locks> {
  const mirrors = await startWorld(world, undefined)
  const blackHole = await startMirror({ packages: [], faults: { hang: 'all' } })
  const tag = `prefetch-bench-${randomUUID()}`
  try {
    const lock = async (name: string, env: NodeJS.ProcessEnv): Promise<string> => {
      const dir = path.join(scratch, name)
      await mkdir(dir, { recursive: true })
      await writeProject(lockScenario, world, dir)
      const ok = await shell([uv, 'lock', '--python', PYTHON].map(shellQuote).join(' '), dir, {
        ...env,
        UV_CACHE_DIR: path.join(dir, 'uv-cache')
      })
      if (!ok) throw new Error(`uv lock failed in ${name}`)
      return readFile(path.join(dir, 'uv.lock'), 'utf8')
    }
    const oracle = await lock('lock-oracle', {
      ...baseEnv(),
      UV_DEFAULT_INDEX: mirrors.best.indexUrl
    })

    const workspace = path.join(scratch, 'lock-router')
    await mkdir(workspace, { recursive: true })
    const env = jobEnv(workspace, tag, {})
    await mkdir(env.RUNNER_TEMP as string, { recursive: true })
    const main = await runStep('main', {
      cwd: workspace,
      env,
      timeoutMs: 120_000,
      inputs: { mode: 'router', mirrors: mirrorsInput(mirrors, blackHole), cache: 'false' }
    })
    try {
      if (main.exitCode !== 0) throw new Error(`the action failed:\n${main.log}`)
      const router = await lock('lock-router', { ...env, ...main.env })
      if (!router.includes('https://files.pythonhosted.org/')) {
        throw new Error("the router's uv.lock does not name PyPI's files")
      }
      return { router, oracle: { text: oracle, origin: mirrors.best.origin } }
    } finally {
      await runStep('post', { env, state: main.state, timeoutMs: 30_000 })
      await routerLeftRunning(main.state)
      await stopTagged(tag)
    }
  } finally {
    await blackHole.close()
    await closeAll(mirrors)
  }
}

/** Each mirror's requests, seconds from the trial's start, into the log folder. */
async function writeRequestLog(
  mirrors: Record<MirrorRole, Mirror>,
  startedAt: number,
  strategy: Strategy
): Promise<void> {
  const at = (time: number | undefined): string =>
    time === undefined ? '-' : ((time - startedAt) / 1000).toFixed(2)
  const lines = MIRROR_ROLES.flatMap(role =>
    mirrors[role].requests.map(
      request =>
        `${at(request.at)}\t${role}\t${request.kind}\t${request.status}\t${request.path.slice(-48)}\t${request.range ?? ''}\t${request.sentBytes ?? ''}\t${at(request.firstByteAt)}\t${at(request.lastByteAt)}`
    )
  ).sort((a, b) => Number(a.split('\t')[0]) - Number(b.split('\t')[0]))
  await mkdir(logDir as string, { recursive: true })
  await writeFile(
    path.join(logDir as string, `requests-${strategy.replace(/\W+/g, '-')}-${startedAt}.tsv`),
    `${['arrived', 'mirror', 'kind', 'status', 'path', 'range', 'sent', 'first byte', 'last byte'].join('\t')}\n${lines.join('\n')}\n`
  )
}

async function runTrial(
  scenario: PrefetchScenario,
  tool: ToolName,
  strategy: Strategy,
  world: World,
  tools: Tools,
  locks: Locks | undefined
): Promise<Trial> {
  const mirrors = await startWorld(world, scenario.profiles ?? MIRROR_PROFILES)
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-prefetch-'))
  const capMs = capMsOf(scenario)
  let startedAt = Date.now()
  try {
    let outcome: RouterOutcome
    let disk: Pick<Trial, 'peakDiskBytes' | 'installedBytes'> = {}
    try {
      const setup = await prepare(scenario, tool, strategy, world, mirrors, workspace, tools, locks)
      const peak = await DiskPeak.watch(workspace)
      startedAt = Date.now()
      try {
        outcome =
          strategy === 'oracle'
            ? await runOracle(setup, capMs)
            : await runRouter(setup, mirrors, strategy === 'router', capMs)
      } finally {
        disk = {
          peakDiskBytes: await peak.stop(),
          installedBytes: await totalSize([
            path.join(workspace, 'venv'),
            path.join(workspace, '.venv')
          ])
        }
      }
    } catch (error) {
      outcome = { ok: false, seconds: NaN, detail: String(error) }
    }
    const bigFile = bigFileFigures(world, mirrors, startedAt, outcome.seconds)
    if (logDir) await writeRequestLog(mirrors, startedAt, strategy)
    return {
      strategy,
      ...outcome,
      ...disk,
      ...traffic(world, mirrors),
      ...(bigFile ? { bigFile } : {})
    }
  } finally {
    await closeAll(mirrors)
    await rm(workspace, { recursive: true, force: true })
  }
}

const MB = 1e6
const gigabytes = (bytes: number | undefined): string =>
  bytes === undefined ? '—' : (bytes / 1e9).toFixed(2)
const fmtSeconds = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '—')

/** `12.3 s (11.9, 12.3, 13.0)`: the median of the successful trials, then every trial. */
function timeCell(trialsOf: Trial[]): string {
  if (trialsOf.length === 0) return ''
  const ok = trialsOf.filter(trial => trial.ok).map(trial => trial.seconds)
  const each = trialsOf.map(trial => `${fmtSeconds(trial.seconds)}${trial.ok ? '' : ' ✗'}`)
  return `${ok.length > 0 ? `${median(ok).toFixed(1)} s` : '—'} (${each.join(', ')})`
}

function ratioCell(trialsOf: Trial[], oracle: Trial[]): string {
  const a = trialsOf.filter(trial => trial.ok).map(trial => trial.seconds)
  const b = oracle.filter(trial => trial.ok).map(trial => trial.seconds)
  return a.length > 0 && b.length > 0 ? `${(median(a) / median(b)).toFixed(2)}x` : '—'
}

const byStrategy = (row: Row, strategy: Strategy): Trial[] =>
  row.trials.filter(trial => trial.strategy === strategy)

function perStrategy(row: Row, cell: (trialsOf: Trial[]) => string): string {
  return STRATEGIES.map(strategy => cell(byStrategy(row, strategy))).join(' / ')
}

const wasteCell =
  (row: Row) =>
  (trialsOf: Trial[]): string =>
    trialsOf.length === 0
      ? '—'
      : `${Math.round((100 * median(trialsOf.map(trial => trial.wasteBytes))) / row.bytesNeeded)}%`

const requestsCell = (trialsOf: Trial[]): string =>
  trialsOf.length === 0 ? '—' : String(median(trialsOf.map(trial => trial.fileRequests)))

const successCell = (trialsOf: Trial[]): string =>
  `${trialsOf.filter(trial => trial.ok).length}/${trialsOf.length}`

function renderTable(rows: Row[]): string[] {
  const header = [
    'scenario',
    'tool',
    'oracle median (trials)',
    'router median (trials)',
    'router / oracle',
    'router, prefetch off median (trials)',
    'prefetch off / oracle',
    'physical limit (s)',
    'waste % (oracle / router / off)',
    'file requests (oracle / router / off)',
    'success (oracle / router / off)'
  ]
  const line = (cells: string[]): string =>
    `| ${cells.map(cell => cell.replace(/\|/g, '\\|')).join(' | ')} |`
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map(row => {
      if (row.notApplicable) {
        return line([row.scenario, row.tool, row.notApplicable, ...header.slice(3).map(() => '')])
      }
      const oracle = byStrategy(row, 'oracle')
      const router = byStrategy(row, 'router')
      const off = byStrategy(row, 'router, prefetch off')
      return line([
        row.scenario,
        row.tool,
        timeCell(oracle),
        timeCell(router),
        ratioCell(router, oracle),
        timeCell(off),
        ratioCell(off, oracle),
        row.physicalLimitSeconds.toFixed(1),
        perStrategy(row, wasteCell(row)),
        perStrategy(row, requestsCell),
        perStrategy(row, successCell)
      ])
    })
  ]
}

const roleName = (scenario: PrefetchScenario, role: MirrorRole): string =>
  role === 'third' && scenario.thirdIs ? scenario.thirdIs : ROLE_NAMES[role]

/** `best mirror 8 MB/s, 15 ms; …; 81 MB of 2.0 wheels needed`. */
function describeWorld(scenario: PrefetchScenario, bytesNeeded: number): string {
  const profiles = scenario.profiles ?? MIRROR_PROFILES
  const links = MIRROR_ROLES.map(role => {
    const { bandwidthBytesPerSec, latencyMs, resetShare } = profiles[role]
    const resets = resetShare ? `, ${Math.round(resetShare * 100)}% of bodies cut halfway` : ''
    return `${roleName(scenario, role)} ${Number(bandwidthBytesPerSec) / MB} MB/s, ${latencyMs} ms${resets}`
  })
  return `${links.join('; ')}; ${Math.round(bytesNeeded / MB)} MB of 2.0 wheels needed`
}

/** Where the time went in the trials of scenarios with a large wheel. */
function renderBreakdown(rows: Row[]): string[] {
  const trialsWithBigFile = rows.flatMap(row =>
    row.trials.flatMap((trial, at) => (trial.bigFile ? [{ row, trial, at }] : []))
  )
  if (trialsWithBigFile.length === 0) return []
  const header = [
    'scenario',
    'tool',
    'strategy',
    'total (s)',
    'probe (s)',
    'large file: first byte (s)',
    'last byte (s)',
    'tail (s)',
    'requests / MB per mirror',
    'router peak RSS (MB)',
    'router CPU (s)',
    'peak disk (GB)',
    'installed tree (GB)'
  ]
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [
    '## Where the time goes, large wheel',
    '',
    line(header),
    line(header.map(() => '---')),
    ...trialsWithBigFile.map(({ row, trial }) => {
      const big = trial.bigFile as BigFileFigures
      const perMirror = MIRROR_ROLES.map(
        role =>
          `${role} ${big.byMirror[role].requests} / ${(big.byMirror[role].bytes / MB).toFixed(0)}`
      ).join(', ')
      const processes = trial.routerProcesses
      return line([
        row.scenario,
        row.tool,
        trial.strategy + (trial.ok ? '' : ' ✗'),
        fmtSeconds(trial.seconds),
        trial.probeSeconds === undefined ? '—' : trial.probeSeconds.toFixed(1),
        fmtSeconds(big.firstByteSeconds),
        fmtSeconds(big.lastByteSeconds),
        fmtSeconds(big.tailSeconds),
        perMirror,
        processes ? (processes.peakRssBytes / 2 ** 20).toFixed(0) : '—',
        processes ? processes.cpuSeconds.toFixed(1) : '—',
        gigabytes(trial.peakDiskBytes),
        gigabytes(trial.installedBytes)
      ])
    }),
    '',
    "Seconds from the trial's start: the oracle's install, or the action's main step. First and last",
    "byte: the large wheel's, as the mirrors sent them (any mirror, any range). Tail: from its last",
    "byte to the end (unpacking, what else was left). Router peak RSS: the largest of its processes'",
    "high-water marks (`VmHWM`), the supervisor's and the worker's; CPU: theirs together, both read",
    'when the main step ended. Peak disk: the most the disk filled beyond where it stood at the',
    "trial's start (the router's store, the tool's downloads and temporary files, the installed",
    `tree), sampled every 200 ms; the files' bytes are ${gigabytes(rows.find(row => row.trials.some(trial => trial.bigFile))?.bytesNeeded)} GB. Installed tree: the venv's size after the trial.`,
    ''
  ]
}

function renderReport(rows: Row[], tools: Tools, started: Date): string {
  const flags = args.map(arg => (/\s/.test(arg) ? shellQuote(arg) : arg))
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const worlds = [...new Map(rows.map(row => [row.scenario, row.world]))].map(
    ([scenario, world]) => `- ${scenario}: ${world}.`
  )
  return [
    '# Benchmark: the router prefetcher on cold installs',
    '',
    `Command: \`npm run bench:prefetch${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}\`  `,
    `Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}  `,
    `Date: ${started.toISOString().slice(0, 10)}  `,
    `Tools: ${tools.pip ? tools.pip.name : `the base interpreter's pip (${PYTHON})`}, ${path.basename(path.dirname(path.dirname(tools.uv)))}  `,
    "Worlds: each rate is shared by all the downloads a mirror serves at once; a black-holed candidate is among the action's mirrors.",
    '',
    ...worlds,
    '',
    ...renderTable(rows),
    '',
    'Times are medians of the successful trials in seconds, every trial listed (✗: failed, or stopped',
    `at the cap: ${trialCapMs / 1000} s unless the scenario has more). The oracle is the install alone, pointed at the best mirror; the router`,
    "columns are the action's whole main step (probe, router start, the install as its `install`",
    "input), as in bench/run.ts. Physical limit: the bytes needed over the three mirrors' summed",
    'rates. Waste: bytes of distribution files the mirrors sent beyond those the install needed, the',
    "probe's samples aside, as a share of the bytes needed (median). File requests: distribution",
    "files asked of the mirrors (the probe's samples and `.metadata` files aside), median.",
    '',
    ...renderBreakdown(rows)
  ].join('\n')
}

function consoleLine(row: Row, trial: Trial, index: number): string {
  const extra = [
    trial.installSeconds === undefined ? '' : `install ${trial.installSeconds.toFixed(1)} s`,
    trial.probeSeconds === undefined ? '' : `probe ${trial.probeSeconds.toFixed(1)} s`,
    `${trial.fileRequests} file requests (${trial.unfinishedFileRequests} unfinished)`,
    `${trial.metadataRequests} metadata`,
    `sent ${(trial.sentBytes / MB).toFixed(1)} MB (${MIRROR_ROLES.map(role => `${role} ${(trial.sentByMirror[role] / MB).toFixed(1)}`).join(', ')})`,
    `waste ${Math.round((100 * trial.wasteBytes) / row.bytesNeeded)}%`,
    trial.bigFile
      ? `large file ${fmtSeconds(trial.bigFile.firstByteSeconds)}–${fmtSeconds(trial.bigFile.lastByteSeconds)} s, tail ${fmtSeconds(trial.bigFile.tailSeconds)} s (${MIRROR_ROLES.map(role => `${role} ${trial.bigFile?.byMirror[role].requests} req ${((trial.bigFile?.byMirror[role].bytes ?? 0) / MB).toFixed(0)} MB`).join(', ')})`
      : '',
    trial.peakDiskBytes === undefined
      ? ''
      : `peak disk ${gigabytes(trial.peakDiskBytes)} GB, installed ${gigabytes(trial.installedBytes)} GB`,
    trial.routerProcesses
      ? `router peak RSS ${(trial.routerProcesses.peakRssBytes / 2 ** 20).toFixed(0)} MB, CPU ${trial.routerProcesses.cpuSeconds.toFixed(1)} s`
      : '',
    trial.detail ?? ''
  ].filter(Boolean)
  return `  ${row.scenario} | ${row.tool} | ${trial.strategy} | trial ${index + 1}: ${trial.ok ? 'ok' : 'FAILED'} in ${fmtSeconds(trial.seconds)} s (${extra.join('; ')})`
}

async function main(): Promise<void> {
  const started = new Date()
  const clock = performance.now()
  const scenarios = PREFETCH_SCENARIOS.filter(
    scenario => !scenarioFilter || scenario.name.toLowerCase().includes(scenarioFilter)
  )
  if (scenarios.length === 0) throw new Error(`no scenario matches ${scenarioFilter}`)
  const toolNames: ToolName[] = toolFilter ? [toolFilter] : ['pip', 'uv']
  const tools: Tools = {
    pip: await findTool('pip-26.2.1').catch(() => undefined),
    uv: uvExecutable(await findTool('uv-0.13.9'))
  }
  if (!tools.pip) console.warn(`pip 26 is not installed in ${TOOLS_DIR}: using ${PYTHON} -m pip`)
  const worlds = new Map<string, World>()
  const worldOf = (scenario: PrefetchScenario): World => {
    const key = `${scenario.tree} ${scenario.bigWheelBytes ?? 0}`
    if (!worlds.has(key)) {
      worlds.set(key, buildWorld(scale, scenario.tree, scenario.bigWheelBytes))
    }
    return worlds.get(key) as World
  }
  await mkdir(outDir, { recursive: true })
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bench-prefetch-setup-'))
  const rows: Row[] = []
  try {
    console.log(
      `${quick ? 'Quick' : 'Full'} prefetch benchmark: ${scenarios.length} scenario(s), ${toolNames.join(' and ')}, ${trials} trial(s) each`
    )
    for (const scenario of scenarios) {
      const world = worldOf(scenario)
      const bytesNeeded = world.needed.reduce((sum, wheel) => sum + wheel.bytes.length, 0)
      let locks: Locks | undefined
      for (const tool of toolNames) {
        const row: Row = {
          scenario: scenario.name,
          world: describeWorld(scenario, bytesNeeded),
          tool,
          bytesNeeded,
          physicalLimitSeconds:
            bytesNeeded / totalBytesPerSec(scenario.profiles ?? MIRROR_PROFILES),
          trials: []
        }
        rows.push(row)
        if (!scenario.tools.includes(tool)) {
          row.notApplicable = scenario.notApplicable?.[tool] ?? 'n/a'
          console.log(`  ${scenario.name} | ${tool} | ${row.notApplicable}`)
          continue
        }
        if (scenario.kind === 'lock') locks ??= await makeLocks(scenario, world, tools.uv, scratch)
        for (let trial = 0; trial < trials; trial++) {
          // The strategies take turns going first.
          const order = STRATEGIES.map((_, at) => STRATEGIES[(at + trial) % STRATEGIES.length])
          for (const strategy of order) {
            const result = await runTrial(scenario, tool, strategy, world, tools, locks)
            row.trials.push(result)
            console.log(consoleLine(row, result, trial))
          }
        }
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  const report = renderReport(rows, tools, started)
  await writeFile(path.join(outDir, 'prefetch.md'), report)
  await writeFile(
    path.join(outDir, 'prefetch.json'),
    `${JSON.stringify(
      {
        date: started.toISOString(),
        args,
        scale,
        trialCapSeconds: trialCapMs / 1000,
        mirrors: Object.fromEntries(
          PREFETCH_SCENARIOS.map(scenario => [scenario.name, scenario.profiles ?? MIRROR_PROFILES])
        ),
        rows
      },
      null,
      2
    )}\n`
  )
  console.log(`\n${renderTable(rows).join('\n')}`)
  console.log(
    `\nDone in ${((performance.now() - clock) / 60000).toFixed(1)} min: bench/out/prefetch.md`
  )
}

await main()
