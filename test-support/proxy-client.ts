// A client of the router as an HTTPS proxy, on raw sockets: a CONNECT, then TLS over the tunnel.
import { connect as netConnect, type Socket } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { type Dispatcher, ProxyAgent, request as undiciRequest } from 'undici'

/** Sends a CONNECT and returns the proxy's status line, its head and the socket after it. */
export function sendConnect(
  port: number,
  target: string,
  headers: Record<string, string> = {}
): Promise<{ status: string; head: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = netConnect(port, '127.0.0.1')
    let received = Buffer.alloc(0)
    const onData = (chunk: Buffer): void => {
      received = Buffer.concat([received, chunk])
      const end = received.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.off('data', onData)
      // Still flowing without a listener, it would drop what the target sends first.
      socket.pause()
      const rest = received.subarray(end + 4)
      if (rest.length > 0) socket.unshift(rest)
      const head = received.subarray(0, end).toString()
      resolve({ status: head.split('\r\n')[0], head, socket })
    }
    socket.on('data', onData)
    socket.on('error', reject)
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`)
    socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${lines.join('')}\r\n`)
  })
}

/** GET `requestPath` over TLS on `socket`, trusting `ca` only for `servername`: the raw answer. */
export function getOverTls(
  socket: Socket,
  servername: string,
  ca: string,
  requestPath: string
): Promise<string> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, servername, ca }, () => {
      secure.write(
        `GET ${requestPath} HTTP/1.1\r\nHost: ${servername}\r\nConnection: close\r\n\r\n`
      )
    })
    let text = ''
    secure.on('data', chunk => (text += chunk))
    secure.on('end', () => resolve(text))
    secure.on('error', reject)
  })
}

/** `https://pypi.org<requestPath>` through the router at `port`, trusting `ca` only. */
export async function getFromPypi(port: number, ca: string, requestPath: string): Promise<string> {
  const { status, socket } = await sendConnect(port, 'pypi.org:443')
  if (status !== 'HTTP/1.1 200 Connection Established') throw new Error(status)
  return getOverTls(socket, 'pypi.org', ca, requestPath)
}

export interface ProxiedAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/**
 * `url` through the HTTP proxy at `proxyUrl` (credentials in it are sent as proxy
 * authorization), with undici's ProxyAgent, a real client: CONNECT, then TLS trusting `ca` only.
 */
export async function requestThroughProxy(
  proxyUrl: string,
  url: string,
  options: {
    ca: string
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer
  }
): Promise<ProxiedAnswer> {
  const proxy = new URL(proxyUrl)
  const token =
    proxy.username || proxy.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
      : undefined
  proxy.username = ''
  proxy.password = ''
  const dispatcher = new ProxyAgent({
    uri: proxy.toString(),
    requestTls: { ca: options.ca },
    ...(token ? { token } : {})
  })
  try {
    const answer = await undiciRequest(url, {
      dispatcher,
      method: (options.method ?? 'GET') as Dispatcher.HttpMethod,
      headers: options.headers,
      body: options.body
    })
    return {
      status: answer.statusCode,
      headers: answer.headers,
      body: Buffer.from(await answer.body.arrayBuffer())
    }
  } finally {
    await dispatcher.close()
  }
}
