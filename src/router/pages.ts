import type { Mirror } from '../mirrors/mirror.js'
import { normalizeProjectName } from '../mirrors/project-name.js'
import type { IndexFile, IndexPage } from '../net/index-page.js'
import { type Evidence, Freshness, type FreshnessStats } from './freshness.js'
import type { RaceCounts, RaceResult } from './hedged-race.js'
import { InFlight } from './in-flight.js'
import {
  metadataSha256,
  type MirrorCounts,
  type MirrorRequestOptions,
  MirrorRequests,
  type RaceRules
} from './mirror-requests.js'
import type { FileListing } from './page-merge.js'
import { PrivateRules } from './private-rules.js'
import { mirrorJsonUrl } from './pypi-json.js'

/** A normalised PEP 503 name: what may go into an upstream URL. */
const PROJECT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/
/** Page answer times kept for the figures (the latest). */
const ANSWER_TIMES_KEPT = 2000

export interface PageSourceOptions extends MirrorRequestOptions {
  /** `private-projects`, normalised: names only private indexes may serve. */
  privateProjects: string[]
  /** Whether the mirrors come in a ranking's order (default) or only as listed. */
  ranked?: boolean
  /** Public mirrors each page is asked of and merged from (default 2; 1: the first good one). */
  pageMirrors?: number
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

/** What happened, for the job summary. */
export interface PageStats extends RaceCounts, FreshnessStats {
  /** By mirror name. */
  mirrors: Record<string, MirrorCounts>
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

/**
 * Project pages, their metadata files and JSON API documents from the ranked mirrors, for the
 * router. A page's way, top-down: the private rules (private-rules.ts: private indexes first,
 * and a project they list, or `private-projects` names, never from a public mirror); then
 * freshness (freshness.ts: the best two public mirrors at once, every one on evidence that a
 * page lacks something, their pages merged by page-merge.ts); the requests themselves
 * (mirror-requests.ts), a failed or slow mirror giving way to the next (hedged-race.ts).
 * Concurrent requests for one project share one answer.
 */
export class PageSource {
  readonly stats: PageStats = newPageStats()
  private readonly requests: MirrorRequests
  private readonly privateRules: PrivateRules
  private readonly freshness: Freshness
  /** Answers in flight, by normalised project name. */
  private readonly answers = new InFlight<ProjectAnswer>()
  /** Failovers and hedges of JSON API requests: mirrors without one must not swell the pages'. */
  private readonly jsonCounts: RaceCounts = { failovers: 0, hedged: 0, hedgesWon: 0 }
  private mirrors: Mirror[]
  /** Until a ranking arrives, every mirror is asked at once and the freshest early answer wins. */
  private ranked: boolean

  constructor(
    private readonly candidates: Mirror[],
    options: PageSourceOptions
  ) {
    this.requests = new MirrorRequests(options, this.stats.mirrors)
    this.privateRules = new PrivateRules(options.privateProjects, this.requests)
    this.freshness = new Freshness(
      this.stats,
      mirror => this.requests.counts(mirror),
      options.pageMirrors
    )
    this.mirrors = candidates
    this.ranked = options.ranked ?? true
    for (const mirror of candidates) this.requests.counts(mirror)
  }

  /**
   * The probe's order (a subset of the mirrors it started with), from the next request on.
   * `failedPrivate`: private indexes the probe excluded. A private candidate is never forgotten:
   * left out of `order`, it counts as failed, so its projects are refused, not sent to a public
   * mirror. `probed`: what the probe saw of them, until the router sees for itself.
   */
  rank(order: Mirror[], failedPrivate: Mirror[], probed: ProbedMirrors = {}): void {
    const leftOut = this.candidates.filter(mirror => mirror.private && !order.includes(mirror))
    const failed = [...new Set([...failedPrivate, ...leftOut])]
    this.privateRules.exclude(failed)
    this.mirrors = order.filter(mirror => !failed.includes(mirror))
    this.freshness.setUnhealthy(probed.unhealthy ?? [])
    for (const [mirror, latencyMs] of probed.latencyMs ?? [])
      this.requests.assumeLatency(mirror, latencyMs)
    this.ranked = true
  }

  /**
   * The project's page under the private rules: from the private index that lists it, else
   * merged from the best public mirrors'; from every healthy one's where `evidence` says the
   * page lacks something.
   */
  async project(name: string, evidence: Evidence = {}): Promise<ProjectAnswer> {
    const project = projectName(name)
    if (!project) return NOT_A_NAME
    const startedAt = performance.now()
    if (evidence.fresh) {
      for (const mirror of this.mirrors) this.requests.forgetPage(mirror, project)
      this.freshness.widen(project)
    }
    let answer = await this.answers.join(project, () => this.findProject(project))
    if (
      answer.ok &&
      !answer.mirror.private &&
      this.freshness.fallsShort(project, answer.page, evidence)
    ) {
      this.freshness.widen(project)
      answer = await this.answers.join(project, () => this.findProject(project))
    }
    this.timeAnswer(performance.now() - startedAt)
    return answer
  }

  /**
   * `mirror`'s own page for the project (where else a file is listed), under the same private
   * rules: a public mirror is never asked for a project that is private.
   */
  async projectOn(mirror: Mirror, name: string): Promise<ProjectAnswer> {
    const project = projectName(name)
    if (!project) return NOT_A_NAME
    if (this.privateRules.isExcluded(mirror))
      return { ok: false, status: 502, reason: `${mirror.name} was excluded by the probe` }
    if (!mirror.private) {
      const { failure } = await this.privateRules.ask(project, this.mirrors, this.rules())
      const refusal = this.privateRules.refusal(project, failure)
      if (refusal) return refusal
    }
    const outcome = await this.requests.page(mirror, project)
    if (outcome.kind === 'ok') {
      if (mirror.private) this.privateRules.noteListed(project)
      const page = outcome.value
      const listings = listedBy(page, mirror)
      return { ok: true, page, listings, mirror, hedged: false, failovers: 0 }
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
    const privately = await this.privateRules.ask(project, this.mirrors, this.rules())
    const refusal = privately.listed
      ? undefined
      : this.privateRules.refusal(project, privately.failure)
    if (refusal) return refusal
    const isPrivate = privately.listed !== undefined
    const mirrors = this.mirrors.filter(
      mirror => mirror.private === isPrivate && mirrorJsonUrl(mirror.url, project) !== undefined
    )
    const answer = await this.requests.race(
      mirrors,
      (mirror, signal) => this.requests.json(mirror, project, version, signal),
      this.rules(this.jsonCounts)
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
    const answer = await this.requests.race(
      [...byMirror.keys()],
      (mirror, signal) =>
        this.requests.metadata(mirror, byMirror.get(mirror) as IndexFile, expected, key, signal),
      this.rules()
    )
    if (answer.ok) {
      const { value, mirror, hedged, failovers } = answer
      return { ok: true, body: value, mirror, hedged, failovers }
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
      const project = this.requests.projectListing(file)
      return (
        project !== undefined &&
        !this.privateRules.refusal(project, this.privateRules.excludedReason())
      )
    })
  }

  /** Private indexes first; then the public mirrors freshness picks, their pages merged. */
  private async findProject(project: string): Promise<ProjectAnswer> {
    const privately = await this.privateRules.ask(project, this.mirrors, this.rules())
    if (privately.listed) return served(privately.listed)
    const refusal = this.privateRules.refusal(project, privately.failure)
    if (refusal) return refusal
    const publicMirrors = this.mirrors.filter(mirror => !mirror.private)
    const { order, gather } = this.freshness.plan(project, publicMirrors)
    const answer = await this.requests.race(
      order,
      (mirror, signal) => this.requests.page(mirror, project, signal),
      this.rules(this.stats, gather)
    )
    if (answer.ok) {
      if (privately.fellThrough > 0) this.stats.failovers++
      const merged = this.freshness.merge(
        answer.answers.map(({ mirror, value }) => ({ mirror, page: value }))
      )
      return {
        ok: true,
        page: merged.page,
        listings: merged.listings,
        mirror: merged.freshest,
        hedged: answer.hedged,
        failovers: answer.failovers + privately.fellThrough
      }
    }
    if (!privately.failure && answer.missing)
      return { ok: false, status: 404, reason: `no mirror lists ${project}` }
    const reasons = [privately.failure, answer.asked > 0 ? answer.reason : undefined]
    return { ok: false, status: 502, reason: reasons.filter(Boolean).join('; ') }
  }

  /** Before the ranking, every mirror at once; after it, best first. */
  private rules(counts: RaceCounts = this.stats, gather = 1): RaceRules {
    return { fanOut: !this.ranked, counts, gather }
  }

  private timeAnswer(ms: number): void {
    const times = this.stats.answerMs
    times.push(Math.round(ms * 10) / 10)
    if (times.length > ANSWER_TIMES_KEPT) times.splice(0, times.length - ANSWER_TIMES_KEPT)
  }
}

const NOT_A_NAME_REASON = 'not a project name (PEP 503: letters, digits and -_. inside)'
const NOT_A_NAME: ProjectAnswer = { ok: false, status: 404, reason: NOT_A_NAME_REASON }

/** The normalised name, or undefined when `name` is not a project name at all. */
export function projectName(name: string): string | undefined {
  const project = normalizeProjectName(name)
  return PROJECT_NAME.test(project) ? project : undefined
}

/** A private index's page: its files as it lists them. */
function served({
  value,
  mirror,
  hedged,
  failovers
}: RaceResult<IndexPage> & { ok: true }): ProjectAnswer {
  return { ok: true, page: value, listings: listedBy(value, mirror), mirror, hedged, failovers }
}

/** A page's files, each as listed by `mirror`. */
function listedBy(page: IndexPage, mirror: Mirror): FileListing[] {
  return page.files.map(file => ({ mirror, file }))
}
