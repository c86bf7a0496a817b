// A loopback stand-in for the GitHub Actions cache service v2 (Twirp JSON on
// ACTIONS_RESULTS_URL, archives on Azure-style signed blob URLs), good enough for the real
// `@actions/cache` (restoreCache/saveCache) to round-trip against, with injectable failures.
//
// What @actions/cache 6.x does against it (read from node_modules/@actions/cache/lib):
// - v2 is used when ACTIONS_CACHE_SERVICE_V2 is non-empty and GITHUB_SERVER_URL is unset,
//   github.com, *.ghe.com or *.localhost. ACTIONS_RUNTIME_TOKEN is sent as a Bearer token and
//   never decoded: any non-empty string works.
// - Requests use proto field names (key, version, restore_keys, size_bytes as a string);
//   responses are read with protobuf-ts fromJson, which takes snake_case or camelCase.
// - Twirp 500/502/503/504 and unparseable bodies are retried: 5 attempts, waits 3 s, then
//   4.5-6.75 s, 6.75-10.1 s, 10.1-15.2 s (about 24-35 s in all). 429 and other 4xx throw at
//   once; a reset socket (ECONNRESET) throws a NetworkError at once.
// - Uploads go through the Azure SDK BlockBlobClient.uploadFile: one `PUT` with
//   `x-ms-blob-type: BlockBlob` up to 128 MiB, above it `PUT ?comp=block&blockid=...` of 64 MiB
//   blocks (8 at a time) and `PUT ?comp=blocklist`. Every one must answer 201. The SDK retries
//   500/503 and network errors: 4 tries, waits 0, 4 s, 12 s.
// - Downloads from a non-*.blob.core.windows.net URL are one plain GET through
//   @actions/http-client (no HEAD, no Range), checked against Content-Length. 502/503/504 and
//   network errors are retried once after 5 s; any status below 500 is taken as the archive.
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, stat, unlink } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Transform, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export type TwirpMethod =
  'CreateCacheEntry' | 'FinalizeCacheEntryUpload' | 'GetCacheEntryDownloadURL'

export interface CacheServiceFaults {
  /** HTTP status for every Twirp call (e.g. 500, 429, 403), or 'reset' to destroy the socket. */
  twirp?: number | 'reset'
  /**
   * Status for a specific Twirp method only, e.g. { CreateCacheEntry: 409 }. A 2xx status
   * answers `{ ok: false, message }` instead of a Twirp error (a miss for GetCacheEntryDownloadURL).
   */
  method?: Partial<Record<TwirpMethod, number>>
  /** Status for blob uploads (PUT) / downloads (GET), with an Azure XML error body. */
  upload?: number
  download?: number
  /** Accept the connection and never answer any request. */
  hang?: boolean
}

export interface CacheEntry {
  key: string
  version: string
  sizeBytes: number
  /** The archive on disk. */
  path: string
  createdAt: number
}

export interface TwirpCall {
  method: string
  /** The parsed JSON body (the raw text when it is not JSON). */
  body: unknown
  /** The status sent; 0 while unanswered and for resets and hangs. */
  status: number
}

export interface CacheService {
  /** ACTIONS_RESULTS_URL value, with the trailing slash the runner gives it. */
  url: string
  /** Every env var the library needs to use this service (v2 switch, URL, token). */
  env: Record<string, string>
  /** Finalized entries, oldest first. */
  entries(): CacheEntry[]
  /** Every Twirp call, in arrival order. */
  calls: TwirpCall[]
  /** Blob PUTs (single uploads, blocks and block lists), answered or not. */
  uploads: number
  /** Blob GETs, answered or not. */
  downloads: number
  /** Replaces the current faults; takes effect for the next request. */
  setFaults(f: CacheServiceFaults): void
  /**
   * Stops listening and destroys open sockets (hanging ones too), so nothing hangs. Removes the
   * blob directory when it was a temp dir of its own (no `dir` option).
   */
  close(): Promise<void>
}

const SERVICE = 'github.actions.results.api.v1.CacheService'
const TWIRP_PREFIX = `/twirp/${SERVICE}/`
const METHODS: readonly TwirpMethod[] = [
  'CreateCacheEntry',
  'FinalizeCacheEntryUpload',
  'GetCacheEntryDownloadURL'
]
const ACCOUNT = 'cacheaccount'
const CONTAINER = 'actions-cache'
const AZURE_VERSION = '2025-01-05'

/** Twirp error codes for HTTP statuses, as Twirp maps them. */
const TWIRP_CODES: Record<number, string> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  408: 'deadline_exceeded',
  409: 'already_exists',
  412: 'failed_precondition',
  429: 'resource_exhausted',
  500: 'internal',
  501: 'unimplemented',
  503: 'unavailable',
  504: 'deadline_exceeded'
}

/** Azure Storage error codes for injected blob statuses. */
const AZURE_CODES: Record<number, string> = {
  400: 'InvalidInput',
  403: 'AuthenticationFailed',
  404: 'BlobNotFound',
  409: 'BlobAlreadyExists',
  412: 'ConditionNotMet',
  500: 'InternalError',
  503: 'ServerBusy'
}

interface Blob {
  name: string
  key: string
  version: string
  uploadSig: string
  downloadSig: string
}

interface Stored extends CacheEntry {
  id: number
  blob: Blob
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

export async function startCacheService(
  options: { dir?: string; faults?: CacheServiceFaults } = {}
): Promise<CacheService> {
  const dir = options.dir ?? (await mkdtemp(path.join(tmpdir(), 'cache-service-')))
  const blobDir = path.join(dir, 'blobs')
  const blockDir = path.join(dir, 'blocks')
  await mkdir(blobDir, { recursive: true })
  await mkdir(blockDir, { recursive: true })

  const token = fakeRuntimeToken()
  let faults: CacheServiceFaults = { ...options.faults }
  const calls: TwirpCall[] = []
  const stored: Stored[] = []
  /** Reserved, not yet finalized uploads by `key\0version`. */
  const pending = new Map<string, Blob>()
  const blobs = new Map<string, Blob>()
  const sockets = new Set<Socket>()
  let nextId = 1
  let origin = ''

  const state = {
    uploads: 0,
    downloads: 0
  }

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const current = faults // a fault change mid-request applies from the next request
    const url = new URL(req.url ?? '/', 'http://cache.invalid')
    const method = req.method ?? 'GET'

    if (method === 'POST' && url.pathname.startsWith(TWIRP_PREFIX)) {
      const name = url.pathname.slice(TWIRP_PREFIX.length)
      const text = (await readBody(req)).toString('utf8')
      const call: TwirpCall = { method: name, body: parseJson(text) ?? text, status: 0 }
      calls.push(call)
      res.on('finish', () => (call.status = res.statusCode))
      if (current.hang) return // never answer; close() destroys the socket
      if (current.twirp === 'reset') return void req.socket.destroy()
      try {
        const injected =
          typeof current.twirp === 'number' ? current.twirp : current.method?.[name as TwirpMethod]
        if (injected !== undefined) return injectTwirp(res, injected)
        sendJson(res, 200, await twirp(req, name, text))
      } catch (error) {
        sendTwirpError(res, error)
      }
      return
    }

    const blobName = blobNameOf(url.pathname)
    if (blobName !== undefined && (method === 'PUT' || method === 'GET' || method === 'HEAD')) {
      if (method === 'PUT') state.uploads++
      if (method === 'GET') state.downloads++
      if (current.hang) return
      const injected = method === 'PUT' ? current.upload : current.download
      try {
        if (injected !== undefined) {
          await drain(req)
          throw new HttpError(
            injected,
            AZURE_CODES[injected] ?? 'InternalError',
            'Injected failure'
          )
        }
        if (method === 'PUT') await putBlob(req, res, url, blobName)
        else await getBlob(req, res, url, blobName, method === 'HEAD')
      } catch (error) {
        req.resume()
        sendAzureError(res, error, req)
      }
      return
    }

    if (current.hang) return
    await drain(req)
    sendJson(res, 404, { code: 'bad_route', msg: `no handler for ${method} ${url.pathname}` })
  }

  // ---- Twirp ---------------------------------------------------------------------------

  const twirp = async (req: http.IncomingMessage, name: string, text: string): Promise<object> => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      throw new HttpError(401, 'unauthenticated', 'invalid or missing runtime token')
    }
    if (!METHODS.includes(name as TwirpMethod)) {
      throw new HttpError(404, 'bad_route', `no handler for path "${TWIRP_PREFIX}${name}"`)
    }
    if (!/json/i.test(req.headers['content-type'] ?? '')) {
      throw new HttpError(
        404,
        'bad_route',
        `unexpected Content-Type: ${req.headers['content-type']}`
      )
    }
    const body = parseJson(text)
    if (typeof body !== 'object' || body === null) {
      throw new HttpError(400, 'malformed', 'the json request could not be decoded')
    }
    const fields = body as Record<string, unknown>
    const key = stringField(fields, 'key')
    const version = stringField(fields, 'version')
    if (!key) throw new HttpError(400, 'invalid_argument', 'key is required')
    if (!version) throw new HttpError(400, 'invalid_argument', 'version is required')

    switch (name as TwirpMethod) {
      case 'CreateCacheEntry':
        return createEntry(key, version)
      case 'FinalizeCacheEntryUpload':
        return finalizeEntry(key, version, fields.size_bytes ?? fields.sizeBytes)
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = fields.restore_keys ?? fields.restoreKeys ?? []
        return downloadUrl(key, Array.isArray(restoreKeys) ? restoreKeys.map(String) : [], version)
      }
    }
  }

  const createEntry = (key: string, version: string): object => {
    if (findEntry(key, version)) {
      throw new HttpError(
        409,
        'already_exists',
        'cache entry with the same key, version, and scope already exists'
      )
    }
    const previous = pending.get(pendingKey(key, version))
    if (previous) blobs.delete(previous.name)
    const blob: Blob = {
      name: `${nextId++}-${randomBytes(4).toString('hex')}`,
      key,
      version,
      uploadSig: randomBytes(16).toString('base64url'),
      downloadSig: randomBytes(16).toString('base64url')
    }
    pending.set(pendingKey(key, version), blob)
    blobs.set(blob.name, blob)
    return { ok: true, signed_upload_url: signedUrl(blob, 'cw', blob.uploadSig) }
  }

  const finalizeEntry = async (key: string, version: string, size: unknown): Promise<object> => {
    if (findEntry(key, version)) {
      throw new HttpError(
        409,
        'already_exists',
        'cache entry with the same key, version, and scope already exists'
      )
    }
    const blob = pending.get(pendingKey(key, version))
    if (!blob) throw new HttpError(404, 'not_found', 'cache entry not found')
    const file = path.join(blobDir, blob.name)
    const actual = await stat(file).then(
      info => info.size,
      () => undefined
    )
    if (actual === undefined) {
      throw new HttpError(412, 'failed_precondition', 'the archive has not been uploaded')
    }
    if (size !== undefined && Number(size) !== actual) {
      throw new HttpError(
        400,
        'invalid_argument',
        `size_bytes ${String(size)} does not match the uploaded ${actual} bytes`
      )
    }
    pending.delete(pendingKey(key, version))
    const id = Number(blob.name.split('-')[0])
    stored.push({ id, key, version, sizeBytes: actual, path: file, createdAt: Date.now(), blob })
    return { ok: true, entry_id: String(id) }
  }

  /**
   * As GitHub documents it: an exact match of the key, then a prefix match of the key, then
   * each restore key as a prefix, in order; newest first; only entries of the same version.
   */
  const downloadUrl = (key: string, restoreKeys: string[], version: string): object => {
    const candidates = stored.filter(entry => entry.version === version).reverse()
    const match =
      candidates.find(entry => entry.key === key) ??
      [key, ...restoreKeys]
        .map(prefix => candidates.find(entry => entry.key.startsWith(prefix)))
        .find(entry => entry !== undefined)
    if (!match) return { ok: false, signed_download_url: '', matched_key: '' }
    return {
      ok: true,
      signed_download_url: signedUrl(match.blob, 'r', match.blob.downloadSig),
      matched_key: match.key
    }
  }

  const findEntry = (key: string, version: string): Stored | undefined =>
    stored.find(entry => entry.key === key && entry.version === version)

  const signedUrl = (blob: Blob, permissions: string, sig: string): string => {
    const expiry = new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d+Z$/, 'Z')
    const query = new URLSearchParams({
      sv: AZURE_VERSION,
      se: expiry,
      sr: 'b',
      sp: permissions,
      sig
    })
    return `${origin}/${ACCOUNT}/${CONTAINER}/${blob.name}?${query}`
  }

  // ---- Blobs ---------------------------------------------------------------------------

  const putBlob = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    name: string
  ): Promise<void> => {
    const blob = blobs.get(name)
    if (!blob || pending.get(pendingKey(blob.key, blob.version)) !== blob) {
      throw new HttpError(403, 'AuthorizationFailure', 'This request is not authorized.')
    }
    if (url.searchParams.get('sig') !== blob.uploadSig) {
      throw new HttpError(403, 'AuthenticationFailed', 'Signature did not match.')
    }
    const comp = url.searchParams.get('comp')
    const file = path.join(blobDir, name)

    if (comp === null) {
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
        throw new HttpError(400, 'MissingRequiredHeader', 'x-ms-blob-type must be BlockBlob')
      }
      const md5 = await receive(req, `${file}.part`)
      await rename(`${file}.part`, file)
      return sendCreated(req, res, { 'content-md5': md5 })
    }
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid')
      if (!blockId) throw new HttpError(400, 'InvalidQueryParameterValue', 'blockid is required')
      const blocks = path.join(blockDir, name)
      await mkdir(blocks, { recursive: true })
      const md5 = await receive(req, path.join(blocks, blockFileName(blockId)))
      return sendCreated(req, res, { 'content-md5': md5 })
    }
    if (comp === 'blocklist') {
      const xml = (await readBody(req)).toString('utf8')
      const ids = [...xml.matchAll(/<(Latest|Committed|Uncommitted)>([^<]*)<\/\1>/g)].map(match =>
        decodeXml(match[2])
      )
      const blocks = path.join(blockDir, name)
      const parts = ids.map(id => path.join(blocks, blockFileName(id)))
      for (const part of parts) {
        if (!(await stat(part).catch(() => undefined))) {
          throw new HttpError(400, 'InvalidBlockList', 'The specified block list is invalid.')
        }
      }
      const out = createWriteStream(`${file}.part`)
      for (const part of parts) await pipeline(createReadStream(part), out, { end: false })
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve()))
      )
      await rename(`${file}.part`, file)
      await rm(blocks, { recursive: true, force: true })
      return sendCreated(req, res, {})
    }
    throw new HttpError(400, 'InvalidQueryParameterValue', `unsupported comp=${comp}`)
  }

  const getBlob = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    name: string,
    head: boolean
  ): Promise<void> => {
    await drain(req)
    const entry = stored.find(candidate => candidate.blob.name === name)
    if (!entry) throw new HttpError(404, 'BlobNotFound', 'The specified blob does not exist.')
    if (url.searchParams.get('sig') !== entry.blob.downloadSig) {
      throw new HttpError(403, 'AuthenticationFailed', 'Signature did not match.')
    }
    // The file's size now, so a test may replace the archive (e.g. to corrupt it).
    const size = (await stat(entry.path)).size
    const headers: http.OutgoingHttpHeaders = {
      ...azureHeaders(req, entry.createdAt),
      'content-type': 'application/octet-stream',
      'accept-ranges': 'bytes',
      'x-ms-blob-type': 'BlockBlob'
    }
    let start = 0
    let end = size - 1
    let status = 200
    const range = /^bytes=(\d*)-(\d*)$/.exec(
      String(req.headers['x-ms-range'] ?? req.headers.range ?? '')
    )
    if (range && (range[1] || range[2])) {
      if (range[1]) {
        start = Number(range[1])
        if (range[2]) end = Math.min(Number(range[2]), size - 1)
      } else {
        start = Math.max(0, size - Number(range[2]))
      }
      if (start >= size || start > end) {
        throw new HttpError(416, 'InvalidRange', 'The range specified is invalid.')
      }
      status = 206
      headers['content-range'] = `bytes ${start}-${end}/${size}`
    }
    headers['content-length'] = String(end - start + 1)
    res.writeHead(status, headers)
    if (head || size === 0) return void res.end()
    await pipeline(createReadStream(entry.path, { start, end }), res).catch(() => {
      res.destroy()
    })
  }

  // ---- Responses -----------------------------------------------------------------------

  const injectTwirp = (res: http.ServerResponse, status: number): void => {
    if (status >= 200 && status < 300) {
      sendJson(res, status, { ok: false, message: 'injected failure' })
      return
    }
    const headers: http.OutgoingHttpHeaders = status === 429 ? { 'retry-after': '60' } : {}
    sendJson(res, status, { code: twirpCode(status), msg: `injected ${status}` }, headers)
  }

  const sendCreated = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    extra: http.OutgoingHttpHeaders
  ): void => {
    res.writeHead(201, {
      ...azureHeaders(req, Date.now()),
      'x-ms-request-server-encrypted': 'true',
      'content-length': '0',
      ...extra
    })
    res.end()
  }

  const server = http.createServer((req, res) => {
    handler(req, res).catch(error => {
      if (!res.headersSent) sendJson(res, 500, { code: 'internal', msg: String(error) })
      else res.destroy()
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  origin = `http://127.0.0.1:${port}`
  const url = `${origin}/`

  const env: Record<string, string> = {
    ACTIONS_CACHE_SERVICE_V2: 'true',
    ACTIONS_RESULTS_URL: url,
    ACTIONS_RUNTIME_TOKEN: token,
    // v2 is off on GHES; pin it so an inherited GHES value cannot switch the library to v1.
    GITHUB_SERVER_URL: 'https://github.com'
  }
  // The Azure SDK, unlike @actions/http-client, does not bypass proxies for loopback.
  if (['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].some(name => process.env[name])) {
    const noProxy = [process.env.NO_PROXY ?? process.env.no_proxy, '127.0.0.1']
      .filter(Boolean)
      .join(',')
    env.NO_PROXY = noProxy
    env.no_proxy = noProxy
  }

  let closed: Promise<void> | undefined
  return {
    url,
    env,
    calls,
    get uploads() {
      return state.uploads
    },
    get downloads() {
      return state.downloads
    },
    entries: () =>
      stored.map(({ key, version, sizeBytes, path: file, createdAt }) => ({
        key,
        version,
        sizeBytes,
        path: file,
        createdAt
      })),
    setFaults(f: CacheServiceFaults) {
      faults = { ...f }
    },
    close() {
      closed ??= new Promise<void>(resolve => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
        server.closeAllConnections()
      }).then(async () => {
        if (!options.dir) await rm(dir, { recursive: true, force: true })
      })
      return closed
    }
  }
}

// ---- Helpers -------------------------------------------------------------------------------

function pendingKey(key: string, version: string): string {
  return `${key}\0${version}`
}

/** `/<account>/<container>/<blob>` (IP-style Azure URL) to the blob name. */
function blobNameOf(pathname: string): string | undefined {
  const match = new RegExp(`^/${ACCOUNT}/${CONTAINER}/([^/]+)$`).exec(pathname)
  return match ? decodeURIComponent(match[1]) : undefined
}

function blockFileName(blockId: string): string {
  return Buffer.from(blockId, 'utf8').toString('hex')
}

function twirpCode(status: number): string {
  return TWIRP_CODES[status] ?? (status >= 500 ? 'internal' : 'unknown')
}

function stringField(fields: Record<string, unknown>, name: string): string {
  const value = fields[name]
  return typeof value === 'string' ? value : ''
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  if (req.readableEnded) return Buffer.alloc(0)
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

async function drain(req: http.IncomingMessage): Promise<void> {
  if (req.readableEnded) return
  req.resume()
  await new Promise<void>(resolve => {
    req.once('end', resolve)
    req.once('close', resolve)
  })
}

/** Streams the request body to `file`; returns its MD5 in base64 (Azure's Content-MD5). */
async function receive(req: http.IncomingMessage, file: string): Promise<string> {
  const hash = createHash('md5')
  const tap = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk)
      callback(null, chunk)
    }
  })
  try {
    await pipeline(req, tap, createWriteStream(file))
  } catch (error) {
    await unlink(file).catch(() => undefined)
    throw error
  }
  return hash.digest('base64')
}

function azureHeaders(req: http.IncomingMessage, modified: number): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = {
    etag: `"0x${modified.toString(16).toUpperCase().padStart(15, '8')}"`,
    'last-modified': new Date(modified).toUTCString(),
    'x-ms-request-id': randomUUID(),
    'x-ms-version': AZURE_VERSION,
    date: new Date().toUTCString()
  }
  const clientRequestId = req.headers['x-ms-client-request-id']
  if (clientRequestId) headers['x-ms-client-request-id'] = clientRequestId
  return headers
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: object,
  headers: http.OutgoingHttpHeaders = {}
): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text)
  })
  res.end(text)
}

function sendTwirpError(res: http.ServerResponse, error: unknown): void {
  if (error instanceof HttpError) {
    sendJson(res, error.status, { code: error.code, msg: error.message })
  } else {
    sendJson(res, 500, { code: 'internal', msg: String(error) })
  }
}

function sendAzureError(res: http.ServerResponse, error: unknown, req: http.IncomingMessage): void {
  if (res.headersSent || res.destroyed) return void res.destroy()
  const { status, code, message } =
    error instanceof HttpError
      ? error
      : { status: 500, code: 'InternalError', message: String(error) }
  const requestId = randomUUID()
  const xml =
    req.method === 'HEAD'
      ? ''
      : `<?xml version="1.0" encoding="utf-8"?><Error><Code>${escapeXml(code)}</Code>` +
        `<Message>${escapeXml(message)}\nRequestId:${requestId}\nTime:${new Date().toISOString()}</Message></Error>`
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(xml),
    'x-ms-error-code': code,
    'x-ms-request-id': requestId,
    'x-ms-version': AZURE_VERSION
  })
  res.end(xml)
}

/** A JWT-shaped runtime token (the cache library never decodes it; other toolkit code might). */
function fakeRuntimeToken(): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  return [
    part({ alg: 'RS256', typ: 'JWT', x5t: 'test' }),
    part({
      iss: 'https://token.actions.githubusercontent.example',
      aud: 'vso:cache-service-test',
      scp: 'Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:run:job',
      nbf: now - 60,
      exp: now + 6 * 3600
    }),
    randomBytes(32).toString('base64url')
  ].join('.')
}
