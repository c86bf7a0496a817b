import type { Mirror } from '../mirrors/mirror.js'
import { errorMessage } from '../format/format.js'

export class DaemonConfigError extends Error {
  constructor(file: string, problem: string) {
    super(
      `Docker daemon config ${file} cannot be updated: ${problem}. The file was left unchanged.`
    )
    this.name = 'DaemonConfigError'
  }
}

/**
 * The daemon config with `registry-mirrors` set and every other key kept as it was. An absent
 * file is `{}`; an empty mirror list writes `[]`, since a removed key would keep the old
 * mirrors on reload.
 */
export function mergeDaemonConfig(
  file: string,
  original: string | undefined,
  mirrorUrls: string[]
): string {
  let config: unknown = {}
  if (original !== undefined && original.trim() !== '') {
    try {
      config = JSON.parse(original)
    } catch (error) {
      throw new DaemonConfigError(file, `it is not valid JSON (${errorMessage(error)})`)
    }
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new DaemonConfigError(file, 'it holds JSON that is not an object')
  }
  return `${JSON.stringify({ ...config, 'registry-mirrors': mirrorUrls }, null, 2)}\n`
}

/** The mirrors a daemon config names, as written. */
export function configuredMirrors(text: string | undefined): string[] {
  try {
    const mirrors = (JSON.parse(text ?? '{}') as Record<string, unknown>)['registry-mirrors']
    return Array.isArray(mirrors) ? mirrors.map(String) : []
  } catch {
    return []
  }
}

/** Docker reports mirrors with a trailing slash: compare without it. */
export function sameMirrors(reported: string[], wanted: string[]): boolean {
  const normal = (urls: string[]): string => urls.map(url => url.replace(/\/+$/, '')).join('\n')
  return normal(reported) === normal(wanted)
}

/**
 * BuildKit in a container builder ignores daemon.json: it takes mirrors from buildkitd.toml as
 * hosts, and needs `http = true` on the mirror's own section for plain http.
 */
export function renderBuildkitdToml(mirrors: Mirror[]): string {
  const hosts = mirrors.map(
    mirror => new URL(mirror.url).host + new URL(mirror.url).pathname.replace(/\/+$/, '')
  )
  const lines = [
    '[registry."docker.io"]',
    `  mirrors = [${hosts.map(host => JSON.stringify(host)).join(', ')}]`
  ]
  for (const [index, mirror] of mirrors.entries()) {
    if (!mirror.secure)
      lines.push('', `[registry.${JSON.stringify(hosts[index])}]`, '  http = true')
  }
  return `${lines.join('\n')}\n`
}

export interface BearerChallenge {
  realm: string
  service?: string
  scope?: string
}

/** Reads `WWW-Authenticate: Bearer realm="...",service="..."`; undefined for other schemes. */
export function parseBearerChallenge(header: string): BearerChallenge | undefined {
  const match = /^\s*Bearer\s+(.*)$/i.exec(header)
  if (!match) return undefined
  const params: Record<string, string> = {}
  for (const [, name, quoted, bare] of match[1].matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    params[name.toLowerCase()] = quoted ?? bare
  }
  return params.realm
    ? { realm: params.realm, service: params.service, scope: params.scope }
    : undefined
}

/**
 * The commands that replace `target` with `staged` as root (GitHub-hosted runners let the
 * runner user `sudo` without a password): copy beside the target, then rename over it, so
 * the daemon never reads a half-written file. With `staged` undefined, the target is removed.
 */
export function privilegedReplaceCommands(target: string, staged: string | undefined): string[][] {
  if (staged === undefined) return [['sudo', '-n', 'rm', '-f', target]]
  const beside = `${target}.pip-mirror-action.tmp`
  const directory = target.replace(/[\\/][^\\/]*$/, '') || '/'
  return [
    ['sudo', '-n', 'mkdir', '-p', directory],
    ['sudo', '-n', 'cp', staged, beside],
    ['sudo', '-n', 'mv', '-f', beside, target]
  ]
}

/** The config file a dockerd command line reads: `--config-file`, else Docker's default. */
export function daemonConfigFile(argv: string[]): string {
  const index = argv.findIndex(arg => arg === '--config-file' || arg.startsWith('--config-file='))
  if (index === -1) return '/etc/docker/daemon.json'
  return argv[index].includes('=')
    ? argv[index].slice('--config-file='.length)
    : (argv[index + 1] ?? '')
}
