import { request as httpRequest } from 'node:http'
import { connect, type Socket } from 'node:net'
import { type Environment, proxyRouteFor } from '../net/proxy-env.js'

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
): Promise<Socket> {
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
  const route = proxyRouteFor(new URL(`https://${authority}/`), env)
  return route ? throughProxy(route.proxy, authority, timeoutMs) : direct(host, port, timeoutMs)
}

function direct(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port })
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`))
    )
    socket.once('error', reject)
    socket.once('connect', () => {
      socket.setTimeout(0)
      socket.off('error', reject)
      resolve(socket)
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
