import type { IncomingMessage, ServerResponse } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { Dispatcher } from 'undici'
import { errorMessage } from '../format/format.js'
import { RoutingDispatcher } from '../net/http-client.js'
import type { Environment } from '../net/proxy-env.js'
import { endToEndHeaders } from './hop-headers.js'

/** What was passed on to PyPI's own hosts, for the summary. */
export interface PassThroughStats {
  /** Requests sent on, by host. */
  requests: Record<string, number>
  /** Requests whose host could not be reached: no answer came back. */
  unreachable: number
}

export type Forwarded = { answered: true } | { answered: false; reason: string }

export interface PassThroughOptions {
  /** The job's environment before the router: its proxy and NO_PROXY. */
  env: Environment
  /**
   * The roots TLS to the real hosts is verified against (see `trustedRoots`), read at the first
   * request: reading the system's store can take seconds (a managed Mac's keychains), which the
   * router's start must not wait for.
   */
  roots: () => Promise<string[]>
  /** To connect to the host (or the proxy on the way). */
  connectTimeoutMs: number
  /** For the answer's head, and between two pieces of its body. */
  answerTimeoutMs: number
}

/**
 * Requests for PyPI's own hosts that the router does not answer from the mirrors, sent on to the
 * real host as they came: method, path, headers and body, over TLS verified against the roots
 * the job's tools trusted, through the job's own proxy where it has one. The answer (status,
 * headers, body) goes back as it is, streamed both ways, so that a request the router has no
 * business with gets exactly PyPI's answer.
 */
export class PassThrough {
  readonly stats: PassThroughStats = { requests: {}, unreachable: 0 }
  private dispatcher: Promise<RoutingDispatcher> | undefined

  constructor(private readonly options: PassThroughOptions) {}

  /** The dispatcher over the roots, made once, at the first request that needs it. */
  private route(): Promise<RoutingDispatcher> {
    const { connectTimeoutMs, env, roots } = this.options
    this.dispatcher ??= roots().then(ca => new RoutingDispatcher(connectTimeoutMs, env, ca))
    return this.dispatcher
  }

  /**
   * Sends `request` to `https://<host>` and its answer to `response`. Not answered when no head
   * came back (the host or the proxy on the way could not be reached): then nothing was written,
   * and the caller may answer otherwise.
   */
  async forward(
    host: string,
    request: IncomingMessage,
    response: ServerResponse
  ): Promise<Forwarded> {
    this.stats.requests[host] = (this.stats.requests[host] ?? 0) + 1
    const aborted = new AbortController()
    // A client that leaves stops the upstream request too.
    response.once('close', () => aborted.abort(new Error('the client went away')))
    const method = request.method ?? 'GET'
    let answer: Dispatcher.ResponseData
    try {
      answer = await (
        await this.route()
      ).request({
        origin: `https://${host}`,
        path: request.url ?? '/',
        method: method as Dispatcher.HttpMethod,
        headers: endToEndHeaders(request.headers),
        body: method === 'GET' || method === 'HEAD' ? undefined : request,
        signal: aborted.signal,
        headersTimeout: this.options.answerTimeoutMs,
        bodyTimeout: this.options.answerTimeoutMs
      })
    } catch (error) {
      this.stats.unreachable++
      return { answered: false, reason: `${host} could not be reached: ${errorMessage(error)}` }
    }
    response.writeHead(answer.statusCode, endToEndHeaders(answer.headers))
    // A body cut short ends the client's response short too: the client sees the cut.
    await pipeline(answer.body, response).catch(() => response.destroy())
    return { answered: true }
  }

  async close(): Promise<void> {
    await (await this.dispatcher)?.destroy()
  }
}
