import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse
} from 'node:http'
import type { AddressInfo, Server, Socket } from 'node:net'
import type { Environment } from '../net/proxy-env.js'
import type { KeyedCertificate } from '../proxy/authority.js'
import { trustedRoots } from '../proxy/ca-bundle.js'
import { PassThrough } from '../proxy/pass-through.js'
import { ProxyService } from '../proxy/proxy-service.js'
import type { OwnerSystem } from '../proxy/socket-owner.js'
import { LOOPBACK, type RouterRanking, type RouterSettings } from './config.js'
import {
  INTERCEPTED_HOSTS,
  type RouterAddress,
  routeInterceptedRequest,
  routeRequest
} from './request.js'
import { plain, RouterService, type RouterStats } from './router-service.js'
import type { PrefetchPlan } from '../prefetch/plan.js'

export type { RouterStats } from './router-service.js'

export interface Router {
  port: number
  /**
   * Serves also on a Docker network's host-side address `host`, on a socket opened there: the
   * job's containers reach it, with the job's secret only. Resolves with its port.
   */
  listenOn(listen: Listen, host: string): Promise<number>
  /** The probe's verdict, for a router started before it was known. */
  rank(ranking: RouterRanking): void
  /** What the job will need, to fetch ahead. */
  prefetch(plan: PrefetchPlan): void
  stats(): RouterStats
  close(): Promise<void>
}

export interface RouterOptions {
  /** Told of every error a request ran into; the router answers 500 and goes on. */
  onError?: (context: string, error: unknown) => void
  /**
   * The job's authority: with it, the router is also the job's HTTPS proxy, answering for PyPI's
   * own hosts itself and tunnelling every other host untouched.
   */
  authority?: KeyedCertificate
  /** The environment whose proxy settings tunnels follow; default: this process's. */
  env?: Environment
  /**
   * Called, once its answer is on its way, when the post step asks the router to stop
   * (`POST /<jobSecret>/stop` on loopback). Without it, no request can stop the router.
   */
  onStop?: () => void
  /** The system whose socket tables tell a proxy client's owner; default: this one. */
  ownerSystem?: OwnerSystem
}

/** PyPI answering a request passed on to it: as long as pip's own default timeout. */
const PASS_THROUGH_ANSWER_MS = 15_000

/** What `listen` may be: a port, or a socket opened elsewhere (a server or its raw handle). */
export type Listen = number | Server | object

/**
 * The router: the simple API on 127.0.0.1, served from the configured candidates only (never an
 * open proxy), to this job's clients only (request.ts). Every request is parsed inside its
 * handler, so no request, however malformed, can end the process: a bad one gets a 4xx, an
 * error of the router's own a 500 and a line in the log.
 */
export async function startRouter(
  settings: RouterSettings,
  listen: Listen = 0,
  options: RouterOptions = {}
): Promise<Router> {
  const env = options.env ?? process.env
  const passThrough = options.authority
    ? new PassThrough({
        env,
        roots: () => trustedRoots(env),
        connectTimeoutMs: settings.timeoutMs,
        answerTimeoutMs: PASS_THROUGH_ANSWER_MS
      })
    : undefined
  const service = new RouterService(settings, { passThrough })
  const failed = (context: string, error: unknown): void => {
    service.counts.errors++
    options.onError?.(context, error)
  }
  let proxy: ProxyService | undefined
  const servers: HttpServer[] = []

  /** A server for one listening address, which a request must name and whose secret it needs. */
  const serve = (address: RouterAddress, beyondLoopback: boolean): HttpServer => {
    const handle = (request: IncomingMessage, response: ServerResponse): void => {
      const context = `${request.method} ${String(request.url).slice(0, 200)}`
      // A response that cannot be written (the client went away) must not end the process.
      response.on('error', () => undefined)
      try {
        const host = proxy?.interceptedHost(request.socket)
        if (beyondLoopback) service.counts.containerRequests++
        const route = host ? routeInterceptedRequest(request, host) : routeRequest(request, address)
        if (route.kind === 'stop') {
          plain(response, 202, 'stopping')
          return options.onStop?.()
        }
        service.answer(route, request, response).catch(error => {
          failed(context, error)
          if (!response.headersSent) plain(response, 500, 'router error')
          else response.destroy()
        })
      } catch (error) {
        failed(context, error)
        if (!response.headersSent) plain(response, 500, 'router error')
      }
    }
    const server = createServer({ requestTimeout: 0, headersTimeout: 30_000 }, handle)
    // A request Node's parser refuses (bad syntax, oversized headers) gets its 400 and no more.
    server.on('clientError', (_error, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
      else socket.destroy()
    })
    server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) => {
      if (beyondLoopback) service.counts.containerRequests++
      if (proxy) proxy.connect(request, socket, head)
      else socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\n\r\n')
    })
    // An error of a listening socket after it listened is the router's own: logged, served on.
    server.on('error', error => failed('server', error))
    servers.push(server)
    return server
  }

  const loopback: RouterAddress = {
    port: 0,
    secret: settings.secret,
    ...(options.onStop ? { stopSecret: settings.jobSecret } : {})
  }
  const main = serve(loopback, false)
  if (options.authority) {
    proxy = ProxyService.start({
      authority: options.authority,
      hosts: INTERCEPTED_HOSTS,
      secret: settings.jobSecret,
      env,
      timeoutMs: settings.timeoutMs,
      // Decrypted requests are answered as PyPI's, whichever address the tunnel came to.
      serve: (socket: Socket) => main.emit('connection', socket),
      ownerSystem: options.ownerSystem
    })
    service.reportProxy(proxy.stats)
  }
  // Loopback only: the router is never reachable from another host.
  loopback.port = await listenAt(main, listen, LOOPBACK)
  const close = async (): Promise<void> => {
    proxy?.close()
    await Promise.all(
      servers.map(server => {
        server.closeAllConnections()
        return new Promise<void>(resolve => server.close(() => resolve()))
      })
    )
    await service.close()
  }
  return {
    port: loopback.port,
    listenOn: async (socket, host) => {
      // Beyond loopback, only with the job's own secret: never the one kept across jobs.
      const address: RouterAddress = { port: 0, secret: settings.jobSecret, hosts: [host] }
      address.port = await listenAt(serve(address, true), socket, host)
      return address.port
    },
    rank: ranking => service.rank(ranking),
    prefetch: plan => service.prefetch(plan),
    stats: () => service.stats(),
    close
  }
}

/**
 * Listens on `listen` (a port on `host`, or a socket opened elsewhere, which must be bound to
 * `host`): resolves with the port, rejects when it cannot listen there.
 */
async function listenAt(server: HttpServer, listen: Listen, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const listening = (): void => {
      server.off('error', reject)
      resolve()
    }
    server.once('error', reject)
    if (typeof listen === 'number') server.listen(listen, host, listening)
    else server.listen(listen, listening)
  })
  const address = server.address() as AddressInfo | null
  if (address?.address !== host) {
    server.close()
    throw new Error(`the router serves on ${host} here, not on ${address?.address}`)
  }
  return address.port
}
