// Pure rules for the router's files: store keys and layout, how a mirror answered a resume,
// which mirrors failed which file, and the counts for the job summary.
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
  if (status !== 206 || offset === 0) return undefined
  const range = parseContentRange(contentRange)
  if (!range || range.start !== offset) return undefined
  if (total !== undefined && range.total !== undefined && range.total !== total) return undefined
  return { skip: 0 }
}

/**
 * Mirrors that served bytes not matching a file's sha256. The router keeps one for its
 * lifetime, so pip's retry of that file goes to another mirror.
 */
export class BadSources {
  private readonly bad = new Set<string>()

  add(mirror: Mirror, sha256: string): void {
    this.bad.add(key(mirror, sha256))
  }

  has(mirror: Mirror, sha256: string): boolean {
    return this.bad.has(key(mirror, sha256))
  }
}

function key(mirror: Mirror, sha256: string): string {
  return `${sha256} ${mirror.url}`
}

/** What the router's file downloads did, for the job summary. */
export interface FileStats {
  /** Bytes each mirror (by name) delivered that reached a client. */
  bytesByMirror: Record<string, number>
  /** Files served from the store, without the network. */
  storeHits: number
  /** Downloads that continued from another mirror (or the same one) after a reset or stall. */
  resumed: number
  /** Downloads whose bytes did not match their sha256: the client's connection was cut. */
  hashMismatches: number
  /** Requests no mirror could complete. */
  failures: number
}

export function newFileStats(): FileStats {
  return { bytesByMirror: {}, storeHits: 0, resumed: 0, hashMismatches: 0, failures: 0 }
}
