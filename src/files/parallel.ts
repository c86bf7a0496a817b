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

// Bytes received ahead of the piece being written to disk are held in memory: at most about
// this many. Clients read the file from disk, so this waits on nothing but the mirror that
// fetches the front piece (whom the others help) and the disk.
const MAX_HELD_BYTES = 16 * 1024 * 1024

/**
 * A range of the file being fetched, by one source at a time. Its `end` is lowered when an idle
 * source takes over part of the rest.
 */
interface PieceFetch extends Piece {
  /** Where the bytes received so far end. */
  next: number
  /** Received, not yet passed on, each with its sender. */
  held: { bytes: Buffer; source: FileSource }[]
  taken: boolean
  /** The pace of the read filling it, if one is. */
  meter?: ThroughputMeter
}

/**
 * Fetches a file of known size as ranges from several sources at once, passing the bytes on to
 * the transfer strictly in order. Each source works through the pieces, lowest first, with
 * `Range: bytes=<n>-` requests (reading on into the next piece when that one is free), and an
 * idle one takes over part of the lowest piece still being fetched, the larger the slower its
 * source is (so a slow mirror holds the download up little). A source that answers anything but
 * that range, resets, stalls or fails leaves, and its piece goes back to the others with the
 * bytes it got. Returns when the whole file is passed on, when no source is left (the caller
 * goes on one mirror at a time from `transfer.offset`), or when the download stops.
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
  private heldBytes = 0
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
      held: [],
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

  /** Hands the held bytes to the transfer in file order, as they come. */
  private async passOn(): Promise<void> {
    while (!this.transfer.whole && !this.transfer.stop.aborted) {
      const next = this.front().held.shift()
      if (next) {
        this.heldBytes -= next.bytes.length
        this.changes.notify()
        await this.transfer.accept(next.bytes, next.source)
      } else if (this.working === 0) return
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
          if (this.pieces.every(other => other.next === other.end)) return
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
        piece = await this.fill(piece, read, source)
      }
    } catch {
      // A reset or a stall: this source leaves.
    } finally {
      read?.close()
      if (piece) this.giveBack(piece)
    }
  }

  /**
   * Reads `piece` to its end, which takes one trouble off its mirror; undefined then. Returns
   * another piece early when the transfer waits for one nobody fetches (or, see roomFor, for
   * this source's help), and undefined when done.
   */
  private async fill(
    piece: PieceFetch,
    read: MirrorRead,
    source: FileSource
  ): Promise<PieceFetch | undefined> {
    while (piece.next < piece.end) {
      const wanted = await this.roomFor(piece)
      if (wanted !== piece) return wanted
      const chunk = await read.next()
      if (!chunk) throw new Error('the body ended early')
      // Another source may have taken over the end of the piece meanwhile.
      const bytes = chunk.subarray(0, piece.end - piece.next)
      read.putBack(chunk.subarray(bytes.length))
      piece.held.push({ bytes, source })
      piece.next += bytes.length
      this.heldBytes += bytes.length
      this.changes.notify()
    }
    this.deps.trouble?.succeeded(source.mirror)
    return undefined
  }

  /**
   * Waits while the bytes held ahead of the transfer are at their cap. The piece to go on with:
   * `piece`, or the one the transfer waits for when nobody fetches it (or, when the cap stops this
   * source, part of what is left of it), or undefined when done.
   */
  private async roomFor(piece: PieceFetch): Promise<PieceFetch | undefined> {
    for (;;) {
      if (this.done) return undefined
      const front = this.front()
      if (front !== piece && !front.taken) return this.swap(piece, front)
      // The front piece's own source only waits for the disk to take what it sent.
      const capped = this.heldBytes >= MAX_HELD_BYTES && (front !== piece || piece.held.length > 0)
      if (!capped) return piece
      // The transfer waits for the front piece's source, not the other way round: help it.
      const part = front.held.length === 0 ? this.splitOff(front, piece.meter) : undefined
      if (part) return this.swap(piece, part)
      await this.changes.next()
    }
  }

  /**
   * The lowest free piece, or else part of the lowest one being fetched, for a source at the
   * pace `helper` measured.
   */
  private claim(helper: ThroughputMeter | undefined): PieceFetch | undefined {
    if (this.done) return undefined
    let piece = this.pieces.find(other => !other.taken && other.next < other.end)
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
    const part: PieceFetch = { start: at, end: piece.end, next: at, held: [], taken: false }
    piece.end = at
    this.pieces.splice(this.pieces.indexOf(piece) + 1, 0, part)
    return part
  }

  private swap(mine: PieceFetch, other: PieceFetch): PieceFetch {
    this.giveBack(mine)
    other.taken = true
    return other
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
