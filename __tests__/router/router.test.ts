import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { totalSize } from '../../src/cache/actions-cache.js'
import { type Router, type RouterStats, startRouter } from '../../src/router/server.js'
import { endJobProcesses, runStep } from '../../test-support/action-runner.js'
import {
  type Faults,
  type Mirror,
  mirrorPool,
  refusedIndexUrl
} from '../../test-support/mirror-server.js'
import {
  createToolVenv,
  createVenv,
  findTool,
  installedVersion,
  isolatedPipEnv,
  pipInstallCommand,
  runPipInstall,
  runToolInstall
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/** Real pip and uv through the router, against test mirrors that fail in the ways mirrors do. */

const pool = mirrorPool([
  buildWheel({ name: 'demo-pkg', version: '1.0', sizeBytes: 400_000 }),
  buildWheel({ name: 'demo-pkg', version: '2.0', sizeBytes: 400_000 }),
  buildWheel({ name: 'corp-lib', version: '1.0' }),
  buildWheel({ name: 'corp-lib', version: '99.0' }),
  // Past the size from which the router fetches ranges from several mirrors at once.
  buildWheel({ name: 'big-pkg', version: '1.0', sizeBytes: 9_000_000 })
])
const routers: Router[] = []
/** Router processes the bundled action started: stopped here if a test failed before post. */
const pids: number[] = []
afterAll(async () => {
  endJobProcesses(pids)
  await Promise.all(routers.map(router => router.close()))
  await pool.closeAll()
})

/** The router's first path segment in these tests. */
const SECRET = 'test-secret-0123456789'

async function scratch(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `${name}-`))
}

async function router(
  mirrors: { name: string; url: string; private?: boolean }[],
  options: { privateProjects?: string[]; storeDir?: string } = {}
): Promise<{ router: Router; indexUrl: string }> {
  const started = await startRouter({
    mirrors: mirrors.map(mirror => ({ private: false, ...mirror })),
    privateProjects: options.privateProjects ?? [],
    storeDir: options.storeDir ?? (await scratch('store')),
    timeoutMs: 2000,
    secret: SECRET,
    jobSecret: `job-${SECRET}`
  })
  routers.push(started)
  return { router: started, indexUrl: `http://127.0.0.1:${started.port}/${SECRET}/simple` }
}

async function pipInstall(indexUrl: string, args: string[]) {
  const venv = await createVenv(path.join(await scratch('venv'), 'venv'))
  const run = await runPipInstall(venv, ['--no-cache-dir', '--index-url', indexUrl, ...args], {
    env: { PIP_TIMEOUT: '10', PIP_RETRIES: '0' }
  })
  return { ...run, venv }
}

const fileRequests = (mirror: Mirror) => mirror.requests.filter(request => request.kind === 'file')

async function mirrors(...faults: Partial<Faults>[]) {
  return Promise.all(faults.map(fault => pool.start(fault)))
}

describe('real pip through the router', () => {
  it('serves a later install from the next mirror when the best one died in between', async () => {
    const [a, b] = await mirrors({}, {})
    const { indexUrl } = await router([
      { name: 'a', url: a.indexUrl },
      { name: 'b', url: b.indexUrl }
    ])
    const first = await pipInstall(indexUrl, ['demo-pkg==1.0'])
    expect(first.exitCode).toBe(0)
    expect(fileRequests(a)).toHaveLength(1)
    await a.close()
    const second = await pipInstall(indexUrl, ['demo-pkg==2.0'])
    expect(second.exitCode).toBe(0)
    expect(await installedVersion(second.venv, 'demo-pkg')).toBe('2.0')
    expect(fileRequests(b).map(request => request.path)).toEqual([
      expect.stringContaining('demo_pkg-2.0')
    ])
  })

  it.each([
    ['a reset', { resetAfterBytes: 100_000 }],
    ['a stall', { stallAfterBytes: 100_000 }]
  ])(
    'turns %s mid-file into one slow download resumed on the next mirror',
    async (_what, fault) => {
      const [a, b] = await mirrors(fault, { ranges: true })
      const { indexUrl, router: started } = await router([
        { name: 'a', url: a.indexUrl },
        { name: 'b', url: b.indexUrl }
      ])
      const run = await pipInstall(indexUrl, ['demo-pkg==1.0'])
      expect(run.exitCode).toBe(0)
      // One download as pip sees it: no retry, no resume of its own.
      expect(run.output.match(/Downloading /g)).toHaveLength(1)
      expect(run.output).not.toMatch(/Retrying|WARNING/)
      expect(b.requests.some(request => request.kind === 'file')).toBe(true)
      expect(started.stats().files.resumed).toBe(1)
    }
  )

  it('resumes on the next mirror without waiting for one that never answers', async () => {
    const [a, hole, b] = await mirrors(
      { stallAfterBytes: 100_000 },
      { hang: 'all' },
      { ranges: true }
    )
    const { indexUrl } = await router([
      { name: 'a', url: a.indexUrl },
      { name: 'hole', url: hole.indexUrl },
      { name: 'b', url: b.indexUrl }
    ])
    const run = await pipInstall(indexUrl, ['demo-pkg==1.0'])
    expect(run.exitCode).toBe(0)
    // The router asked both for their listing of the file (after the black hole's part in the
    // first page, which it stopped waiting for); b's answer was enough to go on, well before
    // the black hole's page request could time out (2 s here).
    const holeAsked = hole.requests.filter(request => request.kind === 'page').at(-1)?.at ?? NaN
    const resumed = fileRequests(b)[0]
    expect(resumed.range).toBe('bytes=100000-')
    expect(resumed.at - holeAsked).toBeLessThan(1500)
  })

  it('fetches a large file as ranges from two mirrors at once', async () => {
    const [a, b] = await mirrors({ ranges: true }, { ranges: true })
    const { indexUrl, router: started } = await router([
      { name: 'a', url: a.indexUrl },
      { name: 'b', url: b.indexUrl }
    ])
    const run = await pipInstall(indexUrl, ['big-pkg==1.0'])
    // pip's own words, should it fail.
    expect(run.exitCode === 0 ? '' : run.output).toBe('')
    expect(await installedVersion(run.venv, 'big-pkg')).toBe('1.0')
    expect(started.stats().files.parallel).toBe(1)
    for (const mirror of [a, b]) expect(fileRequests(mirror).length).toBeGreaterThan(0)
    // Only b's page was never asked for by pip: the router found its listing itself.
    expect(b.requests.filter(request => request.kind === 'page')).toHaveLength(1)
  })

  it('refuses a corrupt file, and the next run gets it from another mirror', async () => {
    const [a, b] = await mirrors({ corruptFiles: true }, {})
    const { indexUrl, router: started } = await router([
      { name: 'a', url: a.indexUrl },
      { name: 'b', url: b.indexUrl }
    ])
    const first = await pipInstall(indexUrl, ['demo-pkg==1.0'])
    expect(first.exitCode).not.toBe(0)
    expect(started.stats().files.hashMismatches).toBe(1)
    const second = await pipInstall(indexUrl, ['demo-pkg==1.0'])
    expect(second.exitCode).toBe(0)
    expect(fileRequests(b)).toHaveLength(1)
  })

  it('falls through a mirror that does not know the project', async () => {
    const [stale, fresh] = await mirrors({ pageStatus: 404 }, {})
    const { indexUrl } = await router([
      { name: 'stale', url: stale.indexUrl },
      { name: 'fresh', url: fresh.indexUrl }
    ])
    expect((await pipInstall(indexUrl, ['demo-pkg==2.0'])).exitCode).toBe(0)
  })

  it('serves a second job from its store, with no file from any mirror', async () => {
    const [a] = await mirrors({})
    const storeDir = await scratch('store')
    const first = await router([{ name: 'a', url: a.indexUrl }], { storeDir })
    expect((await pipInstall(first.indexUrl, ['demo-pkg==1.0'])).exitCode).toBe(0)
    // Another job: a new router (another port) over the same store.
    const second = await router([{ name: 'a', url: a.indexUrl }], { storeDir })
    const filesBefore = fileRequests(a).length
    expect((await pipInstall(second.indexUrl, ['demo-pkg==1.0'])).exitCode).toBe(0)
    expect(fileRequests(a).length).toBe(filesBefore)
    expect(second.router.stats().files.storeHits).toBe(1)
  })

  it('never asks a public mirror for a private project while the private index is down', async () => {
    const [publicMirror] = await mirrors({})
    const { indexUrl } = await router(
      [
        { name: 'corp', url: await refusedIndexUrl(), private: true },
        { name: 'public', url: publicMirror.indexUrl }
      ],
      { privateProjects: ['corp-*'] }
    )
    const refused = await pipInstall(indexUrl, ['corp-lib'])
    expect(refused.exitCode).not.toBe(0)
    expect(publicMirror.requests.some(request => request.path.includes('corp'))).toBe(false)
    // Every other project still comes from the public mirror.
    expect((await pipInstall(indexUrl, ['demo-pkg==1.0'])).exitCode).toBe(0)
  })
})

describe('the copies of a file a client keeps', () => {
  const bytesBelow = (dir: string): Promise<number> => totalSize([dir])
  const WHEEL = 9_000_000

  it("pip keeps none in its HTTP cache: the router's store has it", async () => {
    const [a] = await mirrors({})
    const { indexUrl } = await router([{ name: 'a', url: a.indexUrl }])
    const cache = await scratch('pip-cache')
    for (const round of [1, 2]) {
      const venv = await createVenv(path.join(await scratch(`venv-${round}`), 'venv'))
      const run = await runPipInstall(venv, ['--index-url', indexUrl, 'big-pkg==1.0'], {
        env: { PIP_CACHE_DIR: cache }
      })
      expect(run.exitCode).toBe(0)
    }
    expect(await bytesBelow(cache)).toBeLessThan(WHEEL / 10)
    // The second install took it from the store, not from the mirror again.
    expect(fileRequests(a).filter(request => !request.range)).toHaveLength(1)
  })

  it('uv keeps its own, and installs again from it without unpacking a second copy', async () => {
    const uv = await findTool('uv-0.13.9')
    const [a] = await mirrors({})
    const { indexUrl } = await router([{ name: 'a', url: a.indexUrl }])
    const cache = await scratch('uv-cache')
    const sizes: number[] = []
    for (const round of [1, 2]) {
      const venv = await createToolVenv(uv, path.join(await scratch(`uv-${round}`), 'venv'))
      const run = await runToolInstall(uv, venv, ['--index-url', indexUrl, 'big-pkg==1.0'], {
        env: { UV_CACHE_DIR: cache }
      })
      expect(run.exitCode).toBe(0)
      sizes.push(await bytesBelow(cache))
    }
    expect(sizes[0]).toBeGreaterThan(WHEEL)
    expect(sizes[1]).toBeLessThan(sizes[0] * 1.05)
  })
})

describe('uv through the router', () => {
  it('installs with PEP 691 JSON, whatever the mirror speaks', async () => {
    const uv = await findTool('uv-0.13.9')
    const [htmlOnly] = await mirrors({ htmlOnly: true })
    const { indexUrl } = await router([{ name: 'html', url: htmlOnly.indexUrl }])
    const page = await fetch(`${indexUrl}/demo-pkg/`, {
      headers: { accept: 'application/vnd.pypi.simple.v1+json' }
    })
    expect(page.headers.get('content-type')).toContain('application/vnd.pypi.simple.v1+json')
    const venv = await createToolVenv(uv, path.join(await scratch('uv-venv'), 'venv'))
    const run = await runToolInstall(uv, venv, ['--index-url', indexUrl, 'demo-pkg==2.0'], {
      env: { UV_CACHE_DIR: await scratch('uv-cache') }
    })
    expect(run.exitCode).toBe(0)
    expect(await installedVersion(venv, 'demo-pkg')).toBe('2.0')
  })
})

describe('the bundled action in router mode (the default)', () => {
  async function job(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    const workspace = await scratch('workspace')
    return runStep('main', {
      cwd: workspace,
      env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: workspace, ...env },
      inputs: { 'probe-project': 'demo-pkg', cache: 'false', ...inputs }
    })
  }

  it("as the job's HTTPS proxy: later steps keep PyPI's index, and post leaves it for the post steps of other actions", async () => {
    const [a, b] = await mirrors({}, {})
    const venv = await createVenv(path.join(await scratch('venv'), 'venv'))
    const step = await job({
      mirrors: `a=${a.indexUrl}\nb=${b.indexUrl}`,
      install: pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg==1.0'])
    })
    expect(step.exitCode).toBe(0)
    const run = JSON.parse(step.state.router) as { pid: number }
    pids.push(run.pid)
    expect(step.env.PIP_INDEX_URL).toBeUndefined()
    // With the job's own password: a client the router cannot tell to be of its user needs it.
    expect(step.env.HTTPS_PROXY).toMatch(/^http:\/\/pip-mirror-action:[\w-]{32}@127\.0\.0\.1:\d+$/)
    const password = new URL(step.env.HTTPS_PROXY).password
    expect(step.log).toContain(`::add-mask::${password}`)
    expect(step.log.replace(`::add-mask::${password}`, '')).not.toContain(password)
    expect(step.summary).not.toContain(password)
    // Where container actions find it too: under the folder the runner mounts as their home.
    const caBundle = step.env.SSL_CERT_FILE
    expect(caBundle).toMatch(/\/_github_home\/pip-mirror-action-\w+\/ca-bundle\.pem$/)
    expect(await readFile(caBundle, 'utf8')).toContain('-----BEGIN CERTIFICATE-----')
    // A later step: pip with its own default index, https://pypi.org/simple.
    const later = await runPipInstall(venv, ['--no-cache-dir', 'demo-pkg==2.0'], {
      env: step.env
    })
    expect(later.exitCode).toBe(0)
    expect(await installedVersion(venv, 'demo-pkg')).toBe('2.0')
    const post = await runStep('post', { state: step.state, env: isolatedPipEnv() })
    expect(post.exitCode).toBe(0)
    expect(post.summary).toContain('### Router')
    // pip's requests to pypi.org were answered inside the router, through its tunnels.
    expect(post.summary).toMatch(
      /\| TLS connections to PyPI's hosts answered from the mirrors \| [1-9]\d* \|/
    )
    // Still the job's proxy for post steps that come after this one, the CA bundle with it (the
    // runner empties its temp folder after the job); the job's end stops it.
    expect(await readFile(caBundle, 'utf8')).toContain('-----BEGIN CERTIFICATE-----')
    expect(() => process.kill(run.pid, 0)).not.toThrow()
  })

  it('with transparent: false, later steps get its index URL, and post stops it', async () => {
    const [a, b, hole] = await mirrors({}, {}, { hang: 'all' })
    const venv = await createVenv(path.join(await scratch('venv'), 'venv'))
    const step = await job({
      transparent: 'false',
      mirrors: `hole=${hole.indexUrl}\na=${a.indexUrl}\nb=${b.indexUrl}`,
      install: pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg==1.0'])
    })
    expect(step.exitCode).toBe(0)
    const pid = JSON.parse(step.state.router).pid as number
    pids.push(pid)
    const routerUrl = step.outputs['router-url']
    expect(routerUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{22,}\/simple$/)
    expect(step.env.PIP_INDEX_URL).toBe(routerUrl)
    // The probe's ranking reached the router: the black hole is asked last.
    const stats = (await (await fetch(routerUrl.replace(/simple$/, 'stats'))).json()) as RouterStats
    expect(stats).toMatchObject({ ranked: true })
    expect(stats.order.at(-1)).toBe('hole')
    // index-url stays the chosen mirror's real URL.
    const chosen = [a, b].find(mirror => mirror.indexUrl === step.outputs['index-url'])
    expect(chosen).toBeDefined()
    // The chosen mirror dies before a later step; the router serves it from the other one.
    await chosen?.close()
    const later = await runPipInstall(venv, ['--no-cache-dir', 'demo-pkg==2.0'], {
      env: step.env
    })
    expect(later.exitCode).toBe(0)
    const post = await runStep('post', { state: step.state, env: isolatedPipEnv() })
    expect(post.exitCode).toBe(0)
    expect(post.summary).toContain('### Router')
    // Through its stop request: a signal would lose the figures on Windows.
    expect(post.log).not.toContain('ended by a signal')
    expect(() => process.kill(pid, 0)).toThrow()
  })

  it('starts the install before the probe has finished', async () => {
    // Every probe sample waits a second on the only healthy mirror; the install need not.
    const [slow, hole] = await mirrors({ latencyMs: 1000 }, { hang: 'all' })
    const venv = await createVenv(path.join(await scratch('venv'), 'venv'))
    const stamp = path.join(await scratch('stamp'), 'install-started')
    const started = Date.now()
    const step = await job({
      mirrors: `hole=${hole.indexUrl}\nslow=${slow.indexUrl}`,
      'probe-timeout': '5000',
      install: `date +%s%N > ${stamp} && ${pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg==1.0'])}`
    })
    pids.push(JSON.parse(step.state.router).pid as number)
    expect(step.exitCode).toBe(0)
    const probeSeconds = Number(/Probe phase took ([\d.]+) s/.exec(step.log)?.[1])
    const installAfterMs = Number(await readFile(stamp, 'utf8')) / 1e6 - started
    expect(probeSeconds).toBeGreaterThan(2)
    expect(installAfterMs).toBeLessThan(probeSeconds * 1000 - 1000)
    expect(await installedVersion(venv, 'demo-pkg')).toBe('1.0')
    const post = await runStep('post', { state: step.state, env: isolatedPipEnv() })
    expect(post.exitCode).toBe(0)
  })

  it('goes direct with a warning when the router cannot start', async () => {
    const [a] = await mirrors({})
    // A temp directory that cannot hold the router's files.
    const step = await job({ mirrors: `a=${a.indexUrl}` }, { RUNNER_TEMP: '/dev/null/nowhere' })
    expect(step.exitCode).toBe(0)
    expect(step.log).toContain('The router could not start')
    expect(step.env.PIP_INDEX_URL).toBe(a.indexUrl)
    expect(step.outputs['router-url']).toBe('')
  })
})

describe("the router's stop", () => {
  it("stops through the post step's request, with the job's secret only, once it has answered", async () => {
    const [a] = await mirrors({})
    let stops = 0
    const started = await startRouter(
      {
        mirrors: [{ name: 'a', url: a.indexUrl, private: false }],
        privateProjects: [],
        storeDir: await scratch('store'),
        timeoutMs: 2000,
        secret: SECRET,
        jobSecret: `job-${SECRET}`
      },
      0,
      {
        // Closing at once, connections and all: the answer must be on its way by then.
        onStop: () => {
          stops++
          void started.close()
        }
      }
    )
    routers.push(started)
    const base = `http://127.0.0.1:${started.port}`
    const post = async (path: string) => (await fetch(`${base}${path}`, { method: 'POST' })).status
    expect(await post(`/${SECRET}/stop`)).toBe(404)
    expect(await post('/not-the-secret/stop')).toBe(404)
    expect((await fetch(`${base}/job-${SECRET}/stop`)).status).toBe(404)
    expect(stops).toBe(0)
    expect((await fetch(`${base}/${SECRET}/simple/demo-pkg/`)).status).toBe(200)
    expect(await post(`/job-${SECRET}/stop`)).toBe(202)
    expect(stops).toBe(1)
  })

  it('takes no stop request where no one listens for it', async () => {
    const { router: started } = await router([{ name: 'a', url: (await mirrors({}))[0].indexUrl }])
    const stop = await fetch(`http://127.0.0.1:${started.port}/job-${SECRET}/stop`, {
      method: 'POST'
    })
    expect(stop.status).toBe(405)
  })
})
