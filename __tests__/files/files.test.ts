import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { MirrorTrouble, storeEntrySegments } from '../../src/files/file-rules.js'
import { FileStore } from '../../src/files/store.js'
import { createVenv, installedVersion, runPipInstall } from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'
import {
  cleanUp,
  download,
  expectWhole,
  fileRequests,
  onCleanUp,
  setup,
  wheel
} from './file-harness.js'

const CUT = 100_000

afterEach(cleanUp)

describe('serveFile', () => {
  it('downloads once, keeps a copy, and serves the next request from the store alone', async () => {
    const { mirrors, deps, fileUrl, served, storeDir } = await setup([{}])
    expectWhole(await download(fileUrl))
    expect(await served[0]).toBe('downloaded')
    expectWhole(await download(fileUrl))
    expect(await served[1]).toBe('store')
    expect(mirrors[0]!.fileRequests()).toBe(1)
    // This job fetched it: the mirror's bytes, however often they are served.
    expect(deps.stats).toMatchObject({
      storeHits: 1,
      storeBytes: 0,
      resumed: 0,
      bytesByMirror: { m0: 300_000 }
    })
    expect(await deps.store.size()).toBe(wheel.bytes.length)
    // The next job's router, over the store the cache restored: the store's bytes.
    deps.store = new FileStore(storeDir)
    expectWhole(await download(fileUrl))
    expect(await served[2]).toBe('store')
    expect(deps.stats).toMatchObject({ storeHits: 2, storeBytes: 300_000 })
    expect(mirrors[0]!.fileRequests()).toBe(1)
  })

  it('tells clients to keep no copy: the store has one, whether it came from a mirror or the store', async () => {
    const { fileUrl, served } = await setup([{}])
    const fromMirror = await download(fileUrl)
    expect(await served[0]).toBe('downloaded')
    const fromStore = await download(fileUrl)
    expect(await served[1]).toBe('store')
    const keeping = await download(fileUrl, { 'x-keeps-copy': 'yes' })
    for (const result of [fromMirror, fromStore, keeping]) expectWhole(result)
    expect([fromMirror, fromStore, keeping].map(result => result.headers['cache-control'])).toEqual(
      ['no-store', 'no-store', 'max-age=365000000, immutable']
    )
  })

  it('continues a download cut mid-body on the next mirror with a Range request', async () => {
    const { mirrors, deps, fileUrl, served } = await setup([
      { resetAfterBytes: CUT },
      { ranges: true }
    ])
    expectWhole(await download(fileUrl))
    expect(await served[0]).toBe('downloaded')
    const [resumedFrom] = fileRequests(mirrors[1]!)
    expect(resumedFrom).toMatchObject({ status: 206, range: `bytes=${CUT}-` })
    expect(deps.stats).toMatchObject({
      resumed: 1,
      bytesByMirror: { m0: CUT, m1: wheel.bytes.length - CUT }
    })
    expect(await deps.store.has(wheel.sha256)).toBe(true)
  })

  it('leaves a mirror that stalls mid-body for the next one after stallMs', async () => {
    const { mirrors, deps, fileUrl } = await setup([{ stallAfterBytes: CUT }, { ranges: true }], {
      deps: { stallMs: 400 }
    })
    const started = Date.now()
    expectWhole(await download(fileUrl))
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
    expect(fileRequests(mirrors[1]!)).toMatchObject([{ status: 206, range: `bytes=${CUT}-` }])
    expect(deps.stats.resumed).toBe(1)
  })

  it('puts no mirror in trouble when the client goes away mid-body', async () => {
    const { sources, deps, fileUrl, served } = await setup([{ bandwidthBytesPerSec: 100_000 }], {
      deps: { trouble: new MirrorTrouble() }
    })
    await new Promise<void>((resolve, reject) => {
      get(fileUrl, res =>
        res.once('data', () => {
          res.destroy()
          resolve()
        })
      ).on('error', reject)
    })
    expect(await served[0]).toBe('client-gone')
    expect(deps.trouble?.troubled(sources[0]!)).toBe(false)
  })

  it('reads past the bytes it has when the next mirror ignores Range', async () => {
    const { mirrors, deps, fileUrl } = await setup([{ resetAfterBytes: CUT }, {}])
    expectWhole(await download(fileUrl))
    expect(fileRequests(mirrors[1]!)).toMatchObject([{ status: 200, range: `bytes=${CUT}-` }])
    expect(deps.stats.bytesByMirror).toEqual({ m0: CUT, m1: wheel.bytes.length - CUT })
  })

  it('asks for more sources once the known ones are used up', async () => {
    const { mirrors, fileUrl, askedForMore } = await setup(
      [{ resetAfterBytes: CUT }, { ranges: true }],
      { listed: 1 }
    )
    expectWhole(await download(fileUrl))
    expect(askedForMore()).toBe(1)
    expect(fileRequests(mirrors[1]!)).toMatchObject([{ status: 206, range: `bytes=${CUT}-` }])
  })

  it('goes round again while each round makes progress', async () => {
    // One mirror that cuts every answer after CUT bytes but honours Range: three pieces.
    const { mirrors, deps, fileUrl } = await setup([{ resetAfterBytes: CUT, ranges: true }])
    expectWhole(await download(fileUrl))
    expect(fileRequests(mirrors[0]!).map(r => r.range)).toEqual([
      undefined,
      `bytes=${CUT}-`,
      `bytes=${2 * CUT}-`
    ])
    expect(deps.stats.resumed).toBe(1)
  })

  it('cuts the client off on a hash mismatch and sends the retry to another mirror', async () => {
    const { mirrors, sources, deps, fileUrl, served } = await setup([{ corruptFiles: true }, {}])
    const first = await download(fileUrl)
    expect(first.complete).toBe(false)
    expect(first.body.length).toBeLessThan(wheel.bytes.length)
    expect(await served[0]).toBe('mismatch')
    expect(deps.bad.has(sources[0]!, wheel.sha256)).toBe(true)
    expect(deps.bad.has(sources[1]!, wheel.sha256)).toBe(false)
    expect(await deps.store.has(wheel.sha256)).toBe(false)

    expectWhole(await download(fileUrl))
    expect(mirrors.map(mirror => mirror.fileRequests())).toEqual([1, 1])
    expect(deps.stats).toMatchObject({ hashMismatches: 1, storeHits: 0 })
  })

  it('asks another mirror first for later files once a mirror served a wrong one', async () => {
    const other = buildWheel({ name: 'other-pkg', version: '1.0', sizeBytes: 200_000 })
    const { mirrors, fileUrl, urlOf, askedForMore } = await setup([{ corruptFiles: true }, {}], {
      listed: 1,
      moreFiles: [other]
    })
    expect((await download(fileUrl)).complete).toBe(false)
    const asked = askedForMore()
    // Only the mirror that sent a wrong file lists the next one: the others are found first.
    expectWhole(await download(urlOf(other)), other)
    expect(askedForMore()).toBe(asked + 1)
    expect(fileRequests(mirrors[0]!).map(request => request.path)).toEqual([
      expect.stringContaining(wheel.filename)
    ])
  })

  it('moves on from a mirror that never answers after headTimeoutMs', async () => {
    const { mirrors, fileUrl } = await setup([{ hang: 'files' }, {}], {
      deps: { headTimeoutMs: 300 }
    })
    expectWhole(await download(fileUrl))
    expect(mirrors.map(mirror => mirror.fileRequests())).toEqual([1, 1])
  })

  it('cuts the client off when a stored copy went bad, and fetches it again next time', async () => {
    const { mirrors, storeDir, fileUrl, served } = await setup([{}])
    const path = join(storeDir, ...storeEntrySegments(wheel.sha256))
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, Buffer.concat([wheel.bytes.subarray(1), Buffer.from('x')]))

    expect((await download(fileUrl)).complete).toBe(false)
    expect(await served[0]).toBe('mismatch')
    expectWhole(await download(fileUrl))
    expect(await served[1]).toBe('downloaded')
    expect(mirrors[0]!.fileRequests()).toBe(1)
  })

  it('answers 502 when no mirror answers at all', async () => {
    const { deps, fileUrl, served } = await setup([{ fileStatus: 503 }, { reset: 'files' }])
    const result = await download(fileUrl)
    expect(result.status).toBe(502)
    expect(await served[0]).toBe('failed')
    expect(deps.stats.failures).toBe(1)
  })

  it('cuts the connection, never sending wrong bytes, when every mirror fails mid-body', async () => {
    const { mirrors, deps, fileUrl, served } = await setup([
      { resetAfterBytes: CUT },
      { fileStatus: 503 }
    ])
    const result = await download(fileUrl)
    expect(result).toMatchObject({ status: 200, complete: false })
    expect(result.body.equals(wheel.bytes.subarray(0, result.body.length))).toBe(true)
    expect(await served[0]).toBe('failed')
    // Round one got CUT bytes; round two none (mirror 0 ignores Range, 1 errs): stop.
    expect(mirrors.map(mirror => mirror.fileRequests())).toEqual([2, 2])
    expect(await deps.store.has(wheel.sha256)).toBe(false)
  })
})

describe('serveFile with real pip', () => {
  it('installs a wheel whose first mirror cuts mid-body, in one download', async () => {
    const { mirrors, deps, indexUrl } = await setup([{ resetAfterBytes: CUT }, { ranges: true }])
    const dir = await mkdtemp(join(tmpdir(), 'router-pip-'))
    onCleanUp(() => rm(dir, { recursive: true, force: true }))
    const venv = await createVenv(join(dir, 'venv'))
    const run = await runPipInstall(venv, ['--no-cache-dir', '--index-url', indexUrl, 'demo-pkg'])
    expect(run.exitCode).toBe(0)
    expect(run.output.match(/^\s*Downloading /gm)).toHaveLength(1)
    expect(run.output).not.toMatch(/Retrying|IncompleteRead|ERROR/)
    expect(await installedVersion(venv, 'demo-pkg')).toBe('1.0')
    expect(fileRequests(mirrors[1]!)).toMatchObject([{ status: 206, range: `bytes=${CUT}-` }])
    expect(deps.stats).toMatchObject({ resumed: 1, hashMismatches: 0 })
  })
})
