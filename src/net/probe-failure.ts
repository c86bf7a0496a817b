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

/**
 * Names why a request failed, from the error Node or undici raised. Through a proxy, the
 * local end of every connection is the proxy, so refusals, lookups and silences are the
 * proxy's and the reason says so.
 */
export function failureFromError(error: unknown, timeoutMs: number, proxy?: string): ProbeFailure {
  const chain = errorChain(error)
  const codes = chain.map(link => link.code ?? '')
  const has = (set: Set<string>): boolean => codes.some(code => set.has(code))
  const proxyName = proxy ? `proxy ${proxy}` : 'the proxy'

  const tunnel = chain
    .map(link => PROXY_TUNNEL_STATUS.exec(link.message ?? ''))
    .find(match => match !== null)
  if (tunnel) {
    const status = Number(tunnel[1])
    return {
      kind: 'http',
      status,
      message: `${proxyName} answered ${status} to CONNECT${explainProxyStatus(status)}`
    }
  }
  if (chain.some(link => PROXY_AUTH_REQUIRED.test(link.message ?? ''))) {
    return {
      kind: 'http',
      status: 407,
      message: `${proxyName} answered 407${explainProxyStatus(407)}`
    }
  }
  if (
    chain.some(link => link.name === 'TimeoutError' || link.name === 'AbortError') ||
    has(TIMEOUT_CODES)
  ) {
    return {
      kind: 'timeout',
      message: proxy
        ? `no answer from the proxy ${proxy} within ${timeoutMs} ms`
        : `no answer within ${timeoutMs} ms`
    }
  }
  if (codes.includes('ECONNREFUSED')) {
    return {
      kind: 'refused',
      message: proxy ? `proxy ${proxy} refused the connection` : 'connection refused'
    }
  }
  if (has(DNS_CODES)) {
    const code = codes.find(c => DNS_CODES.has(c))
    return {
      kind: 'dns',
      message: proxy ? `proxy host name not resolved (${code})` : `host name not resolved (${code})`
    }
  }
  const tls = chain.find(link => isTlsCode(link.code ?? ''))
  if (tls) return { kind: 'tls', message: `TLS error: ${tls.message ?? tls.code} (${tls.code})` }
  if (has(RESET_CODES)) {
    return {
      kind: 'reset',
      message: proxy
        ? `connection reset or closed (through proxy ${proxy})`
        : 'connection reset or closed by the server'
    }
  }
  const innermost = chain[chain.length - 1]
  return { kind: 'network', message: innermost?.message || String(error) }
}

/** undici's words for a CONNECT that the proxy refused, and for a 407 to a proxied GET. */
const PROXY_TUNNEL_STATUS = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/
const PROXY_AUTH_REQUIRED = /Proxy Authentication Required \(407\)/

function explainProxyStatus(status: number): string {
  if (status === 407)
    return ' (proxy authentication required: check the credentials in the proxy URL)'
  if (status === 403) return ' (the proxy does not allow this destination)'
  return ''
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

/** A failed status; through a proxy it may be the proxy's own answer, so the proxy is named. */
export function httpFailure(response: { status: number; proxy?: string }, what = ''): ProbeFailure {
  const { status, proxy } = response
  const through = proxy ? ` (through proxy ${proxy})` : ''
  return { kind: 'http', status, message: `HTTP ${status}${what ? ` ${what}` : ''}${through}` }
}

export function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value[0] : (value ?? '')
}
