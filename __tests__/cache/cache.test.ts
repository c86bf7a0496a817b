import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { runStep, type StepResult } from '../../test-support/action-runner.js'
import { type CacheService, startCacheService } from '../../test-support/cache-service.js'
import { type Mirror, startMirror } from '../../test-support/mirror-server.js'
import {
  createVenv,
  installedVersion,
  isolatedPipEnv,
  pipInstallCommand,
  runPipInstall
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * The bundled action's cache round trip: real pip, the real @actions/cache inside dist/, and a
 * loopback cache service. A runner's home and workspace keep their paths from job to job, and
 * the archive records paths, so each "job" empties the home directory instead of moving it.
 */

const packages = [
  buildWheel({ name: 'demo-pkg', version: '1.0', sizeBytes: 300_000 }),
  buildWheel({ name: 'helper-pkg', version: '2.0', sizeBytes: 200_000 })
]

let mirror: Mirror
let root: string
let home: string
let workspace: string
let service: CacheService

beforeAll(async () => {
  mirror = await startMirror({ packages })
  root = await mkdtemp(path.join(tmpdir(), 'cache-e2e-'))
})

afterAll(async () => {
  await mirror.close()
  await rm(root, { recursive: true, force: true })
})

beforeEach(async () => {
  const name = `case-${Math.random().toString(36).slice(2, 8)}`
  home = path.join(root, name, 'home')
  workspace = path.join(root, name, 'workspace')
  await mkdir(workspace, { recursive: true })
  await writeFile(path.join(workspace, 'requirements.txt'), 'demo-pkg==1.0\nhelper-pkg\n')
  service = await startCacheService({ dir: path.join(root, name, 'service') })
})

afterEach(async () => {
  await service.close()
})

/** A new job on the same runner: an empty home directory at the same path. */
async function freshJob(): Promise<void> {
  await rm(home, { recursive: true, force: true })
  await mkdir(home, { recursive: true })
}

function jobEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...isolatedPipEnv(),
    ...service.env,
    HOME: home,
    GITHUB_WORKSPACE: workspace,
    RUNNER_OS: 'Linux',
    ...extra
  }
  delete env.XDG_CACHE_HOME
  delete env.ACTIONS_CACHE_MODE
  return env
}

async function main(
  inputs: Record<string, string> = {},
  env?: NodeJS.ProcessEnv
): Promise<StepResult & { venv: string }> {
  const venv = await createVenv(path.join(home, 'venv'))
  const step = await runStep('main', {
    cwd: workspace,
    env: env ?? jobEnv(),
    inputs: {
      mirrors: `test=${mirror.indexUrl}`,
      'probe-project': 'demo-pkg',
      install: pipInstallCommand(venv, ['-r', 'requirements.txt']),
      mode: 'direct',
      ...inputs
    }
  })
  return { ...step, venv }
}

async function post(state: Record<string, string>, env?: NodeJS.ProcessEnv): Promise<StepResult> {
  return runStep('post', { cwd: workspace, env: env ?? jobEnv(), state })
}

describe('pip cache through the Actions cache', () => {
  it('misses, saves, then hits exactly in a new job and downloads no wheel', async () => {
    await freshJob()
    const filesBefore = mirror.fileRequests()
    const first = await main()
    expect(first.exitCode).toBe(0)
    expect(first.outputs['cache-hit']).toBe('false')
    expect(first.outputs['cache-matched-key']).toBe('')
    const key = first.outputs['cache-key']
    expect(key).toMatch(
      /^pip-mirror-v1-Linux-[^-]+-[\d.]+-cpython3\.\d+\.\d+-x86_64-pip-test_[0-9a-f]{8}-[0-9a-f]{64}$/
    )
    expect(mirror.fileRequests() - filesBefore).toBe(2)

    const saved = await post(first.state)
    expect(saved.exitCode).toBe(0)
    expect(saved.log).toMatch(new RegExp(`Saved ${key}: [\\d.]+ (KiB|MiB) in [\\d.]+ s`))
    expect(service.entries().map(entry => entry.key)).toEqual([key])
    expect(saved.summary).toContain('| result | saved |')

    await freshJob()
    const filesBeforeSecond = mirror.fileRequests()
    const second = await main()
    expect(second.exitCode).toBe(0)
    expect(second.outputs).toMatchObject({
      'cache-hit': 'true',
      'cache-key': key,
      'cache-matched-key': key
    })
    expect(mirror.fileRequests() - filesBeforeSecond).toBe(0)
    expect(await installedVersion(second.venv, 'demo-pkg')).toBe('1.0')
    expect(second.summary).toContain('| result | hit (exact key) |')
    expect(second.summary).toMatch(/\| size \| \d+\.\d (KiB|MiB) \|/)

    const uploads = service.uploads
    const skipped = await post(second.state)
    expect(skipped.exitCode).toBe(0)
    expect(skipped.log).toContain(`exact hit on ${key}: nothing new to save`)
    expect(service.uploads).toBe(uploads)
  })

  it('restores by prefix after a dependency file changed, and saves under the new key', async () => {
    await freshJob()
    const first = await main()
    await post(first.state)

    await writeFile(path.join(workspace, 'requirements.txt'), 'demo-pkg==1.0\n')
    await freshJob()
    const second = await main()
    expect(second.exitCode).toBe(0)
    expect(second.outputs['cache-hit']).toBe('false')
    expect(second.outputs['cache-matched-key']).toBe(first.outputs['cache-key'])
    expect(second.outputs['cache-key']).not.toBe(first.outputs['cache-key'])
    expect(second.summary).toContain(`partial hit: \`${first.outputs['cache-key']}\``)

    await post(second.state)
    expect(service.entries().map(entry => entry.key)).toEqual([
      first.outputs['cache-key'],
      second.outputs['cache-key']
    ])
  })

  it('saves after a successful install even when a later step failed', async () => {
    await freshJob()
    const step = await main()
    expect(step.exitCode).toBe(0)
    // A later test step fails; the post step still runs (action.yml declares post-if: always()),
    // and what it saves depends only on the install, not on the job's status.
    const saved = await post(step.state)
    expect(saved.exitCode).toBe(0)
    expect(service.entries()).toHaveLength(1)
  })

  it('saves nothing after a failed install', async () => {
    await freshJob()
    const step = await main({ install: 'false' })
    expect(step.exitCode).toBe(1)
    const skipped = await post(step.state)
    expect(skipped.log).toContain('the install failed: not saving a partial cache')
    expect(service.uploads).toBe(0)
  })

  it('never saves with read-only', async () => {
    await freshJob()
    const step = await main({ cache: 'read-only' })
    expect(step.exitCode).toBe(0)
    const skipped = await post(step.state)
    expect(skipped.log).toContain('cache is read-only: not saving')
    expect(service.uploads).toBe(0)
    expect(service.entries()).toEqual([])
  })

  it('in router mode, keeps the router store: a second job on another mirror downloads no file', async () => {
    // A runner's temp directory keeps its path from job to job, as its home does.
    const runnerTemp = path.join(home, '..', 'runner-temp')
    const newJob = async (): Promise<NodeJS.ProcessEnv> => {
      await freshJob()
      await rm(runnerTemp, { recursive: true, force: true })
      await mkdir(runnerTemp, { recursive: true })
      return jobEnv({ RUNNER_TEMP: runnerTemp })
    }
    const firstEnv = await newJob()
    const first = await main({ mode: 'router' }, firstEnv)
    expect(first.exitCode).toBe(0)
    expect(first.outputs['cache-key']).toMatch(/-pip(\+uv)?\+store-/)
    // Fetched ahead from the mirror, then served from the store: the mirror's bytes.
    expect(first.outputs['install-mirror']).toBe('test')
    const saved = await post(first.state, firstEnv)
    expect(saved.exitCode).toBe(0)
    expect(service.entries().map(entry => entry.key)).toEqual([first.outputs['cache-key']])
    // Each wheel once: the store's copy, not pip's HTTP cache's too.
    const wheelBytes = packages.reduce((sum, wheel) => sum + wheel.bytes.length, 0)
    expect(service.entries()[0].sizeBytes).toBeLessThanOrEqual(1.05 * wheelBytes)
    expect(saved.summary).toContain('| router store: files this job used, kept | 2 (')

    // Another region of the matrix: another mirror, the same key.
    const other = await startMirror({ packages })
    try {
      const secondEnv = await newJob()
      const filesBefore = mirror.fileRequests()
      const second = await main({ mode: 'router', mirrors: `other=${other.indexUrl}` }, secondEnv)
      expect(second.exitCode).toBe(0)
      expect(second.outputs['cache-hit']).toBe('true')
      expect(second.outputs.mirror).toBe('other')
      expect(other.requests.filter(request => request.kind === 'file')).toEqual([])
      expect(mirror.fileRequests()).toBe(filesBefore)
      expect(second.outputs['install-mirror']).toBe('store')
      await post(second.state, secondEnv)
    } finally {
      await other.close()
    }

    // The requirements drop helper-pkg: its wheel is not saved again.
    await writeFile(path.join(workspace, 'requirements.txt'), 'demo-pkg==1.0\n')
    const thirdEnv = await newJob()
    const third = await main({ mode: 'router' }, thirdEnv)
    expect(third.exitCode).toBe(0)
    expect(third.outputs['cache-hit']).toBe('false')
    const resaved = await post(third.state, thirdEnv)
    expect(resaved.summary).toContain('| router store: files this job used, kept | 1 (')
    expect(resaved.summary).toContain('| router store: files no longer used, dropped | 1 (')
    const latest = service.entries().find(entry => entry.key === third.outputs['cache-key'])
    expect(latest?.sizeBytes).toBeLessThanOrEqual(1.05 * packages[0].bytes.length)
  })

  it.each(['pull_request_target', 'workflow_run'])(
    'restores but never saves on %s, which runs untrusted code with the base cache scope',
    async event => {
      await freshJob()
      const step = await main({}, jobEnv({ GITHUB_EVENT_NAME: event }))
      expect(step.exitCode).toBe(0)
      const skipped = await post(step.state, jobEnv({ GITHUB_EVENT_NAME: event }))
      expect(skipped.log).toContain(
        `::notice title=pip-mirror-action%3A cache::not saving on ${event}`
      )
      expect(service.uploads).toBe(0)
      expect(service.entries()).toEqual([])
      // The same job on a trusted event saves.
      const trusted = await main({}, jobEnv({ GITHUB_EVENT_NAME: 'push' }))
      await post(trusted.state, jobEnv({ GITHUB_EVENT_NAME: 'push' }))
      expect(service.entries().map(entry => entry.key)).toEqual([trusted.outputs['cache-key']])
    }
  )

  it('caches without a dependency file, under a key without a hash', async () => {
    await rm(path.join(workspace, 'requirements.txt'))
    await freshJob()
    const venv = await createVenv(path.join(home, 'venv'))
    const step = await main({ install: pipInstallCommand(venv, ['demo-pkg==1.0']) })
    expect(step.exitCode).toBe(0)
    expect(step.log).toContain(
      '::notice title=pip-mirror-action%3A cache::No file matched cache-dependency-path'
    )
    expect(step.outputs['cache-key']).toMatch(/-pip-test_[0-9a-f]{8}$/)
    await post(step.state)
    expect(service.entries().map(entry => entry.key)).toEqual([step.outputs['cache-key']])
  })

  it('without an install, saves what later steps put in the cache directory', async () => {
    await freshJob()
    const step = await main({ install: '' })
    expect(step.exitCode).toBe(0)
    const skipped = await post(step.state)
    expect(skipped.log).toContain(
      '::notice title=pip-mirror-action%3A cache::the cache directories are empty: nothing to save'
    )

    await freshJob()
    const again = await main({ install: '' })
    const venv = await createVenv(path.join(home, 'venv2'))
    const later = await runPipInstall(venv, ['-r', path.join(workspace, 'requirements.txt')], {
      env: { ...again.env, HOME: home }
    })
    expect(later.exitCode).toBe(0)
    const saved = await post(again.state)
    expect(saved.log).toContain('Saved ')
    expect(service.entries()).toHaveLength(1)
  })
})

describe('the caches of other tools the workspace uses', () => {
  it("restores and saves Poetry's cache beside pip's when the workspace has a poetry.lock", async () => {
    await writeFile(path.join(workspace, 'poetry.lock'), '# poetry.lock\n')
    await freshJob()
    const step = await main({ install: '' })
    expect(step.exitCode).toBe(0)
    const plan = JSON.parse(step.state['cache-plan']) as {
      directories: { tool: string; dir: string }[]
    }
    const poetryDir = path.join(home, '.cache', 'pypoetry')
    expect(plan.directories).toContainEqual({ tool: 'poetry', dir: poetryDir })
    expect(step.outputs['cache-key']).toContain('pip+poetry')
    // What Poetry leaves in its cache in a later step.
    await mkdir(path.join(poetryDir, 'artifacts'), { recursive: true })
    await writeFile(path.join(poetryDir, 'artifacts', 'demo.whl'), 'wheel bytes')
    expect((await post(step.state)).log).toContain('Saved ')

    await freshJob()
    const again = await main({ install: '' })
    expect(again.outputs['cache-hit']).toBe('true')
    expect(await readFile(path.join(poetryDir, 'artifacts', 'demo.whl'), 'utf8')).toBe(
      'wheel bytes'
    )
  })
})

describe('cache trouble never fails the job', () => {
  const expectPassingJob = async (expectedWarning: RegExp) => {
    await freshJob()
    const step = await main()
    expect(step.exitCode).toBe(0)
    expect(step.outputs['install-mirror']).toBe('test')
    const saved = await post(step.state)
    expect(saved.exitCode).toBe(0)
    const warnings = [...step.log.split('\n'), ...saved.log.split('\n')].filter(line =>
      /^::(warning|error)/.test(line)
    )
    expect(warnings.length).toBeGreaterThanOrEqual(1)
    expect(warnings.join('\n')).toMatch(expectedWarning)
    // One warning per failed operation: the library's own annotations are folded in.
    expect(warnings.filter(line => line.startsWith('::error'))).toEqual([])
    expect(warnings.length).toBeLessThanOrEqual(2)
    return { step, saved }
  }

  it('when the service is down', async () => {
    await service.close()
    const { step, saved } = await expectPassingJob(/Cache not restored: .*ECONNREFUSED/)
    expect(saved.log).toMatch(
      /::warning title=pip-mirror-action%3A cache::Cache not saved: .*ECONNREFUSED/
    )
    expect(step.summary).toContain('| problem |')
  })

  it('when the lookup is refused with a 4xx', async () => {
    service.setFaults({ method: { GetCacheEntryDownloadURL: 403 } })
    await expectPassingJob(/Cache not restored: .*403/)
  })

  it('when the service answers 5xx, within the lookup bound', async () => {
    service.setFaults({ twirp: 500 })
    const started = Date.now()
    const { step } = await expectPassingJob(/Cache not (restored|saved)/)
    expect(step.log).toContain('the cache service did not answer within 10 s')
    expect(Date.now() - started).toBeLessThan(45_000)
  }, 90_000)

  it('when another job reserved the key first', async () => {
    service.setFaults({ method: { CreateCacheEntry: 409 } })
    const { saved } = await expectPassingJob(/Cache not saved: .*Unable to reserve cache/)
    expect(service.entries()).toEqual([])
    expect(saved.summary).toContain('not saved')
  })

  it.each([403, 500])(
    'when the upload fails with %d',
    async status => {
      service.setFaults({ upload: status })
      const { saved } = await expectPassingJob(/Cache not saved/)
      expect(saved.summary).toContain('not saved')
      expect(service.entries()).toEqual([])
    },
    90_000
  )

  it('when the job has no cache service at all', async () => {
    await freshJob()
    const env = jobEnv()
    for (const name of Object.keys(service.env)) delete env[name]
    const step = await main({}, env)
    expect(step.exitCode).toBe(0)
    expect(step.log).toContain(
      '::notice title=pip-mirror-action%3A cache::The Actions cache service is not available'
    )
    expect(step.state).toEqual({})
  })
})
