// What a workspace declares it will install, read from the text of its requirement and lock
// files (the caller reads them): each project with the version, hashes and files the file pins,
// so the router can fetch them before pip or uv ask. Malformed input yields what could be read,
// never an error: a file this misreads costs a prefetch, not the job.
import { parse as parseToml } from 'smol-toml'
import { eq, valid } from '@renovatebot/pep440'
import { normalizeProjectName } from '../mirrors/project-name.js'
import { parseRequirement, pinnedVersion } from './requirement.js'

export interface DeclaredFile {
  filename: string
  sha256?: string
}

/** One project a workspace file declares. */
export interface Declared {
  /** Normalised (PEP 503). */
  project: string
  /** The exact version when pinned or locked. */
  version?: string
  /** '' when none; '==<v>' style for pins from requirement files. */
  specifier: string
  extras: string[]
  /** Lowercase sha256 hex the file allows (only sha256; other algorithms ignored). */
  hashes: string[]
  /** The files a lock names for this version, when it names them. */
  files?: DeclaredFile[]
  /** To be evaluated by the caller, when it has one. */
  marker?: string
  /** The workspace-relative path it came from, as given by the caller. */
  from: string
}

/** A `-r`/`-c` line: another file to read, relative to the including file's folder. */
export interface Include {
  path: string
  constraint: boolean
}

type Table = Record<string, unknown>

// ---------------------------------------------------------------------------------------------
// Requirement files (pip's format)

/** pip's COMMENT_RE: `#` at the start of a line or after whitespace, to the line's end. */
const COMMENT = /(^|\s+)#.*$/
/** pip's COMMENT_RE.match: a line that is only a comment, which never continues. */
const COMMENT_LINE = /^\s*#/

/** Options of a requirements line that take a value, so the value is not read as an option. */
const OPTIONS_WITH_VALUE = new Set([
  '-i',
  '--index-url',
  '--extra-index-url',
  '-f',
  '--find-links',
  '--no-binary',
  '--only-binary',
  '--trusted-host',
  '--use-feature',
  '--config-settings',
  '--global-option',
  '--install-option'
])

export function parseRequirementsText(
  text: string,
  from: string
): { declared: Declared[]; includes: Include[] } {
  const declared: Declared[] = []
  const includes: Include[] = []
  for (const line of logicalLines(text)) {
    const { args, options } = splitArgsAndOptions(line)
    const read = readLineOptions(shellWords(options) ?? [])
    includes.push(...read.includes)
    if (args === '' || read.editable) continue
    const requirement = parseRequirement(args)
    if (requirement === undefined) continue
    const version = pinnedVersion(requirement.specifier)
    declared.push({
      project: requirement.project,
      ...(version === undefined ? {} : { version }),
      specifier: requirement.specifier,
      extras: requirement.extras,
      hashes: unique(read.hashes),
      ...(requirement.marker === undefined ? {} : { marker: requirement.marker }),
      from
    })
  }
  return { declared, includes }
}

/** The files an install command line names with -r/--requirement/-c/--constraint (and `--requirement=x`, `-rx`). */
export function requirementFilesOf(command: string): Include[] {
  const includes: Include[] = []
  for (const words of shellCommands(command)) {
    // After `install` are pip's and uv's options; a command without it counts only when it is
    // bare options (`-r requirements.txt`), so `python -c "…"` names no constraint file.
    const install = words.indexOf('install')
    if (install === -1 && !words[0]?.startsWith('-')) continue
    includes.push(...readLineOptions(words.slice(install + 1)).includes)
  }
  return includes
}

/** pip's join_lines and ignore_comments: continuations joined, comments and blanks gone. */
function logicalLines(text: string): string[] {
  const lines: string[] = []
  let pending: string[] = []
  for (const raw of text.split(/\r?\n|\r/)) {
    const comment = COMMENT_LINE.test(raw)
    if (raw.endsWith('\\') && !comment) {
      pending.push(raw.replace(/^\\+|\\+$/g, ''))
      continue
    }
    // As pip does: a space before a comment line, so it stays a comment once joined.
    pending.push(comment ? ` ${raw}` : raw)
    lines.push(pending.join(''))
    pending = []
  }
  if (pending.length > 0) lines.push(pending.join(''))
  return lines.map(line => line.replace(COMMENT, '').trim()).filter(line => line !== '')
}

/** pip's break_args_options: the requirement is the words before the first option. */
function splitArgsAndOptions(line: string): { args: string; options: string } {
  const words = line.split(/[ \t]+/)
  const firstOption = words.findIndex(word => word.startsWith('-'))
  if (firstOption === -1) return { args: words.join(' '), options: '' }
  return {
    args: words.slice(0, firstOption).join(' '),
    options: words.slice(firstOption).join(' ')
  }
}

/** The hashes, includes and editable flag among one line's (or command's) options. */
function readLineOptions(words: string[]): {
  hashes: string[]
  includes: Include[]
  editable: boolean
} {
  const hashes: string[] = []
  const includes: Include[] = []
  let editable = false
  for (let index = 0; index < words.length; index++) {
    // Flags without a value may lead a cluster of short options: `-qr requirements.txt`.
    const word = (words[index] ?? '').replace(/^-[qvUI]+(?=[rc])/, '-')
    const next = (): string | undefined => words[++index]
    // At most one of the three matches `word`, so only that one takes the next word.
    const hash = optionValue(word, '--hash', undefined, next)
    const requirement = optionValue(word, '--requirement', '-r', next)
    const constraint = optionValue(word, '--constraint', '-c', next)
    if (hash !== undefined) {
      const sha256 = sha256OfPrefixed(hash)
      if (sha256 !== undefined) hashes.push(sha256)
    } else if (requirement !== undefined) {
      includes.push({ path: requirement, constraint: false })
    } else if (constraint !== undefined) {
      includes.push({ path: constraint, constraint: true })
    } else if (word === '-e' || word.startsWith('--editable') || /^-e./.test(word)) {
      editable = true
    } else if (OPTIONS_WITH_VALUE.has(word)) {
      index++
    }
  }
  return { hashes, includes, editable }
}

/**
 * The value of `word` when it is option `long` (or `short`): `--long=v`, `--long v`, `-s v`,
 * `-sv`; `next` takes the following word. Undefined when `word` is another option.
 */
function optionValue(
  word: string,
  long: string,
  short: string | undefined,
  next: () => string | undefined
): string | undefined {
  if (word === long || word === short) return next()
  if (word.startsWith(`${long}=`)) return word.slice(long.length + 1)
  if (short !== undefined && word.startsWith(short) && !word.startsWith('--')) {
    return word.slice(short.length)
  }
  return undefined
}

/** A POSIX shell's words for one line of options (shlex.split); undefined on an open quote. */
function shellWords(text: string): string[] | undefined {
  const commands = shellCommands(text, false)
  return commands === undefined ? undefined : commands.flat()
}

/**
 * The words of each simple command in a shell script: split at newlines, `;`, `&`, `|`, with
 * quotes, backslashes, line continuations and comments handled as sh does. With `separate`
 * off, those separators are plain characters (as shlex treats them), and an open quote
 * gives undefined.
 */
function shellCommands(script: string, separate?: true): string[][]
function shellCommands(script: string, separate: false): string[][] | undefined
function shellCommands(script: string, separate = true): string[][] | undefined {
  const commands: string[][] = []
  let words: string[] = []
  let word: string | undefined
  const endWord = (): void => {
    if (word !== undefined) words.push(word)
    word = undefined
  }
  const endCommand = (): void => {
    endWord()
    if (words.length > 0) commands.push(words)
    words = []
  }
  for (let index = 0; index < script.length; index++) {
    const char = script[index] ?? ''
    if (char === '\\') {
      const escaped = script[++index]
      if (escaped === undefined) break
      if (escaped === '\n') continue
      if (escaped === '\r' && script[index + 1] === '\n') {
        index++
        continue
      }
      word = (word ?? '') + escaped
    } else if (char === "'" || char === '"') {
      const close = closingQuote(script, index)
      if (close === -1) {
        if (!separate) return undefined
        break
      }
      const quoted = script.slice(index + 1, close)
      word = (word ?? '') + (char === '"' ? quoted.replace(/\\([\\"$`\n])/g, '$1') : quoted)
      index = close
    } else if (/\s/.test(char)) {
      if (separate && char === '\n') endCommand()
      else endWord()
    } else if (char === '#' && word === undefined) {
      const end = script.indexOf('\n', index)
      if (end === -1) break
      index = end - 1
    } else if (separate && /[;&|]/.test(char)) {
      endCommand()
    } else {
      word = (word ?? '') + char
    }
  }
  endCommand()
  return commands
}

/** Where the quote opened at `open` closes: `'` takes no escapes, `"` takes `\"`. */
function closingQuote(text: string, open: number): number {
  const quote = text[open]
  for (let index = open + 1; index < text.length; index++) {
    if (quote === '"' && text[index] === '\\') index++
    else if (text[index] === quote) return index
  }
  return -1
}

// ---------------------------------------------------------------------------------------------
// uv.lock

interface UvPackage {
  project: string
  version?: string
  source?: Table
  table: Table
}

/** uv's sources for the workspace's own packages: the roots of what `uv sync` installs. */
const UV_ROOT_SOURCES = ['editable', 'virtual', 'directory']

export function parseUvLock(
  text: string,
  from: string,
  applies: (marker: string, extras: string[]) => boolean
): Declared[] {
  const lock = readToml(text)
  if (lock === undefined) return []
  const packages: UvPackage[] = tables(lock.package).flatMap(table => {
    const name = stringOf(table.name)
    if (name === undefined) return []
    const version = stringOf(table.version)
    const source = isTable(table.source) ? table.source : undefined
    return [
      {
        project: normalizeProjectName(name),
        ...(version === undefined ? {} : { version }),
        ...(source === undefined ? {} : { source }),
        table
      }
    ]
  })
  const byName = new Map<string, number[]>()
  packages.forEach((entry, index) => {
    byName.set(entry.project, [...(byName.get(entry.project) ?? []), index])
  })

  /** The packages an edge names: one of a fork's versions when it says which. */
  const targets = (edge: Table): number[] => {
    const name = stringOf(edge.name)
    if (name === undefined) return []
    let found = byName.get(normalizeProjectName(name)) ?? []
    const version = stringOf(edge.version)
    if (version !== undefined) found = found.filter(index => packages[index]?.version === version)
    const source = edge.source
    if (isTable(source) && found.length > 1) {
      found = found.filter(index => sameTable(packages[index]?.source, source))
    }
    return found
  }

  const reached = new Map<number, Set<string>>()
  const pending: Table[][] = []
  const visit = (index: number, extras: string[]): void => {
    const entry = packages[index]
    if (entry === undefined) return
    let requested = reached.get(index)
    if (requested === undefined) {
      requested = new Set()
      reached.set(index, requested)
      pending.push(tables(entry.table.dependencies))
      if (isUvRoot(entry)) pending.push(group(entry.table['dev-dependencies'], 'dev'))
    }
    for (const extra of extras) {
      if (requested.has(extra)) continue
      requested.add(extra)
      pending.push(group(entry.table['optional-dependencies'], extra))
    }
  }

  packages.forEach((entry, index) => {
    if (isUvRoot(entry)) visit(index, [])
  })
  for (let edges = pending.pop(); edges !== undefined; edges = pending.pop()) {
    for (const edge of edges) {
      const marker = stringOf(edge.marker)
      if (marker !== undefined && !applies(marker, [])) continue
      const extras = strings(edge.extra).map(normalizeProjectName)
      for (const index of targets(edge)) visit(index, extras)
    }
  }

  return packages.flatMap((entry, index) => {
    const requested = reached.get(index)
    if (requested === undefined || typeof entry.source?.registry !== 'string') return []
    const files = [
      ...(isTable(entry.table.sdist) ? [entry.table.sdist] : []),
      ...tables(entry.table.wheels)
    ].flatMap(file => {
      const filename = fileNameOf(file.url ?? file.path ?? file.filename)
      if (filename === undefined) return []
      return [declaredFile(filename, sha256OfPrefixed(file.hash))]
    })
    return [locked(entry.project, entry.version, from, { files, extras: [...requested].sort() })]
  })
}

function isUvRoot(entry: UvPackage): boolean {
  return UV_ROOT_SOURCES.some(key => entry.source?.[key] !== undefined)
}

/** The edges of one named group of a `{ group = [edges] }` table, names compared normalised. */
function group(groups: unknown, name: string): Table[] {
  if (!isTable(groups)) return []
  const key = Object.keys(groups).find(candidate => normalizeProjectName(candidate) === name)
  return key === undefined ? [] : tables(groups[key])
}

function sameTable(left: Table | undefined, right: Table): boolean {
  if (left === undefined) return false
  const keys = new Set([...Object.keys(left), ...Object.keys(right)])
  return [...keys].every(key => left[key] === right[key])
}

// ---------------------------------------------------------------------------------------------
// pylock.toml (PEP 751)

export function parsePylock(text: string, from: string): Declared[] {
  const lock = readToml(text)
  if (lock === undefined) return []
  return tables(lock.packages).flatMap(entry => {
    const name = stringOf(entry.name)
    if (name === undefined || ['vcs', 'directory', 'archive'].some(key => key in entry)) return []
    const files = [...(isTable(entry.sdist) ? [entry.sdist] : []), ...tables(entry.wheels)].flatMap(
      file => {
        const filename = stringOf(file.name) ?? fileNameOf(file.url ?? file.path)
        if (filename === undefined) return []
        const hashes = isTable(file.hashes) ? file.hashes : {}
        return [declaredFile(filename, sha256OfHex(hashes.sha256))]
      }
    )
    return [
      locked(normalizeProjectName(name), stringOf(entry.version), from, {
        files,
        marker: stringOf(entry.marker)
      })
    ]
  })
}

// ---------------------------------------------------------------------------------------------
// poetry.lock

/** Poetry sources that are no index: nothing the router can fetch ahead. */
const POETRY_NOT_INDEX = new Set(['git', 'directory', 'file', 'url'])

export function parsePoetryLock(text: string, from: string): Declared[] {
  const lock = readToml(text)
  if (lock === undefined) return []
  const entries = tables(lock.package)
  // Poetry 1.x (lock-version < 2) keeps the files under [metadata.files], by project name.
  const metadata = isTable(lock.metadata) ? lock.metadata : {}
  const legacyFiles = new Map<string, Table[]>()
  if (isTable(metadata.files)) {
    for (const [name, files] of Object.entries(metadata.files)) {
      legacyFiles.set(normalizeProjectName(name), tables(files))
    }
  }
  const count = new Map<string, number>()
  for (const entry of entries) {
    const name = stringOf(entry.name)
    if (name === undefined) continue
    const project = normalizeProjectName(name)
    count.set(project, (count.get(project) ?? 0) + 1)
  }

  return entries.flatMap(entry => {
    const name = stringOf(entry.name)
    if (name === undefined) return []
    const source = isTable(entry.source) ? entry.source : {}
    const sourceType = stringOf(source.type)
    if (sourceType !== undefined && POETRY_NOT_INDEX.has(sourceType)) return []
    const project = normalizeProjectName(name)
    const version = stringOf(entry.version)
    const own = tables(entry.files)
    let listed = own.length > 0 ? own : (legacyFiles.get(project) ?? [])
    // [metadata.files] lists the files of every locked version of a name under that one name.
    if (own.length === 0 && (count.get(project) ?? 0) > 1 && version !== undefined) {
      listed = listed.filter(file => fileMayBeVersion(stringOf(file.file), version))
    }
    const files = listed.flatMap(file => {
      const filename = fileNameOf(file.file ?? file.url)
      return filename === undefined ? [] : [declaredFile(filename, sha256OfPrefixed(file.hash))]
    })
    // Poetry 2 may lock markers per group (`{ main = "…", dev = "…" }`): which group installs is
    // not known here, so no marker (fetching a file for nothing costs less than missing one).
    return [locked(project, version, from, { files, marker: stringOf(entry.markers) })]
  })
}

/** Whether `filename` could be a file of `version`: false only when it names another version. */
function fileMayBeVersion(filename: string | undefined, version: string): boolean {
  if (filename === undefined) return true
  let fileVersion: string | undefined
  if (filename.endsWith('.whl')) fileVersion = filename.split('-')[1]
  else {
    const stem = filename.replace(/\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|txz|zip|tar)$/i, '')
    if (stem !== filename) fileVersion = stem.slice(stem.lastIndexOf('-') + 1)
  }
  if (fileVersion === undefined) return true
  if (valid(fileVersion) !== null && valid(version) !== null) return eq(fileVersion, version)
  return fileVersion === version
}

// ---------------------------------------------------------------------------------------------
// pdm.lock

/** pdm's keys for a package that comes from no index. */
const PDM_NOT_INDEX = ['editable', 'path', 'git', 'url']

export function parsePdmLock(text: string, from: string): Declared[] {
  const lock = readToml(text)
  if (lock === undefined) return []
  const declared = tables(lock.package).flatMap(entry => {
    const name = stringOf(entry.name)
    if (name === undefined || PDM_NOT_INDEX.some(key => key in entry)) return []
    const files = tables(entry.files).flatMap(file => {
      const filename = fileNameOf(file.file ?? file.url)
      return filename === undefined ? [] : [declaredFile(filename, sha256OfPrefixed(file.hash))]
    })
    const extras = unique(strings(entry.extras).map(normalizeProjectName)).sort()
    return [
      locked(normalizeProjectName(name), stringOf(entry.version), from, {
        files,
        extras,
        marker: stringOf(entry.marker)
      })
    ]
  })
  // pdm locks a project once more for each set of extras asked of it, with the same files.
  return mergeDuplicates(declared)
}

// ---------------------------------------------------------------------------------------------
// Pipfile.lock

/** Pipenv's keys for an entry that comes from no index. */
const PIPFILE_NOT_INDEX = ['git', 'path', 'file', 'editable']

export function parsePipfileLock(
  text: string,
  from: string,
  sections: ('default' | 'develop')[]
): Declared[] {
  let lock: unknown
  try {
    lock = JSON.parse(text)
  } catch {
    return []
  }
  if (!isTable(lock)) return []
  const declared = sections.flatMap(section => {
    const entries = lock[section]
    if (!isTable(entries)) return []
    return Object.entries(entries).flatMap(([name, entry]) => {
      if (!isTable(entry) || PIPFILE_NOT_INDEX.some(key => key in entry)) return []
      if (parseRequirement(name)?.project !== normalizeProjectName(name)) return []
      const written = stringOf(entry.version) ?? ''
      const specifier = parseRequirement(`${name} ${written}`)?.specifier ?? ''
      const version = pinnedVersion(specifier)
      const marker = stringOf(entry.markers)
      const item: Declared = {
        project: normalizeProjectName(name),
        ...(version === undefined ? {} : { version }),
        specifier,
        extras: unique(strings(entry.extras).map(normalizeProjectName)).sort(),
        hashes: unique(strings(entry.hashes).flatMap(hash => sha256OfPrefixed(hash) ?? [])),
        ...(marker === undefined ? {} : { marker }),
        from
      }
      return [item]
    })
  })
  // A project both sections lock is installed once.
  return mergeDuplicates(declared)
}

// ---------------------------------------------------------------------------------------------
// Shared

/** A locked project: pinned to its version, hashes those of its files. */
function locked(
  project: string,
  version: string | undefined,
  from: string,
  details: { files: DeclaredFile[]; extras?: string[]; marker?: string | undefined }
): Declared {
  const hashes = unique(
    details.files.flatMap(file => (file.sha256 === undefined ? [] : [file.sha256]))
  )
  return {
    project,
    ...(version === undefined ? {} : { version }),
    specifier: version === undefined ? '' : `==${version}`,
    extras: details.extras ?? [],
    hashes,
    ...(details.files.length > 0 ? { files: details.files } : {}),
    ...(details.marker === undefined ? {} : { marker: details.marker }),
    from
  }
}

/** Entries for the same project, version and marker as one, their extras, hashes and files joined. */
function mergeDuplicates(declared: Declared[]): Declared[] {
  const merged = new Map<string, Declared>()
  for (const entry of declared) {
    const key = [entry.project, entry.version ?? entry.specifier, entry.marker ?? ''].join('\0')
    const earlier = merged.get(key)
    if (earlier === undefined) {
      merged.set(key, entry)
      continue
    }
    const files = [...(earlier.files ?? []), ...(entry.files ?? [])].filter(
      (file, index, all) => all.findIndex(other => other.filename === file.filename) === index
    )
    merged.set(key, {
      ...earlier,
      extras: unique([...earlier.extras, ...entry.extras]).sort(),
      hashes: unique([...earlier.hashes, ...entry.hashes]),
      ...(files.length > 0 ? { files } : {})
    })
  }
  return [...merged.values()]
}

function declaredFile(filename: string, sha256: string | undefined): DeclaredFile {
  return sha256 === undefined ? { filename } : { filename, sha256 }
}

/** The hex of a `sha256:HEX` hash, lowercased; undefined for another algorithm or a bad value. */
function sha256OfPrefixed(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const colon = value.indexOf(':')
  if (colon === -1 || value.slice(0, colon).toLowerCase() !== 'sha256') return undefined
  return sha256OfHex(value.slice(colon + 1))
}

function sha256OfHex(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const hex = value.trim().toLowerCase()
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined
}

/** A file's name from its URL or path: the last segment, percent-decoded, without query or fragment. */
function fileNameOf(location: unknown): string | undefined {
  if (typeof location !== 'string') return undefined
  const path = location.replace(/[?#].*$/, '')
  const segment = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1)
  let name = segment
  try {
    name = decodeURIComponent(segment)
  } catch {
    // A stray `%` is part of the name.
  }
  return name === '' ? undefined : name
}

function readToml(text: string): Table | undefined {
  try {
    return parseToml(text)
  } catch {
    return undefined
  }
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function tables(value: unknown): Table[] {
  return Array.isArray(value) ? value.filter(isTable) : []
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function strings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)]
}
