import { LOOPBACK } from '../mirrors/mirror.js'
import { inNetwork, isIpv4, isIpv4Cidr } from './ipv4.js'

/**
 * Which proxy pip would use for a URL, decided exactly as pip decides it: pip's `--proxy`
 * (`PIP_PROXY`) for every URL, else requests' environment rules (`HTTP_PROXY`, `HTTPS_PROXY`,
 * `ALL_PROXY`, `NO_PROXY`, lower case winning) built on urllib's. The probe must take the
 * route pip will take, or it judges a mirror pip cannot reach (or the reverse).
 */
export type Environment = Record<string, string | undefined>

export interface ProxyRoute {
  /** The proxy's URL as configured, credentials included. */
  proxy: URL
  /** `forward` sends a plain proxied GET (http targets); `tunnel` uses CONNECT (https). */
  mode: 'forward' | 'tunnel'
}

export function proxyRouteFor(target: URL, env: Environment): ProxyRoute | undefined {
  const proxy = proxyUrlFor(target, env)
  if (!proxy) return undefined
  return { proxy, mode: target.protocol === 'https:' ? 'tunnel' : 'forward' }
}

function proxyUrlFor(target: URL, env: Environment): URL | undefined {
  // pip sets `--proxy` on the session for both schemes, and requests applies session proxies
  // before looking at NO_PROXY: a `PIP_PROXY` is used for every host.
  const pipProxy = env.PIP_PROXY
  if (pipProxy) return parseProxyUrl(pipProxy)

  if (bypassesProxy(target, env)) return undefined
  const proxies = environmentProxies(env)
  const scheme = target.protocol.replace(/:$/, '')
  // requests' select_proxy: scheme://host, scheme, all://host, all.
  const chosen =
    proxies[`${scheme}://${target.hostname}`] ??
    proxies[scheme] ??
    proxies[`all://${target.hostname}`] ??
    proxies.all
  return chosen ? parseProxyUrl(chosen) : undefined
}

/**
 * urllib's `getproxies_environment`: every `*_proxy` variable, any case; a lower-case name
 * wins over the upper-case one, and an empty lower-case value removes the entry. Under CGI
 * (`REQUEST_METHOD` set) the upper-case `HTTP_PROXY` is ignored (CVE-2016-1000110).
 */
export function environmentProxies(env: Environment): Record<string, string> {
  const proxies: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    const lower = name.toLowerCase()
    if (value && lower.endsWith('_proxy')) proxies[lower.slice(0, -6)] = value
  }
  if ('REQUEST_METHOD' in env) delete proxies.http
  for (const [name, value] of Object.entries(env)) {
    if (!name.endsWith('_proxy')) continue
    const key = name.toLowerCase().slice(0, -6)
    if (value) proxies[key] = value
    else delete proxies[key]
  }
  return proxies
}

/**
 * requests' `should_bypass_proxies` followed by urllib's `proxy_bypass_environment`, as pip
 * runs them. requests compares host names as plain string suffixes (`example.com` also
 * covers `badexample.com`) and IPv4 addresses against CIDR blocks; urllib adds `*`, a
 * leading dot and whole-label suffixes.
 */
export function bypassesProxy(target: URL, env: Environment): boolean {
  const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase()
  // requests reads `no_proxy || NO_PROXY`; urllib reads its own merged table below.
  const entries = (env.no_proxy || env.NO_PROXY || '')
    .replace(/ /g, '')
    .split(',')
    .filter(entry => entry !== '')
  if (isIpv4(hostname)) {
    for (const entry of entries) {
      if (isIpv4Cidr(entry) ? inNetwork(hostname, entry) : hostname === entry) return true
    }
  } else {
    const hostWithPort = target.port ? `${hostname}:${target.port}` : hostname
    if (entries.some(entry => hostname.endsWith(entry) || hostWithPort.endsWith(entry))) return true
  }
  return urllibBypass(hostname, environmentProxies(env).no)
}

function urllibBypass(host: string, noProxy: string | undefined): boolean {
  if (noProxy === undefined) return false
  if (noProxy === '*') return true
  const hostOnly = splitPort(host)
  for (const raw of noProxy.split(',')) {
    const name = raw.trim().replace(/^\.+/, '').toLowerCase()
    if (name === '') continue
    if (hostOnly === name || host === name) return true
    if (hostOnly.endsWith(`.${name}`) || host.endsWith(`.${name}`)) return true
  }
  return false
}

/** urllib's `_splitport`: `host:123` gives `host`; anything else is the host as it is. */
function splitPort(host: string): string {
  const match = /^(.*):([0-9]*)$/s.exec(host)
  return match ? match[1] : host
}

function parseProxyUrl(value: string): URL | undefined {
  // requests prepends http:// to a proxy given without a scheme (`proxy.corp:3128`).
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}

/** `host:port` of a proxy, for messages: never its credentials. */
export function proxyLabel(proxy: URL): string {
  return proxy.port ? `${proxy.hostname}:${proxy.port}` : proxy.hostname
}

/** The credentials in every proxy setting pip reads, to be masked wherever output is shown. */
export function proxySecrets(env: Environment): string[] {
  const proxies = Object.entries(environmentProxies(env))
    .filter(([scheme]) => scheme !== 'no')
    .map(([, value]) => value)
  const secrets = [env.PIP_PROXY, ...proxies].flatMap(value => {
    const proxy = value ? parseProxyUrl(value) : undefined
    const secret = proxy && (proxy.password || proxy.username)
    return secret ? [secret, decodeURIComponent(secret)] : []
  })
  return [...new Set(secrets)]
}

/**
 * What pip and uv need to reach a server on 127.0.0.1 (the router) where a proxy is set:
 * neither bypasses loopback on its own, so 127.0.0.1 joins `no_proxy` and `NO_PROXY` (both
 * spellings, keeping the entries pip reads today); and `PIP_PROXY` is emptied, since pip sends
 * every request to its `--proxy` whatever `NO_PROXY` says. The router itself takes the proxy
 * route to the mirrors.
 */
export function loopbackProxyBypass(env: Environment): Record<string, string> {
  const result: Record<string, string> = {}
  if (env.PIP_PROXY) result.PIP_PROXY = ''
  // urllib's table also holds `no_proxy` and `PIP_PROXY` (as schemes `no` and `pip`).
  const proxied = Object.keys(environmentProxies(env)).some(
    scheme => scheme !== 'no' && scheme !== 'pip'
  )
  if (!proxied) return result
  const current = env.no_proxy || env.NO_PROXY || ''
  const entries = current.split(',').map(entry => entry.trim())
  if (entries.includes(LOOPBACK) || entries.includes('*')) return result
  const joined = current.trim() === '' ? LOOPBACK : `${current},${LOOPBACK}`
  return { ...result, no_proxy: joined, NO_PROXY: joined }
}

/** Whether `hostname` is the loopback address the router listens on. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === LOOPBACK
}
