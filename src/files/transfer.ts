import { createHash } from 'node:crypto'
import type { Mirror } from '../mirrors/mirror.js'
import type { FileDeps, FileOutcome, FileRequest, FileSource } from './files.js'
import type { StoreWriter } from './store.js'

/** Where a download's bytes go besides the store: a client's response, or nowhere. */
export interface FileSink {
  /** Aborted when the receiver went away before the end. */
  readonly gone: AbortSignal
  /** Before the first byte, once: a 200 of `size` bytes when known. */
  begin(size: number | undefined): void
  /** Resolves when the receiver can take more. */
  write(chunk: Buffer): Promise<void>
  end(last: Buffer | undefined): void
  /** Stops short, so that the receiver cannot take what it got for the whole file. */
  cut(): void
  /** Says, instead of any byte, that no mirror could serve the file. */
  refuse(text: string): void
}

/**
 * One download's state: the bytes passed on so far, in order, their hash, the store's copy, and
 * the mirrors that sent them. The newest chunk is held back until the hash is known.
 */
export class Transfer {
  offset = 0
  total: number | undefined
  /** Set once ranges from several mirrors at once make up the file. */
  parallel = false
  private readonly hash = createHash('sha256')
  private readonly copy: StoreWriter
  private readonly senders = new Set<Mirror>()
  private held: Buffer | undefined
  private started = false

  constructor(
    private readonly file: FileRequest,
    private readonly sink: FileSink,
    private readonly deps: FileDeps
  ) {
    this.total = file.size
    this.copy = deps.store.writer(file.sha256)
  }

  get gone(): AbortSignal {
    return this.sink.gone
  }

  /** Every byte is in: the size is known and reached. */
  get whole(): boolean {
    return this.offset === this.total
  }

  /** Begins the sink on the first usable answer, learning the size from it if need be. */
  start(contentLength?: string): void {
    if (this.started) return
    this.started = true
    const length = Number(contentLength ?? NaN)
    this.total ??= Number.isSafeInteger(length) ? length : undefined
    this.sink.begin(this.total)
  }

  /** Takes the next bytes; false when they overrun the file's size. Waits for a slow client. */
  async accept(chunk: Buffer, source: FileSource): Promise<boolean> {
    // An empty chunk must not take the held one's place: that one would reach the client unchecked.
    if (chunk.length === 0) return true
    this.senders.add(source.mirror)
    if (this.total !== undefined && this.offset + chunk.length > this.total) return false
    this.hash.update(chunk)
    this.copy.write(chunk)
    this.offset += chunk.length
    const stats = this.deps.stats.bytesByMirror
    stats[source.mirror.name] = (stats[source.mirror.name] ?? 0) + chunk.length
    const previous = this.held
    this.held = chunk
    if (previous) await this.sink.write(previous)
    return true
  }

  /** The last byte is in: sends the held chunk if the whole file matched, else cuts off. */
  async complete(): Promise<FileOutcome> {
    if (this.hash.digest('hex') !== this.file.sha256) return this.mismatch()
    this.sink.end(this.held)
    // The store is a cache: failing to keep a copy must not fail the download.
    await this.copy.commit().catch(() => undefined)
    return 'downloaded'
  }

  /**
   * Cuts the receiver off. The mirrors that sent the bytes are marked bad for this file, unless
   * several sent ranges at once: then the culprit is unknown, and the retry goes one mirror at a
   * time, so that the next mismatch names it.
   */
  async mismatch(): Promise<FileOutcome> {
    if (this.parallel && this.senders.size > 1) this.deps.bad.fetchSequentially(this.file.sha256)
    else for (const mirror of this.senders) this.deps.bad.add(mirror, this.file.sha256)
    this.deps.stats.hashMismatches++
    this.sink.cut()
    return this.abandon('mismatch')
  }

  /** No mirror could finish: a refusal if nothing was sent yet, else a cut. */
  async fail(): Promise<FileOutcome> {
    this.deps.stats.failures++
    if (this.started) this.sink.cut()
    else this.sink.refuse(`no mirror could serve ${this.file.filename}\n`)
    return this.abandon('failed')
  }

  async abandon(outcome: FileOutcome): Promise<FileOutcome> {
    await this.copy.abort()
    return outcome
  }
}
