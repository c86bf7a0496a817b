/** What a simple-index project page (PEP 503 HTML or PEP 691 JSON) says about a project. */
export interface IndexPage {
  files: IndexFile[]
  /** The mirror's change serial for the project, where the page states one. */
  serial?: number
}

export interface IndexFile {
  filename: string
  /** As written on the page: relative URLs resolve against the page's URL. */
  url: string
  sha256?: string
  /** Bytes, where the page says (PEP 700 JSON). */
  size?: number
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
    parsed = parseHtmlPage(body)
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
  const meta = (document as { meta?: Record<string, unknown> }).meta
  return {
    ok: true,
    page: {
      files: files.filter(isJsonFile).map(file => ({
        filename: file.filename,
        url: file.url,
        sha256: typeof file.hashes?.sha256 === 'string' ? file.hashes.sha256 : undefined,
        size: typeof file.size === 'number' ? file.size : undefined
      })),
      serial: parseSerial(meta?.['_last-serial'])
    }
  }
}

interface JsonFile {
  filename: string
  url: string
  hashes?: Record<string, unknown>
  size?: unknown
}

function isJsonFile(value: unknown): value is JsonFile {
  const file = value as JsonFile
  return typeof file?.filename === 'string' && typeof file.url === 'string'
}

const ANCHOR = /<a\s[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>([\s\S]*?)<\/a\s*>/gi

function parseHtmlPage(body: string): PageParse {
  const files: IndexFile[] = []
  for (const [, , href, text] of body.matchAll(ANCHOR)) {
    const url = decodeEntities(href)
    const filename = decodeEntities(text.replace(/<[^>]*>/g, '').trim())
    if (!isDistributionFilename(filename)) continue
    const sha256 = /#sha256=([0-9a-f]{64})/i.exec(url)?.[1]?.toLowerCase()
    files.push({ filename, url, sha256 })
  }
  const serial = /<!--\s*SERIAL\s+(\d+)\s*-->/.exec(body)?.[1]
  return { ok: true, page: { files, serial: parseSerial(serial) } }
}

function isDistributionFilename(name: string): boolean {
  return /\.(whl|tar\.gz|zip|tar\.bz2|tgz|egg)$/i.test(name)
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Serials come as numbers or strings depending on the mirror software. */
function parseSerial(value: unknown): number | undefined {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN
  return Number.isSafeInteger(number) && number >= 0 && value !== '' ? number : undefined
}
