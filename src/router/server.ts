import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mirrorFromUrl, type Mirror } from '../mirrors/mirror.js'
import { normalizeProjectName } from '../mirrors/project-name.js'
import { HttpClient } from '../probe/http-client.js'
import type { IndexFile } from '../probe/index-page.js'
import type { RouterSettings } from './config.js'
import { BadSources, type FileStats, newFileStats } from '../files/file-rules.js'
import { type FileSource as DownloadSource, serveFile } from '../files/files.js'
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
}

export interface Router {
  port: number
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
export async function startRouter(config: RouterSettings, port = 0): Promise<Router> {
  const mirrors: Mirror[] = config.mirrors.map(entry => ({
    ...mirrorFromUrl(entry.name, entry.url),
    private: entry.private
  }))
  const client = new HttpClient(config.timeoutMs)
  const pages = new PageSource(mirrors, {
    client,
    timeoutMs: config.timeoutMs,
    privateProjects: config.privateProjects
  })
  const fileDeps = {
    store: new FileStore(config.storeDir),
    client,
    bad: new BadSources(),
    stats: newFileStats()
  }
  const known = new Map<string, KnownFile>()
  const counts = { pagesServed: 0, pagesFailed: 0 }

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
    for (const file of answer.page.files) remember(known, project, answer.mirror, file)
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
    mirrors.map(mirror => [
      mirror,
      new PageSource([mirror], {
        client,
        timeoutMs: config.timeoutMs,
        privateProjects: config.privateProjects
      })
    ])
  )
  /** Other mirrors of the same kind (private or public) that list the same file. */
  const otherListings = async (entry: KnownFile, sha256: string): Promise<FileSource[]> => {
    const served = entry.sources[0].mirror
    const others = mirrors.filter(
      mirror => mirror.private === served.private && !entry.sources.some(s => s.mirror === mirror)
    )
    const answers = await Promise.all(
      others.map(mirror => perMirror.get(mirror)?.project(entry.project))
    )
    return answers.flatMap(answer =>
      answer?.ok
        ? answer.page.files
            .filter(file => file.sha256 === sha256)
            .map(file => ({ mirror: answer.mirror, file }))
        : []
    )
  }
  const withOthers = async (entry: KnownFile, sha256: string): Promise<DownloadSource[]> => {
    entry.others ??= otherListings(entry, sha256).then(listed => {
      listed.forEach(source => addSource(entry, source))
    })
    await entry.others
    return entry.downloads
  }

  const serveKnownFile = async (
    response: ServerResponse,
    sha256: string,
    filename: string,
    metadata: boolean
  ): Promise<void> => {
    const entry = known.get(sha256)
    if (!entry) return plain(response, 404, 'not a file of a page this router served')
    if (metadata) {
      let answer = await pages.metadata(entry.sources)
      if (!answer.ok && answer.status === 502) {
        await withOthers(entry, sha256)
        answer = await pages.metadata(entry.sources)
      }
      if (!answer.ok) return plain(response, answer.status, answer.reason)
      response.writeHead(200, { 'Content-Type': 'application/octet-stream' })
      response.end(answer.body)
      return
    }
    await serveFile(
      {
        sha256,
        filename,
        size: entry.sources[0].file.size,
        sources: entry.downloads,
        moreSources: () => withOthers(entry, sha256)
      },
      response,
      fileDeps
    )
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
      if (file) return serveKnownFile(response, file[1], decodeURIComponent(file[2]), !!file[3])
      return plain(response, 404, 'not found')
    }
    handle().catch(() => {
      if (!response.headersSent) plain(response, 500, 'router error')
      else response.destroy()
    })
  })
  const stats = (): RouterStats => ({ pages: pages.stats, files: fileDeps.stats, ...counts })
  // Loopback only: the router is never reachable from another host.
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
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
  mirror: Mirror,
  file: IndexFile
): void {
  if (!file.sha256) return
  const entry = known.get(file.sha256) ?? { project, sources: [], downloads: [] }
  known.set(file.sha256, entry)
  addSource(entry, { mirror, file })
}

function addSource(entry: KnownFile, source: FileSource): void {
  if (entry.sources.some(known => known.mirror === source.mirror)) return
  entry.sources.push(source)
  entry.downloads.push({
    mirror: source.mirror,
    url: authenticatedUrl(source.file.url, source.mirror)
  })
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  response.end(`${text}\n`)
}
