/**
 * `npx tsx scripts/measure-probe.ts`: how long the bundled action's probe phase and whole main
 * step take with 8 black-holed, 4 refusing and 1 healthy mirror, and with 4 live mirrors.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runStep } from '../test-support/action-runner.js'
import { refusedIndexUrl, startMirror } from '../test-support/mirror-server.js'
import { isolatedPipEnv } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'

const packages = [buildWheel({ name: 'demo', version: '1.0', sizeBytes: 1_000_000 })]
const hanging = await Promise.all(
  Array.from({ length: 8 }, () => startMirror({ packages, faults: { hang: 'all' } }))
)
const live = await Promise.all(
  [60, 8, 40, 3].map(latencyMs => startMirror({ packages, faults: { latencyMs } }))
)
const refused = await Promise.all(Array.from({ length: 4 }, () => refusedIndexUrl()))
const workspace = await mkdtemp(path.join(tmpdir(), 'measure-probe-'))

async function measure(label: string, mirrors: string[], timeout: string): Promise<void> {
  const started = performance.now()
  const step = await runStep('main', {
    cwd: workspace,
    env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: workspace },
    inputs: {
      mirrors: mirrors.join('\n'),
      'probe-project': 'demo',
      'probe-timeout': timeout,
      cache: 'false',
      mode: 'direct'
    }
  })
  const whole = ((performance.now() - started) / 1000).toFixed(2)
  const probe = /Probe phase took ([\d.]+ s)/.exec(step.log)?.[1]
  console.log(
    `${label}, probe-timeout ${timeout} ms: probe phase ${probe}, whole main step ${whole} s, chose ${step.outputs.mirror}`
  )
}

try {
  const dead = [...hanging.map(mirror => mirror.indexUrl), ...refused, live[3].indexUrl]
  await measure('8 hanging + 4 refusing + 1 healthy', dead, '2000')
  await measure('8 hanging + 4 refusing + 1 healthy', dead, '1000')
  for (let run = 1; run <= 3; run++) {
    await measure(
      `4 live mirrors (run ${run})`,
      live.map(mirror => mirror.indexUrl),
      '2000'
    )
  }
} finally {
  await Promise.all([...hanging, ...live].map(mirror => mirror.close()))
}
