// A PyPI-style "simple" index on 127.0.0.1 for tests, with switchable faults that mimic the
// ways real mirrors fail: slow, hanging, resetting, stale, corrupt, erroring, static-only.
// Optionally beside it PyPI's JSON API, as bandersnatch mirrors keep it.
import { createHash } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { compare, explain } from '@renovatebot/pep440'
import { normalizeName } from './wheel.js'
import { escapeHtml } from '../src/router/render.js'

/** A file the mirror serves: a wheel from buildWheel, an sdist, or any raw distribution. */
export interface DistFile {
  name: string
  version: string
  filename: string
  bytes: Buffer
  sha256: string
  /** Listed as `data-requires-python` / `requires-python` on project pages when set. */
  requiresPython?: string
}

/** Which requests a fault hits; 'pages' covers the JSON API too. */
export type FaultScope = 'all' | 'pages' | 'files'

export interface Faults {
  /** Delay before any response. */
  latencyMs: number
  /** Answer project pages and the JSON API with this status and a small HTML error body. */
  pageStatus: number
  /** Answer files with this status and a small HTML error body. */
  fileStatus: number
  /** Destroy the socket without answering. */
  reset: FaultScope | undefined
  /** Accept the request and never answer. */
  hang: FaultScope | undefined
  /** Versions not listed on a project's page (a stale mirror); their files and JSON 404 too. */
  hiddenVersions: Record<string, string[]>
  /** Serve different bytes than the page lists (pip reports a hash mismatch): all files, or the named projects' only. */
  corruptFiles: boolean | string[]
  /** List a wrong sha256 on pages; files are the real bytes. */
  wrongListedSha: boolean
  /** Serve altered files and list their own sha256, so pip's hash check passes (a malicious mirror). */
  tamperedFiles: boolean
  /** Answer pages and the JSON API with a 200 text/html page that lists no files (captive portal). */
  errorPage: boolean
  /** Ignore Accept and always answer HTML (a static mirror). */
  htmlOnly: boolean
  /** Throttle file bodies to about this many bytes per second. */
  bandwidthBytesPerSec: number
  /**
   * Make bandwidthBytesPerSec the server's whole rate, shared fairly by every file body it is
   * sending at once (a link's capacity), instead of each body's own rate.
   */
  sharedBandwidth: boolean
  /** Cut the connection after sending this many bytes of each file body (0: never). */
  resetAfterBytes: number
  /** Stop sending each file body after this many bytes and keep the connection open (0: never). */
  stallAfterBytes: number
  /**
   * Share (0..1) of file bodies cut halfway, at the throttled pace, drawn from the seeded PRNG:
   * a link that resets now and then, as a slow, distant index does.
   */
  resetShare: number
  /** Honour `Range: bytes=N-` on files (206 and `Accept-Ranges`), so pip 25.1+ can resume. */
  ranges: boolean
  /** Last serial, sent in X-PyPI-Last-Serial, the JSON meta and the HTML comment. */
  serial: number
  /** Share (0..1) of page, JSON and file requests answered 503, drawn from the seeded PRNG. */
  failRate: number
  /**
   * List wheels' core metadata on pages (PEP 658, PEP 714) and serve it at `<file>.metadata`;
   * 'unserved' lists it but answers 404 for it (a known mirror bug).
   */
  coreMetadata: boolean | 'unserved'
}

export interface MirrorOptions {
  packages: DistFile[]
  faults?: Partial<Faults>
  /** Seed for failRate's PRNG, so runs are reproducible. Default 1. */
  seed?: number
  /**
   * List files at PyPI's path layout, `/packages/<2>/<2>/<60 hex>/<filename>` (as bandersnatch
   * mirrors do), with PyPI's `upload-time` on JSON pages, instead of `/files/<filename>`. PyPI
   * names the folders by the file's blake2b-256; this mirror uses the sha512's first 64 hex
   * digits, the same shape.
   */
  pypiLayout?: boolean
  /** Serve HTTPS with this key and certificate (PEM) instead of HTTP. */
  tls?: { key: string | Buffer; cert: string | Buffer }
  /** The address to listen on; default 127.0.0.1 (another, for clients in containers). */
  host?: string
  /**
   * Serve PyPI's JSON API below `<origin>/pypi` too (`/pypi/<name>/json`,
   * `/pypi/<name>/<version>/json`), each release with the vulnerabilities listed for it here,
   * keyed `name==version`, in PyPI's (OSV's) shape; none otherwise.
   */
  jsonApi?: true | { vulnerabilities?: Record<string, unknown[]> }
}

export type RequestKind = 'page' | 'file' | 'json' | 'other'

export interface RequestRecord {
  method: string
  path: string
  kind: RequestKind
  /** The status sent, or 0 while unanswered and for resets and hangs. */
  status: number
  /** Date.now() when the request arrived. */
  at: number
  /** The request's Range header, when it sent one. */
  range?: string
  /** Body bytes of a file (or its `.metadata`) handed to the connection so far. */
  sentBytes?: number
  /** Date.now() when a file body's first and last bytes went to the connection. */
  firstByteAt?: number
  lastByteAt?: number
}

export interface Mirror {
  /** e.g. `http://127.0.0.1:PORT/simple` (no trailing slash). */
  indexUrl: string
  /** e.g. `http://127.0.0.1:PORT`. */
  origin: string
  /** Every request, in arrival order. */
  requests: RequestRecord[]
  /** How many file downloads were requested. */
  fileRequests(): number
  /** Merge into the current faults; takes effect for the next request. */
  setFaults(faults: Partial<Faults>): void
  /** Empty `requests` (in place). */
  resetLog(): void
  /** Stop listening and destroy every open connection, hanging ones included. */
  close(): Promise<void>
}

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json'
const HTML_V1_TYPE = 'application/vnd.pypi.simple.v1+html'
const FILE_CACHE_CONTROL = 'max-age=365000000, immutable, public'
/** How often a throttled body gets its next slice. */
const TICK_MS = 50
const PAGE_CACHE_CONTROL = 'max-age=600, public'

const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  pageStatus: 0,
  fileStatus: 0,
  reset: undefined,
  hang: undefined,
  hiddenVersions: {},
  corruptFiles: false,
  wrongListedSha: false,
  tamperedFiles: false,
  errorPage: false,
  htmlOnly: false,
  bandwidthBytesPerSec: 0,
  sharedBandwidth: false,
  resetAfterBytes: 0,
  stallAfterBytes: 0,
  resetShare: 0,
  ranges: false,
  serial: 1000,
  failRate: 0,
  coreMetadata: false
}

/** The same file with one byte flipped. */
function alter(bytes: Buffer): Buffer {
  const altered = Buffer.from(bytes)
  const middle = altered.length >> 1
  altered[middle] = (altered[middle] ?? 0) ^ 0xff
  return altered
}

/** The sha256 a page lists for a file: its own, unless a fault lists another. */
function listedSha(file: DistFile, faults: Faults): string {
  return faults.wrongListedSha
    ? createHash('sha256').update(`wrong:${file.filename}`).digest('hex')
    : faults.tamperedFiles
      ? createHash('sha256').update(alter(file.bytes)).digest('hex')
      : file.sha256
}

/** The upload time a PyPI-layout mirror lists for every file. */
export const UPLOAD_TIME = '2026-01-02T03:04:05.678901Z'

/** Each file's sha512 prefix, taken once: pages of a wheel of a gigabyte are rendered often. */
const layoutDigests = new WeakMap<Buffer, string>()

/** Where a PyPI-layout mirror (and PyPI) keeps a file, below its host. */
export function pypiLayoutPath(file: DistFile): string {
  let digest = layoutDigests.get(file.bytes)
  if (digest === undefined) {
    digest = createHash('sha512').update(file.bytes).digest('hex').slice(0, 64)
    layoutDigests.set(file.bytes, digest)
  }
  return `/packages/${digest.slice(0, 2)}/${digest.slice(2, 4)}/${digest.slice(4)}/${file.filename}`
}

export async function startMirror(options: MirrorOptions): Promise<Mirror> {
  const fileUrl = (file: DistFile): string =>
    options.pypiLayout
      ? pypiLayoutPath(file).replace(/[^/]+$/, encodeURIComponent(file.filename))
      : `/files/${encodeURIComponent(file.filename)}`
  const projects = new Map<string, DistFile[]>()
  const files = new Map<string, DistFile>()
  for (const file of options.packages) {
    const key = normalizeName(file.name)
    projects.set(key, [...(projects.get(key) ?? []), file])
    files.set(file.filename, file)
  }

  let faults: Faults = { ...DEFAULT_FAULTS, ...options.faults }
  const random = mulberry32(options.seed ?? 1)
  const requests: RequestRecord[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let closed = false
  // Known once listening; the JSON API's file URLs are absolute, as PyPI's are.
  let origin = ''

  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      fn()
    }, ms)
    timers.add(timer)
  }

  const isHidden = (file: DistFile): boolean => {
    for (const [project, versions] of Object.entries(faults.hiddenVersions)) {
      if (normalizeName(project) === normalizeName(file.name) && versions.includes(file.version)) {
        return true
      }
    }
    return false
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://mirror').pathname
    const kind: RequestKind = /^\/simple(\/|$)/.test(path)
      ? 'page'
      : path.startsWith('/files/') || path.startsWith('/packages/')
        ? 'file'
        : options.jsonApi && path.startsWith('/pypi/')
          ? 'json'
          : 'other'
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path,
      kind,
      status: 0,
      at: Date.now(),
      ...(req.headers.range ? { range: req.headers.range } : {})
    }
    requests.push(record)
    res.on('finish', () => {
      record.status = res.statusCode
    })

    const current = faults // a fault change mid-request applies from the next request
    const inScope = (scope: FaultScope | undefined): boolean =>
      scope === 'all' ||
      (scope === 'pages' && (kind === 'page' || kind === 'json')) ||
      (scope === 'files' && kind === 'file')

    if (inScope(current.hang)) return // never answer; close() destroys the socket
    const respond = (): void => {
      if (closed || req.socket.destroyed) return
      if (inScope(current.reset)) {
        req.socket.destroy()
        return
      }
      if (kind !== 'other' && current.failRate > 0 && random() < current.failRate) {
        sendError(res, 503, 'Service Unavailable (injected failRate)')
        return
      }
      if (kind === 'page') {
        if (current.pageStatus) sendError(res, current.pageStatus, 'Injected page error')
        else servePage(req, res, path, current)
      } else if (kind === 'json') {
        if (current.pageStatus) sendError(res, current.pageStatus, 'Injected page error')
        else serveJson(res, path, current)
      } else if (kind === 'file') {
        if (current.fileStatus) sendError(res, current.fileStatus, 'Injected file error')
        else serveFile(req, res, path, current, record)
      } else {
        sendError(res, 404, 'Not Found')
      }
    }
    if (current.latencyMs > 0) later(current.latencyMs, respond)
    else respond()
  }

  const servePage = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    current: Faults
  ): void => {
    if (path === '/simple') return redirect(res, '/simple/')
    if (current.errorPage) return sendCaptivePortal(res)
    const format = current.htmlOnly ? 'text/html' : negotiate(req.headers.accept)

    if (path === '/simple/') {
      const names = [...projects.keys()].sort()
      if (format === JSON_TYPE) {
        return sendPage(res, format, current.serial, {
          meta: { 'api-version': '1.1', '_last-serial': current.serial },
          projects: names.map(name => ({ name }))
        })
      }
      const links = names.map(name => `    <a href="/simple/${name}/">${name}</a><br/>`)
      return sendPage(res, format, current.serial, htmlDocument('Simple index', links, current))
    }

    const match = /^\/simple\/([^/]+)(\/?)$/.exec(path)
    if (!match) return sendError(res, 404, 'Not Found')
    const [, rawName = '', slash] = match
    const name = normalizeName(decodeURIComponent(rawName))
    if (rawName !== name || !slash) return redirect(res, `/simple/${name}/`)
    const all = projects.get(name)
    if (!all) return sendError(res, 404, 'Not Found')

    const visible = all.filter(file => !isHidden(file))
    const metadataSha = (file: DistFile): string | undefined => {
      const metadata = current.coreMetadata ? wheelMetadata(file) : undefined
      return metadata && createHash('sha256').update(metadata).digest('hex')
    }
    const metadataKeys = (sha256: string | undefined): object =>
      sha256 ? { 'core-metadata': { sha256 }, 'dist-info-metadata': { sha256 } } : {}
    if (format === JSON_TYPE) {
      return sendPage(res, format, current.serial, {
        meta: { 'api-version': '1.1', '_last-serial': current.serial },
        name,
        versions: sortVersions([...new Set(visible.map(file => file.version))]),
        files: visible.map(file => ({
          filename: file.filename,
          url: fileUrl(file),
          ...(options.pypiLayout ? { 'upload-time': UPLOAD_TIME } : {}),
          hashes: { sha256: listedSha(file, current) },
          ...(file.requiresPython ? { 'requires-python': file.requiresPython } : {}),
          ...metadataKeys(metadataSha(file)),
          size: file.bytes.length
        }))
      })
    }
    const links = visible.map(file => {
      const href = `${fileUrl(file)}#sha256=${listedSha(file, current)}`
      const requiresPython = file.requiresPython
        ? ` data-requires-python="${escapeHtml(file.requiresPython)}"`
        : ''
      const sha = metadataSha(file)
      const metadata = sha
        ? ` data-core-metadata="sha256=${sha}" data-dist-info-metadata="sha256=${sha}"`
        : ''
      return `    <a href="${href}"${requiresPython}${metadata}>${escapeHtml(file.filename)}</a><br/>`
    })
    return sendPage(res, format, current.serial, htmlDocument(`Links for ${name}`, links, current))
  }

  // PyPI's JSON API for a project (`releases`: every version's files) or one of its releases.
  const serveJson = (res: http.ServerResponse, path: string, current: Faults): void => {
    if (current.errorPage) return sendCaptivePortal(res)
    const match = /^\/pypi\/([^/]+)\/(?:([^/]+)\/)?json$/.exec(path)
    if (!match) return sendError(res, 404, 'Not Found')
    const [, rawName = '', rawVersion] = match
    const name = normalizeName(decodeURIComponent(rawName))
    if (rawName !== name) {
      return redirect(res, `/pypi/${name}/${rawVersion ? `${rawVersion}/` : ''}json`)
    }
    const releases = new Map<string, DistFile[]>()
    for (const file of projects.get(name) ?? []) {
      if (!isHidden(file)) releases.set(file.version, [...(releases.get(file.version) ?? []), file])
    }
    const versions = [...releases.keys()].sort(compare)
    // PyPI's latest: the newest final release, else the newest of all.
    const finals = versions.filter(version => !explain(version)?.is_prerelease)
    const version = rawVersion
      ? decodeURIComponent(rawVersion)
      : (finals.at(-1) ?? versions.at(-1) ?? '')
    const release = releases.get(version)
    if (!release) return sendError(res, 404, 'Not Found')

    const entry = (file: DistFile): object => {
      const listed = current.tamperedFiles ? alter(file.bytes) : file.bytes
      // A wheel's name ends `-<python tag>-<abi tag>-<platform tag>.whl`.
      const pythonTag = file.filename.endsWith('.whl')
        ? file.filename.slice(0, -4).split('-').at(-3)
        : undefined
      return {
        filename: file.filename,
        url: `${origin}${fileUrl(file)}`,
        digests: {
          md5: createHash('md5').update(listed).digest('hex'),
          sha256: listedSha(file, current)
        },
        packagetype: pythonTag ? 'bdist_wheel' : 'sdist',
        python_version: pythonTag ?? 'source',
        requires_python: file.requiresPython ?? null,
        size: file.bytes.length,
        upload_time_iso_8601: UPLOAD_TIME,
        yanked: false,
        yanked_reason: null
      }
    }
    const metadata = release.map(wheelMetadata).find(Boolean)
    const fields = metadata ? metadataFields(metadata) : new Map<string, string[]>()
    const field = (key: string): string | null => fields.get(key)?.[0] ?? null
    const listedVulnerabilities = options.jsonApi === true ? {} : options.jsonApi?.vulnerabilities
    const vulnerabilities = Object.entries(listedVulnerabilities ?? {}).find(([key]) => {
      const [project = '', listed] = key.split('==')
      return normalizeName(project) === name && listed === version
    })?.[1]
    return sendPage(res, 'application/json', current.serial, {
      info: {
        name: release[0]?.name ?? name,
        version,
        summary: field('summary'),
        license: field('license'),
        requires_python: field('requires-python') ?? release[0]?.requiresPython ?? null,
        requires_dist: fields.get('requires-dist') ?? null,
        project_urls: null,
        classifiers: fields.get('classifier') ?? [],
        home_page: field('home-page'),
        package_url: `https://pypi.org/project/${name}/`,
        project_url: `https://pypi.org/project/${name}/`,
        release_url: `https://pypi.org/project/${name}/${version}/`,
        yanked: false,
        yanked_reason: null
      },
      last_serial: current.serial,
      ...(rawVersion
        ? {}
        : {
            releases: Object.fromEntries(
              versions.map(each => [each, (releases.get(each) ?? []).map(entry)])
            )
          }),
      urls: release.map(entry),
      vulnerabilities: vulnerabilities ?? []
    })
  }

  const serveFile = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    current: Faults,
    record: RequestRecord
  ): void => {
    const filename = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1))
    const described = files.get(filename.replace(/\.metadata$/, ''))
    const metadata = described && current.coreMetadata === true && wheelMetadata(described)
    if (filename.endsWith('.metadata') && metadata && !isHidden(described)) {
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': metadata.length,
        'Cache-Control': FILE_CACHE_CONTROL
      })
      if (res.req.method === 'HEAD') return void res.end()
      record.sentBytes = metadata.length
      return void res.end(metadata)
    }
    const file = files.get(filename)
    if (!file || isHidden(file)) return sendError(res, 404, 'Not Found')
    let body = file.bytes
    const corrupt = Array.isArray(current.corruptFiles)
      ? current.corruptFiles.some(project => normalizeName(project) === normalizeName(file.name))
      : current.corruptFiles
    if (corrupt || current.tamperedFiles) body = alter(file.bytes)
    const range = current.ranges ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null
    const start = range ? Number(range[1]) : 0
    if (range && start >= body.length) {
      res.writeHead(416, { 'Content-Range': `bytes */${body.length}`, 'Content-Length': 0 })
      return void res.end()
    }
    res.writeHead(range ? 206 : 200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': body.length - start,
      'Cache-Control': FILE_CACHE_CONTROL,
      ...(current.ranges ? { 'Accept-Ranges': 'bytes' } : {}),
      ...(range ? { 'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}` } : {})
    })
    body = body.subarray(start)
    if (res.req.method === 'HEAD') return void res.end()
    const cutHalfway = current.resetShare > 0 && random() < current.resetShare
    if (cutHalfway) body = body.subarray(0, Math.floor(body.length / 2))
    record.sentBytes = 0
    const send = (chunk: Buffer, end: boolean): void => {
      record.sentBytes = (record.sentBytes ?? 0) + chunk.length
      record.firstByteAt ??= Date.now()
      if (end) record.lastByteAt = Date.now()
      if (end && cutHalfway) res.write(chunk, () => req.socket.destroy())
      else if (end) res.end(chunk)
      else res.write(chunk)
    }
    // A cut or a stall sends its first bytes at once: the point is where the body stops.
    const cutAt = current.resetAfterBytes || current.stallAfterBytes
    if (cutAt > 0 && cutAt < body.length) {
      record.sentBytes = cutAt
      res.write(body.subarray(0, cutAt), () => {
        if (current.resetAfterBytes) req.socket.destroy()
      })
      return
    }
    const rate = current.bandwidthBytesPerSec
    if (!(rate > 0)) return send(body, true)
    if (current.sharedBandwidth) return shareLink(rate, body, res, send)

    // Send a slice every tick so the body arrives at about `rate` bytes per second.
    const chunkSize = Math.max(1, Math.floor((rate * TICK_MS) / 1000))
    let offset = 0
    const writeChunk = (): void => {
      if (closed || res.destroyed) return
      const chunk = body.subarray(offset, offset + chunkSize)
      offset += chunk.length
      if (offset >= body.length) send(chunk, true)
      else {
        send(chunk, false)
        later(TICK_MS, writeChunk)
      }
    }
    writeChunk()
  }

  // sharedBandwidth: the bodies being sent, served by one tick that splits the link between them.
  interface Sending {
    body: Buffer
    offset: number
    res: http.ServerResponse
    send: (chunk: Buffer, end: boolean) => void
  }
  const sending = new Set<Sending>()
  let linkRate = 0
  let ticking = false
  const shareLink = (
    rate: number,
    body: Buffer,
    res: http.ServerResponse,
    send: Sending['send']
  ): void => {
    linkRate = rate // the latest request's rate is the link's
    sending.add({ body, offset: 0, res, send })
    if (!ticking) {
      ticking = true
      linkTick()
    }
  }
  // Each tick's budget is split evenly; what a nearly finished body leaves goes to the others.
  const linkTick = (): void => {
    for (const entry of sending) if (closed || entry.res.destroyed) sending.delete(entry)
    if (sending.size === 0) {
      ticking = false
      return
    }
    let budget = Math.max(sending.size, Math.floor((linkRate * TICK_MS) / 1000))
    while (budget > 0 && sending.size > 0) {
      const share = Math.max(1, Math.floor(budget / sending.size))
      for (const entry of [...sending]) {
        if (budget <= 0) break
        const chunk = entry.body.subarray(entry.offset, entry.offset + Math.min(share, budget))
        entry.offset += chunk.length
        budget -= chunk.length
        const done = entry.offset >= entry.body.length
        if (done) sending.delete(entry)
        entry.send(chunk, done)
      }
    }
    later(TICK_MS, linkTick)
  }

  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler)
  server.keepAliveTimeout = 5000
  // An HTTPS server sees TLS sockets on 'secureConnection' and raw ones on 'connection'; the raw
  // socket is the one to destroy (it also covers handshakes that never complete).
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // A failed TLS handshake (the client rejects our self-signed certificate) is expected.
  server.on('tlsClientError', () => {})
  server.on('clientError', (_error, socket: Socket) => socket.destroy())

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  origin = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${port}`

  return {
    indexUrl: `${origin}/simple`,
    origin,
    requests,
    fileRequests: () => requests.filter(r => r.kind === 'file').length,
    setFaults: (update: Partial<Faults>) => {
      faults = { ...faults, ...update }
    },
    resetLog: () => {
      requests.length = 0
    },
    close: async () => {
      if (closed) return
      closed = true
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      const done = new Promise<void>(resolve => server.close(() => resolve()))
      for (const socket of sockets) socket.destroy()
      await done
    }
  }
}

function sendPage(
  res: http.ServerResponse,
  format: string,
  serial: number,
  body: string | object
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  res.writeHead(200, {
    'Content-Type': format === 'text/html' ? 'text/html; charset=utf-8' : format,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': PAGE_CACHE_CONTROL,
    'X-PyPI-Last-Serial': String(serial),
    Vary: 'Accept'
  })
  res.end(text)
}

function htmlDocument(title: string, links: string[], faults: Faults): string {
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    '    <meta name="pypi:repository-version" content="1.1">',
    `    <title>${escapeHtml(title)}</title>`,
    '  </head>',
    '  <body>',
    `    <h1>${escapeHtml(title)}</h1>`,
    ...links,
    '  </body>',
    '</html>',
    `<!--SERIAL ${faults.serial}-->`,
    ''
  ].join('\n')
}

function sendError(res: http.ServerResponse, status: number, message: string): void {
  const reason = http.STATUS_CODES[status] ?? 'Error'
  const body = `<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1><p>${escapeHtml(message)}</p></body></html>\n`
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body)
  })
  res.end(body)
}

function sendCaptivePortal(res: http.ServerResponse): void {
  const body =
    '<!DOCTYPE html>\n<html><head><title>Access denied</title></head><body>' +
    '<h1>Access denied</h1><p>Please sign in to the network to continue.</p></body></html>\n'
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body)
  })
  res.end(body)
}

function redirect(res: http.ServerResponse, location: string): void {
  res.writeHead(301, { Location: location, 'Content-Length': 0 })
  res.end()
}

/**
 * Pick the page format from an Accept header: PEP 691 JSON, PEP 691 HTML, or legacy text/html.
 * Wildcards only ever select text/html; ties prefer JSON, then the v1 HTML type.
 */
function negotiate(accept: string | undefined): string {
  if (!accept) return 'text/html'
  const quality = new Map<string, number>()
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map(s => s.trim().toLowerCase())
    const qParam = params.find(p => p.startsWith('q='))
    const q = qParam ? Number(qParam.slice(2)) : 1
    const target = ACCEPT_TARGETS[type]
    if (target && Number.isFinite(q)) quality.set(target, Math.max(quality.get(target) ?? 0, q))
  }
  let best = 'text/html'
  let bestQ = 0
  for (const type of [JSON_TYPE, HTML_V1_TYPE, 'text/html']) {
    const q = quality.get(type) ?? 0
    if (q > bestQ) [best, bestQ] = [type, q]
  }
  return best
}

const ACCEPT_TARGETS: Record<string, string | undefined> = {
  [JSON_TYPE]: JSON_TYPE,
  'application/vnd.pypi.simple.latest+json': JSON_TYPE,
  [HTML_V1_TYPE]: HTML_V1_TYPE,
  'application/vnd.pypi.simple.latest+html': HTML_V1_TYPE,
  'text/html': 'text/html',
  'text/*': 'text/html',
  '*/*': 'text/html'
}

function sortVersions(versions: string[]): string[] {
  const key = (v: string): number[] =>
    v
      .split(/[^0-9]+/)
      .filter(Boolean)
      .map(Number)
  return versions.sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
      const diff = (ka[i] ?? 0) - (kb[i] ?? 0)
      if (diff) return diff
    }
    return a.localeCompare(b)
  })
}

/** A wheel's `*.dist-info/METADATA`, read from its stored (uncompressed) zip entries. */
function wheelMetadata(file: DistFile): Buffer | undefined {
  if (!file.filename.endsWith('.whl')) return undefined
  const zip = file.bytes
  for (let at = 0; at + 30 <= zip.length && zip.readUInt32LE(at) === 0x04034b50;) {
    const size = zip.readUInt32LE(at + 18)
    const nameLength = zip.readUInt16LE(at + 26)
    const dataAt = at + 30 + nameLength + zip.readUInt16LE(at + 28)
    const name = zip.toString('utf8', at + 30, at + 30 + nameLength)
    if (/^[^/]+\.dist-info\/METADATA$/.test(name)) return zip.subarray(dataAt, dataAt + size)
    at = dataAt + size
  }
  return undefined
}

/** Core metadata's header fields by lower-case name, each with its values in order. */
function metadataFields(metadata: Buffer): Map<string, string[]> {
  const fields = new Map<string, string[]>()
  for (const line of metadata.toString('utf8').split(/\r?\n/)) {
    if (line === '') break // the description, if any, follows the headers
    const colon = line.indexOf(':')
    if (colon < 0 || /^\s/.test(line)) continue // folded lines: the fields read here have none
    const key = line.slice(0, colon).toLowerCase()
    fields.set(key, [...(fields.get(key) ?? []), line.slice(colon + 1).trim()])
  }
  return fields
}

/** A small seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The index URL of a port that refuses connections: bound once, then released. */
export async function refusedIndexUrl(): Promise<string> {
  const server = http.createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return `http://127.0.0.1:${port}/simple`
}

/** Mirrors of one package set for a test file: `start` one per case, `closeAll` after all. */
export function mirrorPool(packages: DistFile[]): {
  start(faults?: Partial<Faults>): Promise<Mirror>
  closeAll(): Promise<void>
} {
  const started: Mirror[] = []
  return {
    async start(faults = {}) {
      const server = await startMirror({ packages, faults })
      started.push(server)
      return server
    },
    async closeAll() {
      await Promise.all(started.map(server => server.close()))
    }
  }
}
