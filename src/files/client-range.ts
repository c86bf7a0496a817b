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
 * What a client may keep of a file the router serves. Most get `no-store`: the router's store
 * keeps every file, and is what the Actions cache saves; a copy in pip's HTTP cache too would
 * hold each wheel twice, on the runner's disk and in the archive, and a second install in the
 * job gets it from the store. A client that reuses a file only through its HTTP cache (uv,
 * whose cache entry points at the archive it unpacked) may keep it for good, as from PyPI:
 * told `no-store`, uv downloads and unpacks the file again on every install.
 */
export function fileCacheControl(keepsCopy: boolean): string {
  return keepsCopy ? 'max-age=365000000, immutable' : 'no-store'
}

/**
 * The answer's head for a file of `size` bytes (unknown: a 200 without Content-Length), whole or
 * for the range asked for. Whether the client may keep a copy is the caller's to say (see
 * `fileCacheControl`), but for a refusal, which is not the file's bytes.
 */
export function fileHead(
  sha256: string,
  size: number | undefined,
  request: RangeRequest | undefined
): FileHead {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/octet-stream',
    ETag: fileEtag(sha256),
    'Accept-Ranges': 'bytes'
  }
  if (size === undefined) return { status: 200, headers }
  if (!request) return { status: 200, headers: { ...headers, 'Content-Length': size } }
  const answer = rangeAnswer(request, size)
  if (answer === 'unsatisfiable') {
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
