import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, get, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from '@jest/globals'
import { type Mirror, parseMirror } from '../../src/mirrors/mirror.js'
import { HttpClient } from '../../src/probe/http-client.js'
import { BadSources, newFileStats, storeEntrySegments } from '../../src/files/file-rules.js'
import {
  type FileDeps,
  type FileOutcome,
  type FileRequest,
  serveFile
} from '../../src/files/files.js'
import { FileStore } from '../../src/files/store.js'
import {
  type Faults,
  type Mirror as TestMirror,
  startMirror
} from '../../test-support/mirror-server.js'
import { createVenv, installedVersion, runPipInstall } from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

const wheel = buildWheel({ name: 'demo-pkg', version: '1.0', sizeBytes: 300_000 })
const CUT = 100_000

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map(cleanup => cleanup()))
})

interface Harness {
  mirrors: TestMirror[]
  sources: Mirror[]
  deps: FileDeps
  storeDir: string
  /** The router's file URL, and its `/simple/demo-pkg/` page listing it. */
  fileUrl: string
  indexUrl: string
  /** What each serveFile call returned, once it has. */
  served: Promise<FileOutcome>[]
  /** How many times serveFile asked for more sources. */
  askedForMore: () => number
}

/**
 * Test mirrors with the given faults (best first) behind a tiny router that serves one page
 * and, for its one file, calls serveFile with the first `listed` mirrors as sources and the
 * rest behind `moreSources`.
 */
async function setup(
  faults: Partial<Faults>[],
  options: Partial<FileDeps> = {},
  listed = faults.length
): Promise<Harness> {
  const mirrors = await Promise.all(faults.map(f => startMirror({ packages: [wheel], faults: f })))
  cleanups.push(...mirrors.map(mirror => () => mirror.close()))
  const sources = mirrors.map((mirror, i) => parseMirror(`m${i}=${mirror.indexUrl}`))
  const dir = await mkdtemp(join(tmpdir(), 'router-files-'))
  const client = new HttpClient(5000, {})
  const deps: FileDeps = {
    store: new FileStore(dir),
    client,
    bad: new BadSources(),
    stats: newFileStats(),
    ...options
  }
  const all = mirrors.map((mirror, i) => ({
    mirror: sources[i]!,
    url: `${mirror.origin}/files/${wheel.filename}`
  }))
  let asked = 0
  const file: FileRequest = {
    sha256: wheel.sha256,
    filename: wheel.filename,
    size: wheel.bytes.length,
    sources: all.slice(0, listed),
    moreSources: async () => {
      asked++
      return all
    }
  }
  const served: Promise<FileOutcome>[] = []
  // serveFile keeps its store copy after the client has the last byte: let it finish first.
  cleanups.push(async () => {
    await Promise.allSettled(served)
    await Promise.all([rm(dir, { recursive: true, force: true }), client.destroy()])
  })
  const server = createServer((req, res) => {
    if (req.url === `/files/${wheel.filename}`) {
      served.push(serveFile(file, res, deps))
    } else if (req.url === '/simple/demo-pkg/') {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end(`<a href="/files/${wheel.filename}#sha256=${wheel.sha256}">${wheel.filename}</a>`)
    } else res.writeHead(404).end()
  })
  const origin = await listen(server)
  cleanups.push(() => close(server))
  return {
    mirrors,
    sources,
    deps,
    storeDir: dir,
    fileUrl: `${origin}/files/${wheel.filename}`,
    indexUrl: `${origin}/simple`,
    served,
    askedForMore: () => asked
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections()
  await new Promise(resolve => server.close(resolve))
}

interface Download {
  status: number
  body: Buffer
  /** The whole body arrived (false: the connection was cut mid-body). */
  complete: boolean
}

function download(url: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    get(url, res => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', () => undefined)
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          complete: res.complete
        })
      )
    }).on('error', reject)
  })
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')
const fileRequests = (mirror: TestMirror) => mirror.requests.filter(r => r.kind === 'file')

function expectWhole(result: Download): void {
  expect(result).toMatchObject({ status: 200, complete: true })
  expect(sha256(result.body)).toBe(wheel.sha256)
}

describe('serveFile', () => {
  it('downloads once, keeps a copy, and serves the next request from the store alone', async () => {
    const { mirrors, deps, fileUrl, served } = await setup([{}])
    expectWhole(await download(fileUrl))
    expect(await served[0]).toBe('downloaded')
    expectWhole(await download(fileUrl))
    expect(await served[1]).toBe('store')
    expect(mirrors[0]!.fileRequests()).toBe(1)
    expect(deps.stats).toMatchObject({ storeHits: 1, resumed: 0, bytesByMirror: { m0: 300_000 } })
    expect(await deps.store.size()).toBe(wheel.bytes.length)
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
      stallMs: 400
    })
    const started = Date.now()
    expectWhole(await download(fileUrl))
    expect(Date.now() - started).toBeGreaterThanOrEqual(400)
    expect(fileRequests(mirrors[1]!)).toMatchObject([{ status: 206, range: `bytes=${CUT}-` }])
    expect(deps.stats.resumed).toBe(1)
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
      {},
      1
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

  it('moves on from a mirror that never answers after headTimeoutMs', async () => {
    const { mirrors, fileUrl } = await setup([{ hang: 'files' }, {}], { headTimeoutMs: 300 })
    expectWhole(await download(fileUrl))
    expect(mirrors.map(mirror => mirror.fileRequests())).toEqual([1, 1])
  })

  it('cuts the client off when a stored copy went bad, and fetches it again next time', async () => {
    const { mirrors, deps, storeDir, fileUrl, served } = await setup([{}])
    const writer = deps.store.writer(wheel.sha256)
    writer.write(wheel.bytes)
    await writer.commit()
    const path = join(storeDir, ...storeEntrySegments(wheel.sha256))
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
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
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
