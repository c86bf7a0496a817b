import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { Agent, EnvHttpProxyAgent, type Dispatcher, request } from 'undici'
import type { Mirror } from './mirror.js'
import { failureFromError, isPassingFailure, type ProbeFailure } from './probe-failure.js'
import type { MirrorProbe, ProbeSample } from './ranking.js'

export interface SamplingOptions {
  timeoutMs: number
  samples: number
}

/** Takes one sample of a mirror within `timeoutMs`. Samples of one mirror run in order. */
export type Sampler = (timeoutMs: number) => Promise<ProbeSample>

const USER_AGENT = 'pip-mirror-action (+https://github.com/features/actions)'

/**
 * Probes every mirror at once. Each mirror's samples run one after another on a kept-alive
 * connection, as a client's requests would. The whole phase ends about `timeoutMs` after it
 * starts, however many mirrors hang: slow mirrors simply get fewer samples.
 */
export async function probeConcurrently(
  mirrors: Mirror[],
  options: SamplingOptions,
  samplerFor: (mirror: Mirror, client: ProbeClient) => Sampler
): Promise<MirrorProbe[]> {
  const client = new ProbeClient(options.timeoutMs)
  const deadline = performance.now() + options.timeoutMs
  try {
    return await Promise.all(
      mirrors.map(async mirror => ({
        mirror,
        samples: await takeSamples(samplerFor(mirror, client), options, deadline)
      }))
    )
  } finally {
    await client.destroy()
  }
}

async function takeSamples(
  sample: Sampler,
  options: SamplingOptions,
  deadline: number
): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = []
  for (let index = 0; index < options.samples; index++) {
    const allowance =
      index === 0
        ? options.timeoutMs
        : Math.floor(Math.min(options.timeoutMs, deadline - performance.now()))
    if (allowance < 1) break
    const taken = await sample(allowance)
    // A later sample cut short by the phase deadline says nothing about the mirror.
    if (index > 0 && taken.failure?.kind === 'timeout' && allowance < options.timeoutMs) break
    samples.push(taken)
    if (taken.failure && !isPassingFailure(taken.failure)) break
  }
  return samples
}

export interface ProbeResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** Time to the response head. */
  latencyMs: number
  /** The body, or undefined when larger than the limit. */
  text(limit: number): Promise<string | undefined>
  /** Reads and drops the body, so the connection can serve the next sample. */
  discard(): Promise<void>
  /** Reads up to `maxBytes` for up to `maxMs`, timing first byte to last. */
  measure(maxBytes: number, maxMs: number): Promise<BodySample>
}

export interface ProbeRequest {
  method?: 'GET' | 'HEAD'
  headers?: Record<string, string>
  timeoutMs: number
}

/** One connection pool for a probe phase, honouring HTTP(S)_PROXY and NO_PROXY as pip does. */
export class ProbeClient {
  private readonly dispatcher: Dispatcher

  constructor(connectTimeoutMs: number) {
    const options = { connect: { timeout: connectTimeoutMs } }
    const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some(
      name => process.env[name]
    )
    this.dispatcher = proxied ? new EnvHttpProxyAgent(options) : new Agent(options)
  }

  /** Sends a request; network errors become a failed sample with a named reason. */
  async send(
    rawUrl: string,
    init: ProbeRequest
  ): Promise<{ response: ProbeResponse } | { failure: ProbeFailure; latencyMs: number }> {
    const started = performance.now()
    const { url, authorization } = splitCredentials(rawUrl)
    const signal = AbortSignal.timeout(init.timeoutMs)
    try {
      const response = await request(url, {
        dispatcher: this.dispatcher,
        method: init.method ?? 'GET',
        signal,
        maxRedirections: 3,
        headers: {
          'user-agent': USER_AGENT,
          ...(authorization ? { authorization } : {}),
          ...init.headers
        }
      })
      const latencyMs = performance.now() - started
      return {
        response: {
          status: response.statusCode,
          headers: response.headers,
          latencyMs,
          text: limit => readText(response.body, limit),
          discard: () => response.body.dump(),
          measure: (maxBytes, maxMs) => measureBody(response.body, maxBytes, maxMs)
        }
      }
    } catch (error) {
      return {
        failure: failureFromError(error, init.timeoutMs),
        latencyMs: performance.now() - started
      }
    }
  }

  /** Destroys rather than closes: a black-holed socket must not hold the step open. */
  async destroy(): Promise<void> {
    await this.dispatcher.destroy()
  }
}

export function httpFailure(status: number, what = ''): ProbeFailure {
  return { kind: 'http', status, message: `HTTP ${status}${what ? ` ${what}` : ''}` }
}

export function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value[0] : (value ?? '')
}

async function readText(
  body: Dispatcher.ResponseData['body'],
  limit: number
): Promise<string | undefined> {
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
  return Buffer.concat(chunks).toString('utf8')
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
