export type ProbeFailureKind =
  'timeout' | 'refused' | 'dns' | 'tls' | 'reset' | 'http' | 'content' | 'network'

export interface ProbeFailure {
  kind: ProbeFailureKind
  message: string
  /** The HTTP status, for `http` failures. */
  status?: number
}

/** Whether another sample may go differently: a reset or a 5xx can be a passing fault. */
export function isPassingFailure(failure: ProbeFailure): boolean {
  return failure.kind === 'reset' || (failure.kind === 'http' && (failure.status ?? 0) >= 500)
}

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT'
])
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME'])
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED'])

interface ErrorLike {
  name?: string
  code?: string
  message?: string
  cause?: unknown
}

/** Names why a probe request failed, from the error Node or undici raised. */
export function failureFromError(error: unknown, timeoutMs: number): ProbeFailure {
  const chain = errorChain(error)
  const codes = chain.map(link => link.code ?? '')
  const has = (set: Set<string>): boolean => codes.some(code => set.has(code))

  if (
    chain.some(link => link.name === 'TimeoutError' || link.name === 'AbortError') ||
    has(TIMEOUT_CODES)
  ) {
    return { kind: 'timeout', message: `no answer within ${timeoutMs} ms` }
  }
  if (codes.includes('ECONNREFUSED')) return { kind: 'refused', message: 'connection refused' }
  if (has(DNS_CODES))
    return { kind: 'dns', message: `host name not resolved (${codes.find(c => DNS_CODES.has(c))})` }
  const tls = chain.find(link => isTlsCode(link.code ?? ''))
  if (tls) return { kind: 'tls', message: `TLS error: ${tls.message ?? tls.code} (${tls.code})` }
  if (has(RESET_CODES))
    return { kind: 'reset', message: 'connection reset or closed by the server' }
  const innermost = chain[chain.length - 1]
  return { kind: 'network', message: innermost?.message || String(error) }
}

function errorChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = []
  for (let link = error; link && typeof link === 'object' && chain.length < 8;) {
    chain.push(link as ErrorLike)
    link = (link as ErrorLike).cause
  }
  return chain
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') ||
    code.startsWith('ERR_SSL_') ||
    code.includes('CERT') ||
    code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
    code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  )
}
