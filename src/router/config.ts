import { privateFirst } from '../install/private-index.js'
import type { Mirror } from '../mirrors/mirror.js'
export { LOOPBACK } from '../mirrors/mirror.js'
import { isPrivateIpv4 } from '../net/ipv4.js'
import { errorMessage } from '../format/format.js'
import { type KeyedCertificate, keyedCertificate } from '../proxy/authority.js'
import { isProcessId, type JobProcess } from '../router-process/process-system.js'
import { parsePrefetchPlan, type PrefetchPlan } from '../prefetch/plan.js'

/** What the router serves from: the action's or the command line's view of the candidates. */
export interface RouterSettings {
  /** Candidates in the order to ask them: private indexes first, then the ranking. */
  mirrors: RouterMirror[]
  /**
   * Whether `mirrors` is a ranking. A router started before the probe has finished gets the
   * candidates as listed: it asks them all at once until `RouterRanking` arrives. Default: true.
   */
  ranked?: boolean
  /** Names and globs of projects no public mirror may serve. */
  privateProjects: string[]
  /** The content-addressed store of files, kept across jobs. */
  storeDir: string
  /** Per upstream request, before the router tries the next mirror. */
  timeoutMs: number
  /**
   * The first path segment of every URL the router serves (but `/health`): other local users
   * cannot guess it, so only this job's tools reach the router.
   */
  secret: string
  /**
   * A secret of this job alone (the other one is kept across jobs): the proxy password, and the
   * path segment of the router's address on a Docker network, which build arguments and image
   * histories may record. It is worth nothing once the job, and the router, has ended.
   */
  jobSecret: string
  /**
   * Whether the router is also the job's HTTPS proxy, answering for PyPI's own hosts with
   * certificates of an authority made for the job. Default: false.
   */
  transparent?: boolean
  /** Public mirrors each project page is asked of and merged from (default 2). */
  pageMirrors?: number
}

/** What the probe saw of a mirror. */
export interface ProbedMirror {
  /** Download throughput it measured, when it did. */
  bytesPerSec?: number
  /** Its median page latency, where it had one. */
  latencyMs?: number
  /** It found the mirror failing or too slow: asked only when the healthy ones fail. */
  unhealthy?: true
}

export interface RouterMirror extends ProbedMirror {
  name: string
  url: string
  private: boolean
}

/** A candidate in the probe's order, with what the probe saw of it. */
export interface RankedEntry extends ProbedMirror {
  index: number
}

/**
 * The probe's verdict for a router that is already serving: its candidates by their place in
 * `RouterSettings.mirrors`, best first. Candidates left out (a file that failed its hash) are no
 * longer asked. Indexes, not URLs, so that no credential travels with it.
 */
export interface RouterRanking {
  order: RankedEntry[]
  /**
   * The private indexes left out of `order`: not asked, but failed, not forgotten. Forgotten, the
   * router would send their projects' names to public mirrors (dependency confusion).
   */
  failedPrivate: number[]
}

/**
 * The router process's config, handed over in a file that the router deletes once read: it holds
 * index URLs with their credentials, so it is readable by its owner only.
 */
export interface RouterConfig extends RouterSettings {
  /** Where the router writes its figures when it stops. */
  statsFile: string
  /** Where it logs its errors, crashes and restarts, for the post step to show. */
  logFile: string
  /** The process that started the job's steps: the router ends when it does. */
  job?: JobProcess
}

/** Checks a config read from disk: a router that starts on a bad one would serve nothing. */
export function parseRouterConfig(text: string): RouterConfig {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`router config is not JSON (${errorMessage(error)})`)
  }
  return checkRouterConfig(value)
}

/** Checks a config from a file or a message. */
export function checkRouterConfig(value: unknown): RouterConfig {
  const config = value as RouterConfig
  const isText = (field: unknown): field is string => typeof field === 'string' && field !== ''
  if (
    !Array.isArray(config?.mirrors) ||
    config.mirrors.length === 0 ||
    !config.mirrors.every(
      mirror =>
        isText(mirror?.name) &&
        isText(mirror.url) &&
        typeof mirror.private === 'boolean' &&
        (mirror.latencyMs === undefined ||
          (Number.isFinite(mirror.latencyMs) && mirror.latencyMs >= 0)) &&
        (mirror.unhealthy === undefined || mirror.unhealthy === true)
    )
  ) {
    throw new Error('router config: mirrors must be a non-empty list of { name, url, private }')
  }
  if (config.ranked !== undefined && typeof config.ranked !== 'boolean')
    throw new Error('router config: ranked must be true or false')
  if (!Array.isArray(config.privateProjects) || !config.privateProjects.every(isText))
    throw new Error('router config: privateProjects must be a list of names')
  for (const field of ['storeDir', 'statsFile', 'logFile'] as const) {
    if (!isText(config[field])) throw new Error(`router config: ${field} must be a path`)
  }
  if (!isText(config.secret)) throw new Error('router config: secret must be set')
  if (!isText(config.jobSecret) || config.jobSecret === config.secret)
    throw new Error('router config: jobSecret must be set, and differ from secret')
  if (config.transparent !== undefined && typeof config.transparent !== 'boolean')
    throw new Error('router config: transparent must be true or false')
  if (
    config.pageMirrors !== undefined &&
    !(Number.isInteger(config.pageMirrors) && config.pageMirrors >= 1)
  )
    throw new Error('router config: pageMirrors must be a positive whole number')
  if (!Number.isInteger(config.timeoutMs) || config.timeoutMs < 1)
    throw new Error('router config: timeoutMs must be a positive whole number')
  const job = config.job
  // Not 0 or below: signal 0 to those checks a process group, which never ends.
  if (job !== undefined && !(isProcessId(job?.pid) && Number.isSafeInteger(job.startTime)))
    throw new Error('router config: job must be { pid, startTime }')
  return config
}

/** Upstream requests the router gives up on, well inside pip's own idle timeout. */
export const ROUTER_UPSTREAM_TIMEOUT_MS = 5000

/** A candidate as the probe left it. */
export interface RankedCandidate {
  mirror: Mirror
  throughputBps?: number
  /** Served a file that did not match its page's sha256. */
  integrity?: 'verified' | 'mismatch' | 'unchecked'
  /** Whether the probe found it healthy (default: true). */
  ok?: boolean
  latencyMs?: number | null
}

/**
 * The router over the candidates, private indexes first: in the ranking's order when `ranked`,
 * else as listed (the probe is still running). Without its secret, which the code that starts it
 * keeps (router-process/secret.ts).
 */
export function routerSettings(
  candidates: RankedCandidate[],
  privateProjects: string[],
  storeDir: string,
  ranked: boolean
): Omit<RouterSettings, 'secret' | 'jobSecret'> {
  return {
    mirrors: privateFirst(candidates, entry => entry.mirror).map(routerMirror),
    ranked,
    privateProjects,
    storeDir,
    timeoutMs: ROUTER_UPSTREAM_TIMEOUT_MS
  }
}

function routerMirror(candidate: RankedCandidate): RouterMirror {
  const { mirror } = candidate
  return { name: mirror.name, url: mirror.url, private: mirror.private, ...probedOf(candidate) }
}

/** What the probe saw of a candidate, in the router's terms. */
function probedOf({ throughputBps, ok, latencyMs }: RankedCandidate): ProbedMirror {
  return {
    ...(throughputBps !== undefined ? { bytesPerSec: throughputBps } : {}),
    ...(typeof latencyMs === 'number' ? { latencyMs } : {}),
    ...(ok === false ? { unhealthy: true as const } : {})
  }
}

/**
 * The probe's ranking for a router started over `mirrors`: private indexes first, then the
 * ranking's order, without candidates that served a corrupt file; the private ones among those,
 * and any the ranking lacks, as failed.
 */
export function routerRanking(mirrors: RouterMirror[], ranking: RankedCandidate[]): RouterRanking {
  const order = privateFirst(ranking, entry => entry.mirror).flatMap(entry => {
    const index = mirrors.findIndex(mirror => mirror.url === entry.mirror.url)
    if (index < 0 || entry.integrity === 'mismatch') return []
    return [{ index, ...probedOf(entry) }]
  })
  const failedPrivate = mirrors.flatMap((mirror, index) =>
    mirror.private && !order.some(entry => entry.index === index) ? [index] : []
  )
  return { order, failedPrivate }
}

const isPositive = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value) && value > 0

/** Checks a ranking message from the main step against the router's `count` candidates. */
export function parseRouterRanking(value: unknown, count: number): RouterRanking {
  const { order, failedPrivate } = (value ?? {}) as Partial<RouterRanking>
  const isIndex = (index: unknown): index is number =>
    Number.isInteger(index) && (index as number) >= 0 && (index as number) < count
  const validOrder =
    Array.isArray(order) &&
    order.every(
      entry =>
        isIndex(entry?.index) &&
        (entry.bytesPerSec === undefined || isPositive(entry.bytesPerSec)) &&
        (entry.latencyMs === undefined || isPositive(entry.latencyMs) || entry.latencyMs === 0) &&
        (entry.unhealthy === undefined || entry.unhealthy === true)
    )
  if (!validOrder || !Array.isArray(failedPrivate) || !failedPrivate.every(isIndex))
    throw new Error('router ranking: order and failedPrivate must list candidates by index')
  const listed = [...order.map(entry => entry.index), ...failedPrivate]
  if (new Set(listed).size !== listed.length)
    throw new Error('router ranking: a candidate is listed twice')
  return { order, failedPrivate }
}

/**
 * Messages over the router process's IPC channel: the starting step hands over the listening
 * socket (`listen`, with the socket as the handle, and the job's authority when the router is
 * the job's HTTPS proxy), what to fetch ahead (`prefetch`) and later the ranking (`rank`); the
 * router says `ready` once it serves on the socket.
 */
type ParentMessage =
  /** `inherited`: the socket is the process's descriptor `INHERITED_SOCKET_FD`, not a handle. */
  | { kind: 'listen'; authority?: KeyedCertificate; inherited?: true }
  /** With a socket on a Docker network's host-side address `host` as the handle. */
  | { kind: 'containers'; host: string }
  | { kind: 'rank'; ranking: RouterRanking }
  | { kind: 'prefetch'; plan: PrefetchPlan }

export const listenMessage = (authority?: KeyedCertificate, inherited = false): ParentMessage => ({
  kind: 'listen',
  ...(authority ? { authority } : {}),
  ...(inherited ? { inherited: true as const } : {})
})

export const containersMessage = (host: string): { kind: 'containers'; host: string } => ({
  kind: 'containers',
  host
})

/** A `containers` message's host, a private IPv4 address; undefined for anything else. */
export function containersHost(value: unknown): string | undefined {
  const message = value as { kind?: unknown; host?: unknown } | undefined
  return message?.kind === 'containers' &&
    typeof message.host === 'string' &&
    isPrivateIpv4(message.host)
    ? message.host
    : undefined
}

export const rankMessage = (ranking: RouterRanking): ParentMessage => ({ kind: 'rank', ranking })

export const prefetchMessage = (plan: PrefetchPlan): ParentMessage => ({ kind: 'prefetch', plan })

export const readyMessage = (): { kind: 'ready' } => ({ kind: 'ready' })

export function isReadyMessage(value: unknown): boolean {
  return (value as { kind?: unknown } | undefined)?.kind === 'ready'
}

/** A message from the starting step, checked; undefined for anything else. */
export function parseParentMessage(value: unknown, count: number): ParentMessage | undefined {
  const kind = (value as { kind?: unknown } | undefined)?.kind
  if (kind === 'listen') {
    const { authority, inherited } = value as { authority?: unknown; inherited?: unknown }
    return listenMessage(keyedCertificate(authority), inherited === true)
  }
  if (kind === 'containers') {
    const host = containersHost(value)
    return host === undefined ? undefined : containersMessage(host)
  }
  if (kind === 'prefetch') {
    const plan = parsePrefetchPlan((value as { plan?: unknown }).plan)
    return plan ? prefetchMessage(plan) : undefined
  }
  if (kind !== 'rank') return undefined
  try {
    return rankMessage(parseRouterRanking((value as { ranking: unknown }).ranking, count))
  } catch {
    return undefined
  }
}
