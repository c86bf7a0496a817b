/**
 * `npx tsx scripts/measure-cache.ts [MiB]`: restore and save times of the bundled action for a
 * pip cache of about MiB (default 50), against a loopback cache service, with real pip.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runStep } from '../test-support/action-runner.js'
import { startCacheService } from '../test-support/cache-service.js'
import { startMirror } from '../test-support/mirror-server.js'
import { createVenv, isolatedPipEnv, pipInstallCommand } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'

const totalMiB = Number(process.argv[2] ?? 50)
const wheelCount = 5
const packages = Array.from({ length: wheelCount }, (_, index) =>
  buildWheel({
    name: `big-${index}`,
    version: '1.0',
    sizeBytes: Math.round((totalMiB * 1024 ** 2) / wheelCount)
  })
)
const root = await mkdtemp(path.join(tmpdir(), 'measure-cache-'))
const home = path.join(root, 'home')
const workspace = path.join(root, 'workspace')
const mirror = await startMirror({ packages })
const service = await startCacheService({ dir: path.join(root, 'service') })
try {
  await mkdir(workspace, { recursive: true })
  await writeFile(path.join(workspace, 'requirements.txt'), packages.map(p => p.name).join('\n'))
  const env: NodeJS.ProcessEnv = {
    ...isolatedPipEnv(),
    ...service.env,
    HOME: home,
    GITHUB_WORKSPACE: workspace,
    RUNNER_OS: 'Linux'
  }
  delete env.XDG_CACHE_HOME
  const job = async () => {
    await rm(home, { recursive: true, force: true })
    await mkdir(home, { recursive: true })
    const venv = await createVenv(path.join(home, 'venv'))
    const inputs = {
      mirrors: `local=${mirror.indexUrl}`,
      'probe-project': packages[0].name,
      install: pipInstallCommand(venv, ['-r', 'requirements.txt'])
    }
    const started = performance.now()
    const main = await runStep('main', { cwd: workspace, env, inputs })
    const mainSeconds = (performance.now() - started) / 1000
    const post = await runStep('post', { cwd: workspace, env, state: main.state })
    return { main, post, mainSeconds }
  }
  const first = await job()
  const second = await job()
  const line = (log: string, pattern: RegExp) => pattern.exec(log)?.[0] ?? '(not found)'
  console.log(`pip cache of ${totalMiB} MiB in ${wheelCount} wheels`)
  console.log(
    `job 1 (miss): main step ${first.mainSeconds.toFixed(1)} s; ${line(first.post.log, /Saved .*/)}`
  )
  console.log(
    `job 2 (hit):  main step ${second.mainSeconds.toFixed(1)} s; ${line(second.main.log, /Restored .*/)}`
  )
  console.log(
    `mirror file requests: ${mirror.fileRequests()} (${wheelCount} expected: job 2 downloads none)`
  )
} finally {
  await Promise.all([mirror.close(), service.close()])
  await rm(root, { recursive: true, force: true })
}
