import type { ToolSelection } from './inputs.js'
import type { Mirror } from './mirror.js'

/**
 * Short network timeouts and few internal retries: when a source is dead, the action's own
 * fallback to the next mirror is faster than pip's or uv's retry loops. These are idle
 * timeouts, not limits on a whole download, so a large wheel on a slow link is unaffected.
 */
export const PIP_TIMEOUT_SECONDS = 10
export const PIP_RETRIES = 2
export const UV_HTTP_TIMEOUT_SECONDS = 15
export const UV_HTTP_RETRIES = 2

/**
 * The environment that points pip and uv at one mirror. `trusted-host` and `insecure-host`
 * switch TLS verification off, so they are set only for plain-http mirrors, where there is no
 * TLS to verify. No extra index is ever added: merging indexes invites dependency confusion.
 */
export function renderToolEnv(mirror: Mirror, tools: ToolSelection): Record<string, string> {
  const env: Record<string, string> = {}
  if (tools.pip) {
    env.PIP_INDEX_URL = mirror.url
    env.PIP_TIMEOUT = String(PIP_TIMEOUT_SECONDS)
    env.PIP_RETRIES = String(PIP_RETRIES)
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
