import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import type { Readable } from 'node:stream'
import { Agent, Dispatcher, Pool, ProxyAgent, request } from 'undici'
import { failureFromError, type ProbeFailure } from './probe-failure.js'
import { type Environment, proxyLabel, proxyRouteFor } from './proxy-env.js'

const USER_AGENT = 'pip-mirror-action (+https://github.com/features/actions)'

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** Time to the response head. */
  latencyMs: number
  /** `host:port` of the proxy the request went through, if any. */
  proxy?: string
  /** The body as UTF-8 text, or undefined when larger than the limit. */
  text(limit: number): Promise<string | undefined>
  /** The body's bytes, or undefined when larger than the limit. */
  bytes(limit: number): Promise<Buffer | undefined>
  /** Reads and drops the body, so the connection can serve the next request. */
  discard(): Promise<void>
  /** Reads up to `maxBytes` for up to `maxMs`, timing first byte to last. */
  measure(maxBytes: number, maxMs: number): Promise<BodySample>
  /**
   * The body as it arrives, for a caller that forwards it: read it to the end or destroy it.
   * Aborting the request's signal destroys it with the signal's reason.
   */
  stream(): Readable
}

export interface HttpRequest {
  method?: 'GET' | 'HEAD'
  headers?: Record<string, string>
  timeoutMs: number
  /** Stops waiting before the timeout: the failure then names the time actually waited. */
  signal?: AbortSignal
  /**
   * Work nobody waits for yet (a prefetch), asked whenever a place is handed out: such a request
   * leaves places free for others (see OriginSlots). Asked again while it waits, since a client
   * may come to need it meanwhile.
   */
  background?: () => boolean
  /** Called once the request has its place and is sent: a wait for its answer starts here. */
  granted?: () => void
}

export type Sent = { response: HttpResponse } | { failure: ProbeFailure; latencyMs: number }

export interface HttpClientOptions {
  /**
   * Requests in flight to one origin at most (a request holds its place until its body is read
   * or dropped); further ones wait their turn, and their timeout starts when it comes. Default:
   * no limit.
   */
  perOriginLimit?: number
}

/** Redirects followed, each hop a request of its own. */
const MAX_REDIRECTS = 3
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])

/**
 * The one HTTP client for everything the action fetches: mirrors' pages and files, and
 * registries. Each request goes the way pip's would (see proxy-env.ts): straight, through a
 * proxy with a plain GET for http, or through a CONNECT tunnel for https. A redirect is a new
 * request, routed by the rules for its own origin, and credentials go only to the origin they
 * were given for. A request never outlives its timeout, whatever a proxy does.
 */
export class HttpClient {
  private readonly dispatcher: RoutingDispatcher
  private readonly slots: OriginSlots | undefined

  constructor(timeoutMs: number, env: Environment = process.env, options: HttpClientOptions = {}) {
    this.dispatcher = new RoutingDispatcher(timeoutMs, env)
    this.slots = options.perOriginLimit ? new OriginSlots(options.perOriginLimit) : undefined
  }

  /** Sends a request, following redirects; network errors become a failure with a named reason. */
  async send(rawUrl: string, init: HttpRequest): Promise<Sent> {
    const started = performance.now()
    let target = rawUrl
    for (let hop = 0; ; hop++) {
      const remainingMs = Math.max(1, Math.ceil(init.timeoutMs - (performance.now() - started)))
      const sent = await this.sendOnce(target, { ...init, timeoutMs: remainingMs }, started)
      if ('failure' in sent || hop === MAX_REDIRECTS) return sent
      const location = sent.response.headers.location
      if (!REDIRECT_STATUSES.has(sent.response.status) || typeof location !== 'string') return sent
      await sent.response.discard().catch(() => undefined)
      const next = redirectTarget(target, location)
      if (!next) return sent
      target = next
    }
  }

  private async sendOnce(rawUrl: string, init: HttpRequest, started: number): Promise<Sent> {
    const { url, authorization } = splitCredentials(rawUrl)
    const origin = new URL(url)
    const proxy = this.dispatcher.proxyFor(origin)
    const release = this.slots
      ? await this.slots.acquire(origin.origin, init.signal, init.background)
      : () => {}
    init.granted?.()
    if (init.signal?.aborted) {
      release()
      return { failure: failureFromError(init.signal.reason, 0, proxy), latencyMs: 0 }
    }
    const timeout = AbortSignal.timeout(init.timeoutMs)
    const signal = init.signal ? AbortSignal.any([timeout, init.signal]) : timeout
    try {
      const response = await withDeadline(
        request(url, {
          dispatcher: this.dispatcher,
          method: init.method ?? 'GET',
          signal,
          headers: {
            'user-agent': USER_AGENT,
            ...(authorization ? { authorization } : {}),
            ...init.headers
          }
        }),
        init.timeoutMs,
        init.signal
      )
      releaseWith(response.body, release)
      return {
        response: {
          status: response.statusCode,
          headers: response.headers,
          latencyMs: performance.now() - started,
          proxy,
          text: async limit => (await readBytes(response.body, limit))?.toString('utf8'),
          bytes: limit => readBytes(response.body, limit),
          discard: () => response.body.dump(),
          measure: (maxBytes, maxMs) => measureBody(response.body, maxBytes, maxMs),
          stream: () => response.body
        }
      }
    } catch (error) {
      release()
      const waitedMs = performance.now() - started
      const limitMs = init.signal?.aborted ? Math.round(waitedMs) : init.timeoutMs
      return { failure: failureFromError(error, limitMs, proxy), latencyMs: waitedMs }
    }
  }

  /** Destroys rather than closes: a black-holed socket must not hold the step open. */
  async destroy(): Promise<void> {
    await this.dispatcher.destroy()
  }
}

/**
 * The next hop of a redirect from `from` (which may carry credentials) to `location`, or
 * undefined when it is not an http(s) URL. Credentials follow only to the same origin.
 */
export function redirectTarget(from: string, location: string): string | undefined {
  const current = new URL(from)
  let next: URL
  try {
    next = new URL(location, current)
  } catch {
    return undefined
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return undefined
  next.username = ''
  next.password = ''
  next.hash = ''
  if (next.origin === current.origin) {
    next.username = current.username
    next.password = current.password
  }
  return next.toString()
}

/** Gives the request's place back once its body is done with, however that happens. */
function releaseWith(body: Readable, release: () => void): void {
  let released = false
  const once = (): void => {
    if (released) return
    released = true
    release()
  }
  body.once('close', once).once('end', once).once('error', once)
}

/** Places per origin that background work leaves to clients. */
const BACKGROUND_SPARE = 2

/**
 * Places for requests in flight, per origin, handed out in the order asked, but clients first:
 * background work takes a place only while more than `BACKGROUND_SPARE` stay free, and waits
 * behind every client that waits.
 */
class OriginSlots {
  private readonly active = new Map<string, number>()
  private readonly waiting = new Map<string, Waiter[]>()

  constructor(private readonly limit: number) {}

  /** Resolves with the function that gives the place back; at once when `signal` aborts. */
  acquire(
    origin: string,
    signal?: AbortSignal,
    background: () => boolean = () => false
  ): Promise<() => void> {
    const release = (): void => this.release(origin)
    const queue = this.waiting.get(origin) ?? []
    const first = !background()
    // A client passes background work that waits; background work passes no one.
    const ahead = first ? queue.some(waiter => !waiter.background()) : queue.length > 0
    if (!ahead && this.free(origin, !first)) {
      this.active.set(origin, (this.active.get(origin) ?? 0) + 1)
      return Promise.resolve(release)
    }
    return new Promise(resolve => {
      this.waiting.set(origin, queue)
      const waiter: Waiter = {
        background,
        grant: () => {
          signal?.removeEventListener('abort', gaveUp)
          this.active.set(origin, (this.active.get(origin) ?? 0) + 1)
          resolve(release)
        }
      }
      const gaveUp = (): void => {
        queue.splice(queue.indexOf(waiter), 1)
        resolve(() => undefined)
      }
      queue.push(waiter)
      signal?.addEventListener('abort', gaveUp, { once: true })
    })
  }

  private free(origin: string, background: boolean): boolean {
    const spare = background ? Math.min(BACKGROUND_SPARE, this.limit - 1) : 0
    return (this.active.get(origin) ?? 0) < this.limit - spare
  }

  private release(origin: string): void {
    this.active.set(origin, (this.active.get(origin) ?? 1) - 1)
    const queue = this.waiting.get(origin) ?? []
    // Clients first, each in the order asked; then background work, while places are spare.
    const next =
      queue.find(waiter => !waiter.background()) ??
      queue.find(waiter => this.free(origin, waiter.background()))
    if (!next || !this.free(origin, next.background())) return
    queue.splice(queue.indexOf(next), 1)
    next.grant()
  }
}

interface Waiter {
  background: () => boolean
  grant: () => void
}

/**
 * Picks a dispatcher per origin: each origin takes its own route (direct or a proxy).
 * Proxy agents are made once per proxy.
 */
export class RoutingDispatcher extends Dispatcher {
  private readonly direct: Agent
  private readonly viaProxy = new Map<string, ProxyAgent>()

  /** `ca`: the roots TLS to the servers is verified against; default: Node's own. */
  constructor(
    private readonly timeoutMs: number,
    private readonly env: Environment,
    private readonly ca?: string[]
  ) {
    super()
    this.direct = new Agent({ connect: { timeout: timeoutMs, ...(ca ? { ca } : {}) } })
  }

  proxyFor(url: URL): string | undefined {
    const route = proxyRouteFor(url, this.env)
    return route && proxyLabel(route.proxy)
  }

  dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
    const route = proxyRouteFor(new URL(String(options.origin)), this.env)
    if (!route) return this.direct.dispatch(options, handler)
    let agent = this.viaProxy.get(route.proxy.href)
    if (!agent) {
      agent = new ProxyAgent({
        uri: route.proxy.href,
        // http targets get a plain proxied GET, https ones a CONNECT tunnel: what pip does,
        // and what a proxy that allows CONNECT only to port 443 expects.
        proxyTunnel: false,
        connect: { timeout: this.timeoutMs },
        ...(this.ca ? { requestTls: { ca: this.ca } } : {}),
        // The CONNECT request to the proxy does not see the request's abort signal: bound it.
        clientFactory: (origin, options) =>
          new Pool(origin, {
            ...options,
            headersTimeout: this.timeoutMs,
            bodyTimeout: this.timeoutMs
          })
      })
      this.viaProxy.set(route.proxy.href, agent)
    }
    return agent.dispatch(options, handler)
  }

  async close(): Promise<void> {
    await Promise.all([this.direct, ...this.viaProxy.values()].map(agent => agent.close()))
  }

  async destroy(): Promise<void> {
    await Promise.all([this.direct, ...this.viaProxy.values()].map(agent => agent.destroy()))
  }
}

/**
 * Rejects with a TimeoutError after `ms` or when `stop` fires, whatever stage the request is
 * stuck in (undici's CONNECT to a proxy does not see the request's signal).
 */
async function withDeadline<T>(promise: Promise<T>, ms: number, stop?: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  let onStop: (() => void) | undefined
  const deadline = new Promise<never>((_, reject) => {
    const fail = () => reject(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'))
    timer = setTimeout(fail, ms)
    onStop = fail
    stop?.addEventListener('abort', fail, { once: true })
  })
  try {
    return await Promise.race([promise, deadline])
  } finally {
    clearTimeout(timer)
    if (onStop) stop?.removeEventListener('abort', onStop)
    // A request still pending fails later; that failure is already accounted for.
    promise.catch(() => undefined)
  }
}

async function readBytes(
  body: Dispatcher.ResponseData['body'],
  limit: number
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > limit) {
      body.destroy()
      return undefined
    }
    chunks.push(chunk)
  }
  return Buffer.concat(chunks)
}

export interface BodySample {
  bytes: number
  seconds: number
  /** The body's sha256, when it arrived whole within the limits. */
  sha256?: string
}

async function measureBody(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
  maxMs: number
): Promise<BodySample> {
  let bytes = 0
  let first: number | undefined
  let last = 0
  let whole = false
  const hash = createHash('sha256')
  const stop = setTimeout(() => body.destroy(), maxMs)
  try {
    for await (const chunk of body) {
      last = performance.now()
      first ??= last
      bytes += chunk.length
      hash.update(chunk)
      if (bytes > maxBytes) break
    }
    whole = bytes <= maxBytes
  } catch {
    // Stopped at the time limit: what arrived until then is the sample.
  } finally {
    clearTimeout(stop)
    body.destroy()
  }
  const seconds = Math.max((last - (first ?? last)) / 1000, 0.001)
  return whole ? { bytes, seconds, sha256: hash.digest('hex') } : { bytes, seconds }
}

/** undici refuses credentials inside a URL; send them as Basic auth, as pip does. */
function splitCredentials(raw: string): { url: string; authorization?: string } {
  const parsed = new URL(raw)
  if (!parsed.username && !parsed.password) return { url: raw }
  const user = decodeURIComponent(parsed.username)
  const password = decodeURIComponent(parsed.password)
  parsed.username = ''
  parsed.password = ''
  return {
    url: parsed.toString(),
    authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  }
}
