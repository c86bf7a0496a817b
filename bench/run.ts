/**
 * `npm run bench [-- --quick] [--trials N] [--scenario TEXT]... [--strategy TEXT]...`: success
 * rate and time of a Python dependency install with and without the action, side by side on one
 * machine, under mirror faults. `--scenario` runs only the scenarios whose name contains TEXT
 * (and those they are measured against); `warm` selects the warm store check. `--strategy` runs
 * only the strategies whose name contains TEXT.
 *
 * Every strategy runs real pip in a fresh venv with no pip cache against local mirrors with
 * region-like profiles; the action runs as its bundled dist/, the way a runner runs it, in
 * each of its modes.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { runStep } from '../test-support/action-runner.js'
import { type Faults, type Mirror, startMirror } from '../test-support/mirror-server.js'
import {
  createVenv,
  isolatedPipEnv,
  pipInstallCommand,
  shellQuote
} from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'
import { DIRECT, ORACLE, renderChart, renderReport, ROUTER } from './report.js'
import { routerLeftRunning } from './router-process.js'
import { PROFILES, type Role, type Scenario, SCENARIOS, workload } from './scenarios.js'
import { type Summary, summarize, type Trial, type WarmStoreCheck } from './stats.js'

const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}
const quick = args.includes('--quick')
const trials = Number(option('--trials') ?? (quick ? 1 : 3))
/** `--scenario TEXT`, repeatable: only scenarios whose name contains one of the texts. */
const filters = (flag: string): string[] =>
  args.flatMap((arg, at) => (arg === flag && args[at + 1] ? [args[at + 1].toLowerCase()] : []))
const scenarioFilters = filters('--scenario')
const strategyFilters = filters('--strategy')
/** Quick mode: wheels at a tenth of their size, mirrors twice as close, trials capped at 30 s. */
const scale = quick ? 0.1 : 1
const latencyScale = quick ? 0.5 : 1
/** A trial that runs longer is stopped and counted as a failure. */
const trialCapMs = quick ? 30_000 : 120_000

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
/** A quick or partial run writes beside the published figures, never over them. */
const draft = quick
  ? 'quick'
  : scenarioFilters.length + strategyFilters.length > 0
    ? 'partial'
    : undefined
const outDir = path.join(root, 'bench', draft ? 'out' : '')
const reportFile = draft
  ? path.join(outDir, `benchmarks-${draft}.md`)
  : path.join(root, 'docs', 'benchmarks.md')
const chartName = draft ? `benchmark-chart-${draft}.svg` : 'benchmark-chart.svg'
const chartFile = path.join(path.dirname(reportFile), chartName)
const resultsFile = path.join(outDir, draft ? `results-${draft}.json` : 'results.json')

const WARM_STORE = 'warm store'
const selects = (name: string): boolean =>
  scenarioFilters.length === 0 ||
  scenarioFilters.some(filter => name.toLowerCase().includes(filter))
const matching = SCENARIOS.filter(scenario => selects(scenario.name))
// A scenario measured against another one's oracle brings that one along.
const selected = SCENARIOS.filter(
  scenario =>
    matching.includes(scenario) || matching.some(other => other.referenceOracle === scenario.name)
)

const specs = workload(scale)
/**
 * The project the action probes by default, with a wheel of pip's own size: it fits the probe's
 * download sample, and no requirement pins it, so the probe's downloads are told from pip's.
 */
const probeWheel = buildWheel({ name: 'pip', version: '25.0', sizeBytes: Math.round(2e6 * scale) })
const packages = [
  probeWheel,
  ...specs.flatMap(spec => [
    buildWheel({ name: spec.name, version: '1.0' }),
    buildWheel({ name: spec.name, version: '2.0', sizeBytes: spec.sizeBytes })
  ])
]
const roles: Role[] = ['default', 'near', 'far', 'edge']

interface Strategy {
  name: string
  run: (context: TrialContext) => Promise<Outcome>
}

const ALL_STRATEGIES: Strategy[] = [
  eachStep('pip install', (c, requirements) => pip(c, requirements, ['-i', c.url('default')])),
  eachStep('pip --retries 10 --timeout 60', (c, requirements) =>
    pip(c, requirements, ['-i', c.url('default'), '--retries', '10', '--timeout', '60'])
  ),
  eachStep(
    'pip || pip -i fixed mirror',
    (c, requirements) =>
      `${pip(c, requirements, ['-i', c.url('default')])} || ${pip(c, requirements, ['-i', c.url(c.scenario.fixedMirror)])}`
  ),
  { name: DIRECT, run: c => actionJob(c, 'direct') },
  { name: ROUTER, run: c => actionJob(c, 'router') },
  eachStep(ORACLE, (c, requirements) => pip(c, requirements, ['-i', c.url(c.scenario.oracle)]))
]
const STRATEGIES = ALL_STRATEGIES.filter(
  strategy =>
    strategyFilters.length === 0 ||
    strategyFilters.some(filter => strategy.name.toLowerCase().includes(filter))
)

interface TrialContext {
  scenario: Scenario
  mirrors: Record<Role, Mirror>
  workspace: string
  venv: string
  /** One requirements file per install step. */
  requirements: string[]
  url: (role: Role) => string
  /** performance.now() when the trial started: its clock, and its cap. */
  began: number
}

interface Outcome {
  ok: boolean
  /** From the first step's start to the end of the last install step. */
  seconds: number
  probeSeconds?: number
  setupSeconds?: number
  /** For the console: the mirror the action chose, what went wrong. */
  detail?: string
}

const elapsedSeconds = (c: TrialContext): number => (performance.now() - c.began) / 1000
const remainingMs = (c: TrialContext): number =>
  Math.max(1, c.began + trialCapMs - performance.now())

function pip(c: TrialContext, requirements: string, extra: string[]): string {
  return pipInstallCommand(c.venv, ['--no-cache-dir', '-r', requirements, ...extra])
}

/** A strategy that runs its command line once per install step, as consecutive steps do. */
function eachStep(
  name: string,
  command: (c: TrialContext, requirements: string) => string
): Strategy {
  return {
    name,
    run: async c => ({
      ok: await runSteps(c, 0, requirements => shell(command(c, requirements), c)),
      seconds: elapsedSeconds(c)
    })
  }
}

/**
 * Runs the install steps from `first` on, in order, with the scenario's fault after the job's
 * first step; false at the first step that fails, as a job stops there.
 */
async function runSteps(
  c: TrialContext,
  first: number,
  step: (requirements: string) => Promise<boolean>
): Promise<boolean> {
  for (let index = first; index < c.requirements.length; index++) {
    const dying = c.scenario.closeBetweenSteps
    if (index === 1 && dying) await c.mirrors[dying].close()
    if (!(await step(c.requirements[index]))) return false
  }
  return true
}

/** Runs a command line in bash, stopped at the trial cap; true when it succeeded. */
async function shell(
  command: string,
  c: TrialContext,
  env: NodeJS.ProcessEnv = isolatedPipEnv()
): Promise<boolean> {
  const child = spawn('bash', ['-c', command], { env, stdio: 'ignore', detached: true })
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), remainingMs(c))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  return code === 0
}

interface ActionJob extends Outcome {
  /** The post step's job summary. */
  postSummary: string
}

/**
 * One job with the action: its main step installs the first step's requirements, each later
 * step runs plain pip with what the main step exported, and the post step runs last, off the
 * clock. The action also gets a black-holed candidate, as a runner meets one behind a firewall.
 * `runnerTemp` outlives the job when a later job should find the router's store there.
 */
async function actionJob(
  c: TrialContext,
  mode: 'direct' | 'router',
  runnerTemp = path.join(c.workspace, 'runner-temp')
): Promise<ActionJob> {
  await mkdir(runnerTemp, { recursive: true })
  // One line per run of the install command: the action may run it more than once.
  const installStarts = path.join(runnerTemp, 'install-starts')
  await rm(installStarts, { force: true })
  const env = { ...isolatedPipEnv(), GITHUB_WORKSPACE: c.workspace, RUNNER_TEMP: runnerTemp }
  const blackHole = await startMirror({ packages: [], faults: { hang: 'all' } })
  try {
    const mainStartedAt = Date.now()
    const main = await runStep('main', {
      cwd: c.workspace,
      env,
      timeoutMs: remainingMs(c),
      inputs: {
        mode,
        mirrors: [
          ...roles.map(role => `${role}=${c.url(role)}`),
          `black-hole=${blackHole.indexUrl}`
        ].join('\n'),
        cache: 'false',
        install: `date +%s%N >> ${shellQuote(installStarts)} && ${pip(c, c.requirements[0], [])}`
      }
    })
    const laterStepEnv = { ...isolatedPipEnv(), ...main.env }
    let ok =
      main.exitCode === 0 &&
      (await runSteps(c, 1, requirements => shell(pip(c, requirements, []), c, laterStepEnv)))
    const seconds = elapsedSeconds(c)
    const post = await runStep('post', { env, state: main.state, timeoutMs: 30_000 })
    const problems: string[] = []
    if (mode === 'router' && !main.state.router) problems.push('the router did not start')
    if (post.exitCode !== 0) problems.push(`post step exited with ${post.exitCode}`)
    if (await routerLeftRunning(main.state)) problems.push('the router outlived the post step')
    ok &&= problems.length === 0
    const probe = /Probe phase took ([\d.]+) s/.exec(main.log)?.[1]
    const firstStart = (await readFile(installStarts, 'utf8').catch(() => '')).split('\n')[0]
    const installStartedAt = firstStart ? Number(BigInt(firstStart) / 1_000_000n) : undefined
    return {
      ok,
      seconds,
      probeSeconds: probe === undefined ? undefined : Number(probe),
      setupSeconds:
        installStartedAt === undefined ? undefined : (installStartedAt - mainStartedAt) / 1000,
      detail: [`chose ${main.outputs.mirror || 'none'}`, ...problems].join('; '),
      postSummary: post.summary
    }
  } finally {
    await blackHole.close()
  }
}

/** Fresh mirrors per trial, seeded by the trial, so every strategy meets the same faults. */
async function startMirrors(scenario: Scenario, trial: number): Promise<Record<Role, Mirror>> {
  const mirrors = {} as Record<Role, Mirror>
  for (const [index, role] of roles.entries()) {
    const faults: Partial<Faults> = { ...PROFILES[role], ...scenario.faults[role] }
    mirrors[role] = await startMirror({
      packages,
      seed: trial * 100 + index + 1,
      faults: {
        ...faults,
        latencyMs: (faults.latencyMs ?? 0) * latencyScale,
        // Cut and stall points shrink with the wheels, so they hit the same files.
        resetAfterBytes: Math.round((faults.resetAfterBytes ?? 0) * scale),
        stallAfterBytes: Math.round((faults.stallAfterBytes ?? 0) * scale)
      }
    })
  }
  return mirrors
}

/** A workspace with the scenario's requirements files and a fresh venv; its clock starts now. */
async function prepareTrial(
  scenario: Scenario,
  mirrors: Record<Role, Mirror>,
  workspace: string,
  venvName = 'venv'
): Promise<TrialContext> {
  const steps = scenario.steps ?? [specs.map((_, index) => index)]
  const requirements = await Promise.all(
    steps.map(async (indexes, step) => {
      const file = path.join(workspace, `requirements-${step + 1}.txt`)
      await writeFile(file, indexes.map(index => `${specs[index].name}==2.0\n`).join(''))
      return file
    })
  )
  const venv = await createVenv(path.join(workspace, venvName))
  return {
    scenario,
    mirrors,
    workspace,
    venv,
    requirements,
    url: role => mirrors[role].indexUrl,
    began: performance.now()
  }
}

/** Runs a strategy; a trial that throws counts as a failure. */
async function runTrial(strategy: Strategy, context: TrialContext): Promise<Outcome> {
  try {
    return await strategy.run(context)
  } catch (error) {
    return { ok: false, seconds: elapsedSeconds(context), detail: String(error) }
  }
}

/**
 * A router job, then a second one on the same runner that finds the store the first one
 * filled, as the action's cache restores it: the second one's install should need no file
 * from the mirrors. Its probe still downloads its samples, of a project no requirement pins.
 */
async function warmStoreCheck(): Promise<WarmStoreCheck> {
  const scenario = SCENARIOS[0]
  const mirrors = await startMirrors(scenario, 0)
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-'))
  try {
    const runnerTemp = path.join(workspace, 'runner-temp')
    const first = await actionJob(
      await prepareTrial(scenario, mirrors, workspace),
      'router',
      runnerTemp
    )
    for (const mirror of Object.values(mirrors)) mirror.resetLog()
    const second = await actionJob(
      await prepareTrial(scenario, mirrors, workspace, 'second-venv'),
      'router',
      runnerTemp
    )
    const fileRequests = Object.values(mirrors).flatMap(mirror =>
      mirror.requests.filter(request => request.kind === 'file')
    )
    const probeSamples = fileRequests.filter(request =>
      request.path.endsWith(`/${probeWheel.filename}`)
    ).length
    const storeHits = /files served from the store \| (\d+)/.exec(second.postSummary)?.[1]
    for (const [job, outcome] of [first, second].entries()) {
      console.log(
        `  ${WARM_STORE} | job ${job + 1}: ${outcome.ok ? 'ok' : 'FAILED'} in ${outcome.seconds.toFixed(1)} s (${outcome.detail})`
      )
    }
    return {
      ok: first.ok && second.ok,
      installFileRequests: fileRequests.length - probeSamples,
      probeFileRequests: probeSamples,
      storeHits: storeHits === undefined ? null : Number(storeHits)
    }
  } finally {
    await Promise.all(Object.values(mirrors).map(mirror => mirror.close()))
    await rm(workspace, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true })
  await mkdir(path.dirname(reportFile), { recursive: true })
  if (args.includes('--report-only')) {
    const saved = JSON.parse(await readFile(resultsFile, 'utf8')) as Partial<Summary>
    if (!Array.isArray(saved.results))
      throw new Error(`${resultsFile} is from an older benchmark: run the benchmark again`)
    return writeReport({ ...saved, results: saved.results })
  }
  const results: Trial[] = []
  const started = performance.now()
  console.log(
    `${quick ? 'Quick' : 'Full'} benchmark: ${selected.length} scenarios x ${STRATEGIES.length} strategies x ${trials} trial(s), ${Math.round(specs.reduce((sum, spec) => sum + spec.sizeBytes, 0) / 1e6)} MB of wheels`
  )
  for (const scenario of selected) {
    for (let trial = 0; trial < trials; trial++) {
      for (const strategy of STRATEGIES) {
        const mirrors = await startMirrors(scenario, trial)
        const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-'))
        const outcome = await runTrial(strategy, await prepareTrial(scenario, mirrors, workspace))
        results.push({
          scenario: scenario.name,
          strategy: strategy.name,
          ok: outcome.ok,
          seconds: outcome.seconds,
          probeSeconds: outcome.probeSeconds,
          setupSeconds: outcome.setupSeconds
        })
        console.log(
          `  ${scenario.name} | ${strategy.name} | trial ${trial + 1}: ${outcome.ok ? 'ok' : 'FAILED'} in ${outcome.seconds.toFixed(1)} s${outcome.detail ? ` (${outcome.detail})` : ''}`
        )
        await Promise.all(Object.values(mirrors).map(mirror => mirror.close()))
        await rm(workspace, { recursive: true, force: true })
      }
    }
  }
  const summary: Summary = { results: summarize(results) }
  if (selects(WARM_STORE)) {
    summary.warmStore = await warmStoreCheck()
    console.log(
      `  ${WARM_STORE}: ${summary.warmStore.installFileRequests} file requests to the mirrors in the second job, its probe's samples aside`
    )
  }
  await writeFile(resultsFile, `${JSON.stringify(summary, null, 2)}\n`)
  await writeReport(summary)
  console.log(
    `\nDone in ${((performance.now() - started) / 60000).toFixed(1)} min: ${path.relative(root, reportFile)}`
  )
}

/** The report and chart; `--report-only` redraws them from the saved results. */
async function writeReport(summary: Summary): Promise<void> {
  await writeFile(chartFile, renderChart(summary.results))
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const flags = args
    .filter(arg => arg !== '--report-only')
    .map(arg => (/\s/.test(arg) ? shellQuote(arg) : arg))
  await writeFile(
    reportFile,
    renderReport(summary, {
      command: `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`,
      machine: `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
      date: new Date().toISOString().slice(0, 10),
      trialsPerScenario: summary.results[0]?.trials ?? trials,
      chartFile: chartName,
      scenarios: SCENARIOS
    })
  )
}

await main()
