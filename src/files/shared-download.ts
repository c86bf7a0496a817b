import type { ServerResponse } from 'node:http'
import { errorMessage } from '../format/format.js'
import { fileHead } from './client-range.js'
import { download } from './download.js'
import type { FileDeps, FileOutcome, FileRequest } from './file-types.js'
import { refuse, sendChunk } from './responses.js'
import { Transfer } from './transfer.js'

// What a client reads of the download's file at a time.
const READ_CHUNK = 256 * 1024

/**
 * One download of a file, shared by every client that asks for it meanwhile. It writes the
 * store's temp file, waiting for the disk but never for a client, and each client reads that
 * file back at its own pace, up to what Transfer.readable allows: so a slow client neither holds
 * the others up nor makes the router hold the file in memory. It stops when its last client has
 * gone.
 */
export class SharedDownload {
  /** How the download ended. */
  readonly outcome: Promise<FileOutcome>
  private readonly transfer: Transfer
  private readonly stop = new AbortController()
  private clients = 0

  constructor(
    private readonly file: FileRequest,
    deps: FileDeps
  ) {
    this.transfer = new Transfer(file, deps, this.stop.signal)
    // An unexpected error must not leave the clients waiting: they are cut, then fail with it.
    this.outcome = download(file, this.transfer, deps).catch(async (error: unknown) => {
      await this.transfer.fail(`${file.filename}: ${errorMessage(error)}`)
      throw error
    })
  }

  /** False once stopped: a new client needs a new download. */
  get joinable(): boolean {
    return !this.stop.signal.aborted
  }

  /** A client needs it now: its requests no longer yield to others'. */
  promote(): void {
    if (this.file.priority) this.file.priority.background = false
  }

  /** The file's size, once known. */
  get size(): number | undefined {
    return this.transfer.total
  }

  /**
   * Sends the whole file to `response` as it arrives: a 502 when it failed before its first
   * byte, a cut connection when it fails (or mismatches) after.
   */
  async follow(response: ServerResponse): Promise<FileOutcome> {
    const leave = this.join()
    try {
      return await this.send(response)
    } catch (error) {
      // Whatever it got must not pass for the whole file.
      response.destroy()
      throw error
    } finally {
      leave()
    }
  }

  /** How the download ended, keeping it going meanwhile. */
  async settled(): Promise<FileOutcome> {
    const leave = this.join()
    try {
      return await this.outcome
    } finally {
      leave()
    }
  }

  /** Counts one more client; the function returned counts it out, stopping at the last one. */
  private join(): () => void {
    this.clients++
    return () => {
      if (--this.clients > 0) return
      this.stop.abort()
      const close = (): Promise<void> => this.transfer.close()
      void this.outcome.then(close, close)
    }
  }

  private async send(response: ServerResponse): Promise<FileOutcome> {
    const transfer = this.transfer
    // A client that goes while this waits for the download is seen at once.
    response.once('close', () => transfer.changes.notify())
    const change = (): Promise<void> => transfer.changes.next()
    while (!transfer.flowing && transfer.state === 'running' && !response.destroyed) await change()
    if (response.destroyed) return 'client-gone'
    // An empty file is verified without a byte on disk.
    if (!transfer.flowing && transfer.state !== 'verified') {
      refuse(response, transfer.failure ?? `no mirror could serve ${this.file.filename}`)
      return this.outcome
    }
    const head = fileHead(this.file.sha256, transfer.total, undefined)
    response.writeHead(head.status, head.headers)
    let position = 0
    for (;;) {
      if (response.destroyed) return 'client-gone'
      const readable = transfer.readable
      if (position < readable) {
        const bytes = await transfer.read(position, Math.min(readable - position, READ_CHUNK))
        // The file shorter than what was written: nothing more can be sent.
        if (bytes.length === 0) break
        position += bytes.length
        await sendChunk(response, bytes)
      } else if (transfer.state === 'verified') {
        response.end()
        return 'downloaded'
      } else if (transfer.state === 'running') await change()
      else break
    }
    // Cut mid-body, so that the client cannot take what it got for the whole file.
    response.destroy()
    return transfer.state === 'running' ? 'failed' : this.outcome
  }
}
