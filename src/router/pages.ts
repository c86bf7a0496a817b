import { createHash } from 'node:crypto'
import { isPrivateProject } from '../install/private-index.js'
import type { Mirror } from '../mirrors/mirror.js'
import { normalizeProjectName } from '../mirrors/project-name.js'
import type { HttpClient, HttpResponse } from '../net/http-client.js'
import { headerText, httpFailure } from '../net/probe-failure.js'
import {
  ACCEPT_HEADER,
  type IndexFile,
  type IndexPage,
  parseIndexPage
} from '../net/index-page.js'
import { failureFromError } from '../net/probe-failure.js'

/** PyPI's largest project pages are a few MB; far past that is not a project page. */
const MAX_PAGE_BYTES = 64 * 1024 * 1024
const MAX_METADATA_BYTES = 16 * 1024 * 1024
/** A hedge never goes out sooner than this, however fast the leader usually is. */
const MIN_HEDGE_MS = 50
/** Before a mirror has answered once, its usual latency is unknown: wait this long. */
const UNOBSERVED_HEDGE_MS = 500
/** Latencies kept per mirror for the median. */
const LATENCY_WINDOW = 32
/**
 * Unranked, the first good answer waits about its own latency, within these bounds, for the
 * others: a fast but stale mirror must not win on speed alone.
 */
const FRESHNESS_GRACE_MS = { min: 20, max: 250 }

export interface PageSourceOptions {
  client: Pick<HttpClient, 'send'>
  /** Per request, head and body. */
  timeoutMs: number
  /** `private-projects`, normalised: names only private indexes may serve. */
  privateProjects: string[]
  /** How long the leader may take before the next mirror is asked too. */
  hedgeAfterMs?: (mirror: Mirror) => number
  /** Whether the mirrors come in a ranking's order (default) or only as listed. */
  ranked?: boolean
}

export type ProjectAnswer =
  | {
      ok: true
      /** File URLs absolute and without credentials (see `authenticatedUrl`). */
      page: IndexPage
      mirror: Mirror
      /** Served by a hedge: a request sent while a better-ranked mirror was still answering. */
      hedged: boolean
      /** Mirrors that failed or did not list the project before this answer. */
      failovers: number
    }
  | { ok: false; status: 404 | 502; reason: string }

/** One mirror's listing of a file: the same filename and sha256 on every source of a file. */
export interface FileSource {
  mirror: Mirror
  /** As that mirror's page (from `PageSource.project`) lists it. */
  file: IndexFile
}

export type MetadataAnswer =
  | { ok: true; body: Buffer; mirror: Mirror; hedged: boolean; failovers: number }
  /** 404: every mirror that lists the metadata lacks it (a mirror bug): drop the attribute. */
  | { ok: false; status: 404 | 502; reason: string }

/** Page and metadata requests to one mirror. */
export interface MirrorCounts {
  requests: number
  /** Failures, timeouts and wrong answers; not 404s, and not hedges cancelled by a win. */
  failures: number
  notFound: number
}

/** What happened, for the job summary. */
export interface PageStats {
  /** By mirror name. */
  mirrors: Record<string, MirrorCounts>
  /** Requests that fell through to the next mirror after a failure or a 404. */
  failovers: number
  /** Requests sent to a second mirror because the first was slow. */
  hedged: number
  /** Answers served from such a request. */
  hedgesWon: number
}

type Outcome<T> =
  | { kind: 'ok'; value: T; serial?: number; latencyMs: number }
  | { kind: 'missing' }
  | { kind: 'failed'; reason: string }

type Race<T> =
  | { ok: true; value: T; mirror: Mirror; hedged: boolean; failovers: number }
  /** `asked`: how many mirrors were asked. */
  | { ok: false; missing: boolean; reason: string; asked: number }

interface Attempt {
  mirror: Mirror
  controller: AbortController
  hedge: boolean
  done: boolean
  timer?: NodeJS.Timeout
}

/**
 * Project pages and their metadata files from the ranked mirrors, for the router. Each request
 * goes to the best mirror first and falls through on a failure or a 404; when the leader is
 * slower than usual the next mirror is asked too, and the first good answer wins. Private
 * indexes come first, and a project they list, or `private-projects` names, never comes from a
 * public mirror (dependency confusion).
 */
export class PageSource {
  readonly stats: PageStats = { mirrors: {}, failovers: 0, hedged: 0, hedgesWon: 0 }
  private readonly latencies = new Map<Mirror, number[]>()
  /** Projects a private index has listed: public mirrors may never serve them. */
  private readonly privatelyListed = new Set<string>()

  private mirrors: Mirror[]
  /** Until a ranking arrives, every mirror is asked at once and the freshest early answer wins. */
  private ranked: boolean

  constructor(
    mirrors: Mirror[],
    private readonly options: PageSourceOptions
  ) {
    this.mirrors = mirrors
    this.ranked = options.ranked ?? true
    for (const mirror of mirrors)
      this.stats.mirrors[mirror.name] = { requests: 0, failures: 0, notFound: 0 }
  }

  /** The probe's order (a subset of the mirrors it started with), from the next request on. */
  rank(mirrors: Mirror[]): void {
    this.mirrors = mirrors
    this.ranked = true
  }

  async project(name: string): Promise<ProjectAnswer> {
    const project = normalizeProjectName(name)
    const ask = (mirror: Mirror, signal: AbortSignal) => this.fetchPage(mirror, project, signal)
    const privateMirrors = this.mirrors.filter(mirror => mirror.private)
    const publicMirrors = this.mirrors.filter(mirror => !mirror.private)

    let privateFailure: string | undefined
    let privateAsked = 0
    if (privateMirrors.length > 0) {
      const answer = await this.race(privateMirrors, ask)
      if (answer.ok) {
        this.privatelyListed.add(project)
        return served(answer)
      }
      if (!answer.missing) privateFailure = answer.reason
      privateAsked = answer.asked
    }

    const refusal = this.publicRefusal(project, privateFailure)
    if (refusal) return refusal
    if (publicMirrors.length === 0) {
      return privateFailure
        ? { ok: false, status: 502, reason: privateFailure }
        : { ok: false, status: 404, reason: `no mirror lists ${project}` }
    }
    const answer = await this.race(publicMirrors, ask)
    if (answer.ok) {
      if (privateAsked > 0) this.stats.failovers++
      return served(answer, privateAsked)
    }
    const reason = [privateFailure, answer.reason].filter(Boolean).join('; ')
    return answer.missing && !privateFailure
      ? { ok: false, status: 404, reason: `no mirror lists ${project}` }
      : { ok: false, status: 502, reason }
  }

  /**
   * The file's core metadata (`<file url>.metadata`, PEP 658), from the sources that list it,
   * the page's own mirror first. Its sha256 is checked against the one the page listed.
   */
  async metadata(sources: FileSource[]): Promise<MetadataAnswer> {
    const [first] = sources
    const listing = sources.filter(
      source =>
        source.file.coreMetadata !== undefined &&
        source.file.filename === first?.file.filename &&
        source.file.sha256 === first.file.sha256
    )
    if (!first || listing.length === 0)
      return { ok: false, status: 404, reason: 'no mirror lists core metadata for the file' }
    const expected = metadataSha256(first.file)
    const byMirror = new Map(listing.map(source => [source.mirror, source.file]))
    const answer = await this.race([...byMirror.keys()], (mirror, signal) =>
      this.fetchMetadata(mirror, byMirror.get(mirror) as IndexFile, expected, signal)
    )
    if (answer.ok) {
      const { value, ...rest } = answer
      return { ...rest, body: value }
    }
    const what = `core metadata of ${first.file.filename}`
    return answer.missing
      ? { ok: false, status: 404, reason: `every mirror that lists the ${what} answers 404` }
      : { ok: false, status: 502, reason: `${what}: ${answer.reason}` }
  }

  /** Why public mirrors may not serve `project` after the private indexes, if they may not. */
  private publicRefusal(project: string, privateFailure?: string): ProjectAnswer | undefined {
    const status = privateFailure ? 502 : 404
    const after = privateFailure ? `; the private indexes failed: ${privateFailure}` : ''
    if (isPrivateProject(project, this.options.privateProjects)) {
      const reason = `${project} is a private project (private-projects): public mirrors are never asked${after}`
      return { ok: false, status, reason }
    }
    if (this.privatelyListed.has(project)) {
      const reason = `${project} is listed by a private index, so no public mirror may serve it${after}`
      return { ok: false, status, reason }
    }
    if (privateFailure && this.options.privateProjects.length === 0) {
      const reason =
        `the private indexes failed (${privateFailure}), and without 'private-projects' a ` +
        `public mirror could serve a private project under its name: ${project} is not asked of one`
      return { ok: false, status: 502, reason }
    }
    return undefined
  }

  /**
   * Asks `mirrors` in order: the next one after a failure or a 404, or once the latest has been
   * slower than its usual latency. Good answers in hand together go by serial, freshest first.
   * Unranked, all are asked at once, and the first good answer waits a little for the others.
   */
  private race<T>(
    mirrors: Mirror[],
    attempt: (mirror: Mirror, signal: AbortSignal) => Promise<Outcome<T>>
  ): Promise<Race<T>> {
    return new Promise(resolve => {
      const attempts: Attempt[] = []
      const good: { attempt: Attempt; value: T; serial: number }[] = []
      const reasons: string[] = []
      let missing = 0
      let settled = false
      const fanOut = !this.ranked
      let graceTimer: NodeJS.Timeout | undefined

      const finish = (result: Race<T>): void => {
        settled = true
        clearTimeout(graceTimer)
        for (const other of attempts) {
          clearTimeout(other.timer)
          if (!other.done) other.controller.abort()
        }
        resolve(result)
      }

      const pick = (): void => {
        if (settled) return
        const best = good.reduce((a, b) => (b.serial > a.serial ? b : a))
        const failovers = attempts.filter(
          other => other.done && !good.some(answer => answer.attempt === other)
        ).length
        if (best.attempt.hedge) this.stats.hedgesWon++
        const { mirror, hedge } = best.attempt
        finish({ ok: true, value: best.value, mirror, hedged: hedge, failovers })
      }

      const launch = (hedge: boolean): void => {
        const mirror = mirrors[attempts.length]
        const current: Attempt = { mirror, controller: new AbortController(), hedge, done: false }
        attempts.push(current)
        this.counts(mirror).requests++
        if (hedge) this.stats.hedged++
        if (!fanOut && attempts.length < mirrors.length) {
          current.timer = setTimeout(() => {
            current.timer = undefined
            if (!settled && good.length === 0) launch(true)
          }, this.hedgeDelay(mirror))
        }
        void attempt(mirror, current.controller.signal)
          .catch((error: unknown): Outcome<T> => ({ kind: 'failed', reason: String(error) }))
          .then(outcome => settle(current, outcome))
      }

      const settle = (current: Attempt, outcome: Outcome<T>): void => {
        current.done = true
        clearTimeout(current.timer)
        current.timer = undefined
        if (settled) return // a loser, cancelled or late: its failure is not the mirror's
        const counts = this.counts(current.mirror)
        if (outcome.kind === 'ok') {
          this.observe(current.mirror, outcome.latencyMs)
          good.push({ attempt: current, value: outcome.value, serial: outcome.serial ?? -1 })
          if (attempts.every(other => other.done)) {
            clearTimeout(graceTimer)
            setImmediate(pick)
          } else if (good.length === 1) {
            // Let answers that arrive in the same turn (or, unranked, soon) be in hand first.
            const grace = fanOut ? freshnessGrace(outcome.latencyMs) : 0
            graceTimer = grace === 0 ? undefined : setTimeout(pick, grace)
            if (grace === 0) setImmediate(pick)
          }
          return
        }
        if (outcome.kind === 'missing') {
          counts.notFound++
          missing++
          reasons.push(`${current.mirror.name}: 404`)
        } else {
          counts.failures++
          reasons.push(`${current.mirror.name}: ${outcome.reason}`)
        }
        if (good.length > 0) {
          if (attempts.every(other => other.done)) {
            clearTimeout(graceTimer)
            pick()
          }
          return
        }
        // A pending request whose hedge timer still runs brings in the next mirror itself.
        if (attempts.some(other => !other.done && other.timer)) return
        if (attempts.length < mirrors.length) {
          this.stats.failovers++
          launch(false)
        } else if (attempts.every(other => other.done)) {
          const asked = attempts.length
          finish({ ok: false, missing: missing === asked, reason: reasons.join('; '), asked })
        }
      }

      if (mirrors.length === 0)
        resolve({ ok: false, missing: true, reason: 'no mirrors', asked: 0 })
      else if (fanOut) mirrors.forEach(() => launch(false))
      else launch(false)
    })
  }

  private async fetchPage(
    mirror: Mirror,
    project: string,
    signal: AbortSignal
  ): Promise<Outcome<IndexPage>> {
    const pageUrl = `${mirror.url}/${project}/`
    return this.fetchBody(pageUrl, ACCEPT_HEADER, MAX_PAGE_BYTES, signal, (response, body) => {
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
    return this.fetchBody(url, '*/*', MAX_METADATA_BYTES, signal, (response, body) => {
      const sha256 = expectedSha256 ?? metadataSha256(file)
      if (sha256 && createHash('sha256').update(body).digest('hex') !== sha256)
        return { kind: 'failed', reason: 'the metadata does not match the sha256 its page lists' }
      return { kind: 'ok', value: body, latencyMs: response.latencyMs }
    })
  }

  /** GET with a 404 as `missing`; the body of a 200 goes to `read`. */
  private async fetchBody<T>(
    url: string,
    accept: string,
    limit: number,
    signal: AbortSignal,
    read: (response: HttpResponse, body: Buffer) => Outcome<T>
  ): Promise<Outcome<T>> {
    const { timeoutMs } = this.options
    const sent = await this.options.client.send(url, { headers: { accept }, timeoutMs, signal })
    if ('failure' in sent) return { kind: 'failed', reason: sent.failure.message }
    const { response } = sent
    try {
      if (response.status !== 200) {
        await response.discard()
        return response.status === 404
          ? { kind: 'missing' }
          : { kind: 'failed', reason: httpFailure(response).message }
      }
      const body = await response.bytes(limit)
      if (body === undefined) return { kind: 'failed', reason: `larger than ${limit} bytes` }
      return read(response, body)
    } catch (error) {
      // The body can still time out, be cut off, or be cancelled after the head arrived.
      return { kind: 'failed', reason: failureFromError(error, timeoutMs, response.proxy).message }
    }
  }

  private counts(mirror: Mirror): MirrorCounts {
    return (this.stats.mirrors[mirror.name] ??= { requests: 0, failures: 0, notFound: 0 })
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

function freshnessGrace(latencyMs: number): number {
  return Math.min(FRESHNESS_GRACE_MS.max, Math.max(FRESHNESS_GRACE_MS.min, latencyMs))
}

/** `earlier`: mirrors that fell through before this race (the private indexes). */
function served(
  { value, failovers, ...rest }: Race<IndexPage> & { ok: true },
  earlier = 0
): ProjectAnswer {
  return { ...rest, page: value, failovers: failovers + earlier }
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

function metadataSha256(file: IndexFile): string | undefined {
  return file.coreMetadata === true ? undefined : file.coreMetadata?.sha256
}
