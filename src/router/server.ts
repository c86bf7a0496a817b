import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Server } from 'node:net'
import { mirrorFromUrl, type Mirror } from '../mirrors/mirror.js'
import { normalizeProjectName } from '../mirrors/project-name.js'
import { HttpClient } from '../net/http-client.js'
import type { IndexFile } from '../net/index-page.js'
import { LOOPBACK, type RouterRanking, type RouterSettings } from './config.js'
import path from 'node:path'
import {
  BadSources,
  type FileStats,
  MirrorSpeeds,
  MirrorTrouble,
  newFileStats,
  PARALLEL_MIN_BYTES,
  storeEntrySegments
} from '../files/file-rules.js'
import {
  type FileRequest as DownloadRequest,
  type FileSource as DownloadSource,
  serveFile,
  storeFile
} from '../files/files.js'
import { errorMessage } from '../format/format.js'
import { readWheelMetadata } from './wheel-metadata.js'
import { authenticatedUrl, type FileSource, PageSource, type PageStats } from './pages.js'
import { chooseFormat, renderProjectPage } from './render.js'
import { FileStore } from '../files/store.js'

/** What the router did for the whole job, for the summary. */
export interface RouterStats {
  pages: PageStats
  files: FileStats
  /** Project pages served, and pages no mirror could serve. */
  pagesServed: number
  pagesFailed: number
  /** Core metadata read from the wheel, where every mirror listing it lacked the file. */
  metadataFromWheels: number
  /** The mirrors in use, in the order asked; `ranked` once the probe's ranking arrived. */
  order: string[]
  ranked: boolean
}

export interface Router {
  port: number
  /** The probe's verdict, for a router started before it was known. */
  rank(ranking: RouterRanking): void
  stats(): RouterStats
  close(): Promise<void>
}

/** A file the router has listed to a client: where each mirror keeps it. */
interface KnownFile {
  project: string
  /** Each mirror's listing of it, the mirror that served the page first. */
  sources: FileSource[]
  /** The same, as download URLs. */
  downloads: DownloadSource[]
  /** Other mirrors' listings, asked for once, when the first source fails. */
  others?: Promise<void>
}

const PROJECT_PATH = /^\/simple\/([^/]+)\/?$/
const FILE_PATH = /^\/files\/([0-9a-f]{64})\/([^/]+?)(\.metadata)?$/

/**
 * The router: the simple API on 127.0.0.1, served from the configured candidates only (never an
 * open proxy). Pages fail over and hedge across mirrors (pages.ts); files are served by sha256
 * from the store or streamed from the mirrors that list them, resuming across mirrors
 * (files.ts).
 */
export async function startRouter(
  config: RouterSettings,
  listen: number | Server = 0
): Promise<Router> {
  const candidates: Mirror[] = config.mirrors.map(entry => ({
    ...mirrorFromUrl(entry.name, entry.url),
    private: entry.private
  }))
  /** The candidates still in use, best first once ranked. */
  let mirrors = candidates
  const client = new HttpClient(config.timeoutMs)
  const pages = new PageSource(mirrors, {
    client,
    timeoutMs: config.timeoutMs,
    privateProjects: config.privateProjects,
    ranked: config.ranked
  })
  const fileDeps = {
    store: new FileStore(config.storeDir),
    client,
    bad: new BadSources(),
    stats: newFileStats(),
    speeds: new MirrorSpeeds(),
    trouble: new MirrorTrouble()
  }
  /** Download speeds the probe measured, until the router has seen its own. */
  const probedSpeeds = new Map<Mirror, number>()
  config.mirrors.forEach((entry, index) => {
    if (entry.bytesPerSec) probedSpeeds.set(candidates[index], entry.bytesPerSec)
  })
  const known = new Map<string, KnownFile>()
  const counts = { pagesServed: 0, pagesFailed: 0, metadataFromWheels: 0 }

  const servePage = async (
    request: IncomingMessage,
    response: ServerResponse,
    name: string
  ): Promise<void> => {
    const project = normalizeProjectName(decodeURIComponent(name))
    const answer = await pages.project(project)
    if (!answer.ok) {
      counts.pagesFailed++
      return plain(response, answer.status, answer.reason)
    }
    counts.pagesServed++
    for (const file of answer.page.files)
      remember(known, project, { mirror: answer.mirror, file }, probedSpeeds)
    const rendered = renderProjectPage(
      project,
      answer.page,
      chooseFormat(request.headers.accept),
      // A file listed without a sha256 cannot be checked or stored: the client gets the
      // mirror's own link, without the index's credentials (a page must not carry them).
      file =>
        file.sha256 ? `/files/${file.sha256}/${encodeURIComponent(file.filename)}` : file.url
    )
    response.writeHead(200, { 'Content-Type': rendered.contentType, 'Cache-Control': 'no-store' })
    response.end(rendered.body)
  }

  // One page source per mirror, to find another mirror's copy of a file when the first fails.
  const perMirror = new Map(
    candidates.map(mirror => [
      mirror,
      new PageSource([mirror], {
        client,
        timeoutMs: config.timeoutMs,
        privateProjects: config.privateProjects
      })
    ])
  )
  /**
   * Asks the other mirrors of the same kind (private or public) for the project's page, adding
   * each one's listing of the file as it comes. Settles at the first listing found, or when all
   * have answered: a black-holed mirror must not hold a download up for its timeout.
   */
  const findOtherListings = (entry: KnownFile, sha256: string): Promise<void> =>
    new Promise(resolve => {
      const served = entry.sources[0].mirror
      const others = mirrors.filter(
        mirror => mirror.private === served.private && !entry.sources.some(s => s.mirror === mirror)
      )
      let pending = others.length
      if (pending === 0) return resolve()
      for (const mirror of others) {
        void perMirror
          .get(mirror)
          ?.project(entry.project)
          .then(answer => {
            const listed = answer.ok ? answer.page.files.filter(f => f.sha256 === sha256) : []
            for (const file of listed) addSource(entry, { mirror, file }, probedSpeeds)
            if (listed.length > 0) resolve()
          })
          .finally(() => {
            if (--pending === 0) resolve()
          })
      }
    })
  const withOthers = async (entry: KnownFile, sha256: string): Promise<DownloadSource[]> => {
    entry.others ??= findOtherListings(entry, sha256)
    await entry.others
    return entry.downloads
  }

  /** By sha256: the file name in the URL is for the client's eyes; the page's listing counts. */
  const serveKnownFile = async (
    response: ServerResponse,
    sha256: string,
    metadata: boolean
  ): Promise<void> => {
    const entry = known.get(sha256)
    if (!entry) return plain(response, 404, 'not a file of a page this router served')
    const request = {
      sha256,
      filename: entry.sources[0].file.filename,
      size: entry.sources[0].file.size,
      sources: entry.downloads,
      moreSources: () => withOthers(entry, sha256)
    }
    if (!metadata) {
      // A large file may come faster as ranges from several mirrors: find a second one first.
      if ((request.size ?? 0) >= PARALLEL_MIN_BYTES && entry.sources.length < 2)
        await withOthers(entry, sha256)
      return void (await serveFile(request, response, fileDeps))
    }
    let answer = await pages.metadata(entry.sources)
    if (!answer.ok && answer.status === 502) {
      await withOthers(entry, sha256)
      answer = await pages.metadata(entry.sources)
    }
    // Every mirror that lists the metadata lacks it: pip would fail on a 404, so it is read
    // from the wheel itself, which pip is about to download anyway.
    const body = answer.ok
      ? answer.body
      : answer.status === 404
        ? await metadataFromWheel(request, entry.sources[0].file)
        : answer.reason
    if (typeof body === 'string') return plain(response, 502, body)
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': body.length
    })
    response.end(body)
  }

  /** The wheel's own METADATA, checked against the hash its page lists; else why not. */
  const metadataFromWheel = async (
    request: DownloadRequest,
    listing: IndexFile
  ): Promise<Buffer | string> => {
    const stored = await storeFile(request, fileDeps)
    if (!stored) return `no mirror could serve ${request.filename} to read its metadata from`
    stored.body.destroy()
    counts.metadataFromWheels++
    try {
      const expected = listing.coreMetadata === true ? undefined : listing.coreMetadata?.sha256
      const wheel = path.join(config.storeDir, ...storeEntrySegments(request.sha256))
      return await readWheelMetadata(wheel, request.filename, expected)
    } catch (error) {
      return errorMessage(error)
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const handle = async (): Promise<void> => {
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return plain(response, 405, 'the router serves GET only')
      if (url.pathname === '/health') return plain(response, 200, 'ok')
      if (url.pathname === '/stats') {
        response.writeHead(200, { 'Content-Type': 'application/json' })
        return void response.end(JSON.stringify(stats()))
      }
      const project = PROJECT_PATH.exec(url.pathname)
      if (project) return servePage(request, response, project[1])
      const file = FILE_PATH.exec(url.pathname)
      if (file) return serveKnownFile(response, file[1], !!file[3])
      return plain(response, 404, 'not found')
    }
    handle().catch(() => {
      if (!response.headersSent) plain(response, 500, 'router error')
      else response.destroy()
    })
  })
  let ranked = config.ranked ?? true
  const stats = (): RouterStats => ({
    pages: pages.stats,
    files: fileDeps.stats,
    ...counts,
    order: mirrors.map(mirror => mirror.name),
    ranked
  })
  const rank = (ranking: RouterRanking): void => {
    mirrors = ranking.order.map(({ index }) => candidates[index])
    for (const { index, bytesPerSec } of ranking.order)
      if (bytesPerSec) probedSpeeds.set(candidates[index], bytesPerSec)
    for (const entry of known.values()) {
      for (const download of entry.downloads)
        download.expectedBytesPerSec ??= probedSpeeds.get(download.mirror)
    }
    ranked = true
    pages.rank(mirrors)
  }
  // Loopback only: the router is never reachable from another host.
  if (typeof listen === 'number') {
    await new Promise<void>(resolve => server.listen(listen, LOOPBACK, resolve))
  } else {
    const address = listen.address() as AddressInfo | null
    if (address?.address !== LOOPBACK)
      throw new Error(`the router serves on ${LOOPBACK} only, not on ${address?.address}`)
    await new Promise<void>(resolve => server.listen(listen, resolve))
  }
  return {
    port: (server.address() as AddressInfo).port,
    rank,
    stats,
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
      await client.destroy()
    }
  }
}

function remember(
  known: Map<string, KnownFile>,
  project: string,
  source: FileSource,
  speeds: Map<Mirror, number>
): void {
  const { sha256 } = source.file
  if (!sha256) return
  const entry = known.get(sha256) ?? { project, sources: [], downloads: [] }
  known.set(sha256, entry)
  addSource(entry, source, speeds)
}

function addSource(entry: KnownFile, source: FileSource, speeds: Map<Mirror, number>): void {
  if (entry.sources.some(known => known.mirror === source.mirror)) return
  entry.sources.push(source)
  const expected = speeds.get(source.mirror)
  entry.downloads.push({
    mirror: source.mirror,
    url: authenticatedUrl(source.file.url, source.mirror),
    ...(expected ? { expectedBytesPerSec: expected } : {})
  })
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  response.end(`${text}\n`)
}
