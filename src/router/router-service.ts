import { statfsSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type FileStats, newFileStats, PARALLEL_MIN_BYTES } from '../files/file-rules.js'
import type { FileRequest } from '../files/file-types.js'
import { FileService } from '../files/file-service.js'
import { FileStore } from '../files/store.js'
import { BadSources, MirrorSpeeds, MirrorTrouble } from '../files/file-rules.js'
import { errorMessage } from '../format/format.js'
import { projectFromFilename, versionFromFilename } from '../mirrors/distribution-file.js'
import { mirrorFromUrl, type Mirror } from '../mirrors/mirror.js'
import { HttpClient } from '../net/http-client.js'
import type { PassThrough, PassThroughStats } from '../proxy/pass-through.js'
import type { ProxyStats } from '../proxy/proxy-service.js'
import { installsFromJsonApi, keepsFileCopies } from '../tools/python-tools.js'
import type { IndexFile, IndexPage } from '../net/index-page.js'
import type { ProbedMirror, RouterRanking, RouterSettings } from './config.js'
import { KnownFiles } from './known-files.js'
import type { Evidence } from './freshness.js'
import { PageSource, type PageStats, type ProbedMirrors, type ProjectAnswer } from './pages.js'
import { parseCoreMetadata, type ReleaseMetadata, renderPypiJson } from './pypi-json.js'
import { pypiFilePath, pypiFileUrl, sha256FromPypiPath } from './pypi-urls.js'
import { chooseFormat, type FileUrl, renderProjectPage } from './render.js'
import { PYPI_FILES_HOST, PYPI_INDEX_HOST, type RouterRoute } from './request.js'
import { readWheelMetadata } from './wheel-metadata.js'
import { isDistant, Prefetcher, type PrefetchStats } from './prefetcher.js'
import { WaitClock } from './wait-clock.js'
import type { PrefetchPlan } from '../prefetch/plan.js'

/** What the router did for the whole job, for the summary. */
export interface RouterStats {
  pages: PageStats
  files: FileStats
  /** Project pages served, and pages no mirror could serve. */
  pagesServed: number
  pagesFailed: number
  /** Core metadata read from the wheel, where every mirror listing it lacked the file. */
  metadataFromWheels: number
  /** Requests that ended in an error of the router's own (each one logged). */
  errors: number
  /** Requests and tunnels that came to the router's address on a Docker network. */
  containerRequests: number
  /** The mirrors in use, in the order asked; `ranked` once the probe's ranking arrived. */
  order: string[]
  ranked: boolean
  /** As the job's HTTPS proxy, when it is one. */
  proxy?: ProxyStats
  /** Fetching ahead, once the main step sent a plan. */
  prefetch?: PrefetchStats
  /** How long clients waited on mirrors (overlapping requests once): see WaitClock. */
  networkWaitMs?: number
  /** As the job's HTTPS proxy: requests sent on to PyPI's own hosts. */
  upstream?: PassThroughStats
  /** As the job's HTTPS proxy: where PyPI's JSON API documents came from. */
  jsonApi?: JsonApiStats
}

/** Where the JSON API documents the router gave came from. */
export interface JsonApiStats {
  /** From a mirror's own copy of PyPI's JSON API. */
  mirrors: number
  /** From PyPI itself, passed through. */
  pypi: number
  /** Built from simple pages for an installer, where neither answered; by project. */
  built: Record<string, number>
  /** Refused for want of an answer the router could vouch for. */
  refused: number
}

export interface RouterServiceOptions {
  /** As the job's HTTPS proxy: where requests for PyPI's hosts that are not the mirrors' go. */
  passThrough?: PassThrough
}

/** Projects named in the figures of built JSON documents, at most. */
const MAX_NAMED_PROJECTS = 50

/** Requests in flight to one mirror at most: uv sends up to 50 at once, mirrors rate-limit. */
const PER_MIRROR_REQUESTS = 8
/**
 * Pages and metadata are kept this long for a second asker (the client after its prefetch):
 * well within the 10 minutes PyPI lets pip keep a page.
 */
const KEEP_PAGES_MS = 120_000
/** PyPI's own page caching: pip 26.2 keeps a page this long without asking again. */
const PAGE_CACHE_CONTROL = 'max-age=600, public'

/**
 * The router's state and its answers: project pages from the ranked mirrors (pages.ts), the
 * files those pages listed (known-files.ts), each served by sha256 from the store or one shared
 * download (files/), and core metadata. It owns everything a request may touch; the HTTP server
 * (server.ts) only routes requests to it.
 */
export class RouterService {
  readonly counts = {
    pagesServed: 0,
    pagesFailed: 0,
    metadataFromWheels: 0,
    errors: 0,
    containerRequests: 0
  }
  private readonly candidates: Mirror[]
  /** The candidates in use, best first once ranked. */
  private mirrors: Mirror[]
  private ranked: boolean
  private readonly client: HttpClient
  private readonly pages: PageSource
  private readonly files: FileService
  private readonly fileStats = newFileStats()
  private readonly known: KnownFiles
  /** Download speeds the probe measured, until the router has seen its own. */
  private readonly probedSpeeds = new Map<Mirror, number>()
  /** The round trips the probe measured to healthy mirrors. */
  private probedLatencies = new Map<Mirror, number>()
  /** Mirrors the probe found failing: asked only when the healthy ones fail. */
  private unhealthy = new Set<Mirror>()
  private proxyStats: ProxyStats | undefined
  private readonly prefetcher: Prefetcher
  private prefetching = false
  private readonly waits = new WaitClock()
  private readonly speeds = new MirrorSpeeds()
  private readonly passThrough: PassThrough | undefined
  private readonly jsonApi: JsonApiStats = { mirrors: 0, pypi: 0, built: {}, refused: 0 }
  /** The versions the job's plan pins, by project: a page that lacks one is asked of all. */
  private readonly pins = new Map<string, string[]>()

  constructor(settings: RouterSettings, options: RouterServiceOptions = {}) {
    this.passThrough = options.passThrough
    this.candidates = settings.mirrors.map(entry => ({
      ...mirrorFromUrl(entry.name, entry.url),
      private: entry.private
    }))
    settings.mirrors.forEach((entry, index) => {
      if (entry.bytesPerSec) this.probedSpeeds.set(this.candidates[index], entry.bytesPerSec)
    })
    this.mirrors = this.candidates
    this.ranked = settings.ranked ?? true
    this.client = new HttpClient(settings.timeoutMs, process.env, {
      perOriginLimit: PER_MIRROR_REQUESTS
    })
    this.pages = new PageSource(this.candidates, {
      client: this.client,
      timeoutMs: settings.timeoutMs,
      privateProjects: settings.privateProjects,
      ranked: this.ranked,
      keepMs: KEEP_PAGES_MS,
      ...(settings.pageMirrors ? { pageMirrors: settings.pageMirrors } : {})
    })
    const store = new FileStore(settings.storeDir)
    this.files = new FileService({
      store,
      client: this.client,
      bad: new BadSources(),
      stats: this.fileStats,
      speeds: this.speeds,
      trouble: new MirrorTrouble()
    })
    // Started over a ranking (the command line's `serve`): what its probe saw of each mirror.
    if (this.ranked)
      this.pages.rank(
        this.candidates,
        [],
        this.probed(settings.mirrors.map((entry, index) => ({ ...entry, index })))
      )
    this.known = new KnownFiles({
      mirrors: () => this.healthyMirrors(),
      projectOn: (mirror, project) => this.pages.projectOn(mirror, project),
      expectedSpeed: mirror => this.probedSpeeds.get(mirror)
    })
    this.prefetcher = new Prefetcher(
      {
        page: project => this.listedProject(project),
        metadata: async file => {
          const sources = file.sha256 && this.known.listings(file.sha256, file.filename)
          const answer = sources ? await this.pages.metadata(sources) : undefined
          return answer?.ok ? answer.body : undefined
        },
        wheelMetadata: file => this.storedWheelMetadata(file),
        request: async (sha256, mirror) => {
          const request = this.known.request(sha256)
          // A large file comes as ranges from several mirrors: it needs their listings too.
          if ((request?.size ?? 0) >= PARALLEL_MIN_BYTES) await this.known.withOthers(sha256)
          const sources = await this.known.fromFirst(sha256, mirror)
          return request && { ...request, sources }
        },
        speed: mirror => this.speeds.observed(mirror) ?? this.probedSpeeds.get(mirror),
        distant: mirror => {
          const nearest = Math.min(...this.probedLatencies.values())
          return isDistant(
            this.probedLatencies.get(mirror),
            Number.isFinite(nearest) ? nearest : undefined
          )
        },
        fetch: file => this.files.prefetch(file),
        storedSize: sha256 => store.sizeOf(sha256),
        budget: prefetchBudget(settings.storeDir)
      },
      () => this.healthyMirrors(),
      this.ranked
    )
  }

  /** Answers one routed request; resolves when the answer is sent. */
  async answer(
    route: RouterRoute,
    request: IncomingMessage,
    response: ServerResponse
  ): Promise<void> {
    switch (route.kind) {
      case 'refused':
        return plain(response, route.status, route.reason)
      case 'health':
        return plain(response, 200, 'ok')
      case 'stats':
        response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
        return void response.end(JSON.stringify(this.stats()))
      case 'page':
        return this.waited(() =>
          this.servePage(route.project, request, response, file =>
            file.sha256
              ? `/${route.secret}/files/${file.sha256}/${encodeURIComponent(file.filename)}`
              : file.url
          )
        )
      case 'pypi-page':
        return this.waited(() =>
          this.servePage(route.project, request, response, pypiUrl, PYPI_INDEX_HOST)
        )
      case 'pypi-json':
        return this.waited(() =>
          this.servePypiJson(route.project, route.version, request, response)
        )
      case 'pass-through':
        return void (await this.passOn(route.host, request, response, reason =>
          plain(response, 502, reason)
        ))
      case 'pypi-file':
        return this.servePypiFile(route.filename, route.path, route.metadata, request, response)
      case 'file':
        return route.metadata
          ? this.waited(() => this.serveMetadata(route.sha256, route.filename, response))
          : this.serveFile(route.sha256, route.filename, request, response)
    }
  }

  /** Runs a client's request that may wait on mirrors on the wait clock. */
  private async waited(serve: () => Promise<void>): Promise<void> {
    const leave = this.waits.enter()
    try {
      await serve()
    } finally {
      leave()
    }
  }

  /** The probe's verdict, for a router started before it was known. */
  rank(ranking: RouterRanking): void {
    this.mirrors = ranking.order.map(({ index }) => this.candidates[index])
    for (const { index, bytesPerSec } of ranking.order)
      if (bytesPerSec) this.probedSpeeds.set(this.candidates[index], bytesPerSec)
    const failedPrivate = (ranking.failedPrivate ?? []).map(index => this.candidates[index])
    this.ranked = true
    this.pages.rank(this.mirrors, failedPrivate, this.probed(ranking.order))
    this.prefetcher.mirrorsRanked()
  }

  /** What a probe saw of the candidates, by their place among them; their round trips kept. */
  private probed(entries: (ProbedMirror & { index: number })[]): ProbedMirrors {
    const at = ({ index }: { index: number }): Mirror => this.candidates[index]
    const latencyMs = new Map(
      entries.flatMap(entry =>
        entry.latencyMs === undefined ? [] : [[at(entry), entry.latencyMs] as const]
      )
    )
    this.unhealthy = new Set(entries.filter(entry => entry.unhealthy).map(at))
    this.probedLatencies = new Map([...latencyMs].filter(([mirror]) => !this.unhealthy.has(mirror)))
    return { unhealthy: [...this.unhealthy], latencyMs }
  }

  /**
   * The mirrors in use, best first, without those the probe found failing (unless it found all
   * failing): other listings of a large file and downloads ahead never wait for a black hole.
   */
  private healthyMirrors(): Mirror[] {
    const healthy = this.mirrors.filter(mirror => !this.unhealthy.has(mirror))
    // A probe that found none healthy could not tell them apart (its project missing, say).
    return healthy.length > 0 ? healthy : this.mirrors
  }

  stats(): RouterStats {
    return {
      pages: this.pages.stats,
      files: this.fileStats,
      ...this.counts,
      order: this.mirrors.map(mirror => mirror.name),
      ranked: this.ranked,
      ...(this.proxyStats ? { proxy: this.proxyStats } : {}),
      ...(this.prefetching ? { prefetch: this.prefetcher.stats() } : {}),
      networkWaitMs: Math.round(this.waits.totalMs),
      ...(this.passThrough ? { upstream: this.passThrough.stats, jsonApi: this.jsonApi } : {})
    }
  }

  /** Starts fetching what the job declares, and what the metadata served names, ahead. */
  prefetch(plan: PrefetchPlan): void {
    for (const want of plan.wants)
      if (want.version !== undefined)
        this.pins.set(want.project, [...(this.pins.get(want.project) ?? []), want.version])
    this.prefetching = true
    this.prefetcher.start(plan)
  }

  /** The figures of the proxy in front of this service, reported with its own. */
  reportProxy(stats: ProxyStats): void {
    this.proxyStats = stats
  }

  async close(): Promise<void> {
    await Promise.all([this.client.destroy(), this.passThrough?.close()])
  }

  /**
   * Sends the request on to PyPI's own `host`, whose answer the client gets as it is; where the
   * host cannot be reached, the client gets `otherwise`'s answer instead.
   */
  private async passOn(
    host: string,
    request: IncomingMessage,
    response: ServerResponse,
    otherwise: (reason: string) => void
  ): Promise<boolean> {
    const forwarded = this.passThrough
      ? await this.passThrough.forward(host, request, response)
      : { answered: false as const, reason: "the router is not the job's HTTPS proxy" }
    if (!forwarded.answered) otherwise(forwarded.reason)
    return forwarded.answered
  }

  /**
   * A project's page, each file at `fileUrl`. A file listed without a sha256 cannot be checked or
   * stored: the client gets the mirror's own link, without the index's credentials (a page must
   * not carry them).
   */
  private async servePage(
    project: string,
    request: IncomingMessage,
    response: ServerResponse,
    fileUrl: FileUrl,
    upstream?: string
  ): Promise<void> {
    // A client that asks for a fresh page (a failed install's retry) gets every mirror's.
    const fresh = /\bno-cache\b/i.test(single(request.headers['cache-control']) ?? '')
    const answer = await this.projectPage(project, fresh ? { fresh } : {})
    if (!answer.ok) {
      const failed = (): void => plain(response, answer.status, answer.reason)
      // No mirror lists it (a project newer than their last sync, say): PyPI's own page, unless
      // only private indexes may serve it. Where PyPI cannot be reached, the mirrors' answer.
      if (upstream === undefined || answer.private) return failed()
      return void (await this.passOn(upstream, request, response, failed))
    }
    const rendered = renderProjectPage(
      project,
      answer.page,
      chooseFormat(request.headers.accept),
      fileUrl
    )
    response.writeHead(200, {
      'Content-Type': rendered.contentType,
      'Cache-Control': PAGE_CACHE_CONTROL,
      Vary: 'Accept'
    })
    response.end(rendered.body)
  }

  /** A project's page for a client, from the mirrors, its files remembered as listed. */
  private async projectPage(project: string, evidence: Evidence = {}): Promise<ProjectAnswer> {
    const answer = await this.listedProject(project, evidence)
    this.counts[answer.ok ? 'pagesServed' : 'pagesFailed']++
    return answer
  }

  /**
   * A project's page from the mirrors, every version the job pins looked for; its files
   * remembered: they may be served from now on.
   */
  private async listedProject(project: string, evidence: Evidence = {}): Promise<ProjectAnswer> {
    const versions = this.pins.get(project)
    const answer = await this.pages.project(
      project,
      versions ? { ...evidence, versions } : evidence
    )
    if (answer.ok) this.known.remember(project, answer.listings)
    return answer
  }

  /**
   * pypi.org's JSON API: a mirror's own copy of PyPI's document (vulnerabilities and every
   * other field PyPI gives); else PyPI's own answer. Where neither can be had, an installer
   * (Poetry) gets a document built from the simple page and core metadata, which says nothing
   * about vulnerabilities; any other client gets an error, as from an unreachable PyPI, since it
   * may be asking for exactly what such a document cannot tell.
   */
  private async servePypiJson(
    project: string,
    version: string | undefined,
    request: IncomingMessage,
    response: ServerResponse
  ): Promise<void> {
    const json = await this.pages.json(project, version)
    if (json.ok) {
      this.jsonApi.mirrors++
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': PAGE_CACHE_CONTROL
      })
      return void response.end(json.body)
    }
    let reason = json.reason
    if (!json.private) {
      const fromPypi = await this.passOn(PYPI_INDEX_HOST, request, response, why => {
        reason = `${why}; ${json.reason}`
      })
      if (fromPypi) return void this.jsonApi.pypi++
    }
    if (!installsFromJsonApi(single(request.headers['user-agent']))) {
      this.jsonApi.refused++
      return json.private
        ? plain(response, 404, `${project} is served by private indexes only: ${reason}`)
        : plain(response, 502, `PyPI's JSON API could not be had for ${project}: ${reason}`)
    }
    const answer = await this.projectPage(project)
    if (!answer.ok) return plain(response, answer.status, answer.reason)
    const metadata =
      version === undefined ? undefined : await this.releaseMetadata(answer.page, version)
    const body = renderPypiJson({
      project,
      page: answer.page,
      version,
      fileUrl: pypiUrl,
      ...(metadata ? { metadata } : {})
    })
    if (body === undefined) return plain(response, 404, `no release ${version ?? ''} of ${project}`)
    this.countBuilt(project)
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': PAGE_CACHE_CONTROL
    })
    response.end(body)
  }

  private countBuilt(project: string): void {
    const built = this.jsonApi.built
    if (project in built || Object.keys(built).length < MAX_NAMED_PROJECTS)
      built[project] = (built[project] ?? 0) + 1
  }

  /**
   * A release's core metadata, for `info.requires_dist` as PyPI gives it: from the first of its
   * wheels whose metadata a mirror lists (PEP 658), checked against the listed hash. Undefined
   * when none does: the client then reads the metadata itself, as it would from PyPI.
   */
  private async releaseMetadata(
    page: IndexPage,
    version: string
  ): Promise<ReleaseMetadata | undefined> {
    const wheel = page.files.find(
      file =>
        file.filename.endsWith('.whl') &&
        file.coreMetadata !== undefined &&
        file.sha256 !== undefined &&
        versionFromFilename(file.filename) === version
    )
    const sources = wheel?.sha256 ? this.known.listings(wheel.sha256, wheel.filename) : undefined
    if (!sources) return undefined
    const answer = await this.pages.metadata(sources)
    return answer.ok ? parseCoreMetadata(answer.body.toString('utf8')) : undefined
  }

  /**
   * A file of PyPI's file host, by its name as a page listed it: the URL a page of this router
   * gave, or the one a lock file written against PyPI names (`uv sync --frozen` asks for those
   * without a page). A name no page listed yet gets its project's page first.
   */
  private async servePypiFile(
    filename: string,
    path: string,
    metadata: boolean,
    request: IncomingMessage,
    response: ServerResponse
  ): Promise<void> {
    const lookup = (): string | undefined =>
      sha256FromPypiPath(path) ?? this.known.sha256Named(filename)
    let sha256 = lookup()
    let privateProject = false
    if (!sha256 || !this.known.listings(sha256, filename)) {
      const project = projectFromFilename(filename)
      // A file the page lacks may be on a mirror the page did not come from.
      const answer = project ? await this.projectPage(project, { filename }) : undefined
      privateProject = answer?.ok ? answer.mirror.private : answer?.private === true
      sha256 = lookup()
    }
    if (!sha256) {
      const missing = (): void => plain(response, 404, 'not a file of any mirror')
      // A file no mirror lists: PyPI's own, unless its project is served privately.
      if (privateProject) return missing()
      return void (await this.passOn(PYPI_FILES_HOST, request, response, missing))
    }
    return metadata
      ? this.waited(() => this.serveMetadata(sha256, filename, response))
      : this.serveFile(sha256, filename, request, response)
  }

  /** By sha256, under the name its page gave it only. */
  private async serveFile(
    sha256: string,
    filename: string,
    request: IncomingMessage,
    response: ServerResponse
  ): Promise<void> {
    const file = this.knownRequest(sha256, filename)
    if (!file) return plain(response, 404, 'not a file of a page this router served')
    this.prefetcher.clientAsked(sha256)
    const leave = (await this.files.stored(sha256)) ? undefined : this.waits.enter()
    try {
      // A large file may come faster as ranges from several mirrors: find a second one first.
      if ((file.size ?? 0) >= PARALLEL_MIN_BYTES && this.known.hasSingleSource(sha256))
        file.sources = await this.known.withOthers(sha256)
      const outcome = await this.files.serve(
        file,
        {
          method: request.method === 'HEAD' ? 'HEAD' : 'GET',
          range: single(request.headers.range),
          ifRange: single(request.headers['if-range']),
          keepsCopy: keepsFileCopies(single(request.headers['user-agent']))
        },
        response
      )
      // A client that reads no metadata file (the mirrors list none) resolves from the wheel.
      if ((outcome === 'downloaded' || outcome === 'store') && this.prefetcher.follows(filename))
        void this.followWheel(sha256, filename)
    } finally {
      leave?.()
    }
  }

  /**
   * The file's core metadata, checked against the sha256 its page lists. Where every mirror
   * that lists it lacks it (pip would fail on a 404), it is read from the wheel itself, which
   * pip is about to download anyway, once the wheel's own sha256 is verified.
   */
  private async serveMetadata(
    sha256: string,
    filename: string,
    response: ServerResponse
  ): Promise<void> {
    const sources = this.known.listings(sha256, filename)
    const file = this.knownRequest(sha256, filename)
    if (!sources || !file) return plain(response, 404, 'not a file of a page this router served')
    let answer = await this.pages.metadata(sources)
    if (!answer.ok && answer.status === 502) {
      await this.known.withOthers(sha256)
      answer = await this.pages.metadata(sources)
    }
    const body = answer.ok
      ? answer.body
      : answer.status === 404
        ? await this.metadataFromWheel(file, sources[0].file)
        : answer.reason
    if (typeof body === 'string') return plain(response, 502, body)
    this.prefetcher.follow(sources[0].file, body)
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'max-age=365000000, immutable'
    })
    response.end(body)
  }

  /** Follows the dependencies a served wheel's METADATA names, read from the store. */
  private async followWheel(sha256: string, filename: string): Promise<void> {
    const listing = this.known.listings(sha256, filename)?.[0]?.file
    try {
      const metadata = listing && (await this.storedWheelMetadata(listing))
      if (listing && metadata) this.prefetcher.follow(listing, metadata, true)
    } catch {
      // Following is a guess: a wheel it cannot read is one guess fewer.
    }
  }

  /** A listed wheel's own METADATA, read from its verified copy (fetched first if need be). */
  private async storedWheelMetadata(listing: IndexFile): Promise<Buffer | undefined> {
    const request = listing.sha256 && this.knownRequest(listing.sha256, listing.filename)
    return request
      ? this.files.withVerified(request, fd => readWheelMetadata(fd, listing.filename))
      : undefined
  }

  /** The wheel's own METADATA, from bytes verified here; else why not. */
  private async metadataFromWheel(file: FileRequest, listing: IndexFile): Promise<Buffer | string> {
    const expected = listing.coreMetadata === true ? undefined : listing.coreMetadata?.sha256
    try {
      const metadata = await this.files.withVerified(file, fd =>
        readWheelMetadata(fd, file.filename, expected)
      )
      if (!metadata) return `no mirror could serve ${file.filename} to read its metadata from`
      this.counts.metadataFromWheels++
      return metadata
    } catch (error) {
      return errorMessage(error)
    }
  }

  private knownRequest(sha256: string, filename: string): FileRequest | undefined {
    return this.known.listings(sha256, filename) ? this.known.request(sha256) : undefined
  }
}

/** A file at PyPI's own URL for it, where it has a sha256 to be served by. */
function pypiUrl(file: IndexFile): string {
  const path = pypiFilePath(file)
  return path ? pypiFileUrl(path) : file.url
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

export function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store'
  })
  response.end(`${text}\n`)
}

/** Fetching ahead may fill a quarter of the disk the store is on, at most 8 GiB; guesses a tenth. */
const MAX_PREFETCH_BYTES = 8 * 1024 ** 3

function prefetchBudget(storeDir: string): { declared: number; followed: number } {
  let free = MAX_PREFETCH_BYTES * 4
  try {
    const disk = statfsSync(storeDir)
    free = disk.bavail * disk.bsize
  } catch {
    // Without the figure, the ceiling alone bounds it.
  }
  const declared = Math.min(MAX_PREFETCH_BYTES, free / 4)
  return { declared, followed: declared / 10 }
}
