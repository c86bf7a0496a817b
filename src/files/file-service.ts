import type { ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { errorMessage } from '../format/format.js'
import {
  fileCacheControl,
  fileEtag,
  fileHead,
  type RangeRequest,
  requestedRange
} from './client-range.js'
import type { FileDeps, FileOutcome, FileRequest } from './file-types.js'
import { refuse } from './responses.js'
import { SharedDownload } from './shared-download.js'
import { StoreCorruption, type StoredFile } from './store.js'

/** What a client asked of a file besides its name. */
export interface FileClient {
  method: 'GET' | 'HEAD'
  range?: string
  ifRange?: string
  /** A client that reuses a file only through its HTTP cache (see `fileHead`). */
  keepsCopy?: boolean
}

/** A stored file found right, and whether it had to be downloaded first. */
interface Verified {
  stored: StoredFile
  downloaded: boolean
}

/**
 * The router's distribution files: each served by sha256 from the store, or from the one
 * download of it in flight, which every client asking for it meanwhile shares (SharedDownload).
 * Every byte sent comes from content whose sha256 this process checked: a whole file streams
 * with its last chunk held back until it matched, and a range, or a wheel's metadata, is read
 * only from a file hashed whole first.
 */
export class FileService {
  private readonly inFlight = new Map<string, SharedDownload>()

  constructor(private readonly deps: FileDeps) {}

  /** Answers one request for `file`; resolves when done. */
  async serve(
    file: FileRequest,
    client: FileClient,
    response: ServerResponse
  ): Promise<FileOutcome> {
    const range = requestedRange(client.range, client.ifRange, fileEtag(file.sha256))
    // Every answer with the file's bytes or head; refusals say `no-store` themselves.
    response.setHeader('Cache-Control', fileCacheControl(client.keepsCopy === true))
    if (client.method === 'HEAD') return this.head(file, range, response)
    if (range) return this.serveRange(file, range, response)
    if (!this.inFlight.get(file.sha256)?.joinable) {
      const stored = await this.deps.store.open(file.sha256)
      if (stored) return this.serveStored(file, stored, response)
    }
    return this.downloadOf(file).follow(response)
  }

  /**
   * Calls `use` with a descriptor of the file and its size, once its bytes are in the store and
   * were found right through that same descriptor: downloaded first if need be (or joining the
   * download in flight). Undefined when no mirror could serve it; rejects when no mirror sent
   * bytes matching its sha256.
   */
  async withVerified<T>(
    file: FileRequest,
    use: (fd: number, size: number) => Promise<T>
  ): Promise<T | undefined> {
    const verified = await this.verified(file)
    if (!verified) return undefined
    try {
      return await use(verified.stored.fd, verified.stored.size)
    } finally {
      await verified.stored.close()
    }
  }

  /**
   * Fetches `file` into the store ahead of its clients, unless it is stored or on its way
   * already: as background work (DownloadPriority) until a client asks for it, when the client
   * joins this same download. Resolves with how it ended, `store` when it was stored already.
   */
  async prefetch(file: FileRequest): Promise<FileOutcome> {
    const current = this.inFlight.get(file.sha256)
    if (current?.joinable) return current.settled()
    if (await this.deps.store.has(file.sha256)) {
      await this.deps.store.markUsed(file.sha256)
      return 'store'
    }
    return this.downloadOf({ ...file, priority: { background: true } }, false).settled()
  }

  /** Whether the store holds `sha256` and no download of it is in flight. */
  async stored(sha256: string): Promise<boolean> {
    return !this.inFlight.get(sha256)?.joinable && (await this.deps.store.has(sha256))
  }

  /** Resolves once every download in flight has ended. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()].map(download => download.outcome))
  }

  /** The answer's head as a GET would have it, sent without a body and without a download. */
  private async head(
    file: FileRequest,
    range: RangeRequest | undefined,
    response: ServerResponse
  ): Promise<FileOutcome> {
    const head = fileHead(file.sha256, await this.knownSize(file), range)
    response.writeHead(head.status, head.headers)
    response.end()
    return head.status === 416 ? 'unsatisfiable' : 'head'
  }

  private async knownSize(file: FileRequest): Promise<number | undefined> {
    const size = file.size ?? this.inFlight.get(file.sha256)?.size
    if (size !== undefined) return size
    const stored = await this.deps.store.open(file.sha256)
    await stored?.close()
    return stored?.size
  }

  private async serveStored(
    file: FileRequest,
    stored: StoredFile,
    response: ServerResponse
  ): Promise<FileOutcome> {
    const head = fileHead(file.sha256, stored.size, undefined)
    response.writeHead(head.status, head.headers)
    try {
      await pipeline(stored.body(), response)
      await this.servedFromStore(file.sha256, stored.size, true)
      return 'store'
    } catch (error) {
      response.destroy()
      if (!(error instanceof StoreCorruption)) return 'client-gone'
      this.deps.stats.hashMismatches++
      return 'mismatch'
    } finally {
      await stored.close()
    }
  }

  /**
   * `bytes` of a stored file went to a client (`whole`: the file, not a range): the store's
   * bytes in the figures where an earlier job fetched it (bytes this job fetched count for the
   * mirror that sent them), and used either way.
   */
  private async servedFromStore(sha256: string, bytes: number, whole: boolean): Promise<void> {
    const { stats, store } = this.deps
    if (whole) stats.storeHits++
    if (!store.fetchedHere(sha256)) stats.storeBytes += bytes
    await store.markUsed(sha256)
  }

  /** A range is served from a file hashed whole first: after its download, if it is in flight. */
  private async serveRange(
    file: FileRequest,
    range: RangeRequest,
    response: ServerResponse
  ): Promise<FileOutcome> {
    let verified: Verified | undefined
    try {
      verified = await this.verified(file)
    } catch (error) {
      refuse(response, errorMessage(error))
      return 'mismatch'
    }
    if (!verified) {
      refuse(response, `no mirror could serve ${file.filename}`)
      return 'failed'
    }
    const { stored, downloaded } = verified
    try {
      const head = fileHead(file.sha256, stored.size, range)
      response.writeHead(head.status, head.headers)
      if (!head.range) {
        response.end()
        return 'unsatisfiable'
      }
      await pipeline(stored.range(head.range.start, head.range.end), response)
      // Bytes a download brought are the mirrors' figures already.
      if (!downloaded)
        await this.servedFromStore(file.sha256, head.range.end - head.range.start + 1, false)
      return downloaded ? 'downloaded' : 'store'
    } catch {
      response.destroy()
      return 'client-gone'
    } finally {
      await stored.close()
    }
  }

  /**
   * The file from the store, opened and found right: hashed through its descriptor (unless
   * this process already did so for this version of it, or wrote it), or else downloaded first.
   * A stored copy that does not match is removed and downloaded again.
   */
  private async verified(file: FileRequest): Promise<Verified | undefined> {
    if (!this.inFlight.get(file.sha256)?.joinable) {
      const stored = await this.deps.store.open(file.sha256)
      if (stored && (await stored.verify())) {
        await this.deps.store.markUsed(file.sha256)
        return { stored, downloaded: false }
      }
      await stored?.close()
    }
    const outcome = await this.downloadOf(file).settled()
    if (outcome === 'mismatch')
      throw new Error(`${file.filename}: no mirror sent bytes matching its sha256`)
    if (outcome !== 'downloaded') return undefined
    const stored = await this.deps.store.open(file.sha256)
    if (stored && (await stored.verify())) return { stored, downloaded: true }
    await stored?.close()
    throw new Error(`${file.filename}: its verified copy could not be kept in the store`)
  }

  /**
   * The download of `file` in flight, or a new one; a client's request makes one that was only
   * a prefetch its own.
   */
  private downloadOf(file: FileRequest, forClient = true): SharedDownload {
    const current = this.inFlight.get(file.sha256)
    if (current?.joinable) {
      if (forClient) current.promote()
      return current
    }
    const started = new SharedDownload(file, this.deps)
    this.inFlight.set(file.sha256, started)
    const forget = (): void => {
      if (this.inFlight.get(file.sha256) === started) this.inFlight.delete(file.sha256)
    }
    started.outcome.then(forget, forget)
    return started
  }
}
