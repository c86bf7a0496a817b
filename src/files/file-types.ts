// The types the files domain shares: a file request and its sources, what a download needs, and
// what serving a file did. Only types, from the modules below every other one of files/, so
// that no import cycle can run through them.
import type { Mirror } from '../mirrors/mirror.js'
import type { HttpClient } from '../net/http-client.js'
import type { BadSources, FileStats, MirrorSpeeds, MirrorTrouble } from './file-rules.js'
import type { FileStore } from './store.js'

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
  /** Set for a prefetch: its requests yield to clients' until a client asks for the file. */
  priority?: DownloadPriority
}

/** Whether a download is still only ahead of its clients; shared, so that a client can end it. */
export interface DownloadPriority {
  background: boolean
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

/**
 * What one request for a file came to: sent from the store or from a download (its own or one
 * it joined), cut off on a hash mismatch or a failure, left by its client, or answered with
 * headers alone (a HEAD, or a range past the file's end).
 */
export type FileOutcome =
  'store' | 'downloaded' | 'mismatch' | 'failed' | 'client-gone' | 'head' | 'unsatisfiable'
