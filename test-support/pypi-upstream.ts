// A stand-in for PyPI's hosts, reached the way the router passes requests through: an HTTP
// CONNECT proxy on loopback (the job's HTTPS_PROXY) that tunnels pypi.org and
// files.pythonhosted.org to a local TLS server whose certificate a test CA signed (the job's
// SSL_CERT_FILE), and refuses every other host so that no test reaches the internet through it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import http from 'node:http'
import https from 'node:https'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import { createJobAuthority, issueServerCertificate } from '../src/proxy/authority.js'
import { normalizeName } from './wheel.js'

/** The hosts the stand-in answers for. */
export const PYPI_HOSTS = ['pypi.org', 'files.pythonhosted.org']

/** A request the stand-in's TLS server received, its body read whole. */
export interface UpstreamRequest {
  /** From the TLS server name, else the Host header (without a port). */
  host: string
  method: string
  /** The request target as sent: path and query. */
  path: string
  headers: http.IncomingHttpHeaders
  body: Buffer
}

/** Answers one request; `request` is already in `requests`. */
export type UpstreamHandler = (request: UpstreamRequest, res: http.ServerResponse) => void

export interface PypiUpstreamOptions {
  /** The handler to start with instead of the default one. */
  handler?: UpstreamHandler
  /**
   * Sites other than PyPI's that the stand-in answers for too (its certificate names them, its
   * proxy tunnels them): HTTPS that the router must pass through untouched.
   */
  otherHosts?: string[]
}

export interface PypiUpstream {
  /** `http://127.0.0.1:PORT`: the CONNECT proxy. */
  proxyUrl: string
  /** The test CA that signed the stand-in's certificate, PEM. */
  caPem: string
  /** A file holding caPem, removed by close(). */
  caFile: string
  /** What a job's environment adds so that the router passes requests through to the stand-in. */
  env: Record<string, string>
  /** Every CONNECT target the proxy got, allowed or not, e.g. `pypi.org:443`. */
  connects: string[]
  /** Every request the TLS server got, in order. */
  requests: UpstreamRequest[]
  /** Answer the next requests with `handler`. */
  respond(handler: UpstreamHandler): void
  /** Serve `document` at `/pypi/<project>/<version>/json`, or `/pypi/<project>/json` without a version. */
  setJson(project: string, version: string | undefined, document: unknown): void
  /** Stop both servers and destroy every open connection. */
  close(): Promise<void>
}

/** `length` bytes of the pattern that `x-echo-bytes` answers: byte i is `i % 251`. */
export function echoPattern(length: number): Buffer {
  return Buffer.from(Array.from({ length }, (_, i) => i % 251))
}

// A whole number of periods, so that every chunk of a streamed body starts the pattern afresh.
const PATTERN_CHUNK = echoPattern(251 * 256)

export async function startPypiUpstream(options: PypiUpstreamOptions = {}): Promise<PypiUpstream> {
  const hosts = [...PYPI_HOSTS, ...(options.otherHosts ?? [])]
  const authority = createJobAuthority(hosts, 24 * 60 * 60 * 1000)
  const { certPem, keyPem } = issueServerCertificate(authority, hosts)
  const dir = await mkdtemp(join(tmpdir(), 'pypi-upstream-'))
  const caFile = join(dir, 'ca.pem')
  await writeFile(caFile, authority.certPem)

  const connects: string[] = []
  const requests: UpstreamRequest[] = []
  const documents = new Map<string, unknown>()
  const sockets = new Set<Socket>()
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }

  const defaultHandler: UpstreamHandler = (request, res) => {
    const match = /^\/pypi\/([^/?]+)\/(?:([^/?]+)\/)?json(?:\?|$)/.exec(request.path)
    const key = match && `${normalizeName(decodeURIComponent(match[1] ?? ''))}/${match[2] ?? ''}`
    if (request.method === 'GET' && key && documents.has(key)) {
      return send(res, 200, 'application/json', JSON.stringify(documents.get(key)))
    }
    const status = Number(request.headers['x-echo-status'] ?? 200)
    const bytes = request.headers['x-echo-bytes']
    if (bytes !== undefined) return streamPattern(res, status, Number(bytes))
    const { host, method, path, headers, body } = request
    const echo = { host, method, path, headers, bodyBase64: body.toString('base64') }
    send(res, status, 'application/json', JSON.stringify(echo))
  }
  let handler = options.handler ?? defaultHandler

  const server = https.createServer({ key: keyPem, cert: certPem }, (req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const request: UpstreamRequest = {
        host: (req.socket as TLSSocket).servername || (req.headers.host ?? '').replace(/:\d+$/, ''),
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks)
      }
      requests.push(request)
      handler(request, res)
    })
  })
  server.on('connection', track)
  // Clients that reject the certificate (as some tests intend) end their handshakes this way.
  server.on('tlsClientError', () => {})

  const proxy = http.createServer((_req, res) => {
    res.writeHead(405, { Allow: 'CONNECT', 'Content-Length': 0 })
    res.end()
  })
  proxy.on('connection', track)
  proxy.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? ''
    connects.push(target)
    const [host, port] = target.toLowerCase().split(':')
    if (port !== '443' || !hosts.includes(host ?? '')) {
      client.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
      return
    }
    const { port: tlsPort } = server.address() as AddressInfo
    const tunnel = connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      tunnel.write(head)
      client.pipe(tunnel).pipe(client)
    })
    track(tunnel)
    // Either end failing ends the tunnel: nothing is left half open.
    tunnel.on('error', () => client.destroy())
    client.on('error', () => tunnel.destroy())
    tunnel.on('close', () => client.destroy())
    client.on('close', () => tunnel.destroy())
  })

  await Promise.all([listen(server), listen(proxy)])
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`

  return {
    proxyUrl,
    caPem: authority.certPem,
    caFile,
    env: {
      HTTPS_PROXY: proxyUrl,
      https_proxy: proxyUrl,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      SSL_CERT_FILE: caFile
    },
    connects,
    requests,
    respond: next => {
      handler = next
    },
    setJson: (project, version, document) => {
      documents.set(`${normalizeName(project)}/${version ?? ''}`, document)
    },
    close: async () => {
      const closed = Promise.all(
        [server, proxy].map(each => new Promise(resolve => each.close(resolve)))
      )
      for (const socket of sockets) socket.destroy()
      await closed
      await rm(dir, { recursive: true, force: true })
    }
  }
}

function listen(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'X-Stand-In': 'pypi'
  })
  res.end(body)
}

/** `length` bytes of echoPattern, produced as the connection takes them. */
function streamPattern(res: http.ServerResponse, status: number, length: number): void {
  res.writeHead(status, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': length,
    'X-Stand-In': 'pypi'
  })
  let left = length
  const body = new Readable({
    read() {
      const chunk = PATTERN_CHUNK.subarray(0, Math.min(left, PATTERN_CHUNK.length))
      left -= chunk.length
      this.push(chunk.length > 0 ? chunk : null)
    }
  })
  body.pipe(res)
}
