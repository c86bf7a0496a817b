// PyPI's own URLs for the files of a page, so that what the tools write (uv.lock, pdm.lock,
// requirements with hashes) is what they write against PyPI itself, whichever mirror served.
import type { IndexFile } from '../net/index-page.js'
import { PYPI_FILES_HOST } from './request.js'

/**
 * PyPI's path layout, which bandersnatch and most public mirrors keep under their own prefix:
 * `packages/<2 hex>/<2 hex>/<60 hex>/<filename>` (the blake2b-256 of the file).
 */
const PYPI_LAYOUT = /\/packages\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{60})\/([^/?#]+)$/

/**
 * The path the file has on files.pythonhosted.org: taken from the mirror's URL where the mirror
 * keeps PyPI's layout; else made from its sha256 (`/packages/sha256/<hex>/<filename>`), a path
 * PyPI does not have, which a lock file written through such a mirror then names. Undefined
 * for a file listed without a sha256: it cannot be checked, so it keeps the mirror's URL.
 */
export function pypiFilePath(file: IndexFile): string | undefined {
  const match = PYPI_LAYOUT.exec(file.url.split(/[?#]/)[0])
  if (match && safeDecode(match[4]) === file.filename)
    return `/packages/${match[1]}/${match[2]}/${match[3]}/${file.filename}`
  return file.sha256 ? `/packages/sha256/${file.sha256}/${file.filename}` : undefined
}

export function pypiFileUrl(path: string): string {
  const slash = path.lastIndexOf('/')
  return `https://${PYPI_FILES_HOST}${path.slice(0, slash + 1)}${encodeURIComponent(path.slice(slash + 1))}`
}

/** The sha256 a path made by `pypiFilePath` from a sha256 names. */
export function sha256FromPypiPath(path: string): string | undefined {
  return /^\/packages\/sha256\/([0-9a-f]{64})\/[^/]+$/.exec(path)?.[1]
}

export type PackageType = 'bdist_wheel' | 'sdist'

export function packageType(filename: string): PackageType {
  return filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist'
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
