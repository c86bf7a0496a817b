/**
 * `npx tsx scripts/measure-main-step.ts`: what the bundled action's main step costs before the
 * user's install starts, median of 7 whole-process runs each:
 * - bare Node, and the bundle failing on a bad input (loading the code alone);
 * - `mode: direct`, and `mode: router` (the default) as the job's HTTPS proxy and with index
 *   variables (`transparent: false`), over a near mirror, a far one and a
 *   black-holed one, with `cache: false`: from starting the process to the install's first
 *   instruction (`date`), and the whole step.
 * Run `npm run bundle` first.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runStep } from '../test-support/action-runner.js'
import { startMirror } from '../test-support/mirror-server.js'
import { isolatedPipEnv } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'

const RUNS = 7
const MAIN = path.resolve('dist/main/index.js')
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]
const ms = (value: number): string => `${Math.round(value)} ms`

function wholeProcess(args: string[], env: NodeJS.ProcessEnv): number {
  const started = performance.now()
  spawnSync(process.execPath, args, { env, stdio: 'ignore' })
  return performance.now() - started
}
const bare = median(Array.from({ length: RUNS }, () => wholeProcess(['-e', '0'], process.env)))
const badInput = median(
  Array.from({ length: RUNS }, () => wholeProcess([MAIN], { ...process.env, INPUT_MODE: 'bogus' }))
)

const packages = [buildWheel({ name: 'demo-pkg', version: '1.0' })]
const near = await startMirror({ packages, faults: { latencyMs: 15 } })
const far = await startMirror({ packages, faults: { latencyMs: 80 } })
const blackHole = await startMirror({ packages, faults: { hang: 'all' } })
const mirrors = [`far=${far.indexUrl}`, `black-hole=${blackHole.indexUrl}`, `near=${near.indexUrl}`]
/** Each way the main step can run: its inputs. */
const VARIANTS: Record<string, Record<string, string>> = {
  direct: { mode: 'direct' },
  "router, the job's HTTPS proxy": { mode: 'router', transparent: 'true' },
  'router, index variables': { mode: 'router', transparent: 'false' }
}
const toInstall: Record<string, number[]> = {}
const whole: Record<string, number[]> = {}
for (let run = 0; run < RUNS; run++) {
  for (const [variant, chosen] of Object.entries(VARIANTS)) {
    const workspace = await mkdtemp(path.join(tmpdir(), 'main-step-'))
    const stamp = path.join(workspace, 'install-started')
    const started = Date.now()
    const step = await runStep('main', {
      cwd: workspace,
      env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: workspace },
      inputs: {
        mirrors: mirrors.join('\n'),
        'probe-project': 'demo-pkg',
        cache: 'false',
        ...chosen,
        install: `date +%s%N > ${stamp}`
      }
    })
    ;(whole[variant] ??= []).push(Date.now() - started)
    ;(toInstall[variant] ??= []).push(Number(await readFile(stamp, 'utf8')) / 1e6 - started)
    // No post step here: stop the router the main step left running.
    if (step.state.router) process.kill((JSON.parse(step.state.router) as { pid: number }).pid)
  }
}
console.log(`median of ${RUNS} runs`)
console.log(`bare Node: ${ms(bare)}; the bundle failing on a bad input: ${ms(badInput)}`)
for (const variant of Object.keys(VARIANTS)) {
  console.log(
    `${variant}: install started after ${ms(median(toInstall[variant]))}, step took ${ms(median(whole[variant]))}`
  )
}
await Promise.all([near.close(), far.close(), blackHole.close()])
