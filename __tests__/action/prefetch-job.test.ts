import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { runStep } from '../../test-support/action-runner.js'
import { type Mirror, startMirror } from '../../test-support/mirror-server.js'
import { createVenv, isolatedToolEnv, pipInstallCommand } from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * The bundled action in router mode, as a job runs it: its main step reads the workspace's
 * requirements file and the Python on PATH, the router fetches the pinned files ahead over both
 * mirrors while pip starts, pip gets each of them once, and the post step's summary says so.
 */

const wheels = ['pj-one', 'pj-two', 'pj-three'].map((name, index) =>
  buildWheel({ name, version: '1.0', sizeBytes: (index + 1) * 400_000 })
)
const mirrors: Mirror[] = []
let scratch = ''

afterAll(async () => {
  await Promise.all(mirrors.map(mirror => mirror.close()))
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('a job with prefetch on (the default)', () => {
  it('fetches what requirements.txt pins ahead, once each, and reports it', async () => {
    for (let i = 0; i < 2; i++)
      mirrors.push(
        await startMirror({ packages: wheels, pypiLayout: true, faults: { coreMetadata: true } })
      )
    scratch = await mkdtemp(path.join(tmpdir(), 'prefetch-job-'))
    const workspace = path.join(scratch, 'workspace')
    await mkdir(workspace)
    await writeFile(
      path.join(workspace, 'requirements.txt'),
      wheels.map(wheel => `${wheel.name}==1.0 --hash=sha256:${wheel.sha256}\n`).join('')
    )
    const venv = await createVenv(path.join(scratch, 'venv'))
    const env = { ...isolatedToolEnv(), GITHUB_WORKSPACE: workspace }
    const main = await runStep('main', {
      cwd: workspace,
      env,
      inputs: {
        mirrors: mirrors.map((mirror, i) => `m${i}=${mirror.indexUrl}`).join('\n'),
        cache: 'false',
        install: pipInstallCommand(venv, ['--no-cache-dir', '-r', 'requirements.txt'])
      }
    })
    expect(main.exitCode).toBe(0)
    expect(main.log).toContain('Fetching ahead: 3 projects (3 pinned) from requirements.txt')
    // The probe's project is on neither mirror: it finds none healthy, and the router still
    // fetches ahead over both, as it serves from both.
    expect(main.log).toContain('No mirror passed the probe')
    const post = await runStep('post', { env, state: main.state })
    expect(post.exitCode).toBe(0)
    const { pid } = JSON.parse(main.state.router) as { pid: number }
    process.kill(pid, 'SIGTERM')

    for (const wheel of wheels) {
      const downloads = mirrors
        .flatMap(mirror => mirror.requests)
        .filter(request => request.kind === 'file' && request.path.endsWith(`/${wheel.filename}`))
      expect(downloads).toHaveLength(1)
    }
    expect(post.summary).toContain('#### Fetched ahead')
    expect(post.summary).toContain('| files known ahead (from) | 3 (requirements.txt) |')
    const whole = Number(/\| asked for by a tool once fetched \| (\d+) \|/.exec(post.summary)?.[1])
    const joined = Number(
      /\| asked for by a tool while still downloading \(joined\) \| (\d+) \|/.exec(
        post.summary
      )?.[1]
    )
    expect(whole + joined).toBe(3)
    expect(post.summary).toContain('| fetched ahead and never asked for (wasted) | 0 B |')
  }, 120_000)
})
