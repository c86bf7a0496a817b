/**
 * `npm run bench [-- --quick] [-- --trials N]`: success rate and time of a Python dependency
 * install with and without the action, side by side on one machine, under mirror faults.
 *
 * Every strategy runs real pip in a fresh venv with no pip cache against local mirrors with
 * region-like profiles; the action runs as its bundled dist/, the way a runner runs it.
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { runStep } from '../test-support/action-runner.js'
import { type Mirror, startMirror } from '../test-support/mirror-server.js'
import { createVenv, isolatedPipEnv, pipInstallCommand } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'
import { ACTION, ORACLE, renderChart, renderReport } from './report.js'
import { PROFILES, type Role, type Scenario, SCENARIOS, workload } from './scenarios.js'
import { type Result, summarize, type Trial } from './stats.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const trialsArg = args.indexOf('--trials')
const trials = trialsArg >= 0 ? Number(args[trialsArg + 1]) : quick ? 1 : 3
/** Quick mode: wheels at a tenth of their size, mirrors twice as close, trials capped at 30 s. */
const scale = quick ? 0.1 : 1
const latencyScale = quick ? 0.5 : 1
/** A trial that runs longer is stopped and counted as a failure. */
const trialCapMs = quick ? 30_000 : 120_000

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const outDir = quick ? path.join(root, 'bench', 'out') : path.join(root, 'bench')
const reportFile = quick
  ? path.join(outDir, 'benchmarks-quick.md')
  : path.join(root, 'docs', 'benchmarks.md')
const chartName = quick ? 'benchmark-chart-quick.svg' : 'benchmark-chart.svg'
const chartFile = path.join(path.dirname(reportFile), chartName)
const resultsFile = path.join(outDir, quick ? 'results-quick.json' : 'results.json')

const specs = workload(scale)
const packages = specs.flatMap(spec => [
  buildWheel({ name: spec.name, version: '1.0' }),
  buildWheel({ name: spec.name, version: '2.0', sizeBytes: spec.sizeBytes })
])
/** A package whose wheel fits the probe's download sample, as pip's own does on PyPI. */
const PROBE_PROJECT = 'pkg-06'
const requirements = specs.map(spec => `${spec.name}==2.0`).join('\n') + '\n'
const roles: Role[] = ['default', 'near', 'far', 'edge']

const STRATEGIES: { name: string; run: (context: TrialContext) => Promise<Outcome> }[] = [
  { name: 'pip install', run: c => shell(pip(c, ['-i', c.url('default')])) },
  {
    name: 'pip --retries 10 --timeout 60',
    run: c => shell(pip(c, ['-i', c.url('default'), '--retries', '10', '--timeout', '60']))
  },
  {
    name: 'pip || pip -i fixed mirror',
    run: c =>
      shell(
        `${pip(c, ['-i', c.url('default')])} || ${pip(c, ['-i', c.url(c.scenario.fixedMirror)])}`
      )
  },
  { name: ACTION, run: runAction },
  { name: ORACLE, run: c => shell(pip(c, ['-i', c.url(c.scenario.oracle)])) }
]

interface TrialContext {
  scenario: Scenario
  mirrors: Record<Role, Mirror>
  workspace: string
  venv: string
  url: (role: Role) => string
}

interface Outcome {
  ok: boolean
  probeSeconds?: number
}

function pip(context: TrialContext, extra: string[]): string {
  return pipInstallCommand(context.venv, [
    '--no-cache-dir',
    '-r',
    path.join(context.workspace, 'requirements.txt'),
    ...extra
  ])
}

/** Runs a strategy's command line in bash, stopped at the trial cap. */
async function shell(command: string): Promise<Outcome> {
  const child = spawn('bash', ['-c', command], {
    env: isolatedPipEnv(),
    stdio: 'ignore',
    detached: true
  })
  const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), trialCapMs)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  return { ok: code === 0 }
}

/** The action also gets a black-holed candidate, as a runner meets one behind a firewall. */
async function runAction(context: TrialContext): Promise<Outcome> {
  const blackHole = await startMirror({ packages: [], faults: { hang: 'all' } })
  const step = await runStep('main', {
    cwd: context.workspace,
    env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: context.workspace },
    timeoutMs: trialCapMs,
    inputs: {
      mirrors: [
        ...roles.map(role => `${role}=${context.url(role)}`),
        `black-hole=${blackHole.indexUrl}`
      ].join('\n'),
      'probe-project': PROBE_PROJECT,
      cache: 'false',
      install: pipInstallCommand(context.venv, ['--no-cache-dir', '-r', 'requirements.txt'])
    }
  })
  await blackHole.close()
  const probe = /Probe phase took ([\d.]+) s/.exec(step.log)?.[1]
  return { ok: step.exitCode === 0, probeSeconds: probe === undefined ? undefined : Number(probe) }
}

async function main(): Promise<void> {
  await mkdir(outDir, { recursive: true })
  await mkdir(path.dirname(reportFile), { recursive: true })
  if (args.includes('--report-only'))
    return writeReport(JSON.parse(await readFile(resultsFile, 'utf8')) as Result[])
  const results: Trial[] = []
  const started = performance.now()
  console.log(
    `${quick ? 'Quick' : 'Full'} benchmark: ${SCENARIOS.length} scenarios x ${STRATEGIES.length} strategies x ${trials} trial(s), ${Math.round(specs.reduce((sum, spec) => sum + spec.sizeBytes, 0) / 1e6)} MB of wheels`
  )
  for (const scenario of SCENARIOS) {
    for (let trial = 0; trial < trials; trial++) {
      for (const strategy of STRATEGIES) {
        // Fresh mirrors per trial, seeded by the trial, so every strategy meets the same faults.
        const mirrors = {} as Record<Role, Mirror>
        for (const [index, role] of roles.entries()) {
          mirrors[role] = await startMirror({
            packages,
            seed: trial * 100 + index + 1,
            faults: {
              ...PROFILES[role],
              latencyMs: (PROFILES[role].latencyMs ?? 0) * latencyScale,
              ...scenario.faults[role]
            }
          })
        }
        const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-'))
        await writeFile(path.join(workspace, 'requirements.txt'), requirements)
        const venv = await createVenv(path.join(workspace, 'venv'))
        const context: TrialContext = {
          scenario,
          mirrors,
          workspace,
          venv,
          url: role => mirrors[role].indexUrl
        }
        const begin = performance.now()
        const outcome = await strategy.run(context)
        const seconds = (performance.now() - begin) / 1000
        results.push({
          scenario: scenario.name,
          strategy: strategy.name,
          ok: outcome.ok,
          seconds,
          probeSeconds: outcome.probeSeconds
        })
        console.log(
          `  ${scenario.name} | ${strategy.name} | trial ${trial + 1}: ${outcome.ok ? 'ok' : 'FAILED'} in ${seconds.toFixed(1)} s`
        )
        await Promise.all(Object.values(mirrors).map(mirror => mirror.close()))
        await rm(workspace, { recursive: true, force: true })
      }
    }
  }
  const summary = summarize(results)
  await writeFile(resultsFile, `${JSON.stringify(summary, null, 2)}\n`)
  await writeReport(summary)
  console.log(
    `\nDone in ${((performance.now() - started) / 60000).toFixed(1)} min: ${path.relative(root, reportFile)}`
  )
}

/** The report and chart; `--report-only` redraws them from the saved results. */
async function writeReport(summary: Result[]): Promise<void> {
  await writeFile(chartFile, renderChart(summary))
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  await writeFile(
    reportFile,
    renderReport(summary, {
      command: `npm run bench${quick ? ' -- --quick' : ''}${trialsArg >= 0 ? ` -- --trials ${trials}` : ''}`,
      machine: `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}`,
      date: new Date().toISOString().slice(0, 10),
      trialsPerScenario: summary[0]?.trials ?? trials,
      chartFile: chartName,
      healthyScenarios: [SCENARIOS[0].name]
    })
  )
}

await main()
