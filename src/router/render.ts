import { normalizeProjectName } from '../mirrors/project-name.js'
import {
  HTML_CONTENT_TYPE,
  type IndexFile,
  type IndexPage,
  JSON_CONTENT_TYPE
} from '../net/index-page.js'

/**
 * A parsed project page, served to pip or uv in the format it asks for, whatever the mirror
 * spoke, with every file at a URL of the caller's choosing.
 */

export type PageFormat = 'json' | 'html'

export interface Negotiated {
  format: PageFormat
  /** The media type the client named: `text/html` stays `text/html` for old clients. */
  contentType: string
}

const MEDIA_TYPES: Record<string, Negotiated | undefined> = {
  [JSON_CONTENT_TYPE]: { format: 'json', contentType: JSON_CONTENT_TYPE },
  'application/vnd.pypi.simple.latest+json': { format: 'json', contentType: JSON_CONTENT_TYPE },
  [HTML_CONTENT_TYPE]: { format: 'html', contentType: HTML_CONTENT_TYPE },
  'application/vnd.pypi.simple.latest+html': { format: 'html', contentType: HTML_CONTENT_TYPE },
  'text/html': { format: 'html', contentType: 'text/html' },
  // Wildcards get the legacy default, as PEP 691 advises for clients that state no preference.
  'text/*': { format: 'html', contentType: 'text/html' },
  '*/*': { format: 'html', contentType: 'text/html' }
}

const LEGACY_HTML: Negotiated = { format: 'html', contentType: 'text/html' }

/**
 * PEP 691 content negotiation: the acceptable type with the highest q-value; on a tie, the
 * earlier in the header. No header, or nothing acceptable, gets HTML.
 */
export function chooseFormat(accept: string | undefined): Negotiated {
  let best: Negotiated | undefined
  let bestQ = 0
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...params] = range.split(';').map(part => part.trim().toLowerCase())
    const choice = MEDIA_TYPES[type]
    const qParam = params.find(param => /^q\s*=/.test(param))
    const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/, ''))
    if (choice && Number.isFinite(q) && q > bestQ) [best, bestQ] = [choice, q]
  }
  return best ?? LEGACY_HTML
}

export interface RenderedPage {
  contentType: string
  body: string
}

/** Where a file is served; it must carry no fragment (the HTML form adds the hash there). */
export type FileUrl = (file: IndexFile) => string

export function renderProjectPage(
  project: string,
  page: IndexPage,
  negotiated: Negotiated,
  fileUrl: FileUrl
): RenderedPage {
  const name = normalizeProjectName(project)
  const body =
    negotiated.format === 'json' ? renderJson(name, page, fileUrl) : renderHtml(name, page, fileUrl)
  const charset = negotiated.format === 'html' ? '; charset=utf-8' : ''
  return { contentType: `${negotiated.contentType}${charset}`, body }
}

/**
 * PEP 700's 1.1 promises `versions` and every file's `size`; a page from an HTML mirror has
 * neither, so it is served as 1.0 rather than claim what it lacks.
 */
function apiVersion(page: IndexPage): string {
  return page.versions && page.files.every(file => file.size !== undefined) ? '1.1' : '1.0'
}

function renderJson(name: string, page: IndexPage, fileUrl: FileUrl): string {
  return JSON.stringify({
    meta: {
      'api-version': apiVersion(page),
      ...(page.serial === undefined ? {} : { '_last-serial': page.serial })
    },
    name,
    ...(page.versions ? { versions: page.versions } : {}),
    files: page.files.map(file => ({
      filename: file.filename,
      url: fileUrl(file),
      hashes: allHashes(file),
      ...(file.requiresPython === undefined ? {} : { 'requires-python': file.requiresPython }),
      ...(file.yanked === undefined ? {} : { yanked: file.yanked }),
      // PEP 714: the new key for new clients, the old one for pip before 23.3 and older uv.
      ...(file.coreMetadata === undefined
        ? {}
        : { 'core-metadata': file.coreMetadata, 'dist-info-metadata': file.coreMetadata }),
      ...(file.size === undefined ? {} : { size: file.size }),
      ...(file.uploadTime === undefined ? {} : { 'upload-time': file.uploadTime })
    }))
  })
}

function renderHtml(name: string, page: IndexPage, fileUrl: FileUrl): string {
  const links = page.files.map(file => {
    const hash = preferredHash(allHashes(file))
    const attributes = [
      ['href', `${fileUrl(file)}${hash ? `#${hash}` : ''}`],
      ['data-requires-python', file.requiresPython],
      ['data-yanked', file.yanked === true ? '' : file.yanked],
      ['data-core-metadata', metadataAttribute(file.coreMetadata)],
      ['data-dist-info-metadata', metadataAttribute(file.coreMetadata)]
    ]
      .filter((pair): pair is [string, string] => pair[1] !== undefined)
      .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
      .join('')
    return `    <a${attributes}>${escapeHtml(file.filename)}</a><br />`
  })
  const title = `Links for ${escapeHtml(name)}`
  return [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    `    <meta name="pypi:repository-version" content="${apiVersion(page)}">`,
    `    <title>${title}</title>`,
    '  </head>',
    '  <body>',
    `    <h1>${title}</h1>`,
    ...links,
    '  </body>',
    '</html>',
    // bandersnatch's and PyPI's place for the serial, which the page parser reads back.
    ...(page.serial === undefined ? [] : [`<!--SERIAL ${page.serial}-->`]),
    ''
  ].join('\n')
}

function allHashes(file: IndexFile): Record<string, string> {
  return { ...file.hashes, ...(file.sha256 ? { sha256: file.sha256 } : {}) }
}

/** HTML carries one hash: sha256 where known, as pip and uv check that one. */
function preferredHash(hashes: Record<string, string>): string | undefined {
  const name = 'sha256' in hashes ? 'sha256' : Object.keys(hashes)[0]
  return name === undefined ? undefined : `${name}=${hashes[name]}`
}

function metadataAttribute(metadata: IndexFile['coreMetadata']): string | undefined {
  if (metadata === undefined) return undefined
  return metadata === true ? 'true' : (preferredHash(metadata) ?? 'true')
}

/** Text for HTML, attribute values included. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
