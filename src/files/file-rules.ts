// Pure rules for the router's files: store keys and layout, how a mirror answered a resume or a
// range, how a large file is cut into ranges, which mirrors failed which file, how fast each
// mirror has been, when one has stalled, which ones were in trouble, and the counts for the job
// summary.
import type { Mirror } from '../mirrors/mirror.js'

const SHA256 = /^[0-9a-f]{64}$/

/** A store key: a lowercase hex sha256. Anything else (a foreign file's name) is not one. */
export function isSha256(key: string): boolean {
  return SHA256.test(key)
}

/**
 * Where a file lives inside the store, as path segments: `sha256/ab/<sha256>`. Two hex digits
 * of fan-out keep directories small; the algorithm's name leaves room for another digest.
 */
export function storeEntrySegments(sha256: string): string[] {
  if (!isSha256(sha256)) throw new Error(`not a sha256: '${sha256}'`)
  return ['sha256', sha256.slice(0, 2), sha256]
}

export interface ContentRange {
  start: number
  end: number
  /** The whole file's size, unless the server sent `*`. */
  total?: number
}

/** Parses `bytes start-end/total` (or `/*`); undefined for anything else. */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '')
  if (!match) return undefined
  const [, start = '', end = '', total = ''] = match
  const range: ContentRange = { start: Number(start), end: Number(end) }
  if (total !== '*') range.total = Number(total)
  return range.end < range.start || (range.total !== undefined && range.end >= range.total)
    ? undefined
    : range
}

/**
 * Whether a mirror's answer to `Range: bytes=<start>-` is that range of a file of `total` bytes
 * (when known): a 206 starting at `start`, for a file of that size.
 */
export function answersRange(
  status: number,
  contentRange: string | undefined,
  start: number,
  total: number | undefined
): boolean {
  if (status !== 206) return false
  const range = parseContentRange(contentRange)
  if (!range || range.start !== start) return false
  return total === undefined || range.total === undefined || range.total === total
}

/**
 * How to read a mirror's answer to a request for the bytes from `offset` on (a plain GET when
 * `offset` is 0, else `Range: bytes=<offset>-`), for a file of `total` bytes when known:
 * - `{ skip }`: read it, dropping the first `skip` bytes (a 200 from a mirror that ignores
 *   Range starts at byte 0);
 * - `undefined`: unusable (an error status, or a range that is not the one asked for).
 */
export function resumePlan(
  status: number,
  contentRange: string | undefined,
  offset: number,
  total: number | undefined
): { skip: number } | undefined {
  if (status === 200) return { skip: offset }
  return offset > 0 && answersRange(status, contentRange, offset, total) ? { skip: 0 } : undefined
}

/** Files this large, when two mirrors or more can serve them, are fetched as parallel ranges. */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024
/** The best sources only: a third mirror still adds speed, a fourth mostly adds requests. */
export const MAX_PARALLEL_SOURCES = 3
// About sixteen pieces per file, so three sources share the work evenly; each piece costs a
// request, hence the floor, and the ceiling keeps several pieces within the bytes held ahead of
// the disk writes.
const PIECES_PER_FILE = 16
const MIN_PIECE_BYTES = 2 * 1024 * 1024
const MAX_PIECE_BYTES = 16 * 1024 * 1024
// An idle source takes over part of a piece only if that part is worth its own request.
const MIN_SPLIT_BYTES = 512 * 1024

export interface Piece {
  start: number
  /** Exclusive. */
  end: number
}

/** The ranges a file of `size` bytes is fetched in, in order, covering it exactly. */
export function rangePieces(size: number): Piece[] {
  const length = Math.min(
    Math.max(Math.ceil(size / PIECES_PER_FILE), MIN_PIECE_BYTES),
    MAX_PIECE_BYTES
  )
  const pieces: Piece[] = []
  for (let start = 0; start < size; start += length) {
    pieces.push({ start, end: Math.min(start + length, size) })
  }
  return pieces
}

/**
 * Where to split what is left of a piece, `[next, end)`, that one source fetches at `ownerPace`
 * bytes/s, so that an idle one at `helperPace` takes the part after it and both finish about
 * together (halves while the helper's pace is unknown). Undefined while the owner's pace is
 * unknown (it has only just begun), or when the helper's part would be too small to be worth a
 * request.
 */
export function splitPoint(
  next: number,
  end: number,
  ownerPace: number | undefined,
  helperPace: number | undefined
): number | undefined {
  if (ownerPace === undefined) return undefined
  const ownerShare =
    helperPace === undefined || ownerPace + helperPace === 0
      ? 1 / 2
      : ownerPace / (ownerPace + helperPace)
  const at = next + Math.ceil((end - next) * ownerShare)
  return end - at >= MIN_SPLIT_BYTES ? at : undefined
}

/**
 * The sources to fetch a file from in parallel ranges, best first, or none (fetch it one mirror
 * at a time): only for a file of known size of at least PARALLEL_MIN_BYTES, not refused for
 * parallel ranges before, with at least two sources that never sent a wrong file and are not in
 * `trouble`.
 */
export function parallelSources<Source extends { mirror: Mirror }>(
  sha256: string,
  size: number | undefined,
  sources: Source[],
  bad: BadSources,
  trouble?: MirrorTrouble
): Source[] {
  if (size === undefined || size < PARALLEL_MIN_BYTES || bad.isSequentialOnly(sha256)) return []
  // Several senders make a mismatch impossible to blame on one: only trusted mirrors take part.
  // A troubled one would likely hold the download up at the piece it stalls on.
  const fit = sources.filter(
    source => !bad.everMismatched(source.mirror) && !trouble?.troubled(source.mirror)
  )
  return fit.length >= 2 ? fit.slice(0, MAX_PARALLEL_SOURCES) : []
}

/**
 * Mirrors that served bytes not matching a file's sha256, and files whose parallel download did
 * not match. The router keeps one for its lifetime, so pip's retry of that file goes to another
 * mirror, or one mirror at a time until the wrong one is found.
 */
export class BadSources {
  private readonly bad = new Set<string>()
  private readonly mismatched = new Set<string>()
  private readonly sequentialOnly = new Set<string>()

  add(mirror: Mirror, sha256: string): void {
    this.bad.add(key(mirror, sha256))
    this.mismatched.add(mirror.url)
  }

  has(mirror: Mirror, sha256: string): boolean {
    return this.bad.has(key(mirror, sha256))
  }

  /** Whether the mirror sent a wrong file, any file, in this process. */
  everMismatched(mirror: Mirror): boolean {
    return this.mismatched.has(mirror.url)
  }

  /** A parallel download of `sha256` did not match: which sender was wrong is unknown. */
  fetchSequentially(sha256: string): void {
    this.sequentialOnly.add(sha256)
  }

  isSequentialOnly(sha256: string): boolean {
    return this.sequentialOnly.has(sha256)
  }
}

function key(mirror: Mirror, sha256: string): string {
  return `${sha256} ${mirror.url}`
}

// A mirror's pace is judged only after this long reading, past the connection's slow start.
const SPEED_WARM_UP_MS = 1000
// The recent pace covers between one and two of these.
const RECENT_WINDOW_MS = 1000
/** A mirror reading at less than this share of its usual speed is left for the next one. */
export const SLOW_SHARE_OF_EXPECTED = 1 / 5
// Each new download's pace moves a mirror's observed speed this far towards it.
const SPEED_SMOOTHING = 0.5

/** How fast a mirror has sent one body, timed only while waiting for it. */
export interface ThroughputReading {
  /** Time spent waiting for the body so far. */
  elapsedMs: number
  /** Bytes of the body so far. */
  bytes: number
  bytesPerSec: number
  /** Over the last one to two RECENT_WINDOW_MS. */
  recentBytesPerSec: number
}

/**
 * Times one body as its chunks arrive. Only the waits for the mirror count: a reader that stops
 * to let the disk catch up does not make the mirror look slow.
 */
export class ThroughputMeter {
  private elapsedMs = 0
  private bytes = 0
  private windowStart = { elapsedMs: 0, bytes: 0 }
  private previousWindowStart = { elapsedMs: 0, bytes: 0 }

  /** A chunk of `bytes` arrived after waiting `waitedMs` for it. */
  add(waitedMs: number, bytes: number): void {
    this.elapsedMs += waitedMs
    this.bytes += bytes
    if (this.elapsedMs - this.windowStart.elapsedMs >= RECENT_WINDOW_MS) {
      this.previousWindowStart = this.windowStart
      this.windowStart = { elapsedMs: this.elapsedMs, bytes: this.bytes }
    }
  }

  /** The recent pace, once any wait was timed. */
  pace(): number | undefined {
    return this.elapsedMs > 0 ? this.reading().recentBytesPerSec : undefined
  }

  reading(): ThroughputReading {
    const since = this.previousWindowStart
    return {
      elapsedMs: this.elapsedMs,
      bytes: this.bytes,
      bytesPerSec: rate(this.bytes, this.elapsedMs),
      recentBytesPerSec: rate(this.bytes - since.bytes, this.elapsedMs - since.elapsedMs)
    }
  }
}

function rate(bytes: number, ms: number): number {
  return ms > 0 ? (bytes * 1000) / ms : 0
}

/**
 * Whether a mirror reads far below the speed it showed (`expectedBytesPerSec`): after the
 * warm-up, its recent pace is under SLOW_SHARE_OF_EXPECTED of it. Without an expectation it
 * never is.
 */
export function farBelowExpected(
  reading: ThroughputReading,
  expectedBytesPerSec: number | undefined
): boolean {
  if (!expectedBytesPerSec || reading.elapsedMs < SPEED_WARM_UP_MS) return false
  return reading.recentBytesPerSec < expectedBytesPerSec * SLOW_SHARE_OF_EXPECTED
}

// Until this much of a body came, its pace says too little, and only the configured limit
// counts. After it, a pause this many times as long as that many bytes take at the recent pace is
// a stall.
const STALL_PACE_BYTES = 256 * 1024
const STALL_PACE_FACTOR = 4
/** The shortest pause mid-body taken for a stall: a steady mirror's gaps stay well under it. */
export const STALL_FLOOR_MS = 500

/**
 * How long a read may wait for its next chunk before its mirror counts as stalled: `ceilingMs`
 * until STALL_PACE_BYTES came, then STALL_PACE_FACTOR times the time that many bytes take at the
 * recent pace, at least STALL_FLOOR_MS and at most `ceilingMs`. A false stall costs one Range
 * request to another mirror, a true one every second waited: the limit leans to switching.
 */
export function stallLimitMs(reading: ThroughputReading, ceilingMs: number): number {
  if (reading.bytes < STALL_PACE_BYTES) return ceilingMs
  // Nothing recent (a pace of 0) makes it infinite: the ceiling.
  const paced = (STALL_PACE_FACTOR * STALL_PACE_BYTES * 1000) / reading.recentBytesPerSec
  return Math.min(ceilingMs, Math.max(STALL_FLOOR_MS, paced))
}

/** Each mirror's download speed as this process has seen it: a smoothed bytes per second. */
export class MirrorSpeeds {
  private readonly speeds = new Map<string, number>()

  /**
   * Takes one download's pace into account. One shorter than the warm-up says too little, and
   * one without a byte (an error after a slow head) says nothing of the speed.
   */
  record(mirror: Mirror, reading: ThroughputReading): void {
    if (reading.elapsedMs < SPEED_WARM_UP_MS || reading.bytesPerSec === 0) return
    const before = this.speeds.get(mirror.url)
    const pace = reading.bytesPerSec
    this.speeds.set(
      mirror.url,
      before === undefined ? pace : before + (pace - before) * SPEED_SMOOTHING
    )
  }

  observed(mirror: Mirror): number | undefined {
    return this.speeds.get(mirror.url)
  }

  /** The fastest mirror's speed so far. */
  fastest(): number | undefined {
    return this.speeds.size === 0 ? undefined : Math.max(...this.speeds.values())
  }
}

// Repeated trouble takes as many successes to forget, up to this many.
const MAX_TROUBLE = 3

/**
 * Mirrors that broke off a file download (a stall, a reset, no answer) or were left for a slow
 * pace, as this process has seen them. Later downloads try a troubled mirror after the others,
 * and never for parallel ranges, so that its stall does not cost every file again. Each file or
 * piece it delivers takes one trouble off.
 */
export class MirrorTrouble {
  private readonly counts = new Map<string, number>()

  add(mirror: Mirror): void {
    const count = this.counts.get(mirror.url) ?? 0
    this.counts.set(mirror.url, Math.min(count + 1, MAX_TROUBLE))
  }

  succeeded(mirror: Mirror): void {
    const count = this.counts.get(mirror.url) ?? 0
    if (count > 1) this.counts.set(mirror.url, count - 1)
    else this.counts.delete(mirror.url)
  }

  troubled(mirror: Mirror): boolean {
    return this.counts.has(mirror.url)
  }

  /** `sources` with troubled mirrors after the others, each group in its given order. */
  order<Source extends { mirror: Mirror }>(sources: Source[]): Source[] {
    const troubled = sources.filter(source => this.troubled(source.mirror))
    return [...sources.filter(source => !this.troubled(source.mirror)), ...troubled]
  }
}

/** What the router's file downloads did, for the job summary. */
export interface FileStats {
  /** Bytes each mirror (by name) delivered, once per download however many clients shared it. */
  bytesByMirror: Record<string, number>
  /** Files served from the store, without the network (a second install, or an earlier job's). */
  storeHits: number
  /**
   * Bytes sent to clients from files an earlier job left in the store, whole files and ranges.
   * Bytes this job fetched count for the mirror that sent them.
   */
  storeBytes: number
  /**
   * Downloads that went on, one mirror at a time, from another mirror (or the same one) after
   * a reset, a stall or a slow pace.
   */
  resumed: number
  /** Downloads (or stored files) whose bytes did not match their sha256: clients were cut. */
  hashMismatches: number
  /** Requests no mirror could complete. */
  failures: number
  /** Downloads fetched as ranges from several mirrors at once. */
  parallel: number
  /** Downloads that left a mirror reading far below its usual speed for another one. */
  slowSwitches: number
}

export function newFileStats(): FileStats {
  return {
    bytesByMirror: {},
    storeHits: 0,
    storeBytes: 0,
    resumed: 0,
    hashMismatches: 0,
    failures: 0,
    parallel: 0,
    slowSwitches: 0
  }
}
