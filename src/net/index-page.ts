import { Parser } from 'htmlparser2'

/** What a simple-index project page (PEP 503 HTML or PEP 691 JSON) says about a project. */
export interface IndexPage {
  files: IndexFile[]
  /** The mirror's change serial for the project, where the page states one. */
  serial?: number
  /** Every version of the project, files or not (PEP 700; JSON pages only). */
  versions?: string[]
}

export interface IndexFile {
  filename: string
  /** As written on the page, without its fragment: relative URLs resolve against the page's URL. */
  url: string
  /** Lower-case hex, the same as `hashes.sha256`. */
  sha256?: string
  /** Every hash the page lists, by hashlib name, lower-case hex (HTML carries at most one). */
  hashes?: Record<string, string>
  /** `data-requires-python` / `requires-python`, unescaped. */
  requiresPython?: string
  /** Absent unless yanked; the reason where the page gives one. */
  yanked?: true | string
  /** The METADATA file served at `<url>.metadata` (PEP 658, PEP 714): true, or its hashes. */
  coreMetadata?: true | Record<string, string>
  /** Bytes, where the page says (PEP 700 JSON). */
  size?: number
  /** ISO 8601, where the page says (PEP 700 JSON). */
  uploadTime?: string
}

export const JSON_CONTENT_TYPE = 'application/vnd.pypi.simple.v1+json'
export const HTML_CONTENT_TYPE = 'application/vnd.pypi.simple.v1+html'

/** Asks for PEP 691 JSON and accepts HTML from mirrors that only serve that. */
export const ACCEPT_HEADER = `${JSON_CONTENT_TYPE}, ${HTML_CONTENT_TYPE};q=0.2, text/html;q=0.01`

export type PageParse = { ok: true; page: IndexPage } | { ok: false; reason: string }

/**
 * Parses a project page by its content type. A page that lists no distribution files is not a
 * project page (an error page, a login wall, a captive portal) and fails.
 */
export function parseIndexPage(
  contentType: string,
  body: string,
  serialHeader?: string
): PageParse {
  const mediaType = contentType.split(';')[0].trim().toLowerCase()
  let parsed: PageParse
  if (mediaType === JSON_CONTENT_TYPE || mediaType === 'application/json')
    parsed = parseJsonPage(body)
  else if (mediaType === HTML_CONTENT_TYPE || mediaType === 'text/html')
    parsed = { ok: true, page: parseHtmlPage(body) }
  else return { ok: false, reason: `unexpected content type '${mediaType || 'none'}'` }

  if (!parsed.ok) return parsed
  if (parsed.page.files.length === 0)
    return { ok: false, reason: 'the project page lists no files' }
  const headerSerial = parseSerial(serialHeader)
  return headerSerial === undefined
    ? parsed
    : { ok: true, page: { ...parsed.page, serial: headerSerial } }
}

function parseJsonPage(body: string): PageParse {
  let document: unknown
  try {
    document = JSON.parse(body)
  } catch {
    return { ok: false, reason: 'the JSON page does not parse' }
  }
  const files = (document as { files?: unknown })?.files
  if (!Array.isArray(files)) return { ok: false, reason: "the JSON page has no 'files' list" }
  const { meta, versions } = document as { meta?: Record<string, unknown>; versions?: unknown }
  return {
    ok: true,
    page: withoutUndefined({
      files: files.filter(isJsonFile).map(jsonFile),
      serial: parseSerial(meta?.['_last-serial']),
      versions:
        Array.isArray(versions) && versions.every(version => typeof version === 'string')
          ? versions
          : undefined
    })
  }
}

interface JsonFile {
  filename: string
  url: string
  hashes?: unknown
  'requires-python'?: unknown
  yanked?: unknown
  'core-metadata'?: unknown
  'dist-info-metadata'?: unknown
  size?: unknown
  'upload-time'?: unknown
}

function isJsonFile(value: unknown): value is JsonFile {
  const file = value as JsonFile
  return typeof file?.filename === 'string' && typeof file.url === 'string'
}

function jsonFile(file: JsonFile): IndexFile {
  const hashes = hashMap(file.hashes)
  const requiresPython = file['requires-python']
  const size = file.size
  const uploadTime = file['upload-time']
  return withoutUndefined({
    filename: file.filename,
    url: file.url,
    sha256: hashes.sha256,
    hashes,
    requiresPython: typeof requiresPython === 'string' ? requiresPython : undefined,
    yanked: jsonYanked(file.yanked),
    // PEP 714 renamed dist-info-metadata to core-metadata; mirrors may send either.
    coreMetadata: jsonMetadata(file['core-metadata'] ?? file['dist-info-metadata']),
    size: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined,
    uploadTime: typeof uploadTime === 'string' ? uploadTime : undefined
  })
}

/** PEP 691: false or absent is not yanked, true is, and a string is yanked for that reason. */
function jsonYanked(value: unknown): true | string | undefined {
  if (value === true || value === '') return true
  return typeof value === 'string' ? value : undefined
}

function jsonMetadata(value: unknown): true | Record<string, string> | undefined {
  if (value === true) return true
  if (typeof value !== 'object' || value === null) return undefined
  const hashes = hashMap(value)
  // An empty object still says the file exists: the hash is just not given.
  return Object.keys(hashes).length > 0 ? hashes : true
}

function hashMap(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {}
  const hashes: Record<string, string> = {}
  for (const [name, hex] of Object.entries(value)) {
    if (typeof hex === 'string' && /^[0-9a-f]+$/i.test(hex))
      hashes[name.toLowerCase()] = hex.toLowerCase()
  }
  return hashes
}

function parseHtmlPage(body: string): IndexPage {
  const files: IndexFile[] = []
  let serial: number | undefined
  let anchor: { attributes: Record<string, string>; text: string } | undefined
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'a' && attributes.href !== undefined) anchor = { attributes, text: '' }
      },
      ontext(text) {
        if (anchor) anchor.text += text
      },
      onclosetag(name) {
        if (name !== 'a' || !anchor) return
        const file = htmlFile(anchor.attributes, anchor.text.trim())
        if (file) files.push(file)
        anchor = undefined
      },
      oncomment(text) {
        // bandersnatch and PyPI end the page with `<!--SERIAL 123-->`.
        const match = /^\s*SERIAL\s+(\d+)\s*$/.exec(text)
        if (match) serial = parseSerial(match[1])
      }
    },
    { decodeEntities: true }
  )
  parser.write(body)
  parser.end()
  return withoutUndefined({ files, serial })
}

function htmlFile(attributes: Record<string, string>, filename: string): IndexFile | undefined {
  if (!isDistributionFilename(filename)) return undefined
  const [url, fragment = ''] = splitFragment(attributes.href)
  const hashes = fragmentHash(fragment)
  const yanked = attributes['data-yanked']
  const metadata = attributes['data-core-metadata'] ?? attributes['data-dist-info-metadata']
  return withoutUndefined({
    filename,
    url,
    sha256: hashes.sha256,
    hashes,
    requiresPython: attributes['data-requires-python'],
    // A bare `data-yanked` (value "") marks a file yanked without a reason.
    yanked: yanked === '' ? (true as const) : yanked,
    coreMetadata: htmlMetadata(metadata)
  })
}

function htmlMetadata(value: string | undefined): true | Record<string, string> | undefined {
  if (value === undefined) return undefined
  const hashes = fragmentHash(value)
  // "true", or a value that is not `name=hex`: the file exists, its hash unknown (as pip reads it).
  return Object.keys(hashes).length > 0 ? hashes : true
}

function splitFragment(href: string): [string, string?] {
  const hash = href.indexOf('#')
  return hash === -1 ? [href] : [href.slice(0, hash), href.slice(hash + 1)]
}

/** `sha256=abc…` (a PEP 503 URL fragment, or a PEP 658 attribute value) as a hash map. */
function fragmentHash(text: string): Record<string, string> {
  const match = /^([a-z0-9_]+)=([0-9a-f]+)$/i.exec(text.trim())
  return match ? { [match[1].toLowerCase()]: match[2].toLowerCase() } : {}
}

function isDistributionFilename(name: string): boolean {
  return /\.(whl|tar\.gz|zip|tar\.bz2|tgz|egg)$/i.test(name)
}

/** Leaves out unset attributes, so pages compare and serialise by what they state. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T
}

/** Serials come as numbers or strings depending on the mirror software. */
function parseSerial(value: unknown): number | undefined {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN
  return Number.isSafeInteger(number) && number >= 0 && value !== '' ? number : undefined
}
