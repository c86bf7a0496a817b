import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { Mirror } from '../mirrors/mirror.js'
import type { HttpClient, HttpResponse } from '../probe/http-client.js'
import { type BadSources, type FileStats, resumePlan } from './file-rules.js'
import { type FileStore, StoreCorruption, type StoredFile, type StoreWriter } from './store.js'

/** One mirror's URL for a file. */
export interface FileSource {
  mirror: Mirror
  url: string
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
  /** A mirror that sends nothing for this long mid-body is left for the next one. */
  stallMs?: number
  /** How long a mirror may take to answer a request's head. */
  headTimeoutMs?: number
}

export type FileOutcome = 'store' | 'downloaded' | 'mismatch' | 'failed' | 'client-gone'

// Well under pip's 15 s read timeout, so that a stall and the switch to the next mirror are
// only a pause to pip, not a timeout and a retry.
const DEFAULT_STALL_MS = 3000
const DEFAULT_HEAD_TIMEOUT_MS = 5000
// The watchdogs above end a stuck attempt; this only bounds one that trickles on for ever.
const ATTEMPT_BACKSTOP_MS = 30 * 60_000

/**
 * Answers a request for one distribution file: from the store when it holds it, else from the
 * mirrors in order, writing the store's copy on the way. A reset or a stall mid-body continues
 * the same response from the next mirror (or round again) with a Range request, so the client
 * sees one slow download. The last chunk is held back until the whole file matched its sha256:
 * on a mismatch the client's connection is cut, so it never holds a wrong file, and the mirrors
 * that sent the bytes are marked bad for that file, so a retry goes elsewhere. Resolves when
 * done.
 */
export async function serveFile(
  file: FileRequest,
  response: ServerResponse,
  deps: FileDeps
): Promise<FileOutcome> {
  const stored = await deps.store.open(file.sha256)
  if (stored) return serveStored(stored, response, deps.stats)
  return download(file, response, deps)
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
    ...(size !== undefined ? { 'Content-Length': size } : {})
  }
}

/**
 * Sequential failover: one mirror at a time, each continuing where the last one stopped. (A
 * later step may fetch a large file's ranges from several mirrors at once, one `attempt` each.)
 * The rounds go on while each makes progress; a whole round without a new byte ends them.
 */
async function download(
  file: FileRequest,
  response: ServerResponse,
  deps: FileDeps
): Promise<FileOutcome> {
  const usable = (source: FileSource): boolean => !deps.bad.has(source.mirror, file.sha256)
  const sources = file.sources.filter(usable)
  let askedForMore = false
  const transfer = new Transfer(file, response, deps)
  const clientGone = new AbortController()
  response.on('close', () => {
    if (!response.writableFinished) clientGone.abort()
  })
  let next = 0
  let roundStart = 0
  let resumed = false
  while (!clientGone.signal.aborted) {
    if (next === sources.length) {
      if (!askedForMore && file.moreSources) {
        askedForMore = true
        for (const source of await file.moreSources()) {
          if (usable(source) && !sources.some(known => known.mirror.url === source.mirror.url))
            sources.push(source)
        }
        if (next < sources.length) continue
      }
      if (next === 0 || transfer.offset === roundStart) break
      next = 0
      roundStart = transfer.offset
    }
    if (transfer.offset > 0 && !resumed) {
      resumed = true
      deps.stats.resumed++
    }
    const result = await attempt(sources[next++]!, transfer, deps, clientGone.signal)
    if (result === 'interrupted') continue
    if (result === 'complete' && (await transfer.finish())) return 'downloaded'
    return transfer.mismatch()
  }
  return clientGone.signal.aborted ? transfer.abandon('client-gone') : transfer.fail()
}

/**
 * Reads one mirror's copy from the transfer's offset on (asking for a range when past 0) into
 * the transfer, until it ends, fails, stalls, or sends more than the file's size.
 */
async function attempt(
  source: FileSource,
  transfer: Transfer,
  deps: FileDeps,
  clientGone: AbortSignal
): Promise<'complete' | 'interrupted' | 'too-long'> {
  const stop = new AbortController()
  const onClientGone = (): void => stop.abort()
  clientGone.addEventListener('abort', onClientGone)
  const headTimer = setTimeout(() => stop.abort(), deps.headTimeoutMs ?? DEFAULT_HEAD_TIMEOUT_MS)
  let stallTimer: NodeJS.Timeout | undefined
  try {
    const offset = transfer.offset
    const sent = await deps.client.send(source.url, {
      timeoutMs: ATTEMPT_BACKSTOP_MS,
      signal: stop.signal,
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {}
    })
    clearTimeout(headTimer)
    if ('failure' in sent) return 'interrupted'
    const upstream = sent.response
    // Its errors reach the loop below; destroying it early must not raise an unhandled one.
    const body = upstream.stream().on('error', () => undefined)
    const plan = resumePlan(
      upstream.status,
      header(upstream, 'content-range'),
      offset,
      transfer.total
    )
    if (!plan) {
      body.destroy()
      return 'interrupted'
    }
    transfer.start(upstream)
    let skip = plan.skip
    const stallMs = deps.stallMs ?? DEFAULT_STALL_MS
    try {
      stallTimer = setTimeout(() => stop.abort(), stallMs)
      for await (const chunk of body as AsyncIterable<Buffer>) {
        // The clock stops while the client drains: a slow client is not a stalled mirror.
        clearTimeout(stallTimer)
        const skipped = Math.min(skip, chunk.length)
        skip -= skipped
        if (skipped < chunk.length && !(await transfer.accept(chunk.subarray(skipped), source)))
          return 'too-long'
        stallTimer = setTimeout(() => stop.abort(), stallMs)
      }
    } catch {
      return 'interrupted'
    } finally {
      body.destroy()
    }
    const whole = transfer.total === undefined || transfer.offset === transfer.total
    return skip === 0 && whole ? 'complete' : 'interrupted'
  } finally {
    clearTimeout(headTimer)
    clearTimeout(stallTimer)
    clientGone.removeEventListener('abort', onClientGone)
  }
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * One download's state: the bytes passed on so far, their hash, the store's copy, and the
 * mirrors that sent them. The newest chunk is held back until the hash is known.
 */
class Transfer {
  offset = 0
  total: number | undefined
  private readonly hash = createHash('sha256')
  private readonly copy: StoreWriter
  private readonly senders = new Set<Mirror>()
  private held: Buffer | undefined
  private started = false

  constructor(
    private readonly file: FileRequest,
    private readonly response: ServerResponse,
    private readonly deps: FileDeps
  ) {
    this.total = file.size
    this.copy = deps.store.writer(file.sha256)
  }

  /** Sends the head on the first mirror's answer (a 200), learning the size from it if need be. */
  start(upstream: HttpResponse): void {
    if (this.started) return
    this.started = true
    const length = Number(header(upstream, 'content-length') ?? NaN)
    this.total ??= Number.isSafeInteger(length) ? length : undefined
    this.response.writeHead(200, fileHeaders(this.total))
  }

  /** Takes the next bytes; false when they overrun the file's size. Waits for a slow client. */
  async accept(chunk: Buffer, source: FileSource): Promise<boolean> {
    this.senders.add(source.mirror)
    if (this.total !== undefined && this.offset + chunk.length > this.total) return false
    this.hash.update(chunk)
    this.copy.write(chunk)
    this.offset += chunk.length
    const stats = this.deps.stats.bytesByMirror
    stats[source.mirror.name] = (stats[source.mirror.name] ?? 0) + chunk.length
    const previous = this.held
    this.held = chunk
    if (previous && !this.response.destroyed && !this.response.write(previous)) {
      await new Promise<void>(resolve => {
        const done = (): void => {
          this.response.off('drain', done).off('close', done)
          resolve()
        }
        this.response.on('drain', done).on('close', done)
      })
    }
    return true
  }

  /** Sends the held chunk if the whole file matched; false (and nothing sent) if not. */
  async finish(): Promise<boolean> {
    if (this.hash.digest('hex') !== this.file.sha256) return false
    this.response.end(this.held)
    // The store is a cache: failing to keep a copy must not fail the download.
    await this.copy.commit().catch(() => undefined)
    return true
  }

  /** Cuts the client off and marks every mirror that sent bytes as bad for this file. */
  async mismatch(): Promise<FileOutcome> {
    for (const mirror of this.senders) this.deps.bad.add(mirror, this.file.sha256)
    this.deps.stats.hashMismatches++
    this.response.destroy()
    return this.abandon('mismatch')
  }

  /** No mirror could finish: an error status if nothing was sent yet, else a cut connection. */
  async fail(): Promise<FileOutcome> {
    this.deps.stats.failures++
    if (this.started) this.response.destroy()
    else {
      const text = `no mirror could serve ${this.file.filename}\n`
      this.response.writeHead(502, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(text)
      })
      this.response.end(text)
    }
    return this.abandon('failed')
  }

  async abandon(outcome: FileOutcome): Promise<FileOutcome> {
    await this.copy.abort()
    return outcome
  }
}
