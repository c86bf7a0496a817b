import { type Mirror, mirrorFromUrl } from '../mirrors/mirror.js'

/** Docker tries mirrors in order, each dead one costing a dial timeout: a few are plenty. */
export const MAX_DOCKER_MIRRORS = 3

/**
 * Parses `docker-mirrors`: http(s) URLs, one per line or comma-separated. Docker refuses
 * credentials, queries and fragments in `registry-mirrors` (a bad entry stops the daemon), so
 * they are refused here first.
 */
export function parseDockerMirrorList(text: string): Mirror[] {
  const mirrors: Mirror[] = []
  for (const entry of text.split(/[\n,]/).map(item => item.trim())) {
    if (entry === '' || entry.startsWith('#')) continue
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) {
      throw new Error(`'${entry}' is not a URL: write it with its scheme, e.g. https://${entry}`)
    }
    const parsed = new URL(entry)
    if (parsed.username || parsed.password) {
      throw new Error(
        `'${mirrorFromUrl(undefined, entry).displayUrl}' has credentials, which Docker does not accept in registry-mirrors`
      )
    }
    if (parsed.search || parsed.hash) throw new Error(`'${entry}' has a query or fragment`)
    const mirror = mirrorFromUrl(undefined, entry)
    if (!mirrors.some(known => known.url === mirror.url)) mirrors.push(mirror)
  }
  return mirrors
}

/** Docker's slice of the inputs. */
export interface DockerInputs {
  /** Empty: Docker is not touched. */
  mirrors: Mirror[]
  probeImage: ImageReference
  daemonConfig: string
}

export interface ImageReference {
  repository: string
  /** A tag or a digest. */
  reference: string
}

/** `busybox` -> library/busybox:latest; a Docker Hub image only, since mirrors serve Docker Hub. */
export function parseImageReference(text: string): ImageReference {
  const match =
    /^([a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)(?::([\w][\w.-]{0,127})|@(sha256:[0-9a-f]{64}))?$/.exec(
      text.trim()
    )
  if (!match)
    throw new Error(`'${text}' is not a Docker Hub image reference such as library/busybox:latest`)
  const [, path, tag, digest] = match
  if (path.split('/')[0].includes('.')) {
    throw new Error(
      `'${text}' names another registry; registry mirrors serve Docker Hub images only`
    )
  }
  return {
    repository: path.includes('/') ? path : `library/${path}`,
    reference: digest ?? tag ?? 'latest'
  }
}
