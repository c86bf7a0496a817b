import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { runStep } from '../../test-support/action-runner.js'
import { startCacheService } from '../../test-support/cache-service.js'
import { mirrorPool } from '../../test-support/mirror-server.js'
import { createVenv, isolatedPipEnv, pipInstallCommand } from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/** Freshness, integrity, throughput and probe-ttl, through the bundled action and live mirrors. */

const packages = [
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  // Big enough for a throughput sample to mean something.
  buildWheel({ name: 'demo-pkg', version: '2.0', sizeBytes: 2_000_000 })
]
const pool = mirrorPool(packages)
const mirror = pool.start

afterAll(() => pool.closeAll())

interface RankingEntry {
  name: string
  ok: boolean
  stale: boolean
  missingVersions: string[]
  serialLag: number | null
  integrity: string
  throughputBps: number | null
  predictedSeconds: number | null
  error: string | null
}

async function probeWith(
  mirrors: string,
  options: {
    requirements?: string
    inputs?: Record<string, string>
    env?: NodeJS.ProcessEnv
    workspace?: string
  } = {}
) {
  const workspace = options.workspace ?? (await mkdtemp(path.join(tmpdir(), 'quality-')))
  if (options.requirements !== undefined)
    await writeFile(path.join(workspace, 'requirements.txt'), options.requirements)
  const step = await runStep('main', {
    cwd: workspace,
    env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: workspace, ...options.env },
    inputs: {
      mirrors,
      'probe-project': 'demo-pkg',
      cache: 'false',
      mode: 'direct',
      ...options.inputs
    }
  })
  expect(step.exitCode).toBe(0)
  return { step, ranking: JSON.parse(step.outputs.ranking) as RankingEntry[] }
}

describe('probe quality', () => {
  it('ranks a fast mirror with an older serial and without the newest version behind a slower fresh one', async () => {
    const stale = await mirror({ hiddenVersions: { 'demo-pkg': ['2.0'] }, serial: 900 })
    const fresh = await mirror({ latencyMs: 100, serial: 1000 })
    const { step, ranking } = await probeWith(`stale=${stale.indexUrl}\nfresh=${fresh.indexUrl}`)
    expect(step.outputs.mirror).toBe('fresh')
    expect(
      ranking.map(entry => [entry.name, entry.stale, entry.missingVersions, entry.serialLag])
    ).toEqual([
      ['fresh', false, [], 0],
      ['stale', true, ['2.0'], 100]
    ])
    expect(step.summary).toMatch(/fresh won: .*; stale ranked last as stale\./)
    expect(step.summary).toContain('stale: missing 2.0')
  })

  describe('with a low-latency but throttled mirror and a slower wide one', () => {
    const run = async (requirements: string) => {
      const throttled = await mirror({ bandwidthBytesPerSec: 1_000_000 })
      const wide = await mirror({ latencyMs: 150 })
      return probeWith(`throttled=${throttled.indexUrl}\nwide=${wide.indexUrl}`, { requirements })
    }

    it('picks the wide one for a large download', async () => {
      const { step, ranking } = await run('torch==2.5.0\n')
      expect(step.outputs.mirror).toBe('wide')
      const throttled = ranking.find(entry => entry.name === 'throttled') as RankingEntry
      const wide = ranking.find(entry => entry.name === 'wide') as RankingEntry
      expect(throttled.throughputBps).toBeLessThan(2_000_000)
      expect(wide.throughputBps).toBeGreaterThan(5 * (throttled.throughputBps ?? 0))
    })

    it('picks the throttled one for many small requests', async () => {
      const requirements = Array.from({ length: 100 }, (_, index) => `small-package-${index}`).join(
        '\n'
      )
      const { step } = await run(requirements)
      expect(step.outputs.mirror).toBe('throttled')
      expect(step.log).toContain('Workload estimate: 400 requests')
    })
  })

  it('excludes a mirror whose consistent but altered files differ from upstream PyPI, only when PyPI is reachable', async () => {
    const evil = await mirror({ tamperedFiles: true })
    const upstream = await mirror({ latencyMs: 60 })
    const other = await mirror({ latencyMs: 60 })

    const checked = await probeWith(`evil=${evil.indexUrl}\npypi=${upstream.indexUrl}`)
    expect(checked.step.outputs.mirror).toBe('pypi')
    const excluded = checked.ranking.find(entry => entry.name === 'evil') as RankingEntry
    expect(excluded).toMatchObject({ ok: false, integrity: 'mismatch' })
    expect(excluded.error).toMatch(/^sha256 of demo_pkg-\d\.0-py3-none-any\.whl differs from pypi$/)
    expect(checked.step.log).toMatch(
      /::warning title=pip-mirror-action%3A integrity::evil \(.*\) excluded: sha256 of/
    )

    const unchecked = await probeWith(`evil=${evil.indexUrl}\nother=${other.indexUrl}`)
    expect(unchecked.step.outputs.mirror).toBe('evil')
    expect(unchecked.ranking.map(entry => entry.integrity)).toEqual(['unchecked', 'unchecked'])
  })

  it('excludes a mirror that serves files not matching its own listed hashes, even without PyPI', async () => {
    const broken = await mirror({ wrongListedSha: true })
    const other = await mirror({ latencyMs: 60 })
    const { step, ranking } = await probeWith(`broken=${broken.indexUrl}\nother=${other.indexUrl}`)
    expect(step.outputs.mirror).toBe('other')
    expect(ranking.find(entry => entry.name === 'broken')).toMatchObject({
      ok: false,
      integrity: 'mismatch',
      error: 'demo_pkg-2.0-py3-none-any.whl does not match the sha256 its page lists'
    })
  })

  it('reuses a saved ranking within probe-ttl, and probes again when its mirror fails the install', async () => {
    const service = await startCacheService()
    try {
      const first = await mirror()
      const second = await mirror({ latencyMs: 80 })
      const workspace = await mkdtemp(path.join(tmpdir(), 'ttl-'))
      const env = {
        ...service.env,
        RUNNER_TEMP: path.join(workspace, '_temp'),
        RUNNER_NAME: 'runner-1'
      }
      const mirrors = `first=${first.indexUrl}\nsecond=${second.indexUrl}`
      const pageRequests = (): number =>
        [first, second].reduce(
          (sum, server) => sum + server.requests.filter(r => r.kind === 'page').length,
          0
        )
      const inputs = { 'probe-ttl': '6h' }

      const probed = await probeWith(mirrors, { inputs, env, workspace })
      expect(probed.step.log).toContain('Saved the ranking for later jobs on this runner')
      expect(pageRequests()).toBeGreaterThan(0)

      const before = pageRequests()
      const reused = await probeWith(mirrors, { inputs, env, workspace })
      expect(pageRequests()).toBe(before)
      expect(reused.step.log).toMatch(/Reusing the ranking saved \d+ min ago/)
      expect(reused.step.outputs.mirror).toBe('first')
      expect(reused.step.summary).toContain('Ranking reused from an earlier job on this runner.')

      // The remembered winner breaks: the install fails there, and a fresh probe finds the other.
      first.setFaults({ pageStatus: 404, fileStatus: 404 })
      const venv = await createVenv(path.join(workspace, 'venv'))
      const install = pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg==1.0'])
      const beforeInstall = second.requests.filter(r => r.kind === 'page').length
      const recovered = await probeWith(mirrors, { inputs: { ...inputs, install }, env, workspace })
      expect(recovered.step.log).toContain(
        "The install failed on the reused ranking's mirror: probing again"
      )
      expect(recovered.step.outputs['install-mirror']).toBe('second')
      expect(recovered.step.outputs.mirror).toBe('second')
      expect(second.requests.filter(r => r.kind === 'page').length).toBeGreaterThan(
        beforeInstall + 1
      )
    } finally {
      await service.close()
    }
  })
})
