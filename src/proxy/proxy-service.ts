import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls'
import type { Environment } from '../net/proxy-env.js'
import { issueServerCertificate, type KeyedCertificate } from './authority.js'
import { type ClientOwner, routeConnect } from './connect-request.js'
import { type OwnerSystem, peerOwner } from './socket-owner.js'
import { openTunnel } from './tunnel.js'

export interface ProxyOptions {
  authority: KeyedCertificate
  /** The hosts answered inside the router, behind TLS of `authority`. */
  hosts: readonly string[]
  /**
   * The job's proxy password (new each job): a client that sends one must send this one, and a
   * client that the system does not show to be of the router's own user must send it.
   */
  secret: string
  /** The environment the job had before the router: the proxy it chains to, and NO_PROXY. */
  env: Environment
  /** To connect to a tunnel's host (or to the chained proxy). */
  timeoutMs: number
  /** Hands a decrypted connection to the router's HTTP server. */
  serve: (socket: Socket) => void
  /** The system whose socket tables tell a client's owner; default: this one. */
  ownerSystem?: OwnerSystem
}

/** What the proxy did for the whole job, for the summary. */
export interface ProxyStats {
  /** TLS connections to PyPI's hosts the router answered itself. */
  intercepted: number
  /** Connections to other hosts passed through untouched. */
  tunnelled: number
  /** CONNECTs refused: without the job's credentials, or malformed. */
  refused: number
  /** Tunnels whose host (or chained proxy) could not be reached. */
  failed: number
}

const ESTABLISHED = 'HTTP/1.1 200 Connection Established\r\n\r\n'

/**
 * The router as the job's HTTPS proxy. A CONNECT to one of PyPI's hosts is answered with a
 * certificate of the job's authority and the decrypted requests go to the router's own server;
 * a CONNECT anywhere else becomes a byte-for-byte tunnel, never decrypted. Every socket's errors
 * end that socket only.
 */
export class ProxyService {
  readonly stats: ProxyStats = { intercepted: 0, tunnelled: 0, refused: 0, failed: 0 }
  private readonly intercepted = new WeakMap<object, string>()
  private readonly open = new Set<Socket>()

  private constructor(
    private readonly options: ProxyOptions,
    private readonly context: SecureContext
  ) {}

  static start(options: ProxyOptions): ProxyService {
    const certificate = issueServerCertificate(options.authority, options.hosts)
    const context = createSecureContext({ key: certificate.keyPem, cert: certificate.certPem })
    return new ProxyService(options, context)
  }

  /** The PyPI host a decrypted connection was opened for; undefined for any other socket. */
  interceptedHost(socket: object): string | undefined {
    return this.intercepted.get(socket)
  }

  /**
   * A CONNECT, to loopback or to a Docker network's address: one rule for both, since the owner
   * of a client's socket is looked up wherever it came from, and a container's is in no table
   * here.
   */
  connect(request: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    // A client that sends credentials is judged by them alone: no need to look up its owner.
    if (request.headers['proxy-authorization'] !== undefined)
      return this.route(request, socket, head, 'unknown')
    // Paused while the owner is looked up: the client may already be sending its handshake.
    socket.pause()
    const client = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 }
    const server = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 }
    void peerOwner(client, server, this.options.ownerSystem)
      .then(owner => this.route(request, socket, head, owner))
      .catch(() => socket.destroy())
  }

  private route(request: IncomingMessage, socket: Socket, head: Buffer, owner: ClientOwner): void {
    const route = routeConnect(request, { secret: this.options.secret, owner }, this.options.hosts)
    if (route.kind === 'refused') {
      this.stats.refused++
      const challenge =
        route.status === 407 ? 'Proxy-Authenticate: Basic realm="pip-mirror-action"\r\n' : ''
      socket.end(
        `HTTP/1.1 ${route.status} ${STATUS_CODES[route.status]}\r\n${challenge}` +
          'Connection: close\r\nContent-Length: 0\r\n\r\n'
      )
      return
    }
    if (route.kind === 'intercept') return this.intercept(route.host, socket, head)
    this.tunnel(route.host, route.port, socket, head)
  }

  /** Ends every tunnel and decrypted connection: the router is stopping. */
  close(): void {
    for (const socket of this.open) socket.destroy()
  }

  private intercept(host: string, socket: Socket, head: Buffer): void {
    this.stats.intercepted++
    socket.resume()
    socket.write(ESTABLISHED)
    if (head.length > 0) socket.unshift(head)
    const secure = new TLSSocket(socket, {
      isServer: true,
      secureContext: this.context,
      ALPNProtocols: ['http/1.1']
    })
    // A client that gives up on the handshake (it does not trust the authority) ends here.
    secure.on('error', () => secure.destroy())
    this.track(secure)
    this.intercepted.set(secure, host)
    this.options.serve(secure)
  }

  private tunnel(host: string, port: number, socket: Socket, head: Buffer): void {
    this.track(socket)
    openTunnel(host, port, this.options.env, this.options.timeoutMs).then(
      ({ upstream, join }) => {
        this.stats.tunnelled++
        this.track(upstream)
        upstream.on('error', () => upstream.destroy())
        if (socket.destroyed) return void upstream.destroy()
        socket.resume()
        socket.write(ESTABLISHED)
        if (head.length > 0) upstream.write(head)
        join(socket)
        socket.once('close', () => upstream.destroy())
        upstream.once('close', () => socket.destroy())
      },
      // The host's trouble, not the router's: the client gets a 502, as from any proxy.
      () => {
        this.stats.failed++
        socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      }
    )
  }

  private track(socket: Socket): void {
    this.open.add(socket)
    socket.once('close', () => this.open.delete(socket))
  }
}
