import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { readJobPlan } from '../../src/prefetch/job-plan.js'
import type { PrefetchStats } from '../../src/router/prefetcher.js'
import { type Router, startRouter } from '../../src/router/server.js'
import { type Faults, type Mirror, startMirror } from '../../test-support/mirror-server.js'
import {
  createToolVenv,
  findTool,
  runToolInstall,
  uvExecutable
} from '../../test-support/python.js'
import { buildWheel, type Wheel } from '../../test-support/wheel.js'

/**
 * Fetching ahead with real pip and uv: files a requirements file pins (with hashes) are in the
 * store, or on their way, before the tool asks, each downloaded once; a lock whose hash the
 * index contradicts, and wheels for another platform, are never fetched; unpinned dependencies
 * are followed from the metadata the tool reads, without holding its requests up.
 */

const MB = 1_000_000
const SECRET = 'prefetch-secret-0123456789'

const alpha = buildWheel({ name: 'pf-alpha', version: '1.0', sizeBytes: 3 * MB })
const beta = buildWheel({ name: 'pf-beta', version: '1.0', sizeBytes: 2 * MB })
const gamma = buildWheel({ name: 'pf-gamma', version: '1.0', sizeBytes: 1 * MB })
/** Only a Windows wheel, as CUDA and other platform builds come: this runner can use none. */
const foreign: Wheel = {
  ...buildWheel({ name: 'pf-cuda', version: '1.0', sizeBytes: 4 * MB }),
  filename: 'pf_cuda-1.0-py3-none-win_amd64.whl'
}
/** Resolved only through Requires-Dist: a root, its dependencies, and ones that never apply. */
const root = buildWheel({
  name: 'pf-root',
  version: '1.0',
  requires: [
    'pf-dep-a>=1.0',
    'pf-dep-b',
    'pf-windows-only ; sys_platform == "win32"',
    'pf-extra-only ; extra == "extras"'
  ]
})
const depA1 = buildWheel({ name: 'pf-dep-a', version: '1.0', sizeBytes: 500_000 })
const depA2 = buildWheel({
  name: 'pf-dep-a',
  version: '2.0',
  sizeBytes: 1 * MB,
  requires: ['pf-dep-c<2']
})
const depB = buildWheel({ name: 'pf-dep-b', version: '1.0', sizeBytes: 1 * MB })
const depC1 = buildWheel({ name: 'pf-dep-c', version: '1.0', sizeBytes: 600_000 })
const depC2 = buildWheel({ name: 'pf-dep-c', version: '2.0', sizeBytes: 600_000 })
const windowsOnly = buildWheel({ name: 'pf-windows-only', version: '1.0', sizeBytes: 2 * MB })
const extraOnly = buildWheel({ name: 'pf-extra-only', version: '1.0', sizeBytes: 2 * MB })
const packages = [
  alpha,
  beta,
  gamma,
  foreign,
  root,
  depA1,
  depA2,
  depB,
  depC1,
  depC2,
  windowsOnly,
  extraOnly
]

const started: { close(): Promise<void> }[] = []
afterAll(async () => {
  await Promise.all(started.map(thing => thing.close()))
})

async function scratch(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `${name}-`))
}

async function mirror(faults: Partial<Faults> = {}): Promise<Mirror> {
  const started_ = await startMirror({ packages, faults: { ranges: true, ...faults } })
  started.push(started_)
  return started_
}

async function router(...ranked: Mirror[]): Promise<{ router: Router; indexUrl: string }> {
  const router = await startRouter({
    mirrors: ranked.map((mirror, index) => ({
      name: `m${index}`,
      url: mirror.indexUrl,
      private: false
    })),
    privateProjects: [],
    storeDir: await scratch('store'),
    timeoutMs: 5000,
    secret: SECRET,
    jobSecret: `job-${SECRET}`
  })
  started.push(router)
  return { router, indexUrl: `http://127.0.0.1:${router.port}/${SECRET}/simple` }
}

/** A workspace with these files, and the plan the main step would make of it. */
async function planFor(files: Record<string, string>, install: string) {
  const workspace = await scratch('workspace')
  for (const [name, text] of Object.entries(files))
    await writeFile(path.join(workspace, name), text)
  const plan = await readJobPlan(workspace, install, () => undefined)
  if (!plan) throw new Error('no Python on PATH for the plan')
  return { workspace, plan }
}

function pinned(...wheels: Wheel[]): string {
  return wheels
    .map(wheel => `${wheel.name}==${wheel.version} \\\n    --hash=sha256:${wheel.sha256}\n`)
    .join('')
}

async function until(
  router: Router,
  done: (stats: PrefetchStats) => boolean,
  timeoutMs = 30_000
): Promise<PrefetchStats> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const stats = router.stats().prefetch
    if (stats && done(stats)) return stats
    if (Date.now() > deadline) throw new Error(`prefetch not done: ${JSON.stringify(stats)}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** Requests each mirror got for `wheel`'s file (not its metadata). */
function downloads(mirrors: Mirror[], wheel: Wheel): number {
  return mirrors
    .flatMap(mirror => mirror.requests)
    .filter(request => request.kind === 'file' && request.path.endsWith(`/${wheel.filename}`))
    .length
}

async function pip(indexUrl: string, args: string[]) {
  const tool = await findTool('pip-26.2.1')
  const venv = await createToolVenv(tool, path.join(await scratch('venv'), 'venv'))
  return runToolInstall(tool, venv, ['--no-cache-dir', '--index-url', indexUrl, ...args], {
    env: { PIP_TIMEOUT: '20' }
  })
}

describe('files a requirements file pins', () => {
  it('are in the store before pip asks, and pip gets them from there: one download each', async () => {
    const mirrors = [await mirror(), await mirror()]
    const { router: r, indexUrl } = await router(...mirrors)
    const { workspace, plan } = await planFor(
      { 'requirements.txt': pinned(alpha, beta, gamma) },
      'pip install -r requirements.txt'
    )
    expect(plan.read).toEqual(['requirements.txt'])
    r.prefetch(plan)
    const ahead = await until(r, stats => stats.fetched === 3)
    expect(ahead.knownAhead).toEqual({ 'requirements.txt': 3 })
    const run = await pip(indexUrl, ['-r', path.join(workspace, 'requirements.txt')])
    expect(run.exitCode).toBe(0)
    for (const wheel of [alpha, beta, gamma]) expect(downloads(mirrors, wheel)).toBe(1)
    const stats = r.stats().prefetch
    expect(stats).toMatchObject({ hitsWhole: 3, wastedBytes: 0, failed: 0 })
  })

  it('are joined in flight when pip asks first: still one download each', async () => {
    // 1 MB/s: the 3 MB file is still coming when pip, started at once, asks for it.
    const mirrors = [await mirror({ bandwidthBytesPerSec: 1 * MB })]
    const { router: r, indexUrl } = await router(...mirrors)
    const { workspace, plan } = await planFor(
      { 'requirements.txt': pinned(alpha) },
      'pip install -r requirements.txt'
    )
    r.prefetch(plan)
    await until(r, stats => stats.knownAhead['requirements.txt'] === 1)
    const run = await pip(indexUrl, ['-r', path.join(workspace, 'requirements.txt')])
    expect(run.exitCode).toBe(0)
    expect(downloads(mirrors, alpha)).toBe(1)
    expect(r.stats().prefetch).toMatchObject({ hitsInFlight: 1, hitsWhole: 0 })
  })

  it('are served to uv pip install from the store', async () => {
    const mirrors = [await mirror(), await mirror()]
    const { router: r, indexUrl } = await router(...mirrors)
    const { workspace, plan } = await planFor(
      { 'requirements.txt': pinned(alpha, gamma) },
      'uv pip install -r requirements.txt'
    )
    r.prefetch(plan)
    await until(r, stats => stats.fetched === 2)
    const uv = await findTool('uv-0.13.9')
    const venv = await createToolVenv(uv, path.join(await scratch('uv-venv'), 'venv'))
    const run = await runToolInstall(
      uv,
      venv,
      ['--no-cache', '--index-url', indexUrl, '-r', path.join(workspace, 'requirements.txt')],
      {}
    )
    expect({ exitCode: run.exitCode, uv: uvExecutable(uv) !== '' }).toEqual({
      exitCode: 0,
      uv: true
    })
    for (const wheel of [alpha, gamma]) expect(downloads(mirrors, wheel)).toBe(1)
    expect(r.stats().prefetch).toMatchObject({ hitsWhole: 2, wastedBytes: 0 })
  })
})

describe('files never fetched ahead', () => {
  it('a file whose sha256 on the index differs from the hash the job pins', async () => {
    const mirrors = [await mirror()]
    const { router: r } = await router(...mirrors)
    const wrong = `${alpha.name}==1.0 --hash=sha256:${'0'.repeat(64)}\n`
    const { plan } = await planFor(
      { 'requirements.txt': wrong + pinned(gamma) },
      'pip install -r requirements.txt'
    )
    r.prefetch(plan)
    const stats = await until(r, done => done.fetched === 1 && done.hashMismatches.length === 1)
    expect(stats.hashMismatches).toEqual([alpha.filename])
    expect(downloads(mirrors, alpha)).toBe(0)
    expect(downloads(mirrors, gamma)).toBe(1)
  })

  it('wheels a lock names for another platform', async () => {
    const mirrors = [await mirror()]
    const { router: r } = await router(...mirrors)
    const pylock = [
      'lock-version = "1.0"',
      'created-by = "test"',
      '',
      '[[packages]]',
      'name = "pf-cuda"',
      'version = "1.0"',
      `wheels = [{ name = "${foreign.filename}", url = "https://files.pythonhosted.org/packages/${foreign.filename}", hashes = { sha256 = "${foreign.sha256}" } }]`,
      '',
      '[[packages]]',
      'name = "pf-gamma"',
      'version = "1.0"',
      `wheels = [{ name = "${gamma.filename}", url = "https://files.pythonhosted.org/packages/${gamma.filename}", hashes = { sha256 = "${gamma.sha256}" } }]`,
      ''
    ].join('\n')
    const { plan } = await planFor({ 'pylock.toml': pylock }, '')
    expect(plan.wants.map(want => want.project).sort()).toEqual(['pf-cuda', 'pf-gamma'])
    r.prefetch(plan)
    const stats = await until(r, done => done.fetched === 1 && done.noFit === 1)
    expect(stats.knownAhead).toEqual({ 'pylock.toml': 1 })
    expect(downloads(mirrors, foreign)).toBe(0)
  })
})

describe('dependencies nothing pins', () => {
  it.each([
    ['the metadata files pip reads', true],
    ['the wheels pip reads, where the mirrors list no metadata', false]
  ])(
    'are followed from %s: the newest that fits, markers and extras respected',
    async (_name, coreMetadata) => {
      const mirrors = [await mirror({ coreMetadata }), await mirror({ coreMetadata })]
      const { router: r, indexUrl } = await router(...mirrors)
      // No requirement file: only the interpreter's facts.
      const { plan } = await planFor({}, '')
      expect(plan.wants).toEqual([])
      r.prefetch(plan)
      const run = await pip(indexUrl, [root.name])
      expect(run.exitCode).toBe(0)
      // The three dependencies the root comes to here, and the root itself where pip read its
      // metadata before its wheel.
      const followed = coreMetadata ? 4 : 3
      // pip may ask for a file before it is chosen here: then it is not fetched ahead.
      const stats = await until(
        r,
        done => done.fetched > 0 && done.hitsWhole + done.hitsInFlight === done.fetched
      )
      expect(stats.followed).toBe(followed)
      expect(stats.wastedBytes).toBe(0)
      for (const wheel of [root, depA2, depB, depC1]) expect(downloads(mirrors, wheel)).toBe(1)
      for (const wheel of [depA1, depC2, windowsOnly, extraOnly])
        expect(downloads(mirrors, wheel)).toBe(0)
    }
  )

  it('never hold up what a client asks: a page comes at once while a slow guess downloads', async () => {
    const slow = await mirror({ bandwidthBytesPerSec: 300_000 })
    const { router: r, indexUrl } = await router(slow)
    const { plan } = await planFor({}, '')
    r.prefetch(plan)
    // pf-dep-a 2.0's metadata sets off fetching it (1 MB at 300 KB/s) and pf-dep-c ahead.
    const listing = await fetch(`${indexUrl}/pf-dep-a/`, {
      headers: { accept: 'application/vnd.pypi.simple.v1+json' }
    })
    const page = (await listing.json()) as { files: { filename: string; url: string }[] }
    const file = page.files.find(entry => entry.filename === depA2.filename)
    const metadata = await fetch(new URL(`${file?.url}.metadata`, `${indexUrl}/pf-dep-a/`))
    expect(metadata.status).toBe(200)
    await until(r, stats => stats.followed >= 1)
    const began = Date.now()
    const answer = await fetch(`${indexUrl}/pf-gamma/`)
    const tookMs = Date.now() - began
    expect(answer.status).toBe(200)
    expect(r.stats().prefetch?.fetched).toBe(0)
    expect(tookMs).toBeLessThan(1000)
  })
})
