// What a request to the router asks for, decided from its head alone, before anything is
// fetched: every byte of it comes from a client that may be hostile (another local user, a web
// page through DNS rebinding, a careless tool), so anything unexpected is refused here.
import { timingSafeEqual } from 'node:crypto'
import { normalizeProjectName } from '../mirrors/project-name.js'

export type RouterRoute =
  | { kind: 'health' }
  | { kind: 'stats' }
  /** The post step asks the router to stop: it leaves its figures, then ends. */
  | { kind: 'stop' }
  /**
   * `project` is normalised (PEP 503); `secret` is the path segment of the address asked, which
   * the page's file links carry.
   */
  | { kind: 'page'; project: string; secret: string }
  /** `filename` is decoded once; the server serves it only if it is the sha256's own name. */
  | { kind: 'file'; sha256: string; filename: string; metadata: boolean }
  /** pypi.org's simple page, with PyPI's own file URLs. */
  | { kind: 'pypi-page'; project: string }
  /** pypi.org's JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`). */
  | { kind: 'pypi-json'; project: string; version?: string }
  /** A files.pythonhosted.org path: `/packages/…/<filename>`, or its `.metadata`. */
  | { kind: 'pypi-file'; path: string; filename: string; metadata: boolean }
  /** Anything else for one of PyPI's hosts: sent on to the real host as it came. */
  | { kind: 'pass-through'; host: string }
  | { kind: 'refused'; status: 400 | 403 | 404 | 405; reason: string }

export interface RequestHead {
  method?: string
  /** The request target as sent. */
  url?: string
  headers: Record<string, string | string[] | undefined>
}

/** One address the router listens on, and what a request to it must carry. */
export interface RouterAddress {
  port: number
  /** The first path segment of every route but `/health`. */
  secret: string
  /**
   * The host names (without the port) its requests' Host may name: loopback's by default, or a
   * Docker network's host-side address.
   */
  hosts?: readonly string[]
  /**
   * The secret of `POST /<stopSecret>/stop`, which stops the router: the job's own, which no
   * other job's router has, so that a stop can only reach the router it is meant for. Set on
   * loopback, for the post step; never on a Docker network's address, whose clients are the
   * job's containers.
   */
  stopSecret?: string
}

/** PEP 508's project name: letters, digits, `-`, `_` and `.`, starting and ending alphanumeric. */
const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/
const SHA256 = /^[0-9a-f]{64}$/
/** A distribution file's name: no separators, no control characters, no leading dot. */
const FILENAME = /^[A-Za-z0-9_+!~-][A-Za-z0-9._+!~-]*$/
const METADATA_SUFFIX = '.metadata'
/** The hosts the router answers to: a browser on a rebound name sends that name instead. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]']
/** `Sec-Fetch-Site` values of a request that a page of another site did not make. */
const OWN_FETCH_SITES = ['same-origin', 'none']
/** What the router serves: it changes nothing, but for the post step's stop. */
const READ_METHODS = ['GET', 'HEAD']
/** The path segment after the secret that stops the router (`POST /<stopSecret>/stop`). */
export const STOP_AREA = 'stop'

/** The route for a request, or why it is refused. */
export function routeRequest(head: RequestHead, address: RouterAddress): RouterRoute {
  // A POST is only ever the post step's stop, and only where the router may be stopped.
  const post = address.stopSecret !== undefined && head.method === 'POST'
  const malformed = badMethodOrTarget(head, post ? ['POST'] : READ_METHODS)
  if (malformed) return malformed
  const target = head.url ?? ''
  const hosts = address.hosts ?? LOOPBACK_HOSTS
  const host = single(head.headers.host)
  if (host === undefined || !isOwnHost(host, address.port, hosts))
    return refused(403, `the Host header must name the router (${hosts.join(', ')} and its port)`)
  const origin = single(head.headers.origin)
  if (origin !== undefined && !isOwnOrigin(origin, address.port, hosts))
    return refused(403, 'requests from another origin are refused')
  const site = single(head.headers['sec-fetch-site'])
  if (site !== undefined && !OWN_FETCH_SITES.includes(site.toLowerCase()))
    return refused(403, 'requests from another site are refused')

  const path = target.split('?')[0]
  const segments = path.split('/').slice(1)
  if (post)
    return segments.length === 2 &&
      segments[1] === STOP_AREA &&
      sameSecret(segments[0], address.stopSecret ?? '')
      ? { kind: 'stop' }
      : notFound()
  if (path === '/health') return { kind: 'health' }
  if (!sameSecret(segments[0] ?? '', address.secret)) return notFound()
  const [, area, ...rest] = segments
  if (area === 'stats' && rest.length === 0) return { kind: 'stats' }
  if (area === 'simple') {
    const project = projectRoute(rest)
    return typeof project === 'string' ? { kind: 'page', project, secret: address.secret } : project
  }
  if (area === 'files') return fileRoute(rest)
  return notFound()
}

/** `<name>/` or `<name>`, decoded once, a valid project name: the name, normalised. */
function projectRoute(rest: string[]): string | RouterRoute {
  if (rest.length === 0 || rest.length > 2 || (rest.length === 2 && rest[1] !== ''))
    return notFound()
  const name = decodeOnce(rest[0])
  if (name === undefined) return refused(400, 'the project name is not valid percent-encoding')
  if (!PROJECT_NAME.test(name)) return refused(404, 'not a project name')
  return normalizeProjectName(name)
}

/** `<sha256>/<filename>` or `<sha256>/<filename>.metadata`. */
function fileRoute(rest: string[]): RouterRoute {
  if (rest.length !== 2 || !SHA256.test(rest[0])) return notFound()
  const decoded = decodeOnce(rest[1])
  if (decoded === undefined) return refused(400, 'the file name is not valid percent-encoding')
  const metadata = decoded.endsWith(METADATA_SUFFIX)
  const filename = metadata ? decoded.slice(0, -METADATA_SUFFIX.length) : decoded
  if (!FILENAME.test(filename)) return refused(404, 'not a file name')
  return { kind: 'file', sha256: rest[0], filename, metadata }
}

/** PyPI's hosts, which the router answers for inside CONNECT tunnels of the job's tools. */
export const PYPI_INDEX_HOST = 'pypi.org'
export const PYPI_FILES_HOST = 'files.pythonhosted.org'
export const INTERCEPTED_HOSTS = [PYPI_INDEX_HOST, PYPI_FILES_HOST] as const

/** A version as a URL segment: PEP 440's characters (local versions included), nothing else. */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/
const PATH_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/**
 * The route for a request that came through a tunnel to one of PyPI's hosts (`host`, from the
 * CONNECT the router intercepted). What installers read there (project pages, the JSON API,
 * files and their core metadata) is answered from the mirrors; anything else (other paths and
 * methods, a Host that names another site, names PyPI would refuse) goes to the real host as it
 * came, so that the answer is PyPI's own.
 */
export function routeInterceptedRequest(head: RequestHead, host: string): RouterRoute {
  const passThrough: RouterRoute = { kind: 'pass-through', host }
  if (badMethodOrTarget(head)) return passThrough
  const sentHost = single(head.headers.host)?.toLowerCase()
  if (sentHost !== host && sentHost !== `${host}:443`) return passThrough
  const segments = (head.url ?? '').split('?')[0].split('/').slice(1)
  if (host === PYPI_INDEX_HOST) {
    const [area, ...rest] = segments
    const project = area === 'simple' || area === 'pypi' ? projectRoute(rest.slice(0, 1)) : ''
    if (typeof project !== 'string' || project === '') return passThrough
    if (area === 'simple')
      return rest.length === 1 || (rest.length === 2 && rest[1] === '')
        ? { kind: 'pypi-page', project }
        : passThrough
    return jsonRoute(project, rest.slice(1)) ?? passThrough
  }
  if (segments[0] !== 'packages' || segments.length < 3) return passThrough
  const decoded = decodeOnce(segments[segments.length - 1])
  if (decoded === undefined) return passThrough
  if (!segments.slice(1, -1).every(segment => PATH_SEGMENT.test(segment))) return passThrough
  const metadata = decoded.endsWith(METADATA_SUFFIX)
  const filename = metadata ? decoded.slice(0, -METADATA_SUFFIX.length) : decoded
  if (!FILENAME.test(filename)) return passThrough
  const path = [...segments.slice(0, -1), filename].join('/')
  return { kind: 'pypi-file', path: `/${path}`, filename, metadata }
}

/** Only `methods`, of a path (not an absolute URL, nor `//` that some parsers take for one). */
function badMethodOrTarget(
  head: RequestHead,
  methods: readonly string[] = READ_METHODS
): RouterRoute | undefined {
  if (!methods.includes(head.method ?? ''))
    return refused(405, `the router serves ${methods.join(' and ')} only`)
  const target = head.url ?? ''
  if (!target.startsWith('/') || target.startsWith('//'))
    return refused(400, 'the request target must be a path')
  return undefined
}

/** After the name: `json` or `<version>/json` (a final slash allowed); undefined otherwise. */
function jsonRoute(project: string, rest: string[]): RouterRoute | undefined {
  if (rest[rest.length - 1] === '') rest = rest.slice(0, -1)
  if (rest.length === 1 && rest[0] === 'json') return { kind: 'pypi-json', project }
  if (rest.length !== 2 || rest[1] !== 'json') return undefined
  const version = decodeOnce(rest[0])
  return version !== undefined && VERSION.test(version)
    ? { kind: 'pypi-json', project, version }
    : undefined
}

function isOwnHost(host: string, port: number, hosts: readonly string[]): boolean {
  return hosts.some(name => host.toLowerCase() === `${name}:${port}`)
}

function isOwnOrigin(origin: string, port: number, hosts: readonly string[]): boolean {
  return hosts.some(name => origin.toLowerCase() === `http://${name}:${port}`)
}

/** Compared in constant time: the secret must not leak through how fast a guess is refused. */
function sameSecret(given: string, secret: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return secret !== '' && a.length === b.length && timingSafeEqual(a, b)
}

function decodeOnce(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

/** A header sent once; a repeated one (an array) counts as malformed. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? (value.length === 1 ? value[0] : '') : value
}

function refused(status: 400 | 403 | 404 | 405, reason: string): RouterRoute {
  return { kind: 'refused', status, reason }
}

function notFound(): RouterRoute {
  return refused(404, 'not found')
}
