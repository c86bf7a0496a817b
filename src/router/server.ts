import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Server, Socket } from 'node:net'
import type { Environment } from '../net/proxy-env.js'
import type { KeyedCertificate } from '../proxy/authority.js'
import { ProxyService } from '../proxy/proxy-service.js'
import { LOOPBACK, type RouterRanking, type RouterSettings } from './config.js'
import { INTERCEPTED_HOSTS, routeInterceptedRequest, routeRequest } from './request.js'
import { plain, RouterService, type RouterStats } from './router-service.js'
import type { PrefetchPlan } from '../prefetch/plan.js'

export type { RouterStats } from './router-service.js'

export interface Router {
  port: number
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
}

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
  const service = new RouterService(settings)
  const failed = (context: string, error: unknown): void => {
    service.counts.errors++
    options.onError?.(context, error)
  }
  let port = 0
  let proxy: ProxyService | undefined
  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const context = `${request.method} ${String(request.url).slice(0, 200)}`
    // A response that cannot be written (the client went away) must not end the process.
    response.on('error', () => undefined)
    try {
      const host = proxy?.interceptedHost(request.socket)
      const route = host
        ? routeInterceptedRequest(request, host)
        : routeRequest(request, { port, secret: settings.secret })
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
  if (options.authority) {
    proxy = ProxyService.start({
      authority: options.authority,
      hosts: INTERCEPTED_HOSTS,
      secret: settings.secret,
      env: options.env ?? process.env,
      timeoutMs: settings.timeoutMs,
      serve: (socket: Socket) => server.emit('connection', socket)
    })
    service.reportProxy(proxy.stats)
    server.on('connect', (request: IncomingMessage, socket: Socket, head: Buffer) =>
      proxy?.connect(request, socket, head)
    )
  }
  // Loopback only: the router is never reachable from another host.
  if (typeof listen === 'number') {
    await new Promise<void>(resolve => server.listen(listen, LOOPBACK, resolve))
  } else {
    await new Promise<void>((resolve, reject) =>
      server.once('error', reject).listen(listen, () => resolve())
    )
    const address = server.address() as AddressInfo | null
    if (address?.address !== LOOPBACK) {
      server.close()
      throw new Error(`the router serves on ${LOOPBACK} only, not on ${address?.address}`)
    }
  }
  port = (server.address() as AddressInfo).port
  server.on('error', error => failed('server', error))
  return {
    port,
    rank: ranking => service.rank(ranking),
    prefetch: plan => service.prefetch(plan),
    stats: () => service.stats(),
    close: async () => {
      proxy?.close()
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
      await service.close()
    }
  }
}
