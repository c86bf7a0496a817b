import type { Mirror } from '../mirrors/mirror.js'
import { type Environment, isLoopbackHost, loopbackProxyBypass } from '../net/proxy-env.js'

/** Which tools the action points at the mirror (the `configure` input). */
export interface ToolSelection {
  pip: boolean
  uv: boolean
}

/**
 * Short network timeouts and few internal retries: when a source is dead, the action's own
 * fallback to the next mirror is faster than pip's or uv's retry loops. These are idle
 * timeouts, not limits on a whole download, so a large wheel on a slow link is unaffected.
 */
export const PIP_TIMEOUT_SECONDS = 10
export const PIP_RETRIES = 2
/**
 * pip 25.1+ resumes a download cut mid-file with an HTTP range request (a fresh download where
 * the mirror has no ranges) instead of failing it; older pips ignore the variable. 3 saves a
 * large wheel from a flaky link, yet a mirror that keeps cutting costs at most 3 more idle
 * timeouts before the action moves on. pip 25.1 would not resume at all (its default is 0).
 */
export const PIP_RESUME_RETRIES = 3
export const UV_HTTP_TIMEOUT_SECONDS = 15
export const UV_HTTP_RETRIES = 2

/**
 * The environment that points pip and uv at one mirror. `trusted-host` and `insecure-host`
 * switch TLS verification off, so they are set only for plain-http mirrors, where there is no
 * TLS to verify. That includes the router on 127.0.0.1: pip needs no trusted host to use a
 * loopback index, but it keeps plain-http answers in its HTTP cache only from trusted hosts.
 * A loopback index is reached around any proxy in `current` (the environment the tools run
 * in). No extra index is ever added: merging indexes invites dependency confusion.
 */
export function renderToolEnv(
  mirror: Mirror,
  tools: ToolSelection,
  current: Environment = {}
): Record<string, string> {
  const loopback = isLoopbackHost(new URL(mirror.url).hostname)
  const env: Record<string, string> = loopback ? loopbackProxyBypass(current) : {}
  if (tools.pip) {
    env.PIP_INDEX_URL = mirror.url
    env.PIP_TIMEOUT = String(PIP_TIMEOUT_SECONDS)
    env.PIP_RETRIES = String(PIP_RETRIES)
    env.PIP_RESUME_RETRIES = String(PIP_RESUME_RETRIES)
    if (!mirror.secure) env.PIP_TRUSTED_HOST = mirror.host
  }
  if (tools.uv) {
    env.UV_DEFAULT_INDEX = mirror.url
    env.UV_HTTP_TIMEOUT = String(UV_HTTP_TIMEOUT_SECONDS)
    env.UV_HTTP_RETRIES = String(UV_HTTP_RETRIES)
    if (!mirror.secure) env.UV_INSECURE_HOST = mirror.host
  }
  return env
}

export const ALL_TOOLS: ToolSelection = { pip: true, uv: true }
