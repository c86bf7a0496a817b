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
import type { ProxyStats } from '../proxy/proxy-service.js'
import type { IndexFile, IndexPage } from '../net/index-page.js'
import type { RouterRanking, RouterSettings } from './config.js'
import { KnownFiles } from './known-files.js'
import { PageSource, type PageStats, type ProjectAnswer } from './pages.js'
import { parseCoreMetadata, type ReleaseMetadata, renderPypiJson } from './pypi-json.js'
import { pypiFilePath, pypiFileUrl, sha256FromPypiPath } from './pypi-urls.js'
import { chooseFormat, type FileUrl, renderProjectPage } from './render.js'
import type { RouterRoute } from './request.js'
import { readWheelMetadata } from './wheel-metadata.js'

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
  /** The mirrors in use, in the order asked; `ranked` once the probe's ranking arrived. */
  order: string[]
  ranked: boolean
  /** As the job's HTTPS proxy, when it is one. */
  proxy?: ProxyStats
}

/** Requests in flight to one mirror at most: uv sends up to 50 at once, mirrors rate-limit. */
const PER_MIRROR_REQUESTS = 8
/** PyPI's own page caching: pip 26.2 keeps a page this long without asking again. */
const PAGE_CACHE_CONTROL = 'max-age=600, public'

/**
 * The router's state and its answers: project pages from the ranked mirrors (pages.ts), the
 * files those pages listed (known-files.ts), each served by sha256 from the store or one shared
 * download (files/), and core metadata. It owns everything a request may touch; the HTTP server
 * (server.ts) only routes requests to it.
 */
export class RouterService {
  readonly counts = { pagesServed: 0, pagesFailed: 0, metadataFromWheels: 0, errors: 0 }
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
  private readonly secret: string
  private proxyStats: ProxyStats | undefined

  constructor(settings: RouterSettings) {
    this.secret = settings.secret
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
      ranked: this.ranked
    })
    this.files = new FileService({
      store: new FileStore(settings.storeDir),
      client: this.client,
      bad: new BadSources(),
      stats: this.fileStats,
      speeds: new MirrorSpeeds(),
      trouble: new MirrorTrouble()
    })
    this.known = new KnownFiles({
      mirrors: () => this.mirrors,
      projectOn: (mirror, project) => this.pages.projectOn(mirror, project),
      expectedSpeed: mirror => this.probedSpeeds.get(mirror)
    })
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
        return this.servePage(route.project, request, response, file =>
          file.sha256
            ? `/${this.secret}/files/${file.sha256}/${encodeURIComponent(file.filename)}`
            : file.url
        )
      case 'pypi-page':
        return this.servePage(route.project, request, response, pypiUrl)
      case 'pypi-json':
        return this.servePypiJson(route.project, route.version, response)
      case 'pypi-file':
        return this.servePypiFile(route.filename, route.path, route.metadata, request, response)
      case 'file':
        return route.metadata
          ? this.serveMetadata(route.sha256, route.filename, response)
          : this.serveFile(route.sha256, route.filename, request, response)
    }
  }

  /** The probe's verdict, for a router started before it was known. */
  rank(ranking: RouterRanking): void {
    this.mirrors = ranking.order.map(({ index }) => this.candidates[index])
    for (const { index, bytesPerSec } of ranking.order)
      if (bytesPerSec) this.probedSpeeds.set(this.candidates[index], bytesPerSec)
    const failedPrivate = (ranking.failedPrivate ?? []).map(index => this.candidates[index])
    this.ranked = true
    this.pages.rank(this.mirrors, failedPrivate)
  }

  stats(): RouterStats {
    return {
      pages: this.pages.stats,
      files: this.fileStats,
      ...this.counts,
      order: this.mirrors.map(mirror => mirror.name),
      ranked: this.ranked,
      ...(this.proxyStats ? { proxy: this.proxyStats } : {})
    }
  }

  /** The figures of the proxy in front of this service, reported with its own. */
  reportProxy(stats: ProxyStats): void {
    this.proxyStats = stats
  }

  async close(): Promise<void> {
    await this.client.destroy()
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
    fileUrl: FileUrl
  ): Promise<void> {
    const answer = await this.projectPage(project)
    if (!answer.ok) return plain(response, answer.status, answer.reason)
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

  /** A project's page from the mirrors, its files remembered as listed to a client. */
  private async projectPage(project: string): Promise<ProjectAnswer> {
    const answer = await this.pages.project(project)
    if (!answer.ok) {
      this.counts.pagesFailed++
      return answer
    }
    this.counts.pagesServed++
    this.known.remember(project, answer.mirror, answer.page.files)
    return answer
  }

  /** pypi.org's JSON API, from the project's simple page (Poetry reads it). */
  private async servePypiJson(
    project: string,
    version: string | undefined,
    response: ServerResponse
  ): Promise<void> {
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
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': PAGE_CACHE_CONTROL
    })
    response.end(body)
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
    if (!sha256 || !this.known.listings(sha256, filename)) {
      const project = projectFromFilename(filename)
      if (project) await this.projectPage(project)
      sha256 = lookup()
    }
    if (!sha256) return plain(response, 404, 'not a file of any mirror')
    return metadata
      ? this.serveMetadata(sha256, filename, response)
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
    // A large file may come faster as ranges from several mirrors: find a second one first.
    if ((file.size ?? 0) >= PARALLEL_MIN_BYTES && this.known.hasSingleSource(sha256))
      file.sources = await this.known.withOthers(sha256)
    await this.files.serve(
      file,
      {
        method: request.method === 'HEAD' ? 'HEAD' : 'GET',
        range: single(request.headers.range),
        ifRange: single(request.headers['if-range'])
      },
      response
    )
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
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'max-age=365000000, immutable'
    })
    response.end(body)
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
