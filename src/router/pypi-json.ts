// pypi.org's JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`), built from a simple
// page and, where known, a release's core metadata: what Poetry reads to lock and install.
import { compare, explain } from '@renovatebot/pep440'
import type { IndexFile, IndexPage } from '../net/index-page.js'
import { versionFromFilename } from '../mirrors/distribution-file.js'
import { packageType } from './pypi-urls.js'

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
