import { performance } from 'node:perf_hooks'
import { Agent, EnvHttpProxyAgent, type Dispatcher, request } from 'undici'
import { ACCEPT_HEADER, parseIndexPage } from './index-page.js'
import type { Mirror } from './mirror.js'
import { failureFromError, isPassingFailure, type ProbeFailure } from './probe-failure.js'
import type { MirrorProbe, ProbeSample } from './ranking.js'
import { normalizeProjectName } from './project-name.js'

export interface ProbeOptions {
  project: string
  timeoutMs: number
  samples: number
}

const MAX_PAGE_BYTES = 16 * 1024 * 1024
const USER_AGENT = 'pip-mirror-action (+https://github.com/features/actions)'

/**
 * Probes every mirror at once. Each mirror's samples run one after another on a kept-alive
 * connection, as pip's requests would. The whole phase ends about `timeoutMs` after it starts,
 * however many mirrors hang: slow mirrors simply get fewer samples.
 */
export async function probeMirrors(
  mirrors: Mirror[],
  options: ProbeOptions
): Promise<MirrorProbe[]> {
  const dispatcher = createDispatcher(options.timeoutMs)
  const deadline = performance.now() + options.timeoutMs
  try {
    return await Promise.all(
      mirrors.map(async mirror => ({
        mirror,
        samples: await sampleMirror(mirror, options, dispatcher, deadline)
      }))
    )
  } finally {
    // Destroy rather than close: a black-holed socket must not hold the step open.
    await dispatcher.destroy()
  }
}

/** Honours HTTP(S)_PROXY and NO_PROXY, as pip does, on runners behind a proxy. */
function createDispatcher(connectTimeoutMs: number): Dispatcher {
  const options = { connect: { timeout: connectTimeoutMs } }
  const proxied = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some(
    name => process.env[name]
  )
  return proxied ? new EnvHttpProxyAgent(options) : new Agent(options)
}

async function sampleMirror(
  mirror: Mirror,
  options: ProbeOptions,
  dispatcher: Dispatcher,
  deadline: number
): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = []
  const pageUrl = `${mirror.url}/${normalizeProjectName(options.project)}/`
  for (let index = 0; index < options.samples; index++) {
    const allowance =
      index === 0
        ? options.timeoutMs
        : Math.floor(Math.min(options.timeoutMs, deadline - performance.now()))
    if (allowance < 1) break
    const sample = await fetchSample(pageUrl, allowance, dispatcher)
    // A later sample cut short by the phase deadline says nothing about the mirror.
    if (index > 0 && sample.failure?.kind === 'timeout' && allowance < options.timeoutMs) break
    samples.push(sample)
    if (sample.failure && !isPassingFailure(sample.failure)) break
  }
  return samples
}

async function fetchSample(
  pageUrl: string,
  timeoutMs: number,
  dispatcher: Dispatcher
): Promise<ProbeSample> {
  const started = performance.now()
  const elapsed = (): number => performance.now() - started
  const { url, authorization } = splitCredentials(pageUrl)
  try {
    const response = await request(url, {
      dispatcher,
      signal: AbortSignal.timeout(timeoutMs),
      maxRedirections: 3,
      headers: {
        accept: ACCEPT_HEADER,
        'user-agent': USER_AGENT,
        ...(authorization ? { authorization } : {})
      }
    })
    const latencyMs = elapsed()
    if (response.statusCode !== 200) {
      await response.body.dump()
      return { latencyMs, failure: httpFailure(response.statusCode) }
    }
    const body = await readText(response.body, MAX_PAGE_BYTES)
    if (body === undefined) {
      return {
        latencyMs,
        failure: { kind: 'content', message: `page larger than ${MAX_PAGE_BYTES} bytes` }
      }
    }
    const parsed = parseIndexPage(
      headerText(response.headers['content-type']),
      body,
      headerText(response.headers['x-pypi-last-serial'])
    )
    return parsed.ok
      ? { latencyMs }
      : { latencyMs, failure: { kind: 'content', message: parsed.reason } }
  } catch (error) {
    return { latencyMs: elapsed(), failure: failureFromError(error, timeoutMs) }
  }
}

function httpFailure(status: number): ProbeFailure {
  return { kind: 'http', status, message: `HTTP ${status}` }
}

function headerText(value: string | string[] | undefined): string {
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
