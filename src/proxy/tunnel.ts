import { request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { type Environment, proxyRouteFor } from '../net/proxy-env.js'

/** A connection to a tunnel's host, to be joined to the client that asked for it. */
export interface Tunnel {
  upstream: Socket
  /** Passes bytes both ways between `client` and the host, until either end closes. */
  join(client: Socket): void
}

/**
 * Bytes read from the host at a time on a direct tunnel, into buffers the tunnel reuses: four
 * times Node's 64 KiB, and no garbage per read, cut the router's CPU for a large download to a
 * third (bench/tunnel.ts), the bound of a tunnel's speed on a runner's few cores. A busy tunnel
 * holds two or three such buffers.
 */
const READ_BYTES = 256 * 1024

/**
 * A TCP connection to `host:port` for a client's CONNECT tunnel: straight there, or through the
 * proxy the job had before the router (a company proxy, with its credentials, and its
 * `NO_PROXY`), the route pip itself would take. Bytes pass through as they are.
 */
export function openTunnel(
  host: string,
  port: number,
  env: Environment,
  timeoutMs: number
): Promise<Tunnel> {
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  const route = proxyRouteFor(new URL(`https://${authority}/`), env)
  return route
    ? throughProxy(route.proxy, authority, timeoutMs).then(piped)
    : direct(host, port, timeoutMs)
}

/** Joined with `pipe` both ways. */
function piped(upstream: Socket): Tunnel {
  return {
    upstream,
    join: client => {
      upstream.pipe(client)
      client.pipe(upstream)
    }
  }
}

function direct(host: string, port: number, timeoutMs: number): Promise<Tunnel> {
  // Each read lands in a buffer of the tunnel's own, which goes to the client as it is and comes
  // back for another read once written: no copy, no garbage. Reading pauses while the client is
  // slower; bytes before the join wait for it.
  let client: Socket | undefined
  const early: Buffer[] = []
  const spare: Buffer[] = []
  const socket: Socket = connect({
    host,
    port,
    onread: {
      buffer: () => spare.pop() ?? Buffer.allocUnsafe(READ_BYTES),
      callback: (length, buffer) => {
        const bytes = (buffer as Buffer).subarray(0, length)
        if (!client) return early.push(Buffer.from(bytes)) > 0
        const reuse = (): number => spare.push(buffer as Buffer)
        if (client.write(bytes, reuse)) return true
        // False pauses reading until the client has taken what it has.
        client.once('drain', () => socket.resume())
        return false
      }
    }
  })
  return new Promise((resolve, reject) => {
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`))
    )
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.setTimeout(0)
      socket.off('error', reject)
      resolve({
        upstream: socket,
        join: joined => {
          client = joined
          for (const bytes of early.splice(0)) joined.write(bytes)
          socket.once('end', () => joined.end())
          joined.pipe(socket)
        }
      })
    })
  })
}

/** A CONNECT through the chained proxy, with Node's own HTTP client parsing its answer. */
function throughProxy(proxy: URL, authority: string, timeoutMs: number): Promise<Socket> {
  const headers: Record<string, string> = { Host: authority }
  if (proxy.username || proxy.password) {
    const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`
    headers['Proxy-Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`
  }
  return new Promise((resolve, reject) => {
    const connecting = httpRequest({
      host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path: authority,
      headers,
      timeout: timeoutMs
    })
    connecting.once('timeout', () =>
      connecting.destroy(new Error(`the proxy did not open ${authority} within ${timeoutMs} ms`))
    )
    connecting.once('error', reject)
    connecting.once('connect', (response, socket, head) => {
      if (response.statusCode !== 200) {
        socket.destroy()
        return reject(new Error(`the proxy answered ${response.statusCode} for ${authority}`))
      }
      if (head.length > 0) socket.unshift(head)
      socket.setTimeout(0)
      resolve(socket)
    })
    connecting.end()
  })
}
