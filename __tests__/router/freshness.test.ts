import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { renderRouterSummary } from '../../src/report/report.js'
import { type Router, type RouterStats, startRouter } from '../../src/router/server.js'
import { endJobProcesses, runStep } from '../../test-support/action-runner.js'
import { type Faults, type Mirror, mirrorPool } from '../../test-support/mirror-server.js'
import {
  createToolVenv,
  createVenv,
  findTool,
  installedVersion,
  isolatedPipEnv,
  pipInstallCommand,
  runToolInstall
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * A page is as fresh as the freshest healthy mirror's: real pip and uv through the router, when
 * the mirror ranked first has not synced a release that a slower one lists.
 */

const pool = mirrorPool([
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' }),
  buildWheel({ name: 'app-pkg', version: '1.0', requires: ['dep-pkg>=2.0'] }),
  buildWheel({ name: 'dep-pkg', version: '1.0' }),
  buildWheel({ name: 'dep-pkg', version: '2.0' })
])
const routers: Router[] = []
/** Router processes the bundled action started. */
const pids: number[] = []
afterAll(async () => {
  endJobProcesses(pids)
  await Promise.all(routers.map(router => router.close()))
  await pool.closeAll()
})

const SECRET = 'freshness-secret-0123456789'
const scratch = (name: string): Promise<string> => mkdtemp(path.join(tmpdir(), `${name}-`))
const pageRequests = (mirror: Mirror, project: string): number =>
  mirror.requests.filter(request => request.path === `/simple/${project}/`).length
const fileRequests = (mirror: Mirror): number =>
  mirror.requests.filter(request => request.kind === 'file').length

/** A router over the mirrors, ranked as listed; `unhealthy`: those the probe found failing. */
async function router(
  mirrors: Mirror[],
  unhealthy: Mirror[] = []
): Promise<{ indexUrl: string; stats: () => Promise<RouterStats> }> {
  const started = await startRouter({
    mirrors: mirrors.map((mirror, index) => ({
      name: `m${index}`,
      url: mirror.indexUrl,
      private: false,
      ...(unhealthy.includes(mirror) ? { unhealthy: true as const } : {})
    })),
    privateProjects: [],
    storeDir: await scratch('store'),
    timeoutMs: 3000,
    secret: SECRET,
    jobSecret: `job-${SECRET}`
  })
  routers.push(started)
  const base = `http://127.0.0.1:${started.port}/${SECRET}`
  return {
    indexUrl: `${base}/simple`,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as RouterStats
  }
}

/** Fast and ranked first, but without release 2.0 of `project`. */
const behind = (project: string): Partial<Faults> => ({ hiddenVersions: { [project]: ['2.0'] } })
/** Slower, with every release. */
const SLOW: Partial<Faults> = { latencyMs: 150 }

describe('an unpinned install through the router, the best mirror behind', () => {
  it.each(['pip-22.0.4', 'pip-23.2.1', 'pip-24.2', 'pip-26.2.1', 'uv-0.13.9'])(
    '%s installs the newest release that only the slower mirror lists, as from PyPI',
    async name => {
      const tool = await findTool(name)
      const [stale, fresh] = [await pool.start(behind('demo-pkg')), await pool.start(SLOW)]
      const { indexUrl } = await router([stale, fresh])
      const venv = await createToolVenv(tool, path.join(await scratch('venv'), 'venv'))
      const run = await runToolInstall(
        tool,
        venv,
        ['--no-cache-dir', '--index-url', indexUrl, 'demo-pkg'],
        {
          env: { PIP_TIMEOUT: '10', PIP_RETRIES: '0', UV_CACHE_DIR: await scratch('uv-cache') }
        }
      )
      expect(run.exitCode).toBe(0)
      // pip 22's Python is too old to read the venv's metadata: what it says it installed.
      expect(run.output).toMatch(/Successfully installed demo-pkg-2\.0|\+ demo-pkg==2\.0/)
      expect(pageRequests(stale, 'demo-pkg')).toBeGreaterThan(0)
      expect(pageRequests(fresh, 'demo-pkg')).toBeGreaterThan(0)
    },
    60_000
  )
})

describe('a mirror the probe found failing', () => {
  it('is never waited for: the next healthy mirror makes the page fresh', async () => {
    const stale = await pool.start(behind('demo-pkg'))
    const hole = await pool.start({ hang: 'all' })
    const fresh = await pool.start()
    const { indexUrl } = await router([stale, hole, fresh], [hole])
    const tool = await findTool('pip-26.2.1')
    const venv = await createToolVenv(tool, path.join(await scratch('venv'), 'venv'))
    const started = Date.now()
    const run = await runToolInstall(
      tool,
      venv,
      ['--no-cache-dir', '--index-url', indexUrl, 'demo-pkg'],
      { env: { PIP_TIMEOUT: '10', PIP_RETRIES: '0' } }
    )
    expect(run.output).toMatch(/Successfully installed demo-pkg-2\.0/)
    expect(hole.requests).toEqual([])
    // Far below the 3 s the black hole would take to time out.
    expect(Date.now() - started).toBeLessThan(2900)
  })
})

describe('a file that two mirrors list with different sha256s', () => {
  async function install(indexUrl: string, requirement: string) {
    const venv = await createVenv(path.join(await scratch('venv'), 'venv'))
    const tool = await findTool('pip-26.2.1')
    return runToolInstall(tool, venv, ['--no-cache-dir', '--index-url', indexUrl, requirement], {
      env: { PIP_TIMEOUT: '10', PIP_RETRIES: '0' }
    })
  }

  it('is served from neither when no serial tells which is current, and the summary names it', async () => {
    const [liar, honest] = [await pool.start({ wrongListedSha: true }), await pool.start()]
    const { indexUrl, stats } = await router([liar, honest])
    const run = await install(indexUrl, 'demo-pkg==1.0')
    expect(run.exitCode).not.toBe(0)
    expect(fileRequests(liar) + fileRequests(honest)).toBe(0)
    const { pages } = await stats()
    expect(pages.conflicts).toContainEqual({
      filename: 'demo_pkg-1.0-py3-none-any.whl',
      mirrors: ['m0', 'm1']
    })
    expect(renderRouterSummary(await stats())).toContain(
      '| `demo_pkg-1.0-py3-none-any.whl` | m0, m1 | served from none: no serial tells which is current |'
    )
  })

  it("comes from the mirror with the higher serial, never from the other's listing", async () => {
    const [liar, honest] = [
      await pool.start({ wrongListedSha: true }),
      await pool.start({ serial: 2000 })
    ]
    const { indexUrl, stats } = await router([liar, honest])
    const run = await install(indexUrl, 'demo-pkg==1.0')
    expect(run.exitCode).toBe(0)
    expect(fileRequests(liar)).toBe(0)
    expect(fileRequests(honest)).toBe(1)
    expect((await stats()).pages.conflicts).toContainEqual({
      filename: 'demo_pkg-1.0-py3-none-any.whl',
      mirrors: ['m1', 'm0'],
      kept: 'm1'
    })
  })
})

describe('the bundled action, when the best mirrors are behind', () => {
  it('retries an install that found no fitting release with every mirror asked afresh', async () => {
    const stale = await Promise.all([1, 2, 3].map(() => pool.start(behind('dep-pkg'))))
    const fresh = await pool.start({ latencyMs: 200 })
    const workspace = await scratch('workspace')
    const venv = await createVenv(path.join(await scratch('venv'), 'venv'))
    const step = await runStep('main', {
      cwd: workspace,
      env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: workspace },
      inputs: {
        mirrors: [...stale, fresh]
          .map((mirror, index) => `m${index}=${mirror.indexUrl}`)
          .join('\n'),
        'probe-project': 'demo-pkg',
        cache: 'false',
        // app-pkg needs dep-pkg>=2.0, a requirement no workspace file pins.
        install: pipInstallCommand(venv, ['--no-cache-dir', 'app-pkg==1.0'])
      }
    })
    if (step.state.router) pids.push((JSON.parse(step.state.router) as { pid: number }).pid)
    expect(step.log).toMatch(/satisfies the requirement dep-pkg>=2\.0 .*\(from versions: 1\.0\)/)
    expect(step.log).toContain('Asking every mirror afresh for the pages of dep-pkg')
    expect(step.exitCode).toBe(0)
    expect(await installedVersion(venv, 'dep-pkg')).toBe('2.0')
    expect(pageRequests(fresh, 'dep-pkg')).toBeGreaterThan(0)
  }, 120_000)
})
