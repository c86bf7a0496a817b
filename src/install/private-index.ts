import type { Mirror } from '../mirrors/mirror.js'
import { normalizeProjectName } from '../mirrors/project-name.js'

/**
 * Keeping a private index's projects off public mirrors (dependency confusion). Private indexes
 * are tried first; past them, a public mirror may serve only projects the user has not listed
 * in `private-projects`, which a constraints file makes impossible to install there.
 */

const PATTERN = /^[a-z0-9*]([a-z0-9._*-]*[a-z0-9*])?$/i
const NAME_TOKEN = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/g
/** No version is both below 0 and above it: pip and uv find nothing, and download nothing. */
const IMPOSSIBLE = '<0,>0'
/** How pip (`name<0,>0`) and uv (`name<0 and name>0`) echo the impossible constraint. */
const ECHOED_CONSTRAINT = /(?<![\w.-])([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)[<>]0(?![\w.])/g

/** `private-projects`: names or `*` globs, one per line or comma-separated, PEP 503-normalised. */
export function parseProjectPatterns(text: string): string[] {
  const patterns = text
    .split(/[\n,]/)
    .map(pattern => pattern.trim())
    .filter(pattern => pattern !== '' && !pattern.startsWith('#'))
  for (const pattern of patterns) {
    if (!PATTERN.test(pattern))
      throw new Error(`'${pattern}' is neither a project name nor a glob of one such as corp-*`)
    if (/^\*+$/.test(pattern)) {
      throw new Error(
        `'${pattern}' matches every project: leave the input empty to never fall back to public mirrors`
      )
    }
  }
  return [...new Set(patterns.map(normalizeProjectName))]
}

export function isPrivateProject(name: string, patterns: string[]): boolean {
  const normalized = normalizeProjectName(name)
  return patterns.some(pattern => globRegExp(pattern).test(normalized))
}

function globRegExp(pattern: string): RegExp {
  const literal = pattern.split('*').map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${literal.join('.*')}$`)
}

/**
 * The project names to constrain: every listed name, and every name-like word of `texts` (the
 * dependency files and the install command) that a glob matches. Over-matching is harmless: a
 * constraint on a project the install does not need changes nothing.
 */
export function guardedProjects(
  patterns: string[],
  texts: string[]
): { names: string[]; unmatchedGlobs: string[] } {
  const globs = patterns.filter(pattern => pattern.includes('*'))
  const words = new Set(
    texts.flatMap(text => text.match(NAME_TOKEN) ?? []).map(normalizeProjectName)
  )
  const expanded = [...words].filter(word => isPrivateProject(word, globs))
  return {
    names: [...new Set([...patterns.filter(p => !p.includes('*')), ...expanded])].sort(),
    unmatchedGlobs: globs.filter(glob => !expanded.some(name => isPrivateProject(name, [glob])))
  }
}

export function renderConstraints(names: string[]): string {
  return [
    '# pip-mirror-action: private projects, never installed from a public mirror',
    ...names.map(name => `${name}${IMPOSSIBLE}`),
    ''
  ].join('\n')
}

/** Adds the constraints file to any the job already passes through the environment. */
export function constraintEnv(
  file: string,
  env: Record<string, string | undefined>
): Record<string, string> {
  // pip and uv split these variables on whitespace.
  if (/\s/.test(file)) throw new Error(`the constraints file path '${file}' contains whitespace`)
  const add = (existing: string | undefined): string =>
    [existing?.trim(), file].filter(Boolean).join(' ')
  return { PIP_CONSTRAINT: add(env.PIP_CONSTRAINT), UV_CONSTRAINT: add(env.UV_CONSTRAINT) }
}

/** Files named by `-r`/`-c` in the install command, whose names the globs must see too. */
export function referencedFiles(install: string): string[] {
  const options = /(?:^|\s)(?:-r|--requirement|-c|--constraints?)(?:=|\s+)([^\s;&|)]+)/g
  return [...install.matchAll(options)].map(match => match[1].replace(/^['"]|['"]$/g, ''))
}

/** Private candidates first, in their probe order, then the public ones in theirs. */
export function privateFirst<T>(items: readonly T[], mirrorOf: (item: T) => Mirror): T[] {
  return [
    ...items.filter(item => mirrorOf(item).private),
    ...items.filter(item => !mirrorOf(item).private)
  ]
}

/** Later steps get no constraints file, so they stay on a private index when there is one. */
export function mirrorForLaterSteps(installedOn: Mirror | undefined, chosen: Mirror): Mirror {
  return installedOn && (installedOn.private || !chosen.private) ? installedOn : chosen
}

export interface PrivateGuard {
  indexes: Mirror[]
  /** `private-projects`, normalised. */
  patterns: string[]
  /** Why the install may not go on to public mirrors at all; unset: it may, constrained. */
  refusal?: string
}

/** The guard for an install across `mirrors`; undefined when there is nothing to guard. */
export function privateGuard(
  mirrors: Mirror[],
  patterns: string[],
  install: string
): PrivateGuard | undefined {
  const indexes = mirrors.filter(mirror => mirror.private)
  const publicMirrors = mirrors.filter(mirror => !mirror.private)
  if (indexes.length === 0 || publicMirrors.length === 0) return undefined
  const reason = patterns.length === 0 ? UNLISTED : uvWithoutConstraints(install)
  const refusal = reason
    ? `${describeIndexes(indexes)} failed, and the install did not fall back to the public ` +
      `mirror(s) ${publicMirrors.map(mirror => mirror.name).join(', ')}: ${reason}.`
    : undefined
  return { indexes, patterns, refusal }
}

const UNLISTED =
  "without the input 'private-projects' the action cannot tell which projects only the private " +
  'index may serve, and a public mirror would install whatever anyone published there under a ' +
  'private name (dependency confusion). List the private projects (names, or globs such as ' +
  "corp-*) in 'private-projects' to let every other project fall back to public mirrors"

const UV_WITHOUT_CONSTRAINT = new Set(['sync', 'lock', 'run', 'add', 'remove', 'export', 'tool'])

/** A uv command in `install` that would not read UV_CONSTRAINT, described; else undefined. */
function uvWithoutConstraints(install: string): string | undefined {
  // `uv`, `/path/to/uv`, `'/path/to/uv'` or `python -m uv`, and the same for uvx.
  const invocations = install.matchAll(
    /(?:^|[\s;&|(])['"]?(?:[^\s'";&|()]*\/)?(uvx?)['"]?(?=\s|$)([^;&|\n]*)/g
  )
  for (const [, tool, rest] of invocations) {
    const words = rest.trim().split(/\s+/)
    const command = words.find(word => word === 'pip' || UV_WITHOUT_CONSTRAINT.has(word))
    const why =
      tool === 'uvx' || (command !== undefined && command !== 'pip')
        ? 'uv project and tool commands do not read UV_CONSTRAINT'
        : command === 'pip' && words.some(word => /^(-c|--constraints?(=|$))/.test(word))
          ? "uv's own --constraint replaces UV_CONSTRAINT"
          : undefined
    if (why) {
      return (
        `the install command runs '${tool}${rest.trimEnd()}', and ${why}, so the ` +
        "private projects could not be kept off the public mirrors. Use 'uv pip install' (or " +
        'pip) without -c, or make the private index reliable'
      )
    }
  }
  return undefined
}

/** The guarded project whose impossible constraint pip or uv reported, if any. */
export function blockedProject(output: string, patterns: string[]): string | undefined {
  for (const [, name] of output.matchAll(ECHOED_CONSTRAINT)) {
    if (isPrivateProject(name, patterns)) return normalizeProjectName(name)
  }
  return undefined
}

export function blockedMessage(project: string, publicMirror: Mirror, guard: PrivateGuard): string {
  return (
    `${project} is a private project (private-projects), so it was not installed from the ` +
    `public mirror ${describe(publicMirror)} after ${describeIndexes(guard.indexes, false)} ` +
    'failed. No public mirror may serve it: fix the private index and run the job again.'
  )
}

function describeIndexes(indexes: Mirror[], capital = true): string {
  const noun = indexes.length > 1 ? 'private indexes' : 'private index'
  return `${capital ? 'The' : 'the'} ${noun} ${indexes.map(describe).join(', ')}`
}

function describe(mirror: Mirror): string {
  return `${mirror.name} (${mirror.displayUrl})`
}
