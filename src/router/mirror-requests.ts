import { createHash } from 'node:crypto'
import { formatBytes } from '../format/format.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { HttpClient, HttpResponse } from '../net/http-client.js'
import { ACCEPT_HEADER, type IndexFile, type IndexPage, parseIndexPage } from '../net/index-page.js'
import { failureFromError, headerText, httpFailure } from '../net/probe-failure.js'
import { hedgedRace, type Outcome, type RaceCounts, type RaceResult } from './hedged-race.js'
import { InFlight } from './in-flight.js'
import { mirrorJsonUrl, readMirrorJson } from './pypi-json.js'
import { Recent } from './recent.js'

/**
 * PyPI's largest project pages are a few MB; far past that is not a project page but a mirror
 * fault, and a bound on what one request may make the router hold.
 */
const MAX_PAGE_BYTES = 32 * 1024 * 1024
const MAX_METADATA_BYTES = 16 * 1024 * 1024
/** A hedge never goes out sooner than this, however fast the leader usually is. */
const MIN_HEDGE_MS = 50
/** Files listed by the pages kept, at most (each a few hundred bytes in memory). */
const MAX_RECENT_LISTINGS = 100_000
const MAX_RECENT_METADATA_BYTES = 32 * 1024 * 1024
/** Before a mirror has answered once, its usual latency is unknown: wait this long. */
const UNOBSERVED_HEDGE_MS = 500
/** Latencies kept per mirror for the median. */
const LATENCY_WINDOW = 32

export interface MirrorRequestOptions {
  client: Pick<HttpClient, 'send'>
  /** Per request, head and body. */
  timeoutMs: number
  /** How long the leader may take before the next mirror is asked too. */
  hedgeAfterMs?: (mirror: Mirror) => number
  /**
   * How long a page or metadata file fetched is kept for the next asker (default 0: asked
   * afresh each time): a prefetch asks for what its client is about to ask for.
   */
  keepMs?: number
}

/** Page and metadata requests to one mirror. */
export interface MirrorCounts {
  requests: number
  /** Failures, timeouts and wrong answers; not 404s, and not requests cancelled by a win. */
  failures: number
  notFound: number
  /** Its pages that lacked a file another mirror's page of the project listed. */
  behind: number
}

/** How a race over mirrors goes (see hedged-race.ts). */
export interface RaceRules {
  fanOut: boolean
  counts: RaceCounts
  gather?: number
}

/** A GET of a page or a metadata file: at most `limit` bytes of body are read. */
interface BodyRequest {
  url: string
  accept: string
  limit: number
  signal: AbortSignal
}

/**
 * The router's requests to the mirrors, one mirror at a time: project pages, core metadata and
 * JSON API documents, each bounded in size and checked, concurrent requests for one thing
 * sharing one upstream request, pages and metadata kept a little while. Counts each mirror's
 * requests, and times its answers for its hedge delay.
 */
export class MirrorRequests {
  private readonly latencies = new Map<Mirror, number[]>()
  /** The project whose page listed each file. */
  private readonly listedFor = new WeakMap<IndexFile, string>()
  /** Page requests in flight, by mirror and project. */
  private readonly pages = new InFlight<Outcome<IndexPage>>()
  /** Metadata requests in flight, by mirror and file. */
  private readonly metadataFetches = new InFlight<Outcome<Buffer>>()
  /** JSON API requests in flight, by mirror, project and release. */
  private readonly jsonFetches = new InFlight<Outcome<string>>()
  private readonly mirrorKeys = new Map<Mirror, number>()
  /** Pages fetched, kept for `keepMs`. */
  private readonly recentPages: Recent<Outcome<IndexPage>>
  /** Checked metadata files, by the sha256 of their file and of themselves. */
  private readonly recentMetadata: Recent<Outcome<Buffer>>

  constructor(
    private readonly options: MirrorRequestOptions,
    /** Where each mirror's figures go, by name. */
    private readonly mirrorCounts: Record<string, MirrorCounts>
  ) {
    const maxAgeMs = options.keepMs ?? 0
    this.recentPages = new Recent({
      maxAgeMs,
      maxWeight: MAX_RECENT_LISTINGS,
      weigh: outcome => (outcome.kind === 'ok' ? outcome.value.files.length + 1 : 1)
    })
    this.recentMetadata = new Recent({
      maxAgeMs,
      maxWeight: MAX_RECENT_METADATA_BYTES,
      weigh: outcome => (outcome.kind === 'ok' ? outcome.value.length : 1)
    })
  }

  /** Asks `mirrors` for one thing (hedged-race.ts), each mirror's hedge delay its own. */
  race<T>(
    mirrors: Mirror[],
    ask: (mirror: Mirror, signal: AbortSignal) => Promise<Outcome<T>>,
    { fanOut, counts, gather }: RaceRules
  ): Promise<RaceResult<T>> {
    return hedgedRace({
      mirrors,
      ask,
      fanOut,
      hedgeDelay: mirror => this.hedgeDelay(mirror),
      counts,
      ...(gather !== undefined ? { gather } : {})
    })
  }

  /** The project whose page (from this source) listed `file`. */
  projectListing(file: IndexFile): string | undefined {
    return this.listedFor.get(file)
  }

  /** The next asker of `mirror`'s page of `project` gets a fresh one. */
  forgetPage(mirror: Mirror, project: string): void {
    this.recentPages.delete(`${this.mirrorKey(mirror)} ${project}`)
  }

  /** What another measure (the probe's) says of `mirror`'s latency, until it has answered here. */
  assumeLatency(mirror: Mirror, latencyMs: number): void {
    if (!this.latencies.has(mirror)) this.latencies.set(mirror, [latencyMs])
  }

  /**
   * `mirror`'s copy of a file's core metadata, checked against `expected` (or the hash its
   * listing gives), kept under `key` for every mirror's next asker.
   */
  async metadata(
    mirror: Mirror,
    file: IndexFile,
    expected: string | undefined,
    key: string,
    signal: AbortSignal
  ): Promise<Outcome<Buffer>> {
    const kept = this.recentMetadata.get(key)
    if (kept) return kept
    const outcome = await this.metadataFetches.join(
      `${this.mirrorKey(mirror)} ${key}`,
      shared => this.fetchMetadata(mirror, file, expected, shared),
      signal
    )
    if (outcome.kind === 'ok') this.recentMetadata.set(key, outcome)
    return outcome
  }

  /** `mirror`'s JSON document, shared with every other caller while it is in flight. */
  json(
    mirror: Mirror,
    project: string,
    version: string | undefined,
    signal: AbortSignal
  ): Promise<Outcome<string>> {
    const url = mirrorJsonUrl(mirror.url, project, version) as string
    const key = `${this.mirrorKey(mirror)} ${project} ${version ?? ''}`
    return this.jsonFetches.join(
      key,
      shared =>
        this.fetchBody(
          mirror,
          { url, accept: 'application/json', limit: MAX_PAGE_BYTES, signal: shared },
          (response, body) => {
            const read = readMirrorJson(body.toString('utf8'), project, version)
            return read.ok
              ? { kind: 'ok', value: read.body, latencyMs: response.latencyMs }
              : { kind: 'failed', reason: read.reason }
          }
        ),
      signal
    )
  }

  /**
   * `mirror`'s page of `project`, shared with every other caller while it is in flight, and
   * kept a little while: a prefetch asks for the pages its client is about to ask for.
   */
  async page(mirror: Mirror, project: string, signal?: AbortSignal): Promise<Outcome<IndexPage>> {
    const key = `${this.mirrorKey(mirror)} ${project}`
    const kept = this.recentPages.get(key)
    if (kept) return kept
    const outcome = await this.pages.join(
      key,
      shared => this.fetchPage(mirror, project, shared),
      signal
    )
    if (outcome.kind === 'ok') this.recentPages.set(key, outcome)
    return outcome
  }

  private async fetchPage(
    mirror: Mirror,
    project: string,
    signal: AbortSignal
  ): Promise<Outcome<IndexPage>> {
    // Only a checked, normalised name reaches here; encoded all the same.
    const pageUrl = `${mirror.url}/${encodeURIComponent(project)}/`
    const request = { url: pageUrl, accept: ACCEPT_HEADER, limit: MAX_PAGE_BYTES, signal }
    return this.fetchBody(mirror, request, (response, body) => {
      const parsed = parseIndexPage(
        headerText(response.headers['content-type']),
        body.toString('utf8'),
        headerText(response.headers['x-pypi-last-serial'])
      )
      if (!parsed.ok) return { kind: 'failed', reason: parsed.reason }
      const files = parsed.page.files.flatMap(file => {
        const url = absoluteUrl(file.url, pageUrl)
        return url ? [{ ...file, url }] : []
      })
      const page = { ...parsed.page, files }
      for (const file of files) this.listedFor.set(file, project)
      return { kind: 'ok', value: page, serial: page.serial, latencyMs: response.latencyMs }
    })
  }

  private async fetchMetadata(
    mirror: Mirror,
    file: IndexFile,
    expectedSha256: string | undefined,
    signal: AbortSignal
  ): Promise<Outcome<Buffer>> {
    const url = authenticatedUrl(`${file.url}.metadata`, mirror)
    // Bytes as they are: the sha256 is of the bytes, whatever their encoding.
    const request = { url, accept: '*/*', limit: MAX_METADATA_BYTES, signal }
    return this.fetchBody(mirror, request, (response, body) => {
      const sha256 = expectedSha256 ?? metadataSha256(file)
      if (sha256 && createHash('sha256').update(body).digest('hex') !== sha256)
        return { kind: 'failed', reason: 'the metadata does not match the sha256 its page lists' }
      return { kind: 'ok', value: body, latencyMs: response.latencyMs }
    })
  }

  /** One request to `mirror`, counted in the stats: cancelled ones count as neither outcome. */
  private async fetchBody<T>(
    mirror: Mirror,
    request: BodyRequest,
    read: (response: HttpResponse, body: Buffer) => Outcome<T>
  ): Promise<Outcome<T>> {
    const counts = this.counts(mirror)
    counts.requests++
    const outcome = await this.get(request, read)
    if (outcome.kind === 'ok') this.observe(mirror, outcome.latencyMs)
    else if (!request.signal.aborted) counts[outcome.kind === 'missing' ? 'notFound' : 'failures']++
    return outcome
  }

  /** GET with a 404 as `missing`; a body of up to `limit` bytes of a 200 goes to `read`. */
  private async get<T>(
    { url, accept, limit, signal }: BodyRequest,
    read: (response: HttpResponse, body: Buffer) => Outcome<T>
  ): Promise<Outcome<T>> {
    const { timeoutMs } = this.options
    let response: HttpResponse | undefined
    try {
      const sent = await this.options.client.send(url, { headers: { accept }, timeoutMs, signal })
      if ('failure' in sent) return { kind: 'failed', reason: sent.failure.message }
      response = sent.response
      if (response.status !== 200) {
        await response.discard()
        return response.status === 404
          ? { kind: 'missing' }
          : { kind: 'failed', reason: httpFailure(response).message }
      }
      const tooLarge = { kind: 'failed', reason: `larger than ${formatBytes(limit)}` } as const
      // Not read to the end: a hostile mirror's endless body must cost nothing.
      if (Number(headerText(response.headers['content-length'])) > limit) {
        response.stream().destroy()
        return tooLarge
      }
      const body = await response.bytes(limit)
      return body === undefined ? tooLarge : read(response, body)
    } catch (error) {
      // The body can still time out, be cut off, or be cancelled after the head arrived.
      return { kind: 'failed', reason: failureFromError(error, timeoutMs, response?.proxy).message }
    }
  }

  /** `mirror`'s figures, made on first use. */
  counts(mirror: Mirror): MirrorCounts {
    return (this.mirrorCounts[mirror.name] ??= {
      requests: 0,
      failures: 0,
      notFound: 0,
      behind: 0
    })
  }

  /** A key for `mirror` that holds no credentials (its URL may). */
  private mirrorKey(mirror: Mirror): number {
    let key = this.mirrorKeys.get(mirror)
    if (key === undefined) this.mirrorKeys.set(mirror, (key = this.mirrorKeys.size))
    return key
  }

  private observe(mirror: Mirror, latencyMs: number): void {
    const window = this.latencies.get(mirror) ?? []
    window.push(latencyMs)
    if (window.length > LATENCY_WINDOW) window.shift()
    this.latencies.set(mirror, window)
  }

  /** The caller's choice, or twice the mirror's median latency so far. */
  private hedgeDelay(mirror: Mirror): number {
    if (this.options.hedgeAfterMs) return this.options.hedgeAfterMs(mirror)
    const window = this.latencies.get(mirror)
    if (!window?.length) return UNOBSERVED_HEDGE_MS
    const sorted = [...window].sort((a, b) => a - b)
    return Math.max(MIN_HEDGE_MS, 2 * sorted[Math.floor(sorted.length / 2)])
  }
}

/** A file's URL resolved against its page, without credentials or fragment; undefined if invalid. */
function absoluteUrl(href: string, pageUrl: string): string | undefined {
  try {
    const url = new URL(href, pageUrl)
    url.username = ''
    url.password = ''
    url.hash = ''
    return url.toString()
  } catch {
    return undefined
  }
}

/** Files on the mirror's own host need its credentials, as pip sends them. */
export function authenticatedUrl(url: string, mirror: Mirror): string {
  const index = new URL(mirror.url)
  const target = new URL(url)
  if (target.host !== index.host || (!index.username && !index.password)) return url
  target.username = index.username
  target.password = index.password
  return target.toString()
}

export function metadataSha256(file: IndexFile): string | undefined {
  return file.coreMetadata === true ? undefined : file.coreMetadata?.sha256
}
