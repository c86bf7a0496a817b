import { privateFirst } from '../install/private-index.js'
import type { Mirror } from '../mirrors/mirror.js'
import { errorMessage } from '../report/format.js'

/** What the router serves from: the action's or the command line's view of the candidates. */
export interface RouterSettings {
  /** Candidates in the order to ask them: private indexes first, then the ranking. */
  mirrors: { name: string; url: string; private: boolean }[]
  /** Names and globs of projects no public mirror may serve. */
  privateProjects: string[]
  /** The content-addressed store of files, kept across jobs. */
  storeDir: string
  /** Per upstream request, before the router tries the next mirror. */
  timeoutMs: number
}

/**
 * The router process's config, handed over in a file. It holds index URLs with their
 * credentials, so that file is readable by its owner only.
 */
export interface RouterConfig extends RouterSettings {
  /** Where the router writes its port once it answers, and its figures when it stops. */
  readyFile: string
  statsFile: string
}

/** Checks a config read from disk: a router that starts on a bad one would serve nothing. */
export function parseRouterConfig(text: string): RouterConfig {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Error(`router config is not JSON (${errorMessage(error)})`)
  }
  const config = value as RouterConfig
  const isText = (field: unknown): field is string => typeof field === 'string' && field !== ''
  if (
    !Array.isArray(config?.mirrors) ||
    config.mirrors.length === 0 ||
    !config.mirrors.every(
      mirror => isText(mirror?.name) && isText(mirror.url) && typeof mirror.private === 'boolean'
    )
  ) {
    throw new Error('router config: mirrors must be a non-empty list of { name, url, private }')
  }
  if (!Array.isArray(config.privateProjects) || !config.privateProjects.every(isText))
    throw new Error('router config: privateProjects must be a list of names')
  for (const field of ['storeDir', 'readyFile', 'statsFile'] as const) {
    if (!isText(config[field])) throw new Error(`router config: ${field} must be a path`)
  }
  if (!Number.isInteger(config.timeoutMs) || config.timeoutMs < 1)
    throw new Error('router config: timeoutMs must be a positive whole number')
  return config
}

/** Upstream requests the router gives up on, well inside pip's own idle timeout. */
export const ROUTER_UPSTREAM_TIMEOUT_MS = 5000

/** The router over ranked candidates: private indexes first, then the ranking's order. */
export function routerSettings(
  ranking: { mirror: Mirror }[],
  privateProjects: string[],
  storeDir: string
): RouterSettings {
  return {
    mirrors: privateFirst(ranking, entry => entry.mirror).map(({ mirror }) => ({
      name: mirror.name,
      url: mirror.url,
      private: mirror.private
    })),
    privateProjects,
    storeDir,
    timeoutMs: ROUTER_UPSTREAM_TIMEOUT_MS
  }
}
