// The messages between the router's supervisor and its worker. The supervisor holds the listening
// socket and the config (read once, then deleted); each worker it starts gets both over the IPC
// channel, never through its arguments or environment, which other processes can read.
import {
  checkRouterConfig,
  containersHost,
  containersMessage,
  parseRouterRanking,
  type RouterConfig,
  type RouterRanking
} from '../router/config.js'
import { type KeyedCertificate, keyedCertificate } from '../proxy/authority.js'
import { parsePrefetchPlan, type PrefetchPlan } from '../prefetch/plan.js'
import type { RouterStats } from '../router/router-service.js'

/** How the router's bundle is started: `node <bundle> supervisor <config>` or `worker`. */
export const RouterMode = { Supervisor: 'supervisor', Worker: 'worker' } as const

/** The router's figures as the supervisor leaves them for the post step. */
export interface SupervisedStats extends RouterStats {
  /** Workers started again after one died: each death is in the router's log. */
  restarts: number
}

export type SupervisorMessage =
  /**
   * Sent with the listening socket as its handle, or `inherited` as the worker's descriptor
   * `INHERITED_SOCKET_FD`; `ranking` when one arrived already.
   */
  | {
      kind: 'start'
      config: RouterConfig
      ranking?: RouterRanking
      authority?: KeyedCertificate
      plan?: PrefetchPlan
      inherited?: true
    }
  | { kind: 'rank'; ranking: RouterRanking }
  | { kind: 'prefetch'; plan: PrefetchPlan }
  /** Sent with a socket on a Docker network's host-side address `host` as its handle. */
  | { kind: 'containers'; host: string }
  | { kind: 'stats' }

export type WorkerMessage =
  | { kind: 'ready' }
  | { kind: 'stats'; stats: RouterStats }
  /**
   * The post step asked the worker to stop the router: the supervisor stops as on SIGTERM, which
   * Windows has no handler for (it ends the process at once, before the figures are written).
   */
  | { kind: 'stop' }

export const startMessage = (
  config: RouterConfig,
  ranking?: RouterRanking,
  authority?: KeyedCertificate,
  plan?: PrefetchPlan,
  inherited = false
): SupervisorMessage => ({
  kind: 'start',
  config,
  ...(ranking ? { ranking } : {}),
  ...(authority ? { authority } : {}),
  ...(plan ? { plan } : {}),
  ...(inherited ? { inherited: true as const } : {})
})

export const statsRequest = (): SupervisorMessage => ({ kind: 'stats' })

export const statsMessage = (stats: RouterStats): WorkerMessage => ({ kind: 'stats', stats })

export const stopMessage = (): WorkerMessage => ({ kind: 'stop' })

/** A message from the supervisor, checked; undefined for anything else. */
export function parseSupervisorMessage(value: unknown): SupervisorMessage | undefined {
  const message = value as
    | {
        kind?: unknown
        config?: unknown
        ranking?: unknown
        authority?: unknown
        plan?: unknown
        inherited?: unknown
      }
    | undefined
  try {
    if (message?.kind === 'stats') return statsRequest()
    if (message?.kind === 'start') {
      const config = checkRouterConfig(message.config)
      const ranking =
        message.ranking === undefined
          ? undefined
          : parseRouterRanking(message.ranking, config.mirrors.length)
      const plan = message.plan === undefined ? undefined : parsePrefetchPlan(message.plan)
      const authority = keyedCertificate(message.authority)
      return startMessage(config, ranking, authority, plan, message.inherited === true)
    }
    if (message?.kind === 'prefetch') {
      const plan = parsePrefetchPlan(message.plan)
      if (plan) return { kind: 'prefetch', plan }
    }
    const host = containersHost(message)
    if (host !== undefined) return containersMessage(host)
    // The supervisor checked the ranking against the config when it came from the main step.
    if (message?.kind === 'rank') return { kind: 'rank', ranking: message.ranking as RouterRanking }
  } catch {
    // A malformed message is no message.
  }
  return undefined
}

/** A message from the worker; undefined for anything else. */
export function parseWorkerMessage(value: unknown): WorkerMessage | undefined {
  const message = value as { kind?: unknown; stats?: unknown } | undefined
  if (message?.kind === 'ready') return { kind: 'ready' }
  if (message?.kind === 'stop') return stopMessage()
  if (message?.kind === 'stats' && typeof message.stats === 'object' && message.stats !== null)
    return statsMessage(message.stats as RouterStats)
  return undefined
}

/** Worker deaths within this long of its start count as quick: the cause is likely to recur. */
export const QUICK_DEATH_MS = 10_000
/** After this many quick deaths in a row the supervisor gives up, and says so in the log. */
export const MAX_QUICK_DEATHS = 5

/**
 * How long to wait before starting a worker again after `quickDeaths` quick deaths in a row:
 * at once the first time (clients wait in the socket's backlog meanwhile), then doubling from a
 * quarter second; undefined once it is time to give up.
 */
export function restartDelayMs(quickDeaths: number): number | undefined {
  if (quickDeaths > MAX_QUICK_DEATHS) return undefined
  return quickDeaths <= 1 ? 0 : 250 * 2 ** (quickDeaths - 2)
}
