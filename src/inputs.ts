import type { CacheInputs, CacheMode } from './cache/cache.js'
import type { ToolSelection } from './configure/tool-env.js'
import {
  type DockerInputs,
  parseDockerMirrorList,
  parseImageReference
} from './docker/docker-inputs.js'
import { parseProjectPatterns } from './install/private-index.js'
import { parseMirrorList, redactUrlText } from './mirrors/mirror.js'
import type { RankingScope } from './rank/remembered-ranking.js'
import { errorMessage } from './format/format.js'

/** Input names shared with action.yml and the command line's options: users depend on them. */
export const Input = {
  Mirrors: 'mirrors',
  PrivateProjects: 'private-projects',
  ProbeProject: 'probe-project',
  ProbeTimeout: 'probe-timeout',
  ProbeSamples: 'probe-samples',
  ProbeTtl: 'probe-ttl',
  MaxLag: 'max-lag',
  Configure: 'configure',
  Install: 'install',
  InstallAttempts: 'install-attempts',
  Mode: 'mode',
  Transparent: 'transparent',
  Prefetch: 'prefetch',
  Cache: 'cache',
  CacheDependencyPath: 'cache-dependency-path',
  DockerMirrors: 'docker-mirrors',
  DockerProbeImage: 'docker-probe-image',
  DockerDaemonConfig: 'docker-daemon-config'
} as const

/**
 * Every input, parsed once. Each domain owns the slice it reads (the cache, the ranking scope,
 * the tool selection, Docker); the engine, the action and the command line read the rest.
 */
export interface Inputs extends CacheInputs, RankingScope {
  /** Names and globs, normalised, of projects a public mirror must never serve. */
  privateProjects: string[]
  probeTimeoutMs: number
  probeSamples: number
  configure: ToolSelection
  install: string
  installAttempts: number
  /** `router`: pip and uv go through a local router that fails over per request. */
  mode: Mode
  /**
   * In router mode, whether the router is also the job's HTTPS proxy for PyPI's own hosts (tools
   * keep `https://pypi.org/simple`), or tools get index variables; `auto`: the proxy where the
   * workspace uses a tool index variables cannot serve (tools/python-tools.ts).
   */
  transparent: Transparent
  /**
   * In router mode, whether the router fetches ahead what the workspace's requirement and lock
   * files declare, and the dependencies each metadata file it serves names.
   */
  prefetch: boolean
  docker: DockerInputs
}

/** Bad input: the message names the input and the value, and the step fails at once. */
export class InputError extends Error {
  constructor(input: string, value: string, reason: string) {
    super(`Input '${input}' has an invalid value '${value}': ${reason}`)
    this.name = 'InputError'
  }
}

export const DEFAULTS = {
  [Input.Mirrors]: 'auto',
  [Input.PrivateProjects]: '',
  [Input.ProbeProject]: 'pip',
  [Input.ProbeTimeout]: '2000',
  [Input.ProbeSamples]: '3',
  [Input.ProbeTtl]: '0',
  [Input.MaxLag]: '0',
  [Input.Configure]: 'pip, uv',
  [Input.Install]: '',
  [Input.InstallAttempts]: '2',
  [Input.Mode]: 'router',
  [Input.Transparent]: 'true',
  [Input.Prefetch]: 'true',
  [Input.Cache]: 'true',
  [Input.CacheDependencyPath]: [
    '**/requirements*.txt',
    '**/pyproject.toml',
    '**/setup.cfg',
    '**/setup.py',
    '**/Pipfile.lock',
    '**/poetry.lock',
    '**/uv.lock',
    '**/pdm.lock',
    // Installed packages and other projects' files say nothing about this project's dependencies.
    '!**/node_modules/**',
    '!**/.venv/**',
    '!**/venv/**',
    '!**/site-packages/**'
  ].join('\n'),
  [Input.DockerMirrors]: '',
  [Input.DockerProbeImage]: 'library/busybox:latest',
  [Input.DockerDaemonConfig]: '/etc/docker/daemon.json'
} as const

const PROJECT_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/

/**
 * Turns raw input strings into a typed, validated object. `read` returns '' for an input that
 * was not given, as `core.getInput` does; defaults apply then.
 */
export function parseInputs(read: (name: string) => string): Inputs {
  const value = (name: keyof typeof DEFAULTS): string => read(name).trim() || DEFAULTS[name]

  const mirrors = parsed(Input.Mirrors, value(Input.Mirrors), parseMirrorList)
  const privateProjectsText = value(Input.PrivateProjects)
  const privateProjects = parsed(Input.PrivateProjects, privateProjectsText, parseProjectPatterns)
  // Listed private projects with no private index would quietly come from public mirrors.
  if (privateProjects.length > 0 && !mirrors.some(mirror => mirror.private)) {
    throw new InputError(
      Input.PrivateProjects,
      privateProjectsText,
      "no candidate in 'mirrors' is private: mark your index private:name=URL or put its credentials in the URL"
    )
  }

  const probeProject = value(Input.ProbeProject)
  if (!PROJECT_NAME.test(probeProject)) {
    throw new InputError(Input.ProbeProject, probeProject, 'not a valid Python project name')
  }

  return {
    mirrors,
    privateProjects,
    probeProject,
    probeTimeoutMs: positiveInteger(Input.ProbeTimeout, value(Input.ProbeTimeout), 600_000),
    probeSamples: positiveInteger(Input.ProbeSamples, value(Input.ProbeSamples), 20),
    probeTtlMs: parsed(Input.ProbeTtl, value(Input.ProbeTtl), parseDuration),
    maxLag: parsed(Input.MaxLag, value(Input.MaxLag), text => {
      if (!/^\d+$/.test(text)) throw new Error('expected a whole number of versions, 0 or more')
      return Number(text)
    }),
    configure: parseToolSelection(value(Input.Configure)),
    // The install command runs as written, so it is neither trimmed nor defaulted.
    install: read(Input.Install),
    installAttempts: positiveInteger(Input.InstallAttempts, value(Input.InstallAttempts), 20),
    mode: parseMode(value(Input.Mode)),
    transparent: parseTransparent(value(Input.Transparent)),
    prefetch: parseBoolean(Input.Prefetch, value(Input.Prefetch)),
    cache: parseCacheMode(value(Input.Cache)),
    cacheDependencyPath: value(Input.CacheDependencyPath)
      .split(/\r?\n/)
      .map(line => line.trim())
      .filter(line => line !== '' && !line.startsWith('#')),
    docker: {
      mirrors: parsed(Input.DockerMirrors, value(Input.DockerMirrors), parseDockerMirrorList),
      probeImage: parsed(
        Input.DockerProbeImage,
        value(Input.DockerProbeImage),
        parseImageReference
      ),
      daemonConfig: value(Input.DockerDaemonConfig)
    }
  }
}

function parsed<T>(input: string, text: string, parse: (text: string) => T): T {
  try {
    return parse(text)
  } catch (error) {
    throw new InputError(input, redactUrlText(text), errorMessage(error))
  }
}

function positiveInteger(input: string, text: string, max: number): number {
  if (!/^\d+$/.test(text)) throw new InputError(input, text, 'expected a positive whole number')
  const number = Number(text)
  if (number < 1 || number > max) {
    throw new InputError(input, text, `expected a whole number from 1 to ${max}`)
  }
  return number
}

const DURATION_UNITS_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000
}

/** `0`, `90s`, `30m`, `6h`, `1d`; a bare number is seconds. */
function parseDuration(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.toLowerCase())
  if (!match) throw new Error('expected a duration such as 30m, 6h or 1d, or 0 to always probe')
  return Number(match[1]) * DURATION_UNITS_MS[match[2] || 's']
}

function parseToolSelection(text: string): ToolSelection {
  const words = text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(word => word !== '')
  const unknown = words.find(word => !['pip', 'uv', 'none'].includes(word))
  if (unknown !== undefined) {
    throw new InputError(Input.Configure, text, `unknown tool '${unknown}'; use pip, uv or none`)
  }
  if (words.includes('none') && words.length > 1) {
    throw new InputError(Input.Configure, text, `'none' cannot be combined with other tools`)
  }
  return { pip: words.includes('pip'), uv: words.includes('uv') }
}

export type Transparent = 'true' | 'false' | 'auto'

function parseTransparent(text: string): Transparent {
  const choice = text.toLowerCase()
  if (choice === 'true' || choice === 'false' || choice === 'auto') return choice
  throw new InputError(Input.Transparent, text, 'expected true, false or auto')
}

function parseBoolean(input: string, text: string): boolean {
  const choice = text.toLowerCase()
  if (choice === 'true' || choice === 'false') return choice === 'true'
  throw new InputError(input, text, 'expected true or false')
}

function parseCacheMode(text: string): CacheMode {
  const mode = text.toLowerCase()
  if (mode === 'true' || mode === 'false' || mode === 'read-only') return mode
  throw new InputError(Input.Cache, text, 'expected true, false or read-only')
}

export type Mode = 'router' | 'direct'

function parseMode(text: string): Mode {
  const mode = text.toLowerCase()
  if (mode === 'router' || mode === 'direct') return mode
  throw new InputError(Input.Mode, text, 'expected router or direct')
}
