import type { ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { Mirror } from '../mirrors/mirror.js'
import type { HttpClient } from '../net/http-client.js'
import {
  type BadSources,
  farBelowExpected,
  type FileStats,
  type MirrorSpeeds,
  type MirrorTrouble,
  parallelSources,
  resumePlan
} from './file-rules.js'
import { MirrorRead } from './mirror-read.js'
import { fetchInParallel } from './parallel.js'
import { type FileStore, StoreCorruption, type StoredFile } from './store.js'
import { type FileSink, Transfer } from './transfer.js'

/** One mirror's URL for a file. */
export interface FileSource {
  mirror: Mirror
  url: string
  /** The speed the mirror's probe showed, until this process has seen its own downloads. */
  expectedBytesPerSec?: number
}

/** A file the router was asked for, as the project pages described it. */
export interface FileRequest {
  sha256: string
  filename: string
  /** The size a page gave, if any. */
  size?: number
  /** Every mirror known to list this filename with this sha256, best first. */
  sources: FileSource[]
  /**
   * Asked once, when every source has been tried: the sources again with other mirrors'
   * listings added (a router may know only the mirror whose page it served).
   */
  moreSources?: () => Promise<FileSource[]>
}

export interface FileDeps {
  store: FileStore
  client: HttpClient
  /** Mirrors that served wrong bytes for a sha256: skipped here, added to on a mismatch. */
  bad: BadSources
  stats: FileStats
  /** Each mirror's download speed as seen so far: a mirror far below it is left mid-body. */
  speeds?: MirrorSpeeds
  /**
   * Mirrors that stalled, reset, did not answer or were left for slowness: tried last, and not
   * for parallel ranges. Kept for the router's lifetime, so that one stall is not paid per file.
   */
  trouble?: MirrorTrouble
  /**
   * How long a mirror may send nothing mid-body before it is left for the next one: the limit
   * until its pace is known, then the ceiling of the shorter one that pace sets (stallLimitMs).
   */
  stallMs?: number
  /** How long a mirror may take to answer a request's head. */
  headTimeoutMs?: number
}

export type FileOutcome = 'store' | 'downloaded' | 'mismatch' | 'failed' | 'client-gone'

/**
 * Answers a request for one distribution file: from the store when it holds it, else from the
 * mirrors, writing the store's copy on the way (see `download`). Resolves when done.
 */
export async function serveFile(
  file: FileRequest,
  response: ServerResponse,
  deps: FileDeps
): Promise<FileOutcome> {
  const stored = await deps.store.open(file.sha256)
  if (stored) return serveStored(stored, response, deps.stats)
  return download(file, responseSink(response), deps)
}

/**
 * Downloads a file into the store with no client waiting for it, the same way as `serveFile`,
 * and returns it opened for reading; undefined when no mirror could serve it. A file already
 * stored is returned without the network.
 */
export async function storeFile(
  file: FileRequest,
  deps: FileDeps
): Promise<StoredFile | undefined> {
  const stored = await deps.store.open(file.sha256)
  if (stored) return stored
  const outcome = await download(file, noClient(), deps)
  return outcome === 'downloaded' ? deps.store.open(file.sha256) : undefined
}

async function serveStored(
  stored: StoredFile,
  response: ServerResponse,
  stats: FileStats
): Promise<FileOutcome> {
  stats.storeHits++
  response.writeHead(200, fileHeaders(stored.size))
  try {
    await pipeline(stored.body, response)
    return 'store'
  } catch (error) {
    response.destroy()
    if (!(error instanceof StoreCorruption)) return 'client-gone'
    stats.hashMismatches++
    return 'mismatch'
  }
}

function fileHeaders(size: number | undefined): Record<string, string | number> {
  return {
    'Content-Type': 'application/octet-stream',
    // The URL names the bytes by their sha256, as PyPI's do: pip's HTTP cache may keep them.
    'Cache-Control': 'max-age=365000000, immutable',
    ...(size !== undefined ? { 'Content-Length': size } : {})
  }
}

function responseSink(response: ServerResponse): FileSink {
  const gone = new AbortController()
  response.on('close', () => {
    if (!response.writableFinished) gone.abort()
  })
  return {
    gone: gone.signal,
    begin: size => void response.writeHead(200, fileHeaders(size)),
    write: async chunk => {
      if (response.destroyed || response.write(chunk)) return
      await new Promise<void>(resolve => {
        const done = (): void => {
          response.off('drain', done).off('close', done)
          resolve()
        }
        response.on('drain', done).on('close', done)
      })
    },
    end: last => void response.end(last),
    cut: () => void response.destroy(),
    refuse: text => {
      response.writeHead(502, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(text)
      })
      response.end(text)
    }
  }
}

/** For a download only the store receives. */
function noClient(): FileSink {
  return {
    gone: new AbortController().signal,
    begin: () => undefined,
    write: async () => undefined,
    end: () => undefined,
    cut: () => undefined,
    refuse: () => undefined
  }
}

/**
 * A large file that two trusted mirrors or more can serve is first fetched as parallel ranges
 * (parallel.ts). Otherwise, and for whatever that leaves, sequential failover: one mirror at a
 * time, each continuing where the last one stopped. A reset, a stall, or a pace far below the
 * mirror's usual one continues from the next mirror (or round again) with a Range request, so
 * the client sees one slow download, and puts the mirror in trouble: later downloads try it
 * last; the rounds go on while each makes progress, and a whole
 * round without a new byte ends them. The last chunk is held back until the whole file matched
 * its sha256: on a mismatch the client's connection is cut, so it never holds a wrong file, and
 * the retry goes elsewhere (see Transfer.mismatch).
 */
async function download(file: FileRequest, sink: FileSink, deps: FileDeps): Promise<FileOutcome> {
  const sources = new Sources(file, deps)
  const transfer = new Transfer(file, sink, deps)
  await sources.avoidSuspects()
  const parallel = parallelSources(file.sha256, file.size, sources.list, deps.bad, deps.trouble)
  if (parallel.length > 0) {
    deps.stats.parallel++
    await fetchInParallel(transfer, parallel, deps)
    if (transfer.whole) return transfer.complete()
  }
  let next = 0
  let roundStart = transfer.offset
  let resumed = false
  while (!sink.gone.aborted) {
    if (next === sources.list.length) {
      if (await sources.addMore()) continue
      if (next === 0 || transfer.offset === roundStart) break
      next = 0
      roundStart = transfer.offset
    }
    if (transfer.offset > 0 && !resumed) {
      resumed = true
      deps.stats.resumed++
    }
    const result = await attempt(sources.list[next++]!, transfer, sources, deps)
    if (result === 'complete') return transfer.complete()
    if (result === 'too-long') return transfer.mismatch()
  }
  return sink.gone.aborted ? transfer.abandon('client-gone') : transfer.fail()
}

/**
 * The usable sources of one download: known ones first, other mirrors' listings once asked;
 * within each, troubled mirrors last.
 */
class Sources {
  readonly list: FileSource[]
  private askedForMore = false

  constructor(
    private readonly file: FileRequest,
    private readonly deps: FileDeps
  ) {
    this.list = this.usable(file.sources)
  }

  /** Adds other mirrors' listings, the first time only; whether that added any. */
  async addMore(): Promise<boolean> {
    if (this.askedForMore || !this.file.moreSources) return false
    this.askedForMore = true
    const known = this.list.length
    for (const source of this.usable(await this.file.moreSources())) {
      if (!this.list.some(other => other.mirror.url === source.mirror.url)) this.list.push(source)
    }
    return this.list.length > known
  }

  /** Whether a source besides `source` exists, asking for more if need be. */
  async hasOther(source: FileSource): Promise<boolean> {
    const other = (): boolean => this.list.some(known => known.mirror.url !== source.mirror.url)
    return other() || ((await this.addMore()) && other())
  }

  /**
   * Before the first attempt: when every known source once served a wrong file, other
   * mirrors' listings are asked for, so that one of them goes first.
   */
  async avoidSuspects(): Promise<void> {
    if (!this.list.every(source => this.suspect(source))) return
    if (!(await this.addMore())) return
    this.list.splice(0, this.list.length, ...this.usable(this.list))
  }

  /**
   * Without the ones that failed this file, troubled mirrors after the others, and mirrors
   * that served a wrong file (any file) last of all: that is rarely a one-off.
   */
  private usable(sources: FileSource[]): FileSource[] {
    const usable = sources.filter(source => !this.deps.bad.has(source.mirror, this.file.sha256))
    const ordered = this.deps.trouble?.order(usable) ?? usable
    return [
      ...ordered.filter(source => !this.suspect(source)),
      ...ordered.filter(source => this.suspect(source))
    ]
  }

  private suspect(source: FileSource): boolean {
    return this.deps.bad.everMismatched(source.mirror)
  }
}

/**
 * Reads one mirror's copy from the transfer's offset on (asking for a range when past 0) into
 * the transfer, until it ends, fails, stalls, sends more than the file's size, or reads far
 * below its usual pace while another source could take over.
 */
async function attempt(
  source: FileSource,
  transfer: Transfer,
  sources: Sources,
  deps: FileDeps
): Promise<'complete' | 'interrupted' | 'too-long'> {
  const offset = transfer.offset
  const read = await MirrorRead.open(source, offset > 0 ? offset : undefined, deps, transfer.gone)
  if (!read) return 'interrupted'
  try {
    const plan = resumePlan(read.status, read.header('content-range'), offset, transfer.total)
    if (!plan) return 'interrupted'
    transfer.start(read.header('content-length'))
    const expected = deps.speeds?.observed(source.mirror) ?? source.expectedBytesPerSec
    let skip = plan.skip
    for (let chunk = await read.next(); chunk; chunk = await read.next()) {
      const kept = chunk.subarray(Math.min(skip, chunk.length))
      skip -= chunk.length - kept.length
      if (!(await transfer.accept(kept, source))) return 'too-long'
      if (farBelowExpected(read.meter.reading(), expected) && (await sources.hasOther(source))) {
        deps.stats.slowSwitches++
        deps.trouble?.add(source.mirror)
        return 'interrupted'
      }
    }
    const whole = transfer.total === undefined || transfer.whole
    if (skip > 0 || !whole) return 'interrupted'
    deps.trouble?.succeeded(source.mirror)
    return 'complete'
  } catch {
    return 'interrupted'
  } finally {
    read.close()
    // Parallel ranges share the link, so only these reads tell a mirror's own speed.
    deps.speeds?.record(source.mirror, read.meter.reading())
  }
}
