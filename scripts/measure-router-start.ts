/**
 * `npx tsx scripts/measure-router-start.ts`: what starting the router adds to the bundled
 * action's main step: the median of 7 runs with `mode: direct` and with `mode: router`, one
 * local mirror, no install. Run `npm run bundle` first.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { runStep } from '../test-support/action-runner.js'
import { startMirror } from '../test-support/mirror-server.js'
import { isolatedPipEnv } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'

const RUNS = 7
const mirror = await startMirror({ packages: [buildWheel({ name: 'demo-pkg', version: '1.0' })] })
const times: Record<'direct' | 'router', number[]> = { direct: [], router: [] }
for (let run = 0; run < RUNS; run++) {
  for (const mode of ['direct', 'router'] as const) {
    const workspace = await mkdtemp(path.join(tmpdir(), 'router-start-'))
    const started = performance.now()
    const step = await runStep('main', {
      cwd: workspace,
      env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: workspace },
      inputs: { mirrors: `m=${mirror.indexUrl}`, 'probe-project': 'demo-pkg', cache: 'false', mode }
    })
    times[mode].push(performance.now() - started)
    // No post step here: stop the router the main step left running.
    if (step.state.router) process.kill((JSON.parse(step.state.router) as { pid: number }).pid)
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]
const [direct, router] = [median(times.direct), median(times.router)]
console.log(
  `main step, median of ${RUNS}: direct ${Math.round(direct)} ms, router ${Math.round(router)} ms (+${Math.round(router - direct)} ms)`
)
await mirror.close()
