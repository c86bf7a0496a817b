import type { JobProxy, Mirror } from '../mirrors/mirror.js'
import { type Environment, isLoopbackHost, loopbackProxyBypass } from '../net/proxy-env.js'
import { caBundleVariables, PYTHON_TOOLS } from '../tools/python-tools.js'

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
  if (mirror.proxy) return { ...renderProxyEnv(mirror.proxy, tools, current), ...tuning(tools) }
  const loopback = isLoopbackHost(new URL(mirror.url).hostname)
  const env: Record<string, string> = loopback ? loopbackProxyBypass(current) : {}
  // Each selected tool's variables, each one a variable the tool does not copy into a file it
  // writes (python-tools.ts).
  for (const tool of PYTHON_TOOLS)
    if (tools[tool.selectedBy ?? 'pip']) Object.assign(env, tool.indexVariables(mirror.url))
  if (!mirror.secure) {
    if (tools.pip) env.PIP_TRUSTED_HOST = mirror.host
    if (tools.uv) env.UV_INSECURE_HOST = mirror.host
  }
  return { ...env, ...tuning(tools) }
}

function tuning(tools: ToolSelection): Record<string, string> {
  return {
    ...(tools.pip
      ? {
          PIP_TIMEOUT: String(PIP_TIMEOUT_SECONDS),
          PIP_RETRIES: String(PIP_RETRIES),
          PIP_RESUME_RETRIES: String(PIP_RESUME_RETRIES)
        }
      : {}),
    ...(tools.uv
      ? {
          UV_HTTP_TIMEOUT: String(UV_HTTP_TIMEOUT_SECONDS),
          UV_HTTP_RETRIES: String(UV_HTTP_RETRIES)
        }
      : {})
  }
}

/**
 * The environment that sends every tool's HTTPS through the router as the job's proxy: no index
 * setting at all, so every tool keeps `https://pypi.org/simple` and lock files stay as they are.
 * Both spellings of each proxy variable (tox passes on only the lower-case ones); `NO_PROXY`
 * keeps the job's entries (those hosts stay direct) plus 127.0.0.1; `PIP_PROXY`, which pip would
 * prefer to the router, is emptied (the router itself chains to it). Every CA bundle variable a
 * tool reads names the bundle with the job's authority. The proxy URL carries the job's password,
 * and no other variable does: where the system cannot tell who owns a client's socket (macOS,
 * Windows, containers), that password is the only way through the router.
 */
export function renderProxyEnv(
  proxy: JobProxy,
  tools: ToolSelection,
  current: Environment
): Record<string, string> {
  if (!tools.pip && !tools.uv) return {}
  const proxies = { HTTPS_PROXY: proxy.url, https_proxy: proxy.url }
  const env: Record<string, string> = {
    ...proxies,
    // The router's own loopback address stays direct, as with any proxy the job has.
    ...loopbackProxyBypass({ ...current, ...proxies })
  }
  for (const variable of caBundleVariables()) env[variable] = proxy.caBundle
  return env
}

export const ALL_TOOLS: ToolSelection = { pip: true, uv: true }

/**
 * `docker build` arguments that point pip and uv in a build's RUN steps at the router's index
 * `indexUrl` (plain http on a Docker network, so named a trusted host): build containers have
 * neither the job's proxy nor its CA bundle, and a Dockerfile takes these through `ARG` lines.
 */
export function renderBuildArgs(indexUrl: string): Record<string, string> {
  const host = new URL(indexUrl).host
  const [pip, uv] = ['pip', 'uv'].map(name => PYTHON_TOOLS.find(tool => tool.name === name))
  return {
    ...pip?.indexVariables(indexUrl),
    PIP_TRUSTED_HOST: host,
    ...uv?.indexVariables(indexUrl),
    UV_INSECURE_HOST: host
  }
}

/** `KEY=VALUE` lines, as docker/build-push-action's `build-args` input takes them. */
export function formatBuildArgs(args: Record<string, string>): string {
  return Object.entries(args)
    .map(([name, value]) => `${name}=${value}`)
    .join('\n')
}
