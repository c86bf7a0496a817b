// pypi.org's JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`): a mirror's own copy
// of PyPI's document, its file URLs turned back into PyPI's; or, where neither a mirror nor PyPI
// answers, one built from a simple page and a release's core metadata, for Poetry, which reads
// the API to lock and install.
import { compare, explain } from '@renovatebot/pep440'
import type { IndexFile, IndexPage } from '../net/index-page.js'
import { versionFromFilename } from '../mirrors/distribution-file.js'
import { normalizeProjectName } from '../mirrors/project-name.js'
import { packageType, pypiFilePath, pypiFileUrl } from './pypi-urls.js'

/**
 * Where a mirror keeps PyPI's JSON API: beside its simple index, as bandersnatch mirrors do
 * (`…/simple` → `…/pypi/<name>/[<version>/]json`). Undefined for an index URL that does not end
 * in `/simple`: there is no telling where its JSON API would be.
 */
export function mirrorJsonUrl(
  indexUrl: string,
  project: string,
  version?: string
): string | undefined {
  const url = new URL(indexUrl)
  const base = url.pathname.replace(/\/+$/, '')
  if (!base.endsWith('/simple')) return undefined
  const release = version === undefined ? '' : `${encodeURIComponent(version)}/`
  url.pathname = `${base.slice(0, -'simple'.length)}pypi/${encodeURIComponent(project)}/${release}json`
  url.search = ''
  url.hash = ''
  return url.toString()
}

export type MirrorJson = { ok: true; body: string } | { ok: false; reason: string }

/**
 * A mirror's JSON document for `project` as PyPI would send it: every field kept, the
 * vulnerabilities included, only each file's `url` turned into PyPI's own (the mirror's URL
 * where it keeps PyPI's layout, else one made from the sha256; see pypi-urls.ts). Refused when it
 * is not PyPI's shape, or is of another project: a mirror's error page must not pass for it.
 */
export function readMirrorJson(text: string, project: string, version?: string): MirrorJson {
  let document: unknown
  try {
    document = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'the JSON API answered something that is not JSON' }
  }
  const shape = jsonShape(document, project, version)
  if (typeof shape === 'string') return { ok: false, reason: `the JSON API answer ${shape}` }
  for (const entry of shape.files) {
    const path = pypiFilePath({
      filename: entry.filename as string,
      url: entry.url as string,
      sha256: (entry.digests as Record<string, unknown>).sha256 as string | undefined
    })
    if (path) entry.url = pypiFileUrl(path)
  }
  return { ok: true, body: JSON.stringify(document) }
}

type JsonRecord = Record<string, unknown>

const isRecord = (value: unknown): value is JsonRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const SHA256_HEX = /^[0-9a-f]{64}$/

/** The document's file entries; or what is wrong with it. */
function jsonShape(
  document: unknown,
  project: string,
  version: string | undefined
): { files: JsonRecord[] } | string {
  if (!isRecord(document) || !isRecord(document.info) || !Array.isArray(document.urls))
    return 'lacks info and urls'
  const { name, version: released } = document.info
  if (typeof name !== 'string' || normalizeProjectName(name) !== project)
    return `is about ${typeof name === 'string' ? name : 'no project'}, not ${project}`
  if (version !== undefined && typeof released !== 'string') return 'names no version'
  const releases = document.releases
  if (releases !== undefined && !isRecord(releases)) return 'has releases that are not a table'
  const lists = [document.urls, ...Object.values(releases ?? {})]
  if (!lists.every(Array.isArray)) return 'has a release that is not a list'
  const files = (lists as unknown[][]).flat()
  const bad = files.find(
    entry =>
      !isRecord(entry) ||
      typeof entry.filename !== 'string' ||
      typeof entry.url !== 'string' ||
      !isRecord(entry.digests) ||
      (entry.digests.sha256 !== undefined &&
        !(typeof entry.digests.sha256 === 'string' && SHA256_HEX.test(entry.digests.sha256)))
  )
  if (bad !== undefined) return 'lists a file without a name, a URL or well-formed digests'
  return { files: files as JsonRecord[] }
}

/** What a release's core metadata says, where the router read it. */
export interface ReleaseMetadata {
  name?: string
  version?: string
  summary?: string
  requiresPython?: string
  requiresDist: string[]
}

export interface PypiJsonInput {
  project: string
  page: IndexPage
  /** The release asked for (the version endpoint); else the latest one. */
  version?: string
  metadata?: ReleaseMetadata
  fileUrl: (file: IndexFile) => string
}

/**
 * The JSON document, or undefined when the page has no such release. The latest release is the
 * highest PEP 440 version with a file that is not yanked, preferring final releases, as PyPI
 * picks it. Fields the page cannot tell are null, as PyPI leaves them for old uploads; without
 * metadata, `requires_dist` is null and clients read the release's metadata themselves.
 */
export function renderPypiJson(input: PypiJsonInput): string | undefined {
  const { page, fileUrl } = input
  const releases = new Map<string, IndexFile[]>()
  for (const file of page.files) {
    const version = versionFromFilename(file.filename)
    if (version === undefined) continue
    releases.set(version, [...(releases.get(version) ?? []), file])
  }
  const version = input.version ?? latestVersion(releases)
  const files = version === undefined ? undefined : releases.get(version)
  if (version === undefined || !files) return undefined
  const entry = (file: IndexFile): Record<string, unknown> => ({
    filename: file.filename,
    url: fileUrl(file),
    digests: { ...file.hashes, ...(file.sha256 ? { sha256: file.sha256 } : {}) },
    packagetype: packageType(file.filename),
    python_version: pythonTag(file.filename),
    requires_python: file.requiresPython ?? null,
    size: file.size ?? null,
    upload_time_iso_8601: file.uploadTime ?? null,
    yanked: file.yanked !== undefined,
    yanked_reason: typeof file.yanked === 'string' ? file.yanked : null
  })
  const metadata = input.metadata
  const info = {
    name: metadata?.name ?? input.project,
    version,
    summary: metadata?.summary ?? null,
    requires_python: metadata?.requiresPython ?? files[0].requiresPython ?? null,
    requires_dist: metadata ? metadata.requiresDist : null,
    yanked: files.every(file => file.yanked !== undefined),
    yanked_reason: null
  }
  return JSON.stringify({
    info,
    last_serial: page.serial ?? null,
    ...(input.version === undefined
      ? { releases: Object.fromEntries([...releases].map(([key, list]) => [key, list.map(entry)])) }
      : {}),
    urls: files.map(entry),
    vulnerabilities: []
  })
}

function latestVersion(releases: Map<string, IndexFile[]>): string | undefined {
  const candidates = [...releases]
    .filter(([version, files]) => explain(version) && files.some(file => file.yanked === undefined))
    .map(([version]) => version)
    .sort((a, b) => compare(b, a))
  return candidates.find(version => !explain(version)?.is_prerelease) ?? candidates[0]
}

/** A wheel's Python tag; `source` for an sdist, as PyPI says. */
function pythonTag(filename: string): string {
  if (!filename.endsWith('.whl')) return 'source'
  const parts = filename.slice(0, -4).split('-')
  return parts[parts.length - 3] ?? 'py3'
}

/** The fields above from a METADATA file (RFC 822 headers; the body is the description). */
export function parseCoreMetadata(text: string): ReleaseMetadata {
  const head = text.split(/\r?\n\r?\n/)[0]
  const fields: [string, string][] = []
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) fields[fields.length - 1][1] += `\n${line.trim()}`
    else {
      const colon = line.indexOf(':')
      if (colon > 0) fields.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()])
    }
  }
  const first = (name: string): string | undefined => fields.find(([key]) => key === name)?.[1]
  return {
    name: first('name'),
    version: first('version'),
    summary: first('summary'),
    requiresPython: first('requires-python'),
    requiresDist: fields.filter(([key]) => key === 'requires-dist').map(([, value]) => value)
  }
}
