// Test mirrors behind a tiny router that serves one page and its files through a FileService:
// what the files tests share.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import {
  createServer,
  type IncomingHttpHeaders,
  type OutgoingHttpHeaders,
  request,
  type Server
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from '@jest/globals'
import { type Mirror, parseMirror } from '../../src/mirrors/mirror.js'
import { HttpClient } from '../../src/net/http-client.js'
import { BadSources, newFileStats } from '../../src/files/file-rules.js'
import { FileService } from '../../src/files/file-service.js'
import type { FileDeps, FileOutcome, FileRequest } from '../../src/files/file-types.js'
import { FileStore } from '../../src/files/store.js'
import {
  type DistFile,
  type Faults,
  type Mirror as TestMirror,
  startMirror
} from '../../test-support/mirror-server.js'
import { buildWheel } from '../../test-support/wheel.js'

export const wheel: DistFile = buildWheel({ name: 'demo-pkg', version: '1.0', sizeBytes: 300_000 })

/** A large file of random bytes, so that any corruption shows; one name per version. */
export function largeFile(size: number, version = '1.0'): DistFile {
  const bytes = randomBytes(size)
  return {
    name: 'big-pkg',
    version,
    filename: `big_pkg-${version}.tar.gz`,
    bytes,
    sha256: sha256(bytes)
  }
}

const cleanups: (() => Promise<unknown>)[] = []

/** For afterEach: stops what the last test started. */
export async function cleanUp(): Promise<void> {
  await Promise.all(cleanups.splice(0).map(cleanup => cleanup()))
}

export interface Harness {
  mirrors: TestMirror[]
  sources: Mirror[]
  deps: FileDeps
  service: FileService
  /** The request the service gets. */
  file: FileRequest
  storeDir: string
  /** The router's file URL, and its `/simple/<project>/` page listing it. */
  fileUrl: string
  indexUrl: string
  /** The router's URL for any file served (see SetupOptions.moreFiles). */
  urlOf: (file: DistFile) => string
  /** What each request came to, once it has. */
  served: Promise<FileOutcome>[]
  /** How many times the service asked for more sources. */
  askedForMore: () => number
}

export interface SetupOptions {
  deps?: Partial<FileDeps>
  /** The first this many mirrors are the file's sources; the rest come from moreSources. */
  listed?: number
  /** The wheel by default. */
  file?: DistFile
  /** Further files the mirrors and the router serve, with the same sources. */
  moreFiles?: DistFile[]
  /** Each source's expected speed, in the mirrors' order. */
  expectedBytesPerSec?: (number | undefined)[]
}

/**
 * Test mirrors with the given faults (best first) behind a tiny router that serves one page
 * and, for each of its files, calls FileService.serve with the first `listed` mirrors as sources and
 * the rest behind `moreSources`.
 */
export async function setup(
  faults: Partial<Faults>[],
  options: SetupOptions = {}
): Promise<Harness> {
  const served = options.file ?? wheel
  const packages = [served, ...(options.moreFiles ?? [])]
  const mirrors = await Promise.all(faults.map(f => startMirror({ packages, faults: f })))
  cleanups.push(...mirrors.map(mirror => () => mirror.close()))
  const sources = mirrors.map((mirror, i) => parseMirror(`m${i}=${mirror.indexUrl}`))
  const dir = await mkdtemp(join(tmpdir(), 'router-files-'))
  const client = new HttpClient(5000, {})
  const deps: FileDeps = {
    store: new FileStore(dir),
    client,
    bad: new BadSources(),
    stats: newFileStats(),
    ...options.deps
  }
  const service = new FileService(deps)
  let asked = 0
  const requestFor = (dist: DistFile): FileRequest => {
    const all = mirrors.map((mirror, i) => ({
      mirror: sources[i]!,
      url: `${mirror.origin}/files/${dist.filename}`,
      expectedBytesPerSec: options.expectedBytesPerSec?.[i]
    }))
    return {
      sha256: dist.sha256,
      filename: dist.filename,
      size: dist.bytes.length,
      sources: all.slice(0, options.listed ?? faults.length),
      moreSources: async () => {
        asked++
        return all
      }
    }
  }
  const requests = new Map(packages.map(dist => [`/files/${dist.filename}`, requestFor(dist)]))
  const outcomes: Promise<FileOutcome>[] = []
  // A download keeps its store copy after the client has the last byte: let it finish first.
  cleanups.push(async () => {
    await Promise.allSettled(outcomes)
    await service.idle()
    await Promise.all([rm(dir, { recursive: true, force: true }), client.destroy()])
  })
  const server = createServer((req, res) => {
    const request = requests.get(req.url ?? '')
    if (request) {
      const client = {
        method: req.method === 'HEAD' ? ('HEAD' as const) : ('GET' as const),
        range: req.headers.range,
        ifRange: req.headers['if-range'] as string | undefined,
        keepsCopy: req.headers['x-keeps-copy'] === 'yes'
      }
      outcomes.push(service.serve(request, client, res))
    } else if (req.url === `/simple/${served.name}/`) {
      res.writeHead(200, { 'Content-Type': 'text/html' })
      res.end(`<a href="/files/${served.filename}#sha256=${served.sha256}">${served.filename}</a>`)
    } else res.writeHead(404).end()
  })
  const origin = await listen(server)
  cleanups.push(() => close(server))
  const urlOf = (dist: DistFile): string => `${origin}/files/${dist.filename}`
  return {
    mirrors,
    sources,
    deps,
    service,
    file: requests.get(`/files/${served.filename}`)!,
    storeDir: dir,
    fileUrl: urlOf(served),
    indexUrl: `${origin}/simple`,
    urlOf,
    served: outcomes,
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

export interface Download {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
  /** The whole body arrived (false: the connection was cut mid-body). */
  complete: boolean
}

export function download(
  url: string,
  headers: OutgoingHttpHeaders = {},
  method = 'GET'
): Promise<Download> {
  return new Promise((resolve, reject) => {
    request(url, { method, headers }, res => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', () => undefined)
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          complete: res.complete
        })
      )
    })
      .on('error', reject)
      .end()
  })
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

export const fileRequests = (mirror: TestMirror) =>
  mirror.requests.filter(request => request.kind === 'file')

export function expectWhole(result: Download, file: DistFile = wheel): void {
  expect(result).toMatchObject({ status: 200, complete: true })
  expect(sha256(result.body)).toBe(file.sha256)
}

/** Registers a cleanup for the current test. */
export function onCleanUp(cleanup: () => Promise<unknown>): void {
  cleanups.push(cleanup)
}
