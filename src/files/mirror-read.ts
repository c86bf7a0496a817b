import { performance } from 'node:perf_hooks'
import type { Readable } from 'node:stream'
import type { HttpResponse } from '../net/http-client.js'
import { stallLimitMs, ThroughputMeter } from './file-rules.js'
import type { DownloadPriority, FileDeps, FileSource } from './file-types.js'

// The stall limit before a mirror's pace is known, and its ceiling after: well under pip's 15 s
// read timeout, so that a stall and the switch to the next mirror are only a pause to pip, not a
// timeout and a retry.
const DEFAULT_STALL_MS = 3000
const DEFAULT_HEAD_TIMEOUT_MS = 5000
// The watchdogs above end a stuck read; this only bounds one that trickles on for ever.
const READ_BACKSTOP_MS = 30 * 60_000

/**
 * One request for a file to one mirror, read chunk by chunk under two watchdogs: the head must
 * come within `headTimeoutMs`, and each chunk within the stall limit of asking for it (see
 * stallLimitMs: `stallMs` at first, shorter once the mirror's pace is known). Time between
 * `next` calls does not count, so a reader waiting for its client is not a stalled mirror. A
 * mirror that breaks a read off (no answer, a reset, a stall) is put in `deps.trouble`, unless
 * the reader stopped it.
 */
export class MirrorRead {
  /** The mirror's pace on this body. */
  readonly meter = new ThroughputMeter()
  /** Where in the file the next byte `next` returns belongs. */
  position: number
  private putBackBytes: Buffer | undefined
  private readonly body: Readable
  private readonly chunks: AsyncIterator<Buffer>

  private constructor(
    private readonly source: FileSource,
    private readonly deps: FileDeps,
    private readonly watch: Watch,
    private readonly response: HttpResponse,
    from: number
  ) {
    this.position = from
    // Its errors reach `next`; destroying it early must not raise an unhandled one.
    this.body = response.stream().on('error', () => undefined)
    this.chunks = this.body[Symbol.asyncIterator]()
  }

  /**
   * Asks `source` for the file, from byte `from` on with a Range request, or whole without one
   * when `from` is undefined. Undefined when no answer came (a network error, the head timeout,
   * or `signal`). The head timeout runs from the moment the request has its place among the
   * mirror's requests in flight: a wait for that place is not the mirror's.
   */
  static async open(
    source: FileSource,
    from: number | undefined,
    deps: FileDeps,
    signal: AbortSignal,
    priority?: DownloadPriority
  ): Promise<MirrorRead | undefined> {
    if (signal.aborted) return undefined
    const watch = new Watch(signal)
    let headTimer: NodeJS.Timeout | undefined
    let sentAt = performance.now()
    const sent = await deps.client.send(source.url, {
      timeoutMs: READ_BACKSTOP_MS,
      signal: watch.signal,
      headers: from === undefined ? {} : { range: `bytes=${from}-` },
      ...(priority ? { background: () => priority.background } : {}),
      granted: () => {
        sentAt = performance.now()
        headTimer = setTimeout(() => watch.stop(), deps.headTimeoutMs ?? DEFAULT_HEAD_TIMEOUT_MS)
      }
    })
    clearTimeout(headTimer)
    if ('failure' in sent) {
      watch.release()
      if (!watch.stoppedByReader) deps.trouble?.add(source.mirror)
      return undefined
    }
    const read = new MirrorRead(source, deps, watch, sent.response, from ?? 0)
    // The wait for the head is the mirror's too: without it, a first chunk that came along with
    // the head would make any mirror look fast.
    read.meter.add(performance.now() - sentAt, 0)
    return read
  }

  get status(): number {
    return this.response.status
  }

  header(name: string): string | undefined {
    const value = this.response.headers[name]
    return Array.isArray(value) ? value[0] : value
  }

  /** The next bytes, or undefined at the body's end. Rejects on a reset or a stall. */
  async next(): Promise<Buffer | undefined> {
    const chunk = this.putBackBytes ?? (await this.fromMirror())
    this.putBackBytes = undefined
    if (chunk) this.position += chunk.length
    return chunk
  }

  /** Returns the tail of what `next` gave, to be given again by the next call. */
  putBack(bytes: Buffer): void {
    if (bytes.length === 0) return
    this.putBackBytes = bytes
    this.position -= bytes.length
  }

  close(): void {
    this.body.destroy()
    this.watch.release()
  }

  private async fromMirror(): Promise<Buffer | undefined> {
    const started = performance.now()
    const limit = stallLimitMs(this.meter.reading(), this.deps.stallMs ?? DEFAULT_STALL_MS)
    const stallTimer = setTimeout(() => this.watch.stop(), limit)
    try {
      const result = await this.chunks.next()
      if (result.done) return undefined
      this.meter.add(performance.now() - started, result.value.length)
      return result.value
    } catch (error) {
      if (!this.watch.stoppedByReader) this.deps.trouble?.add(this.source.mirror)
      throw error
    } finally {
      clearTimeout(stallTimer)
    }
  }
}

/** Stops one request on a watchdog or on the reader's signal, telling which one it was. */
class Watch {
  private readonly stopper = new AbortController()
  private readonly onAbort = (): void => this.stop()

  constructor(private readonly readerSignal: AbortSignal) {
    readerSignal.addEventListener('abort', this.onAbort)
  }

  get signal(): AbortSignal {
    return this.stopper.signal
  }

  get stoppedByReader(): boolean {
    return this.readerSignal.aborted
  }

  stop(): void {
    this.stopper.abort()
  }

  release(): void {
    this.readerSignal.removeEventListener('abort', this.onAbort)
  }
}
