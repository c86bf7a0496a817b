import * as core from '@actions/core'
import {
  formatBuildArgs,
  renderBuildArgs,
  renderToolEnv,
  type ToolSelection
} from '../configure/tool-env.js'
import type { DockerReport } from '../docker/docker.js'
import type { InstallResult } from '../install/fallback.js'
import type { RestoredCache } from '../cache/cache.js'
import { type Mirror, redactUrlText } from '../mirrors/mirror.js'
import { type MirrorAssessment, rankingJson } from '../rank/quality.js'
import type { ByteSources } from '../router/install-bytes.js'
import type { ContainerAccess } from './router-phase.js'

/** Output names shared with action.yml: users depend on them. */
export const Output = {
  Mirror: 'mirror',
  IndexUrl: 'index-url',
  RouterUrl: 'router-url',
  LatencyMs: 'latency-ms',
  Ranking: 'ranking',
  InstallMirror: 'install-mirror',
  InstallBytes: 'install-bytes',
  InstallAttempts: 'install-attempts',
  CacheHit: 'cache-hit',
  CacheKey: 'cache-key',
  CacheMatchedKey: 'cache-matched-key',
  DockerMirror: 'docker-mirror',
  DockerMirrors: 'docker-mirrors',
  BuildkitdConfig: 'buildkitd-config',
  DockerBuildArgs: 'docker-build-args'
} as const

/** Points the chosen tools at the mirror for the rest of the job (`GITHUB_ENV`). */
export function exportToolEnv(
  tools: ToolSelection,
  mirror: Mirror
): { displayed: Record<string, string> } {
  const exported = renderToolEnv(mirror, tools, process.env)
  for (const [name, value] of Object.entries(exported)) core.exportVariable(name, value)
  if (Object.keys(exported).length > 0) {
    core.info(`Configured ${describeTools(tools)} to use ${mirror.name} (${mirror.displayUrl})`)
  }
  // The proxy's URL carries the job's password: the summary shows it without.
  const displayed = Object.fromEntries(
    Object.entries(exported).map(([name, value]) => [
      name,
      value === mirror.url ? mirror.displayUrl : redactUrlText(value)
    ])
  )
  return { displayed }
}

export function setOutputs(result: {
  ranking: MirrorAssessment[]
  chosen: Mirror
  /** Through the router: where the install's bytes came from. */
  install?: { result: InstallResult; sources?: ByteSources }
  restored?: RestoredCache
  docker?: DockerReport
  /** The local router later steps use, in router mode. */
  router?: Mirror
  /** Where the job's containers reach the router, when they do. */
  containers?: ContainerAccess
}): void {
  const { ranking, chosen, install, restored, docker, router, containers } = result
  const winner = ranking.find(entry => entry.mirror === chosen)
  core.setOutput(Output.Mirror, chosen.name)
  core.setOutput(Output.IndexUrl, chosen.url)
  core.setOutput(Output.RouterUrl, router?.url ?? '')
  core.setOutput(Output.LatencyMs, winner?.ok ? String(winner.latencyMs) : '')
  core.setOutput(Output.Ranking, rankingJson(ranking))
  const succeeded = install?.result.succeeded === true
  const servedBy = install?.sources?.top ?? install?.result.mirror?.name
  core.setOutput(Output.InstallMirror, succeeded ? (servedBy ?? '') : '')
  core.setOutput(Output.InstallBytes, JSON.stringify(install?.sources?.bytes ?? {}))
  core.setOutput(Output.InstallAttempts, String(install?.result.attempts.length ?? 0))
  core.setOutput(Output.CacheHit, String(restored?.report.hit === 'exact'))
  core.setOutput(Output.CacheKey, restored?.keys.primary ?? '')
  core.setOutput(Output.CacheMatchedKey, restored?.report.matchedKey ?? '')
  const dockerMirrors = docker?.configured.map(mirror => mirror.url) ?? []
  core.setOutput(Output.DockerMirror, dockerMirrors[0] ?? '')
  core.setOutput(Output.DockerMirrors, JSON.stringify(dockerMirrors))
  core.setOutput(Output.BuildkitdConfig, docker?.buildkitdConfig ?? '')
  core.setOutput(
    Output.DockerBuildArgs,
    containers?.indexUrl ? formatBuildArgs(renderBuildArgs(containers.indexUrl)) : ''
  )
}

function describeTools(tools: ToolSelection): string {
  return [tools.pip && 'pip', tools.uv && 'uv'].filter(Boolean).join(' and ')
}
