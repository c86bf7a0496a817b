import { createHash } from 'node:crypto'
import { formatBytes } from '../format/format.js'
import { isPrivateProject } from '../install/private-index.js'
import type { Mirror } from '../mirrors/mirror.js'
import { normalizeProjectName } from '../mirrors/project-name.js'
import type { HttpClient, HttpResponse } from '../net/http-client.js'
import { ACCEPT_HEADER, type IndexFile, type IndexPage, parseIndexPage } from '../net/index-page.js'
import { failureFromError, headerText, httpFailure } from '../net/probe-failure.js'
import { versionFromFilename } from '../mirrors/distribution-file.js'
import { hedgedRace, type Outcome, type RaceCounts, type RaceResult } from './hedged-race.js'
import { InFlight } from './in-flight.js'
import { type FileListing, type HashConflict, mergePages } from './page-merge.js'
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
/** A normalised PEP 503 name: what may go into an upstream URL. */
const PROJECT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/
/**
 * Public mirrors each page is asked of and merged from, the best-ranked first: a release the
 * fastest has not synced yet comes from the next. A page then waits for the slower of the two;
 * for the third too, it would wait for a mirror usually much further away (docs/benchmarks.md:
 * 10 ms more per page with two, 77 ms with three). Evidence of more brings in every mirror.
 */
const PAGE_MIRRORS = 2
/** Projects whose pages are asked of every mirror, at most (the oldest are forgotten first). */
const MAX_WIDE_PROJECTS = 10_000
/** Disagreements about a file's sha256 named in the figures, at most. */
const MAX_NAMED_CONFLICTS = 50
/** Page answer times kept for the figures (the latest). */
const ANSWER_TIMES_KEPT = 2000

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
  /**
   * How long a page or metadata file fetched is kept for the next asker (default 0: asked
   * afresh each time): a prefetch asks for what its client is about to ask for.
   */
  keepMs?: number
  /** Public mirrors each page is asked of and merged from (default 2; 1: the first good one). */
  pageMirrors?: number
}

/**
 * What says that a page may lack what another mirror lists: the versions the job pins, a file
 * a client asks for, or a client (or a failed install's retry) asking for a fresh page. A page
 * that falls short is asked of every mirror.
 */
export interface Evidence {
  versions?: string[]
  filename?: string
  /** `Cache-Control: no-cache`: every mirror, nothing kept. */
  fresh?: boolean
}

export type ProjectAnswer =
  | {
      ok: true
      /**
       * File URLs absolute and without credentials (see `authenticatedUrl`). Merged from the
       * pages of several mirrors, the freshest's listing of each file.
       */
      page: IndexPage
      /** Every mirror's listing of each file the page lists. */
      listings: FileListing[]
      /** The freshest page's mirror, or the private index's. */
      mirror: Mirror
      /** Served by a hedge: a request sent while a better-ranked mirror was still answering. */
      hedged: boolean
      /** Mirrors that failed or did not list the project before this answer. */
      failovers: number
    }
  /**
   * `private`: refused because only private indexes may serve the project, so no one else, PyPI
   * included, may be asked about it.
   */
  | { ok: false; status: 404 | 502; reason: string; private?: true }

/** A GET of a page or a metadata file: at most `limit` bytes of body are read. */
interface BodyRequest {
  url: string
  accept: string
  limit: number
  signal: AbortSignal
}

export type JsonAnswer =
  | { ok: true; body: string; mirror: Mirror }
  /**
   * `private`: only private indexes may serve the project, so no one else, PyPI included, may be
   * asked about it.
   */
  | { ok: false; status: 404 | 502; reason: string; private: boolean }

export type MetadataAnswer =
  | { ok: true; body: Buffer; mirror: Mirror; hedged: boolean; failovers: number }
  /** 404: every mirror that lists the metadata lacks it (a mirror bug): drop the attribute. */
  | { ok: false; status: 404 | 502; reason: string }

/** Page and metadata requests to one mirror. */
export interface MirrorCounts {
  requests: number
  /** Failures, timeouts and wrong answers; not 404s, and not requests cancelled by a win. */
  failures: number
  notFound: number
  /** Its pages that lacked a file another mirror's page of the project listed. */
  behind: number
}

/** What happened, for the job summary. */
export interface PageStats extends RaceCounts {
  /** By mirror name. */
  mirrors: Record<string, MirrorCounts>
  /** Pages merged from more than one mirror's. */
  merged: number
  /** Pages asked of every mirror, on evidence that the first answers lacked something. */
  widened: number
  /** Files two mirrors list with different sha256s (the first few named). */
  conflicts: HashConflict[]
  /** How long the latest page answers took, in ms, kept pages included. */
  answerMs: number[]
}

export function newPageStats(): PageStats {
  return {
    mirrors: {},
    failovers: 0,
    hedged: 0,
    hedgesWon: 0,
    merged: 0,
    widened: 0,
    conflicts: [],
    answerMs: []
  }
}

/** What the probe saw of the mirrors it ranked. */
export interface ProbedMirrors {
  unhealthy?: Mirror[]
  /** Median page latency. */
  latencyMs?: Map<Mirror, number>
}

/** What the private indexes said about a project. */
interface PrivateVerdict {
  /** The page of a private index that lists it. */
  listed?: ProjectAnswer
  /** Why it is unknown whether they list it: a failure, or an index left out of the ranking. */
  failure?: string
  /** Private indexes that failed or did not list it. */
  fellThrough: number
}

/**
 * Project pages and their metadata files from the ranked mirrors, for the router. Private
 * indexes come first, and a project they list, or `private-projects` names, never comes from a
 * public mirror (dependency confusion): the first that lists it serves it. A public page is
 * asked of the best few public mirrors at once and merged (page-merge.ts), so that a release
 * one of them lacks still shows; on evidence that it lacks more (see `Evidence`), of every
 * mirror. A mirror that fails, or is slower than usual, gives way to the next (hedged-race.ts).
 * Mirrors found behind others move down. Concurrent requests for one project, or one mirror's
 * page of it, share one upstream request.
 */
export class PageSource {
  readonly stats: PageStats = newPageStats()
  /** Projects whose pages every mirror is asked for: a page fell short of the evidence. */
  private readonly wide = new Set<string>()
  private readonly latencies = new Map<Mirror, number[]>()
  /** Projects a private index has listed: public mirrors may never serve them. */
  private readonly privatelyListed = new Set<string>()
  /** The project whose page listed each file this source handed out. */
  private readonly listedFor = new WeakMap<IndexFile, string>()
  /** Answers in flight, by normalised project name. */
  private readonly answers = new InFlight<ProjectAnswer>()
  /** Page requests in flight, by mirror and project. */
  private readonly pages = new InFlight<Outcome<IndexPage>>()
  /** Metadata requests in flight, by mirror and file. */
  private readonly metadataFetches = new InFlight<Outcome<Buffer>>()
  /** JSON API requests in flight, by mirror, project and release. */
  private readonly jsonFetches = new InFlight<Outcome<string>>()
  /** Failovers and hedges of JSON API requests: mirrors without one must not swell the pages'. */
  private readonly jsonCounts: RaceCounts = { failovers: 0, hedged: 0, hedgesWon: 0 }
  private readonly mirrorKeys = new Map<Mirror, number>()
  /** Pages fetched, kept for `keepMs`. */
  private readonly recentPages: Recent<Outcome<IndexPage>>
  /** Checked metadata files, by the sha256 of their file and of themselves. */
  private readonly recentMetadata: Recent<Outcome<Buffer>>

  private mirrors: Mirror[]
  /** Private indexes no longer asked: they count as failed (see `publicRefusal`). */
  private failedPrivate: Mirror[] = []
  /** Until a ranking arrives, every mirror is asked at once and the freshest early answer wins. */
  private ranked: boolean
  /** Mirrors the probe found failing or too slow: asked when the others fail, never waited for. */
  private unhealthy = new Set<Mirror>()

  constructor(
    private readonly candidates: Mirror[],
    private readonly options: PageSourceOptions
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
    this.mirrors = candidates
    this.ranked = options.ranked ?? true
    for (const mirror of candidates) this.counts(mirror)
  }

  /**
   * The probe's order (a subset of the mirrors it started with), from the next request on.
   * `failedPrivate`: private indexes the probe excluded. A private candidate is never forgotten:
   * left out of `order`, it counts as failed, so its projects are refused, not sent to a public
   * mirror. `probed`: what the probe saw of them, until the router sees for itself.
   */
  rank(order: Mirror[], failedPrivate: Mirror[], probed: ProbedMirrors = {}): void {
    const leftOut = this.candidates.filter(mirror => mirror.private && !order.includes(mirror))
    this.failedPrivate = [...new Set([...failedPrivate, ...leftOut])]
    this.mirrors = order.filter(mirror => !this.failedPrivate.includes(mirror))
    this.unhealthy = new Set(probed.unhealthy ?? [])
    for (const [mirror, latencyMs] of probed.latencyMs ?? [])
      if (!this.latencies.has(mirror)) this.latencies.set(mirror, [latencyMs])
    this.ranked = true
  }

  /**
   * The project's page under the private rules: from the private index that lists it, else
   * merged from the best public mirrors'; from every mirror's where `evidence` says the page
   * lacks something.
   */
  async project(name: string, evidence: Evidence = {}): Promise<ProjectAnswer> {
    const project = projectName(name)
    if (!project) return NOT_A_NAME
    const startedAt = performance.now()
    if (evidence.fresh) this.widen(project, true)
    let answer = await this.answers.join(project, () => this.findProject(project))
    if (answer.ok && !answer.mirror.private && !this.wide.has(project) && lacks(answer, evidence)) {
      this.widen(project, false)
      answer = await this.answers.join(project, () => this.findProject(project))
    }
    this.timeAnswer(performance.now() - startedAt)
    return answer
  }

  /** From now on every public mirror is asked for the project's page; `afresh`: none kept. */
  private widen(project: string, afresh: boolean): void {
    if (afresh)
      for (const mirror of this.mirrors)
        this.recentPages.delete(`${this.mirrorKey(mirror)} ${project}`)
    if (this.wide.has(project)) return
    this.stats.widened++
    this.wide.add(project)
    for (const oldest of this.wide) {
      if (this.wide.size <= MAX_WIDE_PROJECTS) break
      this.wide.delete(oldest)
    }
  }

  private timeAnswer(ms: number): void {
    const times = this.stats.answerMs
    times.push(Math.round(ms * 10) / 10)
    if (times.length > ANSWER_TIMES_KEPT) times.splice(0, times.length - ANSWER_TIMES_KEPT)
  }

  /**
   * `mirror`'s own page for the project (where else a file is listed), under the same private
   * rules: a public mirror is never asked for a project that is private.
   */
  async projectOn(mirror: Mirror, name: string): Promise<ProjectAnswer> {
    const project = projectName(name)
    if (!project) return NOT_A_NAME
    if (this.failedPrivate.includes(mirror))
      return { ok: false, status: 502, reason: `${mirror.name} was excluded by the probe` }
    if (!mirror.private) {
      const refusal = this.publicRefusal(project, (await this.askPrivate(project)).failure)
      if (refusal) return refusal
    }
    const outcome = await this.page(mirror, project)
    if (outcome.kind === 'ok') {
      if (mirror.private) this.privatelyListed.add(project)
      const page = outcome.value
      return {
        ok: true,
        page,
        listings: listedBy(page, mirror),
        mirror,
        hedged: false,
        failovers: 0
      }
    }
    return outcome.kind === 'missing'
      ? { ok: false, status: 404, reason: `${mirror.name} does not list ${project}` }
      : { ok: false, status: 502, reason: `${mirror.name}: ${outcome.reason}` }
  }

  /**
   * PyPI's JSON document of the project (or of one release) from the best mirror that keeps
   * PyPI's JSON API beside its simple index (see `mirrorJsonUrl`), under the private rules of
   * pages: a project a private index lists comes from private indexes only, one that is private
   * by name from none when they fail.
   */
  async json(name: string, version?: string): Promise<JsonAnswer> {
    const project = projectName(name)
    if (!project) return { ok: false, status: 404, reason: NOT_A_NAME_REASON, private: false }
    const privately = await this.askPrivate(project)
    const refusal = privately.listed ? undefined : this.publicRefusal(project, privately.failure)
    if (refusal && !refusal.ok) return { ...refusal, private: true }
    const isPrivate = privately.listed !== undefined
    const mirrors = this.mirrors.filter(
      mirror => mirror.private === isPrivate && mirrorJsonUrl(mirror.url, project) !== undefined
    )
    const answer = await this.race(
      mirrors,
      (mirror, signal) => this.jsonOn(mirror, project, version, signal),
      this.jsonCounts
    )
    if (answer.ok) return { ok: true, body: answer.value, mirror: answer.mirror }
    const release = version === undefined ? project : `${project} ${version}`
    const reason =
      answer.asked === 0
        ? `no mirror that may serve ${project} keeps PyPI's JSON API`
        : `no mirror's JSON API serves ${release}: ${answer.reason}`
    return { ok: false, status: answer.missing ? 404 : 502, reason, private: isPrivate }
  }

  /**
   * The file's core metadata (`<file url>.metadata`, PEP 658), from the sources that list it,
   * the page's own mirror first. Its sha256 is checked against the one the page listed.
   */
  async metadata(sources: FileListing[]): Promise<MetadataAnswer> {
    const trusted = this.metadataSources(sources)
    if (trusted.length === 0 && sources.length > 0) {
      const reason = 'the file is listed for a private project: no public mirror may serve it'
      return { ok: false, status: 502, reason }
    }
    const [first] = trusted
    const listing = trusted.filter(
      source =>
        source.file.coreMetadata !== undefined &&
        source.file.filename === first?.file.filename &&
        source.file.sha256 === first.file.sha256
    )
    if (!first || listing.length === 0)
      return { ok: false, status: 404, reason: 'no mirror lists core metadata for the file' }
    const expected = metadataSha256(first.file)
    const byMirror = new Map(listing.map(source => [source.mirror, source.file]))
    const key = `${first.file.sha256 ?? first.file.filename} ${expected ?? ''}`
    const answer = await this.race([...byMirror.keys()], async (mirror, signal) => {
      const kept = this.recentMetadata.get(key)
      if (kept) return kept
      const file = byMirror.get(mirror) as IndexFile
      const outcome = await this.metadataFetches.join(
        `${this.mirrorKey(mirror)} ${key}`,
        shared => this.fetchMetadata(mirror, file, expected, shared),
        signal
      )
      if (outcome.kind === 'ok') this.recentMetadata.set(key, outcome)
      return outcome
    })
    if (answer.ok) {
      const { value, ...rest } = answer
      return { ...rest, body: value }
    }
    const what = `core metadata of ${first.file.filename}`
    return answer.missing
      ? { ok: false, status: 404, reason: `every mirror that lists the ${what} answers 404` }
      : { ok: false, status: 502, reason: `${what}: ${answer.reason}` }
  }

  /**
   * The sources a file's metadata may come from. A file a private index lists is read from
   * private indexes only: a public mirror's listing of the same file could name other metadata,
   * and its own hash for it. A public listing counts only if this source handed it out, for a
   * project that public mirrors may still serve.
   */
  private metadataSources(sources: FileListing[]): FileListing[] {
    if (sources.some(source => source.mirror.private))
      return sources.filter(source => source.mirror.private)
    return sources.filter(({ file }) => {
      const project = this.listedFor.get(file)
      return project !== undefined && !this.publicRefusal(project, this.excludedReason())
    })
  }

  private async findProject(project: string): Promise<ProjectAnswer> {
    const privately = await this.askPrivate(project)
    if (privately.listed) return privately.listed
    const refusal = this.publicRefusal(project, privately.failure)
    if (refusal) return refusal
    const publicMirrors = this.publicOrder()
    const healthy = publicMirrors.filter(mirror => !this.unhealthy.has(mirror)).length
    const wanted = this.wide.has(project) ? healthy : (this.options.pageMirrors ?? PAGE_MIRRORS)
    const gather = Math.max(1, Math.min(wanted, healthy))
    const answer = await this.race(
      publicMirrors,
      (mirror, signal) => this.page(mirror, project, signal),
      this.stats,
      gather
    )
    if (answer.ok) {
      if (privately.fellThrough > 0) this.stats.failovers++
      return this.merged(answer, privately.fellThrough)
    }
    if (!privately.failure && answer.missing)
      return { ok: false, status: 404, reason: `no mirror lists ${project}` }
    const reasons = [privately.failure, answer.asked > 0 ? answer.reason : undefined]
    return { ok: false, status: 502, reason: reasons.filter(Boolean).join('; ') }
  }

  /**
   * Asks the private indexes, all of them before any public mirror. A private index excluded
   * by the ranking counts as failed, as of when public mirrors would be asked.
   */
  private async askPrivate(project: string): Promise<PrivateVerdict> {
    const privateMirrors = this.mirrors.filter(mirror => mirror.private)
    const answer = await this.race(privateMirrors, (mirror, signal) =>
      this.page(mirror, project, signal)
    )
    if (answer.ok) {
      this.privatelyListed.add(project)
      const listed: ProjectAnswer = {
        ok: true,
        page: answer.value,
        listings: listedBy(answer.value, answer.mirror),
        mirror: answer.mirror,
        hedged: answer.hedged,
        failovers: answer.failovers
      }
      return { listed, fellThrough: answer.failovers }
    }
    const failures = [answer.missing ? undefined : answer.reason, this.excludedReason()]
    return { failure: failures.filter(Boolean).join('; ') || undefined, fellThrough: answer.asked }
  }

  /** Why the private indexes the ranking excluded count as failed; undefined without any. */
  private excludedReason(): string | undefined {
    const names = this.failedPrivate.map(mirror => mirror.name)
    return names.length > 0 ? `${names.join(', ')}: excluded by the probe` : undefined
  }

  /** Why public mirrors may not serve `project` after the private indexes, if they may not. */
  private publicRefusal(project: string, privateFailure?: string): ProjectAnswer | undefined {
    const status = privateFailure ? 502 : 404
    const after = privateFailure ? `; the private indexes failed: ${privateFailure}` : ''
    if (isPrivateProject(project, this.options.privateProjects)) {
      const reason = `${project} is a private project (private-projects): public mirrors are never asked${after}`
      return { ok: false, status, reason, private: true }
    }
    if (this.privatelyListed.has(project)) {
      const reason = `${project} is listed by a private index, so no public mirror may serve it${after}`
      return { ok: false, status, reason, private: true }
    }
    if (privateFailure && this.options.privateProjects.length === 0) {
      const reason =
        `the private indexes failed (${privateFailure}), and without 'private-projects' a ` +
        `public mirror could serve a private project under its name: ${project} is not asked of one`
      return { ok: false, status: 502, reason, private: true }
    }
    return undefined
  }

  /**
   * The public mirrors in ranked order, the healthy ones first, those found behind others'
   * pages moved down among them (fewest times behind first): they lag for this job's projects,
   * as a slow one is slow.
   */
  private publicOrder(): Mirror[] {
    const rank = (mirror: Mirror): number =>
      this.unhealthy.has(mirror) ? Number.MAX_SAFE_INTEGER : this.counts(mirror).behind
    return this.mirrors.filter(mirror => !mirror.private).sort((a, b) => rank(a) - rank(b))
  }

  /** The public pages in hand merged into one, what the merge found counted. */
  private merged(
    { answers, failovers, hedged }: RaceResult<IndexPage> & { ok: true },
    earlier: number
  ): ProjectAnswer {
    const merge = mergePages(answers.map(({ mirror, value }) => ({ mirror, page: value })))
    if (answers.length > 1) {
      this.stats.merged++
      for (const mirror of merge.behind) this.counts(mirror).behind++
    }
    for (const conflict of merge.conflicts) this.noteConflict(conflict)
    const freshest = merge.page.files[0]
    const mirror = (freshest && merge.listedBy.get(freshest)) ?? answers[0].mirror
    return {
      ok: true,
      page: merge.page,
      listings: merge.listings,
      mirror,
      hedged,
      failovers: failovers + earlier
    }
  }

  private noteConflict(conflict: HashConflict): void {
    const known = this.stats.conflicts.find(c => c.filename === conflict.filename)
    if (known) known.mirrors = [...new Set([...known.mirrors, ...conflict.mirrors])]
    else if (this.stats.conflicts.length < MAX_NAMED_CONFLICTS) this.stats.conflicts.push(conflict)
  }

  private race<T>(
    mirrors: Mirror[],
    ask: (mirror: Mirror, signal: AbortSignal) => Promise<Outcome<T>>,
    counts: RaceCounts = this.stats,
    gather = 1
  ): Promise<RaceResult<T>> {
    return hedgedRace({
      mirrors,
      ask,
      fanOut: !this.ranked,
      hedgeDelay: mirror => this.hedgeDelay(mirror),
      counts,
      gather
    })
  }

  /** `mirror`'s JSON document, shared with every other caller while it is in flight. */
  private jsonOn(
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
  private async page(
    mirror: Mirror,
    project: string,
    signal?: AbortSignal
  ): Promise<Outcome<IndexPage>> {
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

  private counts(mirror: Mirror): MirrorCounts {
    return (this.stats.mirrors[mirror.name] ??= {
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

const NOT_A_NAME_REASON = 'not a project name (PEP 503: letters, digits and -_. inside)'
const NOT_A_NAME: ProjectAnswer = { ok: false, status: 404, reason: NOT_A_NAME_REASON }

/** The normalised name, or undefined when `name` is not a project name at all. */
export function projectName(name: string): string | undefined {
  const project = normalizeProjectName(name)
  return PROJECT_NAME.test(project) ? project : undefined
}

/** A page's files, each as listed by `mirror`. */
function listedBy(page: IndexPage, mirror: Mirror): FileListing[] {
  return page.files.map(file => ({ mirror, file }))
}

/** Whether the page lacks what `evidence` says the job needs: a pinned version, or a file. */
function lacks(answer: ProjectAnswer & { ok: true }, evidence: Evidence): boolean {
  const { files, versions } = answer.page
  if (evidence.filename !== undefined && !files.some(f => f.filename === evidence.filename))
    return true
  const listed = new Set([
    ...(versions ?? []),
    ...files.map(file => versionFromFilename(file.filename)).filter(v => v !== undefined)
  ])
  return (evidence.versions ?? []).some(version => !listed.has(version))
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
