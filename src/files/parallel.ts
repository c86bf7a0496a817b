import { answersRange, rangePieces, splitPoint, type ThroughputMeter } from './file-rules.js'
import type { FileDeps, FileSource } from './files.js'
import { MirrorRead } from './mirror-read.js'
import type { Transfer } from './transfer.js'

// Bytes received ahead of the client are held in memory: at most about this many, so that a
// large file does not end up there whole when the client is the slow one.
const MAX_HELD_BYTES = 64 * 1024 * 1024

/** A range of the file, fetched by one source at a time. */
interface Piece {
  start: number
  /** Exclusive; lowered when an idle source takes over part of the rest. */
  end: number
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
 * source is (so a slow mirror holds the client up little). A source that answers anything but
 * that range, resets, stalls or fails leaves, and its piece goes back to the others with the
 * bytes it got. Returns when the whole file is passed on, when no source is
 * left (the caller goes on one mirror at a time from `transfer.offset`), or when the client has
 * gone.
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
  private readonly pieces: Piece[]
  private heldBytes = 0
  private working = 0
  private done = false
  /** Ends the reads still going when done, or when the client goes. */
  private readonly stop = new AbortController()
  private waiting: (() => void)[] = []

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
      this.changed()
    }
    this.transfer.gone.addEventListener('abort', onGone)
    this.working = sources.length
    const workers = sources.map(source =>
      this.work(source).finally(() => {
        this.working--
        this.changed()
      })
    )
    try {
      await this.passOn()
    } finally {
      this.done = true
      this.stop.abort()
      this.changed()
      await Promise.all(workers)
      this.transfer.gone.removeEventListener('abort', onGone)
    }
  }

  /** Hands the held bytes to the transfer in file order, as they come. */
  private async passOn(): Promise<void> {
    while (!this.transfer.whole && !this.transfer.gone.aborted) {
      const next = this.front().held.shift()
      if (next) {
        this.heldBytes -= next.bytes.length
        this.changed()
        await this.transfer.accept(next.bytes, next.source)
      } else if (this.working === 0) return
      else await this.change()
    }
  }

  /**
   * One source's share: pieces until all are in, or until the source fails. Between pieces it
   * waits for one to free up, so that it can take over from a source that fails.
   */
  private async work(source: FileSource): Promise<void> {
    let piece: Piece | undefined
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
          await this.change()
          continue
        }
        if (read?.position !== piece.next) {
          read?.close()
          read = await MirrorRead.open(source, piece.next, this.deps, this.stop.signal)
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
   * Reads `piece` to its end, which takes one trouble off its mirror; undefined then. Returns another piece early when the client waits
   * for one nobody fetches (or, see roomFor, for this source's help), and undefined when done.
   */
  private async fill(
    piece: Piece,
    read: MirrorRead,
    source: FileSource
  ): Promise<Piece | undefined> {
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
      this.changed()
    }
    this.deps.trouble?.succeeded(source.mirror)
    return undefined
  }

  /**
   * Waits while the bytes held ahead of the client are at their cap. The piece to go on with:
   * `piece`, or the one the client waits for when nobody fetches it (or, when the cap stops this
   * source, part of what is left of it), or undefined when done.
   */
  private async roomFor(piece: Piece): Promise<Piece | undefined> {
    for (;;) {
      if (this.done) return undefined
      const front = this.front()
      if (front !== piece && !front.taken) return this.swap(piece, front)
      // The front piece's own source only waits for the client to take what it sent.
      const capped = this.heldBytes >= MAX_HELD_BYTES && (front !== piece || piece.held.length > 0)
      if (!capped) return piece
      // The client waits for the front piece's source, not the other way round: help it.
      const part = front.held.length === 0 ? this.splitOff(front, piece.meter) : undefined
      if (part) return this.swap(piece, part)
      await this.change()
    }
  }

  /**
   * The lowest free piece, or else part of the lowest one being fetched, for a source at the
   * pace `helper` measured.
   */
  private claim(helper: ThroughputMeter | undefined): Piece | undefined {
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
  private splitOff(piece: Piece, helper: ThroughputMeter | undefined): Piece | undefined {
    const at = splitPoint(piece.next, piece.end, piece.meter?.pace(), helper?.pace())
    if (at === undefined) return undefined
    const part: Piece = { start: at, end: piece.end, next: at, held: [], taken: false }
    piece.end = at
    this.pieces.splice(this.pieces.indexOf(piece) + 1, 0, part)
    return part
  }

  private swap(mine: Piece, other: Piece): Piece {
    this.giveBack(mine)
    other.taken = true
    return other
  }

  private giveBack(piece: Piece): void {
    piece.taken = false
    piece.meter = undefined
    this.changed()
  }

  /** The piece the client waits for: the one holding the transfer's offset. */
  private front(): Piece {
    const offset = this.transfer.offset
    return this.pieces.find(piece => piece.end > offset) ?? this.pieces[this.pieces.length - 1]!
  }

  private change(): Promise<void> {
    return new Promise(resolve => this.waiting.push(resolve))
  }

  private changed(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resolve of waiting) resolve()
  }
}
