import { Changes } from './changes.js'
import {
  answersRange,
  type Piece,
  rangePieces,
  splitPoint,
  type ThroughputMeter
} from './file-rules.js'
import type { FileDeps, FileSource } from './file-types.js'
import { MirrorRead } from './mirror-read.js'
import type { Transfer } from './transfer.js'

// A source this many times slower than another gives the piece clients wait for up to it.
const SLOWER_RATIO = 3

function farSlower(pace: number | undefined, than: number | undefined): boolean {
  return pace !== undefined && than !== undefined && pace * SLOWER_RATIO < than
}

// Bytes on disk past the offset count for clients this much at a time, so a client streaming
// the file sees it grow while a large piece comes in.
const ADVANCE_STEP_BYTES = 4 * 1024 * 1024

/**
 * A range of the file being fetched, by one source at a time. Its `end` is lowered when an idle
 * source takes over part of the rest.
 */
interface PieceFetch extends Piece {
  /** Where the bytes received so far (on disk, or on their way there) end. */
  next: number
  taken: boolean
  /** The pace of the read filling it, if one is. */
  meter?: ThroughputMeter
}

/**
 * Fetches a file of known size as ranges from several sources at once. Each source works
 * through the pieces, lowest first, with `Range: bytes=<n>-` requests (reading on into the next
 * piece when that one is free), and writes what it gets to the store's temp file where it
 * belongs, so no source ever waits for another and memory holds no piece. An idle source takes
 * over part of the lowest piece still being fetched, the larger the slower its source is (so a
 * slow mirror holds the download up little), and of the piece clients wait for first when a far
 * slower source holds it. Clients get the bytes in file order as the pieces before them fill. A
 * source that answers anything but that range, resets, stalls or fails leaves, and its piece goes
 * back to the others with the bytes it got. Returns when the whole file is in, when no source is
 * left (the caller goes on one mirror at a time from `transfer.offset`), or when the download
 * stops.
 */
export async function fetchInParallel(
  transfer: Transfer,
  sources: FileSource[],
  deps: FileDeps
): Promise<void> {
  transfer.parallel = true
  await new ParallelFetch(transfer, deps).run(sources)
}

class ParallelFetch {
  private readonly pieces: PieceFetch[]
  private working = 0
  private done = false
  /** Ends the reads still going when done, or when the download stops. */
  private readonly stop = new AbortController()
  private readonly changes = new Changes()

  constructor(
    private readonly transfer: Transfer,
    private readonly deps: FileDeps
  ) {
    this.pieces = rangePieces(transfer.total ?? 0).map(piece => ({
      ...piece,
      next: piece.start,
      taken: false
    }))
  }

  async run(sources: FileSource[]): Promise<void> {
    const onGone = (): void => {
      this.stop.abort()
      this.changes.notify()
    }
    this.transfer.stop.addEventListener('abort', onGone)
    this.working = sources.length
    const workers = sources.map(source =>
      this.work(source).finally(() => {
        this.working--
        this.changes.notify()
      })
    )
    try {
      await this.passOn()
    } finally {
      this.done = true
      this.stop.abort()
      this.changes.notify()
      await Promise.all(workers)
      this.transfer.stop.removeEventListener('abort', onGone)
    }
  }

  /** Lets clients have the bytes in file order, as the pieces before them fill. */
  private async passOn(): Promise<void> {
    while (!this.transfer.whole && !this.transfer.stop.aborted) {
      const front = this.front()
      const ready = Math.min(front.next, front.end) - this.transfer.offset
      if (ready > 0) await this.transfer.advance(Math.min(ready, ADVANCE_STEP_BYTES))
      else if (this.working === 0) return
      else await this.changes.next()
    }
  }

  /**
   * One source's share: pieces until all are in, or until the source fails. Between pieces it
   * waits for one to free up, so that it can take over from a source that fails.
   */
  private async work(source: FileSource): Promise<void> {
    let piece: PieceFetch | undefined
    let read: MirrorRead | undefined
    // This source's pace, from its last read: how much of another's piece it should take.
    let pace: ThroughputMeter | undefined
    try {
      while (!this.done) {
        piece ??= this.claim(pace)
        if (!piece) {
          read?.close()
          read = undefined
          if (this.pieces.every(other => other.next >= other.end)) return
          await this.changes.next()
          continue
        }
        if (read?.position !== piece.next) {
          read?.close()
          read = await MirrorRead.open(
            source,
            piece.next,
            this.deps,
            this.stop.signal,
            this.transfer.priority
          )
          if (!read) return
          pace = read.meter
          const range = read.header('content-range')
          if (!answersRange(read.status, range, piece.next, this.transfer.total)) return
          this.transfer.start()
        }
        piece.meter = read.meter
        await this.fill(piece, read, source)
        this.giveBack(piece)
        piece = undefined
      }
    } catch {
      // A reset, a stall, a write that failed: this source leaves.
    } finally {
      read?.close()
      if (piece) this.giveBack(piece)
    }
  }

  /**
   * Reads `piece` to its end (which may come closer meanwhile), which takes one trouble off its
   * mirror.
   */
  private async fill(piece: PieceFetch, read: MirrorRead, source: FileSource): Promise<void> {
    while (piece.next < piece.end && !this.done) {
      const chunk = await read.next()
      if (!chunk) throw new Error('the body ended early')
      // Another source may have taken over the end of the piece meanwhile.
      const bytes = chunk.subarray(0, piece.end - piece.next)
      read.putBack(chunk.subarray(bytes.length))
      // The write is queued at once: the piece's end moves on before waiting for the disk, so
      // a source taking over part of it never starts inside these bytes.
      const accepted = this.transfer.acceptAt(piece.next, bytes, source)
      piece.next += bytes.length
      this.changes.notify()
      if (!(await accepted)) throw new Error('the range overruns the file')
    }
    if (piece.next >= piece.end) this.deps.trouble?.succeeded(source.mirror)
  }

  /**
   * The lowest free piece, or else part of the lowest one being fetched, for a source at the
   * pace `helper` measured.
   */
  private claim(helper: ThroughputMeter | undefined): PieceFetch | undefined {
    if (this.done) return undefined
    // Clients get nothing past the piece they wait for: where a source far slower than this
    // one holds it, this one takes over most of what is left of it first.
    const front = this.front()
    let piece =
      front.taken && farSlower(front.meter?.pace(), helper?.pace())
        ? this.splitOff(front, helper)
        : undefined
    piece ??= this.pieces.find(other => !other.taken && other.next < other.end)
    for (const other of this.pieces) piece ??= this.splitOff(other, helper)
    if (piece) piece.taken = true
    return piece
  }

  /**
   * Gives the part of what is left of `piece` that a helper at `helper`'s pace should take (see
   * splitPoint) a piece of its own, free; undefined when there is no such part.
   */
  private splitOff(piece: PieceFetch, helper: ThroughputMeter | undefined): PieceFetch | undefined {
    const at = splitPoint(piece.next, piece.end, piece.meter?.pace(), helper?.pace())
    if (at === undefined) return undefined
    const part: PieceFetch = { start: at, end: piece.end, next: at, taken: false }
    piece.end = at
    this.pieces.splice(this.pieces.indexOf(piece) + 1, 0, part)
    return part
  }

  private giveBack(piece: PieceFetch): void {
    piece.taken = false
    piece.meter = undefined
    this.changes.notify()
  }

  /** The piece the transfer waits for: the one holding the transfer's offset. */
  private front(): PieceFetch {
    const offset = this.transfer.offset
    return this.pieces.find(piece => piece.end > offset) ?? this.pieces[this.pieces.length - 1]!
  }
}
