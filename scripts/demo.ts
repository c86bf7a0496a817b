/**
 * `npm run demo`: runs the bundled action in router mode as a runner would, against four local
 * mirrors it starts itself (dead, stale, fast-but-cutting, healthy), with real pip into a fresh
 * venv. The fastest mirror cuts the connection partway through a large wheel: the router goes on
 * from the healthy mirror with a Range request, so pip finishes in one run. A later step uses
 * the router through what the action exported, and the post step writes the job-wide figures.
 * As the job's HTTPS proxy the router outlives the post step, for the post steps of other
 * actions: a request after it still goes through. Then the job ends (the stand-in runner that
 * started the steps exits) and the router ends with it. It prints the step logs, the outputs,
 * the exported variables, what each mirror was asked for, both job summaries, and how long the
 * router took to end.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  runStep,
  type StandInRunner,
  startStandInRunner,
  type StepResult
} from '../test-support/action-runner.js'
import { type Mirror, refusedIndexUrl, startMirror } from '../test-support/mirror-server.js'
import {
  createVenv,
  isolatedPipEnv,
  pipInstallCommand,
  runPipInstall
} from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'

const LARGE_WHEEL_BYTES = 30_000_000
const CUT_AFTER_BYTES = 12_000_000

const packages = [
  buildWheel({ name: 'requests-lite', version: '2.31.0' }),
  buildWheel({ name: 'requests-lite', version: '2.32.3', sizeBytes: 1_000_000 }),
  buildWheel({ name: 'numpy-lite', version: '2.1.0', sizeBytes: LARGE_WHEEL_BYTES }),
  buildWheel({ name: 'rich-lite', version: '13.9.4', sizeBytes: 300_000 })
]
/** How long the router may take to notice that its job has ended (it looks once a second). */
const JOB_END_TIMEOUT_MS = 10_000

const heading = (text: string): void => console.log(`\n\x1b[1m== ${text}\x1b[0m`)

/** A step's log without debug lines, its groups as plain headings. */
const readableLog = (step: StepResult): string =>
  step.log
    .split('\n')
    .filter(line => !line.startsWith('::debug::') && line !== '::endgroup::')
    .map(line => line.replace(/^::group::(.*)$/, '\n-- $1'))
    .join('\n')

const work = await mkdtemp(path.join(tmpdir(), 'pip-mirror-demo-'))
// The fastest mirror, until a file is larger than what it sends before cutting the connection;
// the probe's sample is smaller, so only the install meets the cut.
const cutting = await startMirror({ packages, faults: { resetAfterBytes: CUT_AFTER_BYTES } })
const stale = await startMirror({
  packages,
  faults: { latencyMs: 40, hiddenVersions: { 'requests-lite': ['2.32.3'] } }
})
const healthy = await startMirror({ packages, faults: { latencyMs: 60, ranges: true } })
const named: [string, Mirror][] = [
  ['fast-but-cutting', cutting],
  ['healthy', healthy],
  ['stale', stale]
]
let routerPid: number | undefined
let workerPids: number[] = []
let runner: StandInRunner | undefined
try {
  // It starts the steps, as a runner's worker does: the router takes it for the job's process
  // and ends when it does. Steps started by this script itself would tie the router to it.
  runner = await startStandInRunner()
  const venv = await createVenv(path.join(work, 'venv'))
  const env = { ...isolatedPipEnv(), GITHUB_WORKSPACE: work, RUNNER_TEMP: work }
  const main = await runStep('main', {
    runner,
    cwd: work,
    env,
    inputs: {
      mode: 'router',
      mirrors: [
        `dead=${await refusedIndexUrl()}`,
        ...named.map(([name, mirror]) => `${name}=${mirror.indexUrl}`)
      ].join('\n'),
      'probe-project': 'requests-lite',
      cache: 'false',
      install: pipInstallCommand(venv, ['--no-cache-dir', 'requests-lite==2.32.3', 'numpy-lite'])
    }
  })
  routerPid = main.state.router ? (JSON.parse(main.state.router) as { pid: number }).pid : undefined

  heading('Main step log')
  console.log(readableLog(main))
  heading('Outputs')
  for (const [name, value] of Object.entries(main.outputs)) console.log(`${name}=${value}`)
  heading('Exported for later steps (GITHUB_ENV)')
  for (const [name, value] of Object.entries(main.env)) console.log(`${name}=${value}`)
  heading('Main step job summary (Markdown)')
  console.log(main.summary)

  // A later step: plain pip, with nothing but what the main step exported.
  const later = await runPipInstall(venv, ['--no-cache-dir', 'rich-lite'], { env: main.env })
  heading(`A later step: pip install rich-lite, exit code ${later.exitCode}`)
  console.log(later.output.trim().split('\n').slice(-2).join('\n'))

  heading("What each mirror was asked for (files; the probe's download sample among them)")
  for (const [name, mirror] of named) {
    const files = mirror.requests.filter(request => request.kind === 'file')
    console.log(files.length === 0 ? `${name}: no file requests` : `${name}:`)
    for (const request of files) {
      const range = request.range ? ` (Range: ${request.range})` : ''
      const answer = request.status === 0 ? 'connection cut' : String(request.status)
      console.log(`  ${path.basename(request.path)}${range} -> ${answer}`)
    }
  }

  const post = await runStep('post', { runner, env, state: main.state })
  heading('Post step log')
  console.log(readableLog(post))
  heading('Post step job summary (Markdown)')
  console.log(post.summary)

  const upAfterPost = routerPid !== undefined && isRunning(routerPid)
  // Another action's post step that runs pip, with the proxy and CA settings the action exported.
  const afterPost = await runPipInstall(
    venv,
    ['--no-cache-dir', '--force-reinstall', '--no-deps', 'rich-lite'],
    { env: main.env }
  )
  const servedAfterPost = afterPost.exitCode === 0
  heading(
    `After the post step the router is ${upAfterPost ? 'still up' : 'GONE'} and ${servedAfterPost ? 'still serves' : 'does NOT serve'} as the job's HTTPS proxy, for the post steps of other actions: pip install rich-lite, exit code ${afterPost.exitCode}`
  )
  console.log(afterPost.output.trim().split('\n').slice(-2).join('\n'))

  // The job ends: the runner exits, and the router, watching it, ends within a second or so.
  if (routerPid !== undefined) workerPids = await childrenOf(routerPid)
  await runner.end()
  const jobEndedAt = Date.now()
  const routerPids = routerPid === undefined ? [] : [routerPid, ...workerPids]
  while (routerPids.some(isRunning) && Date.now() - jobEndedAt < JOB_END_TIMEOUT_MS) await sleep(50)
  const endedWithJob = routerPid !== undefined && !routerPids.some(isRunning)
  const seconds = ((Date.now() - jobEndedAt) / 1000).toFixed(1)
  heading(
    routerPid === undefined
      ? 'The job ends: no router had started'
      : endedWithJob
        ? `The job ends (its runner process exits): the router process ended ${seconds} s later`
        : `The job ends (its runner process exits): the router process STILL RUNNING after ${seconds} s`
  )

  const codes = [main.exitCode, later.exitCode, post.exitCode]
  heading(
    `Exit codes: main ${main.exitCode}, later step ${later.exitCode}, post ${post.exitCode}; router ${routerPid === undefined ? 'never started' : `${upAfterPost && servedAfterPost ? 'served after post' : 'did NOT serve after post'}, ${endedWithJob ? `ended with the job (${seconds} s)` : 'did NOT end with the job'}`}`
  )
  const allWell = codes.every(code => code === 0) && upAfterPost && servedAfterPost
  process.exitCode = allWell && endedWithJob ? 0 : 1
} finally {
  await runner?.end()
  for (const pid of [...(routerPid === undefined ? [] : [routerPid]), ...workerPids])
    if (isRunning(pid)) process.kill(pid, 'SIGKILL')
  await Promise.all(named.map(([, mirror]) => mirror.close()))
  await rm(work, { recursive: true, force: true })
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** A process's children (the router's worker): Linux only, none elsewhere. */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')
  return text.trim().split(' ').filter(Boolean).map(Number)
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}
