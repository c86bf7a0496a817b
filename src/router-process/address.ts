// Where the router serves: a port and a secret path segment that stay the same from job to job
// on one runner, because pip's HTTP cache and wheel cache are keyed by URL: a restored cache only
// hits when the router's URL is the one it was filled through.
import { createHash } from 'node:crypto'
import path from 'node:path'
import { LOOPBACK } from '../router/config.js'

/**
 * Preferred ports: above the well-known services, below Linux's ephemeral range (32768–60999),
 * so that no outgoing connection holds one by chance.
 */
const PORT_RANGE = { first: 20000, count: 10000 }

/** 128 bits or more, base64url: the path segment no other local user can guess. */
const SECRET = /^[A-Za-z0-9_-]{22,128}$/

/** The port this `key` (the user and the repository) prefers: the same on every job. */
export function preferredRouterPort(key: string): number {
  const digest = createHash('sha256').update(key).digest()
  return PORT_RANGE.first + (digest.readUInt32BE(0) % PORT_RANGE.count)
}

/** What tells one runner's routers apart: its user, and the repository the job is for. */
export function routerPortKey(user: string, env: NodeJS.ProcessEnv, cwd: string): string {
  return `${user}\n${env.GITHUB_REPOSITORY || env.GITHUB_WORKSPACE || cwd}`
}

export function isRouterSecret(text: string): boolean {
  return SECRET.test(text)
}

/** The simple index the tools are pointed at: on loopback, or at `host` (a Docker network's). */
export function routerIndexUrl(port: number, secret: string, host: string = LOOPBACK): string {
  return `http://${host}:${port}/${secret}/simple`
}

/** The user name of the router as a proxy: any would do, this one tells who asks for it. */
export const PROXY_USER = 'pip-mirror-action'

/** The router as the job's HTTPS proxy at `host`, with the job's password. */
export function routerProxyUrl(host: string, port: number, jobSecret: string): string {
  return `http://${PROXY_USER}:${jobSecret}@${host}:${port}`
}

/**
 * This action's folder in the user's cache (XDG): private to the user, unlike the shared temp
 * directory, where another user could create the path first.
 */
export function actionCacheDir(env: NodeJS.ProcessEnv, home: string): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(home, '.cache')
  return path.join(base, 'pip-mirror-action')
}
