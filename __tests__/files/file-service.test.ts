import { chown, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  createToolVenv,
  findTool,
  installedVersion,
  runToolInstall
} from '../../test-support/python.js'
import { storeEntrySegments } from '../../src/files/file-rules.js'
import { FileStore } from '../../src/files/store.js'
import {
  cleanUp,
  download,
  expectWhole,
  fileRequests,
  largeFile,
  onCleanUp,
  setup,
  wheel
} from './file-harness.js'
import { asRoot } from '../../test-support/root.js'

const MiB = 1024 * 1024
const SIZE = wheel.bytes.length
const ETAG = `"${wheel.sha256}"`

afterEach(cleanUp)

/** Polls `check` until it holds, for at most `ms`; whether it did. */
async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (await check()) return true
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  return check()
}

describe('one download per file', () => {
  it('serves 40 concurrent requests for one file from a single upstream download', async () => {
    // About a second per download: the requests all come while it runs.
    const { mirrors, deps, fileUrl, served } = await setup([{ bandwidthBytesPerSec: 300_000 }])
    const results = await Promise.all(Array.from({ length: 40 }, () => download(fileUrl)))
    for (const result of results) expectWhole(result)
    expect(mirrors[0]!.fileRequests()).toBe(1)
    expect(await Promise.all(served)).toEqual(Array(40).fill('downloaded'))
    expect(deps.stats.bytesByMirror).toEqual({ m0: SIZE })
  })

  it('lets a client join a download in flight, from its first byte', async () => {
    const { mirrors, fileUrl, served } = await setup([{ bandwidthBytesPerSec: 300_000 }])
    const first = download(fileUrl)
    expect(await eventually(async () => fileRequests(mirrors[0]!).length === 1, 5000)).toBe(true)
    await new Promise(resolve => setTimeout(resolve, 200))
    const second = await download(fileUrl)
    expectWhole(second)
    expectWhole(await first)
    expect(mirrors[0]!.fileRequests()).toBe(1)
    expect(await served[1]).toBe('downloaded')
  })

  it('goes on downloading while a client reads nothing, keeping no more than it should', async () => {
    // More than the socket buffers on both sides of a loopback connection can take.
    const big = largeFile(32 * MiB)
    const { deps, fileUrl } = await setup([{}], { file: big })
    const stalled = await new Promise<import('node:http').IncomingMessage>((resolve, reject) =>
      get(fileUrl, resolve).on('error', reject)
    )
    stalled.pause()
    onCleanUp(async () => void stalled.destroy())
    // Before, the download waited for the client: it never ended while the client read nothing.
    expect(await eventually(() => deps.store.has(big.sha256), 10_000)).toBe(true)
    const chunks: Buffer[] = []
    stalled.on('data', (chunk: Buffer) => chunks.push(chunk))
    stalled.resume()
    await new Promise(resolve => stalled.on('end', resolve))
    expect(Buffer.concat(chunks).equals(big.bytes)).toBe(true)
  })
})

describe('ranges', () => {
  const slice = (start: number, end: number): Buffer => wheel.bytes.subarray(start, end)

  it.each([
    ['a closed range', 'bytes=100-199', 100, 199],
    ['a suffix', 'bytes=-1000', SIZE - 1000, SIZE - 1],
    ['an open range', 'bytes=1000-', 1000, SIZE - 1],
    ['a range past the end, cut to it', `bytes=${SIZE - 10}-${SIZE + 10}`, SIZE - 10, SIZE - 1]
  ])(
    'answers %s with a 206, downloading and checking the file first',
    async (_, range, start, end) => {
      const { mirrors, deps, fileUrl, served, storeDir } = await setup([{}])
      const result = await download(fileUrl, { range })
      expect(result.status).toBe(206)
      expect(result.headers).toMatchObject({
        'content-range': `bytes ${start}-${end}/${SIZE}`,
        'content-length': String(end - start + 1),
        etag: ETAG,
        'accept-ranges': 'bytes'
      })
      expect(result.body.equals(slice(start, end + 1))).toBe(true)
      expect(await served[0]).toBe('downloaded')
      // From the store the next time, without the network; in the next job (its router over
      // the store the cache restored), as the store's bytes.
      const again = await download(fileUrl, { range })
      expect(again.body.equals(slice(start, end + 1))).toBe(true)
      expect(await served[1]).toBe('store')
      expect(deps.stats.storeBytes).toBe(0)
      deps.store = new FileStore(storeDir)
      await download(fileUrl, { range })
      expect(await served[2]).toBe('store')
      expect(deps.stats.storeBytes).toBe(end - start + 1)
      expect(mirrors[0]!.fileRequests()).toBe(1)
    }
  )

  it('answers a range past the end with a 416 naming the size', async () => {
    const { fileUrl, served } = await setup([{}])
    const result = await download(fileUrl, { range: `bytes=${SIZE}-` })
    expect(result.status).toBe(416)
    expect(result.headers['content-range']).toBe(`bytes */${SIZE}`)
    expect(result.body.length).toBe(0)
    expect(await served[0]).toBe('unsatisfiable')
  })

  it.each([
    ['If-Range names this file', ETAG, 206],
    ['If-Range names another version', '"0000"', 200],
    ['If-Range is a date', 'Wed, 21 Oct 2015 07:28:00 GMT', 200]
  ])('follows a range only when %s', async (_, ifRange, status) => {
    const { fileUrl } = await setup([{}])
    const result = await download(fileUrl, { range: 'bytes=0-9', 'if-range': ifRange })
    expect(result.status).toBe(status)
    expect(result.body.equals(status === 206 ? slice(0, 10) : wheel.bytes)).toBe(true)
  })

  it.each([['bytes=0-1,5-6'], ['bytes=5-1'], ['lines=0-9'], ['bytes=-']])(
    'sends the whole file for %s',
    async range => {
      const { fileUrl } = await setup([{}])
      expectWhole(await download(fileUrl, { range }))
    }
  )

  it('serves a range from a download in flight only once it matched, whole', async () => {
    const { mirrors, fileUrl, served } = await setup([{ bandwidthBytesPerSec: 300_000 }])
    const whole = download(fileUrl)
    expect(await eventually(async () => fileRequests(mirrors[0]!).length === 1, 5000)).toBe(true)
    const ranged = await download(fileUrl, { range: 'bytes=-100' })
    expect(ranged.body.equals(slice(SIZE - 100, SIZE))).toBe(true)
    expectWhole(await whole)
    expect(await Promise.all(served)).toEqual(['downloaded', 'downloaded'])
    expect(mirrors[0]!.fileRequests()).toBe(1)
  })

  it('never sends a range of a stored file that does not match its sha256', async () => {
    const { mirrors, storeDir, fileUrl } = await setup([{}])
    expectWhole(await download(fileUrl))
    const path = join(storeDir, ...storeEntrySegments(wheel.sha256))
    const altered = Buffer.from(wheel.bytes)
    altered[SIZE - 1] ^= 0xff
    await writeFile(path, altered)
    const result = await download(fileUrl, { range: 'bytes=-10' })
    expect(result.body.equals(slice(SIZE - 10, SIZE))).toBe(true)
    expect(mirrors[0]!.fileRequests()).toBe(2)
  })
})

describe('HEAD', () => {
  it('sends the headers a GET would, without a body or a download', async () => {
    const { mirrors, fileUrl, served } = await setup([{}])
    const head = await download(fileUrl, {}, 'HEAD')
    expect(head).toMatchObject({ status: 200, body: Buffer.alloc(0) })
    expect(head.headers).toMatchObject({
      'content-length': String(SIZE),
      etag: ETAG,
      'accept-ranges': 'bytes',
      'cache-control': 'no-store'
    })
    const ranged = await download(fileUrl, { range: 'bytes=-1000' }, 'HEAD')
    expect(ranged.status).toBe(206)
    expect(ranged.headers['content-range']).toBe(`bytes ${SIZE - 1000}-${SIZE - 1}/${SIZE}`)
    expect(await Promise.all(served)).toEqual(['head', 'head'])
    expect(mirrors[0]!.fileRequests()).toBe(0)
  })
})

describe('the store', () => {
  it('keeps its folders 0700 and its files 0600', async () => {
    const { storeDir, fileUrl } = await setup([{}])
    expectWhole(await download(fileUrl))
    const [algorithm, fanout, name] = storeEntrySegments(wheel.sha256)
    const mode = async (...path: string[]): Promise<number> =>
      (await stat(join(storeDir, ...path))).mode & 0o777
    for (const folder of [[], ['tmp'], [algorithm!], [algorithm!, fanout!]])
      expect([folder, await mode(...folder)]).toEqual([folder, 0o700])
    expect(await mode(algorithm!, fanout!, name!)).toBe(0o600)
  })

  it('fails a download clearly when its copy cannot be written', async () => {
    const { deps, storeDir, fileUrl, served } = await setup([{}])
    // Where the temp folder should be, a file: no temp file can be made.
    await writeFile(join(storeDir, 'tmp'), 'in the way')
    const result = await download(fileUrl)
    expect(result.status).toBe(502)
    expect(result.body.toString()).toMatch(
      /^cannot keep demo_pkg-1\.0-py3-none-any\.whl: cannot write /
    )
    expect(await served[0]).toBe('failed')
    expect(deps.stats.failures).toBe(1)
  })

  asRoot('give a folder to another user')(
    'refuses a store folder that belongs to another user',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'foreign-store-'))
      onCleanUp(() => rm(dir, { recursive: true, force: true }))
      await chown(dir, 65534, 65534)
      expect(() => new FileStore(dir)).toThrow(/belongs to user 65534/)
    }
  )
})

describe('with real uv', () => {
  it('reads a wheel without .metadata through HEAD and ranges, from one download', async () => {
    const uv = await findTool('uv-0.13.9')
    const { mirrors, indexUrl, served } = await setup([{}])
    const dir = await mkdtemp(join(tmpdir(), 'router-uv-'))
    onCleanUp(() => rm(dir, { recursive: true, force: true }))
    const venv = await createToolVenv(uv, join(dir, 'venv'))
    const run = await runToolInstall(uv, venv, ['--no-cache', '--index-url', indexUrl, 'demo-pkg'])
    expect(run.exitCode).toBe(0)
    expect(await installedVersion(venv, 'demo-pkg')).toBe('1.0')
    const outcomes = await Promise.all(served)
    // The size, then the zip's central directory (a 206 once the download matched), then the
    // whole wheel from the store.
    expect(outcomes).toEqual(['head', 'downloaded', 'store'])
    expect(mirrors[0]!.fileRequests()).toBe(1)
  })
})
