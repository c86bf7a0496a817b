// Which headers a proxy passes on (RFC 9110 section 7.6.1): every end-to-end one, as it came.

/** Headers that concern one connection only, never passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  // The proxy answers `100 Continue` itself.
  'expect'
])

export type Headers = Record<string, string | string[] | undefined>

/** `headers` without the hop-by-hop ones, and without those the Connection header names. */
export function endToEndHeaders(headers: Headers): Record<string, string | string[]> {
  const connection = headers.connection
  const named = new Set(
    (Array.isArray(connection) ? connection : [connection ?? ''])
      .flatMap(value => value.split(','))
      .map(name => name.trim().toLowerCase())
      .filter(name => name !== '')
  )
  const kept: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase()
    if (value !== undefined && !HOP_BY_HOP.has(lower) && !named.has(lower)) kept[lower] = value
  }
  return kept
}
