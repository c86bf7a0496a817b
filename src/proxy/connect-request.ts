// What a CONNECT to the router asks for, decided from its head and its sender: every byte of it
// comes from a client that may be hostile (another local user on a self-hosted runner), so only a
// client that sends the job's secret, or one the system shows to be of the job's own user, gets
// a tunnel, and only PyPI's own hosts are answered by the router itself.
import { timingSafeEqual } from 'node:crypto'
import { isIpv4 } from '../net/ipv4.js'

export type ConnectRoute =
  /** A host the router answers for itself, behind TLS of the job's authority. */
  | { kind: 'intercept'; host: string }
  /** Any other host: bytes passed on as they are, never decrypted. */
  | { kind: 'tunnel'; host: string; port: number }
  | { kind: 'refused'; status: 400 | 407; reason: string }

export interface ConnectHead {
  /** The request target: `host:port`. */
  url?: string
  headers: Record<string, string | string[] | undefined>
}

const HTTPS_PORT = 443

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_-]{1,63})*\.?$/
const IPV6 = /^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9._-]+)?\]$/

/**
 * Who owns a client's socket, compared with the router's own user: `unknown` where the system
 * cannot tell (macOS and Windows have no socket tables to read; a container's socket is in no
 * table of this machine).
 */
export type ClientOwner = 'same' | 'other' | 'unknown'

/** Who sent a CONNECT, as far as the router can tell. */
export interface ConnectSender {
  /** The job's secret, which a client may send as its proxy password. */
  secret: string
  owner: ClientOwner
}

/**
 * The route for a CONNECT. Other users of the machine must not borrow the job's network, nor a
 * company proxy's credentials the router passes on, nor private projects: a client is let in
 * when it sends the job's password (the one in `HTTPS_PROXY`), or, sending none, when the system
 * shows its socket to be the router's own user's. A client whose owner cannot be told must send
 * the password, wherever it connects: on macOS and Windows that is every client. A wrong password
 * is refused whoever sends it. Intercepted for `intercepted` hosts on port 443; tunnelled
 * otherwise.
 *
 * On Linux the owner stays a second way in, beside the password: it lets in no one new (a process
 * of the job's user can read the job's environment, password included), and a tool that drops the
 * credentials in `HTTPS_PROXY` keeps working there (Ruby's Net::HTTP drops them on Windows). pip,
 * uv, requests, urllib, curl, undici and @actions/http-client send them on CONNECT, as Go's
 * net/http does; .NET sends them once the 407 challenges it.
 */
export function routeConnect(
  head: ConnectHead,
  sender: ConnectSender,
  intercepted: readonly string[]
): ConnectRoute {
  const target = parseAuthority(head.url ?? '')
  if (!target) return { kind: 'refused', status: 400, reason: 'CONNECT needs a host:port target' }
  const credentials = head.headers['proxy-authorization']
  const allowed =
    credentials === undefined ? sender.owner === 'same' : hasSecret(credentials, sender.secret)
  if (!allowed) return { kind: 'refused', status: 407, reason: 'proxy credentials required' }
  const host = target.host.toLowerCase().replace(/\.$/, '')
  if (target.port === HTTPS_PORT && intercepted.includes(host)) return { kind: 'intercept', host }
  return { kind: 'tunnel', host: target.host, port: target.port }
}

/** `host:port` or `[v6]:port`, a port from 1 to 65535. */
export function parseAuthority(text: string): { host: string; port: number } | undefined {
  const colon = text.lastIndexOf(':')
  if (colon <= 0) return undefined
  const host = text.slice(0, colon)
  const portText = text.slice(colon + 1)
  if (!/^\d{1,5}$/.test(portText)) return undefined
  const port = Number(portText)
  if (port < 1 || port > 65535) return undefined
  if (IPV6.test(host)) return { host: host.slice(1, -1), port }
  if (!HOST_NAME.test(host)) return undefined
  return { host, port }
}

/** `Basic base64(user:secret)`, any user, compared in constant time. */
function hasSecret(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string' || secret === '') return false
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header)
  if (!match) return false
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const given = Buffer.from(decoded.slice(decoded.indexOf(':') + 1))
  const expected = Buffer.from(secret)
  return (
    decoded.includes(':') && given.length === expected.length && timingSafeEqual(given, expected)
  )
}

/** One end of a TCP connection. */
export interface Endpoint {
  /** IPv4, or IPv4 mapped into IPv6 (`::ffff:a.b.c.d`), as Node reports a socket's addresses. */
  address: string
  port: number
}

/**
 * The uid column of the row whose local address is `client` and whose remote one is `server`:
 * the client's own end of the connection, whose owner tells who sent it. Addresses count as
 * well as ports: a client that bound the router's port number on another loopback address
 * must not be taken for the router's own end of another connection.
 */
export function socketOwner(table: string, client: Endpoint, server: Endpoint): number | undefined {
  const local = procForms(client)
  const remote = procForms(server)
  if (local.length === 0 || remote.length === 0) return undefined
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 8) continue
    if (local.includes(fields[1]?.toUpperCase()) && remote.includes(fields[2]?.toUpperCase())) {
      const uid = Number(fields[7])
      return Number.isSafeInteger(uid) ? uid : undefined
    }
  }
  return undefined
}

/**
 * The files that tell a socket's owner: Linux's socket tables, and nothing elsewhere. On Windows
 * `/proc/net/tcp` would name `C:\proc\net\tcp` on the current drive, which any user may create.
 */
export function socketTablePaths(platform: NodeJS.Platform): readonly string[] {
  return platform === 'linux' ? ['/proc/net/tcp', '/proc/net/tcp6'] : []
}

/**
 * Who owns the client end of a connection to the router, from the socket tables as read
 * (undefined for one that could not be read) and the router's own uid (none on Windows).
 */
export function clientOwner(
  tables: readonly (string | undefined)[],
  ownUid: number | undefined,
  client: Endpoint,
  server: Endpoint
): ClientOwner {
  if (ownUid === undefined) return 'unknown'
  for (const table of tables) {
    const uid = table === undefined ? undefined : socketOwner(table, client, server)
    if (uid !== undefined) return uid === ownUid ? 'same' : 'other'
  }
  return 'unknown'
}

/**
 * `address:port` as Linux's socket tables write it: the IPv4 address as one 32-bit word in the
 * machine's order (little-endian on the machines runners use) and the port, both upper-case hex;
 * in `tcp6`, the same address mapped into IPv6. Empty for an address that is not IPv4.
 */
function procForms({ address, port }: Endpoint): string[] {
  const ipv4 = address.replace(/^::ffff:/i, '')
  if (!isIpv4(ipv4)) return []
  const word = ipv4
    .split('.')
    .map(Number)
    .reverse()
    .map(part => part.toString(16).toUpperCase().padStart(2, '0'))
    .join('')
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  return [`${word}:${hexPort}`, `0000000000000000FFFF0000${word}:${hexPort}`]
}
