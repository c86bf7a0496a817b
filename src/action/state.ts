import * as core from '@actions/core'
import { CACHED_DIRECTORIES, type CachePlan } from '../cache/cache-policy.js'
import type { DockerRestore } from '../docker/docker.js'
import type { RouterRun } from '../router-process/lifecycle.js'
import { annotationTitle, errorMessage } from '../format/format.js'

/** What the main step hands to the post step, by name: each is a `STATE_<name>` variable. */
export const State = {
  CachePlan: 'cache-plan',
  DockerRestore: 'docker-restore',
  Router: 'router'
} as const

export type StateName = (typeof State)[keyof typeof State]

/** The type of each state's value. */
export interface StateValues {
  [State.CachePlan]: CachePlan
  [State.DockerRestore]: DockerRestore
  [State.Router]: RouterRun
}

interface Rule {
  valid: (value: unknown) => boolean
  expected: string
}

/** A rule for every field, optional ones included, so a new field cannot go unchecked. */
type Shape<T> = { readonly [K in keyof T]-?: Rule }

const nonEmptyString: Rule = {
  valid: value => typeof value === 'string' && value !== '',
  expected: 'a non-empty string'
}

const oneOf = (...choices: string[]): Rule => ({
  valid: value => choices.includes(value as string),
  expected: `one of ${choices.map(choice => JSON.stringify(choice)).join(', ')}`
})

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const optionalString: Rule = {
  valid: value => value === undefined || typeof value === 'string',
  expected: 'a string, or absent'
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

const cachePlan: Shape<CachePlan> = {
  directories: {
    valid: value =>
      Array.isArray(value) &&
      value.every(
        entry =>
          isRecord(entry) &&
          oneOf(...CACHED_DIRECTORIES).valid(entry.tool) &&
          nonEmptyString.valid(entry.dir)
      ),
    expected: `a list of { tool: ${CACHED_DIRECTORIES.map(name => JSON.stringify(name)).join(' | ')}, dir }`
  },
  saveKey: nonEmptyString,
  matchedKey: optionalString,
  untrustedEvent: optionalString,
  readOnly: { valid: value => typeof value === 'boolean', expected: 'true or false' },
  install: oneOf('none', 'succeeded', 'failed'),
  storeUsedSince: {
    valid: value => value === undefined || (Number.isSafeInteger(value) && (value as number) > 0),
    expected: 'a time in ms since the epoch, or absent'
  }
}

const dockerRestore: Shape<DockerRestore> = {
  file: nonEmptyString,
  original: {
    // Buffer.from(text, 'base64') skips what is not base64: a damaged record would restore garbage.
    valid: value => value === null || (typeof value === 'string' && BASE64.test(value)),
    expected: 'base64 text, or null'
  }
}

const routerRun: Shape<RouterRun> = {
  pid: { valid: value => Number.isSafeInteger(value) && (value as number) > 0, expected: 'a pid' },
  statsFile: nonEmptyString,
  logFile: nonEmptyString,
  stopUrl: nonEmptyString,
  statsUrl: optionalString
}

const STATES: { [N in StateName]: { shape: Shape<StateValues[N]>; skipping: string } } = {
  [State.CachePlan]: { shape: cachePlan, skipping: 'not saving the cache' },
  [State.DockerRestore]: {
    shape: dockerRestore,
    skipping: 'not restoring the Docker daemon config'
  },
  [State.Router]: { shape: routerRun, skipping: 'not stopping the router' }
}

export type Parsed<T> = { value: T } | { problem: string }

/** A state's text as its typed value, or what is wrong with it (e.g. left by an older version). */
export function parseState<N extends StateName>(name: N, text: string): Parsed<StateValues[N]> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { problem: `not JSON (${errorMessage(error)})` }
  }
  const problem = shapeProblem(value, STATES[name].shape)
  return problem === undefined ? { value: value as StateValues[N] } : { problem }
}

function shapeProblem(value: unknown, shape: Record<string, Rule>): string | undefined {
  if (!isRecord(value)) return 'not a JSON object'
  for (const [field, rule] of Object.entries(shape)) {
    if (!rule.valid(value[field])) return `${field}: expected ${rule.expected}`
  }
  return undefined
}

export function saveState<N extends StateName>(name: N, value: StateValues[N]): void {
  core.saveState(name, JSON.stringify(value))
}

/**
 * The state the main step saved; undefined when it saved none, or when the value does not
 * check out: then a warning names the state, and the post step skips what needed it.
 */
export function loadState<N extends StateName>(name: N): StateValues[N] | undefined {
  const text = core.getState(name)
  if (text === '') return undefined
  const parsed = parseState(name, text)
  if ('value' in parsed) return parsed.value
  core.warning(
    `State ${name} from the main step is unusable (${parsed.problem}): ${STATES[name].skipping}.`,
    { title: annotationTitle('post step') }
  )
  return undefined
}
