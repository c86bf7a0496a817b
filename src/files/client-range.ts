// Pure rules for what a client asked of a file: its Range and If-Range headers (RFC 9110), and
// the status and headers of the answer. uv reads a wheel's metadata with ranges where an index
// lists no `.metadata`; Poetry's lazy wheel asks for the last N bytes (`bytes=-N`).

/** A single range a client asked for: from `first` (to `last`, inclusive, when given), or the last `suffix` bytes. */
export type RangeRequest = { first: number; last?: number } | { suffix: number }

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/

/** A file's ETag: its sha256 names its bytes for good. */
export function fileEtag(sha256: string): string {
  return `"${sha256}"`
}

/**
 * The range a request asks for, or undefined for the whole file: without a Range header, for
 * several ranges or a malformed one (RFC 9110 lets a server ignore those), and when If-Range
 * names another version than `etag` (a date cannot be checked against a name: whole too).
 */
export function requestedRange(
  range: string | undefined,
  ifRange: string | undefined,
  etag: string
): RangeRequest | undefined {
  if (range === undefined || (ifRange !== undefined && ifRange.trim() !== etag)) return undefined
  const match = SINGLE_RANGE.exec(range.trim())
  if (!match) return undefined
  const [, first = '', last = ''] = match
  if (first === '') return last === '' ? undefined : { suffix: Number(last) }
  if (last === '') return { first: Number(first) }
  return Number(last) < Number(first) ? undefined : { first: Number(first), last: Number(last) }
}

/** The bytes to send, `start` to `end` inclusive, or none: the range lies past the file's end. */
export type RangeAnswer = { start: number; end: number } | 'unsatisfiable'

export function rangeAnswer(request: RangeRequest, size: number): RangeAnswer {
  if ('suffix' in request) {
    return request.suffix === 0 || size === 0
      ? 'unsatisfiable'
      : { start: Math.max(0, size - request.suffix), end: size - 1 }
  }
  if (request.first >= size) return 'unsatisfiable'
  return { start: request.first, end: Math.min(request.last ?? size - 1, size - 1) }
}

/** The status and headers of an answer for a file, and which bytes of it to send. */
export interface FileHead {
  status: 200 | 206 | 416
  headers: Record<string, string | number>
  /** For a 206: the bytes to send, inclusive. */
  range?: { start: number; end: number }
}

/**
 * The answer's head for a file of `size` bytes (unknown: a 200 without Content-Length), whole or
 * for the range asked for. The URL names the bytes by their sha256, as PyPI's do: clients may
 * keep them for good.
 */
export function fileHead(
  sha256: string,
  size: number | undefined,
  request: RangeRequest | undefined
): FileHead {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/octet-stream',
    'Cache-Control': 'max-age=365000000, immutable',
    ETag: fileEtag(sha256),
    'Accept-Ranges': 'bytes'
  }
  if (size === undefined) return { status: 200, headers }
  if (!request) return { status: 200, headers: { ...headers, 'Content-Length': size } }
  const answer = rangeAnswer(request, size)
  if (answer === 'unsatisfiable') {
    // Not the file's bytes: nothing a client should keep.
    const refusal = { 'Cache-Control': 'no-store', 'Content-Range': `bytes */${size}` }
    return { status: 416, headers: { ...headers, ...refusal, 'Content-Length': 0 } }
  }
  return {
    status: 206,
    headers: {
      ...headers,
      'Content-Range': `bytes ${answer.start}-${answer.end}/${size}`,
      'Content-Length': answer.end - answer.start + 1
    },
    range: answer
  }
}
