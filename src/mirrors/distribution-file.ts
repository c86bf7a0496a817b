import { normalizeProjectName } from './project-name.js'

/** What a distribution file's name says: the project (as written) and the version. */
interface DistributionParts {
  name: string
  version: string
}

const SDIST_SUFFIXES = ['.tar.gz', '.zip', '.tar.bz2', '.tar.xz', '.tgz', '.tar']

/**
 * A wheel's name is its first `-`-separated part (PEP 427); an sdist's is everything before the
 * version, which starts at the last `-` followed by a digit (older sdists keep `-` in names).
 */
function distributionParts(filename: string): DistributionParts | undefined {
  if (filename.endsWith('.whl')) {
    const [name, version] = filename.slice(0, -4).split('-')
    return name && version ? { name, version } : undefined
  }
  const suffix = SDIST_SUFFIXES.find(ending => filename.toLowerCase().endsWith(ending))
  if (!suffix) return undefined
  const match = /^(.+?)-(\d[^-]*)$/.exec(filename.slice(0, -suffix.length))
  return match ? { name: match[1], version: match[2] } : undefined
}

/** The project a distribution file belongs to, normalised (PEP 503). */
export function projectFromFilename(filename: string): string | undefined {
  const parts = distributionParts(filename)
  return parts && normalizeProjectName(parts.name)
}

/** `demo_pkg-1.0-py3-none-any.whl` and `demo-pkg-1.0.tar.gz` both give 1.0. */
export function versionFromFilename(filename: string): string | undefined {
  return distributionParts(filename)?.version
}
