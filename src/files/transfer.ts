import type { Mirror } from '../mirrors/mirror.js'
import { Changes } from './changes.js'
import type {
  DownloadPriority,
  FileDeps,
  FileOutcome,
  FileRequest,
  FileSource
} from './file-types.js'
import type { StoreTemp } from './store.js'

export type TransferState = 'running' | 'verified' | 'mismatch' | 'failed' | 'abandoned'

/**
 * One download's state: the bytes written so far, in order, to the store's temp file (which its
 * clients read back, each at its own pace), the mirrors that sent them, and how it ended. Until
 * the whole file matched its sha256, clients may read all but the newest chunk (`readable`), so
 * that none ever holds a complete wrong file.
 */
export class Transfer {
  offset = 0
  total: number | undefined
  /** Set once ranges from several mirrors at once make up the file. */
  parallel = false
  state: TransferState = 'running'
  /** Why the download failed, for a client that has no byte yet. */
  failure: string | undefined
  /** Notified on each new byte and on the end. */
  readonly changes = new Changes()
  private readonly senders = new Set<Mirror>()
  private readonly temp: StoreTemp
  private newestChunk = 0
  /** Set on the first usable answer. */
  private started = false
  /** Bytes on disk, where clients read them. */
  private written = 0

  /** `stop` ends the download: every client has gone. */
  constructor(
    private readonly file: FileRequest,
    private readonly deps: FileDeps,
    readonly stop: AbortSignal
  ) {
    this.total = file.size
    this.temp = deps.store.createTemp(file.sha256, bytes => {
      this.written = bytes
      this.changes.notify()
    })
  }

  /** Whether the download is still only a prefetch (see DownloadPriority). */
  get priority(): DownloadPriority | undefined {
    return this.file.priority
  }

  /** Every byte is in: the size is known and reached. */
  get whole(): boolean {
    return this.offset === this.total
  }

  /**
   * An answer began and its first bytes are on disk, so the copy can be written: clients may
   * send their head. Until then, a failure is a clear refusal rather than a cut.
   */
  get flowing(): boolean {
    return this.started && this.written > 0
  }

  /** How many bytes, from the start, clients may have now. */
  get readable(): number {
    if (this.state === 'verified') return this.offset
    return Math.min(this.written, this.offset - this.newestChunk)
  }

  /** The first usable answer came, telling the size if it was unknown. */
  start(contentLength?: string): void {
    if (this.started) return
    this.started = true
    const length = Number(contentLength ?? NaN)
    this.total ??= Number.isSafeInteger(length) ? length : undefined
    this.changes.notify()
  }

  /**
   * Takes the next bytes, waiting only when too many wait for the disk (StoreTemp.write); false
   * when they overrun the file's size. Rejects with a StoreWriteError when they cannot be written.
   */
  async accept(chunk: Buffer, source: FileSource): Promise<boolean> {
    if (chunk.length === 0) return true
    if (!this.received(this.offset, chunk, source)) return false
    this.offset += chunk.length
    this.newestChunk = chunk.length
    await this.temp.write(chunk)
    return true
  }

  /**
   * Takes bytes from `position` on, past the offset: a range fetched before the bytes ahead of
   * it, written to disk where it belongs. They count once `advance` reaches them. False when
   * they overrun the file's size.
   */
  async acceptAt(position: number, chunk: Buffer, source: FileSource): Promise<boolean> {
    if (chunk.length === 0) return true
    if (!this.received(position, chunk, source)) return false
    await this.temp.writeAhead(chunk, position)
    return true
  }

  /** The next `bytes` from the offset on came through acceptAt: clients may have them. */
  async advance(bytes: number): Promise<void> {
    // At once, before the disk: parallel ranges find the piece they wait for by it.
    this.offset += bytes
    this.newestChunk = bytes
    await this.temp.adopt(bytes)
  }

  /** Counts bytes from a source; false when they would overrun the file's size. */
  private received(position: number, chunk: Buffer, source: FileSource): boolean {
    if (this.total !== undefined && position + chunk.length > this.total) return false
    this.senders.add(source.mirror)
    const stats = this.deps.stats.bytesByMirror
    stats[source.mirror.name] = (stats[source.mirror.name] ?? 0) + chunk.length
    return true
  }

  /** Up to `length` of the bytes written, from `position` on. */
  async read(position: number, length: number): Promise<Buffer> {
    return this.temp.read(position, length)
  }

  /** The last byte is in: the file is kept if it matched its sha256, else a mismatch. */
  async complete(): Promise<FileOutcome> {
    if (!(await this.temp.commit())) return this.mismatch()
    return this.end('verified', 'downloaded')
  }

  /**
   * The bytes are wrong. The mirrors that sent them are marked bad for this file, unless
   * several sent ranges at once: then the culprit is unknown, and the retry goes one mirror at a
   * time, so that the next mismatch names it.
   */
  async mismatch(): Promise<FileOutcome> {
    if (this.parallel && this.senders.size > 1) this.deps.bad.fetchSequentially(this.file.sha256)
    else for (const mirror of this.senders) this.deps.bad.add(mirror, this.file.sha256)
    this.deps.stats.hashMismatches++
    return this.end('mismatch', 'mismatch')
  }

  /** No mirror could finish (or the copy could not be written: `reason`). */
  async fail(reason = `no mirror could serve ${this.file.filename}`): Promise<FileOutcome> {
    this.deps.stats.failures++
    this.failure = reason
    return this.end('failed', 'failed')
  }

  /** Every client has gone. */
  async abandon(): Promise<FileOutcome> {
    return this.end('abandoned', 'client-gone')
  }

  /** Closes the temp file, once no client reads it any more. */
  async close(): Promise<void> {
    await this.temp.close()
  }

  private async end(state: TransferState, outcome: FileOutcome): Promise<FileOutcome> {
    if (state !== 'verified') await this.temp.discard()
    this.state = state
    this.changes.notify()
    return outcome
  }
}
