/**
 * `npm run demo`: runs the bundled action as a runner would, against four local mirrors it
 * starts itself (dead, stale, fast-but-broken, healthy), with real pip into a fresh venv, and
 * prints the step log, the outputs, the exported variables and the job summary.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runStep } from '../test-support/action-runner.js'
import { refusedIndexUrl, startMirror } from '../test-support/mirror-server.js'
import { createVenv, isolatedPipEnv, pipInstallCommand } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'

const packages = [
  buildWheel({ name: 'requests-lite', version: '2.31.0' }),
  buildWheel({ name: 'requests-lite', version: '2.32.3', sizeBytes: 1_000_000 }),
  buildWheel({ name: 'numpy-lite', version: '2.1.0', sizeBytes: 2_000_000 })
]

const heading = (text: string): void => console.log(`\n\x1b[1m== ${text}\x1b[0m`)

const work = await mkdtemp(path.join(tmpdir(), 'pip-mirror-demo-'))
// Its probe project files are fine; a wheel the install needs is not, so only the install finds out.
const broken = await startMirror({ packages, faults: { corruptFiles: ['numpy-lite'] } })
const stale = await startMirror({
  packages,
  faults: { latencyMs: 40, hiddenVersions: { 'requests-lite': ['2.32.3'] } }
})
const healthy = await startMirror({ packages, faults: { latencyMs: 120 } })
try {
  const venv = await createVenv(path.join(work, 'venv'))
  const step = await runStep('main', {
    cwd: work,
    env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: work },
    inputs: {
      mirrors: [
        `dead=${await refusedIndexUrl()}`,
        `fast-but-broken=${broken.indexUrl}`,
        `stale=${stale.indexUrl}`,
        `healthy=${healthy.indexUrl}`
      ].join('\n'),
      'probe-project': 'requests-lite',
      install: pipInstallCommand(venv, ['--no-cache-dir', 'requests-lite==2.32.3', 'numpy-lite'])
    }
  })

  heading('Step log')
  console.log(
    step.log
      .split('\n')
      .filter(line => !line.startsWith('::debug::') && line !== '::endgroup::')
      .map(line => line.replace(/^::group::(.*)$/, '\n-- $1'))
      .join('\n')
  )
  heading('Outputs')
  for (const [name, value] of Object.entries(step.outputs)) console.log(`${name}=${value}`)
  heading('Exported for later steps (GITHUB_ENV)')
  for (const [name, value] of Object.entries(step.env)) console.log(`${name}=${value}`)
  heading('Job summary (Markdown)')
  console.log(step.summary)
  heading(`Step exit code: ${step.exitCode}`)
  process.exitCode = step.exitCode
} finally {
  await Promise.all([broken.close(), stale.close(), healthy.close()])
  await rm(work, { recursive: true, force: true })
}
