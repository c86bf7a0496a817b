// Reads what the job will install, for the router to fetch ahead: the workspace's requirement
// and lock files, and the job's Python (its tags and marker values) from the interpreter on
// PATH, asked the way pip asks itself.
import { execFile } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import {
  type Declared,
  type Include,
  parsePdmLock,
  parsePipfileLock,
  parsePoetryLock,
  parsePylock,
  parseRequirementsText,
  parseUvLock,
  requirementFilesOf
} from './declared-files.js'
import { evaluateMarker } from './markers.js'
import { planPrefetch, type PrefetchPlan, type PythonFacts } from './plan.js'

/** Files read at most, and the size of each: a bound on what a workspace can make this read. */
const MAX_FILES = 100
const MAX_FILE_BYTES = 8 * 1024 * 1024
const PYTHON_TIMEOUT_MS = 5000

/**
 * pip's own view of the interpreter: its vendored `packaging` (the plain one where pip is
 * missing), so the tags are those pip ranks files by.
 */
// The marker values are packaging's default_environment(), written out: importing its markers
// module (and pyparsing, in older pips) takes about a third of the script's time, while the job's
// install starts beside it.
const PYTHON_FACTS_SCRIPT = `
import json, os, platform, sys
try:
    from pip._vendor.packaging import tags
except Exception:
    from packaging import tags
def version(info):
    text = "{0.major}.{0.minor}.{0.micro}".format(info)
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text
environment = {
    "implementation_name": sys.implementation.name,
    "implementation_version": version(sys.implementation.version),
    "os_name": os.name,
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform,
}
print(json.dumps({"tags": [str(t) for t in tags.sys_tags()], "environment": environment}))
`

/** Lock files at the workspace's top, each with its reader. */
const LOCK_FILES: { match: (name: string) => boolean; parse: LockParser }[] = [
  {
    match: name => name === 'uv.lock',
    parse: (text, from, facts) => parseUvLock(text, from, applies(facts))
  },
  { match: name => /^pylock(\.[^.]+)?\.toml$/.test(name), parse: parsePylock },
  { match: name => name === 'poetry.lock', parse: parsePoetryLock },
  { match: name => name === 'pdm.lock', parse: parsePdmLock },
  {
    match: name => name === 'Pipfile.lock',
    parse: (text, from, _facts, install) =>
      parsePipfileLock(
        text,
        from,
        /\s--dev\b/.test(` ${install}`) ? ['default', 'develop'] : ['default']
      )
  }
]

type LockParser = (text: string, from: string, facts: PythonFacts, install: string) => Declared[]

/**
 * The plan for the job in `workspace`, whose install command is `install` (may be empty):
 * undefined, after saying why in `log`, when there is no Python to choose files for.
 */
export async function readJobPlan(
  workspace: string,
  install: string,
  log: (message: string) => void
): Promise<PrefetchPlan | undefined> {
  const facts = await pythonFacts()
  if (!facts) {
    log('No Python on PATH to choose files for: the router fetches only what the tools ask for.')
    return undefined
  }
  const top = await readdir(workspace).catch(() => [] as string[])
  const named = requirementFilesOf(install)
  const requirementFiles: Include[] =
    named.length > 0
      ? named
      : top
          .filter(name => /^requirements.*\.txt$/.test(name))
          .sort()
          .map(name => ({ path: name, constraint: false }))
  const reader = new WorkspaceReader(workspace)
  const declared = await reader.requirements(requirementFiles)
  for (const name of top.sort()) {
    const lock = LOCK_FILES.find(entry => entry.match(name))
    const text = lock && (await reader.read(name))
    if (lock && text !== undefined) declared.push(...lock.parse(text, name, facts, install))
  }
  return planPrefetch(declared, facts, reader.readFiles)
}

const PYTHON_COMMANDS = process.platform === 'win32' ? ['python'] : ['python3', 'python']

/**
 * The first of `commands` (by default the interpreter on PATH) that answers, as pip sees it;
 * undefined when none does.
 */
export async function pythonFacts(commands = PYTHON_COMMANDS): Promise<PythonFacts | undefined> {
  for (const command of commands) {
    const output = await new Promise<string | undefined>(resolve =>
      execFile(
        command,
        ['-c', PYTHON_FACTS_SCRIPT],
        { timeout: PYTHON_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, env: pythonEnvironment() },
        (error, stdout) => resolve(error ? undefined : stdout)
      )
    )
    const facts = output === undefined ? undefined : parseFacts(output)
    if (facts) return facts
  }
  return undefined
}

function parseFacts(output: string): PythonFacts | undefined {
  try {
    const facts = JSON.parse(output) as Partial<PythonFacts>
    if (!Array.isArray(facts.tags) || typeof facts.environment !== 'object') return undefined
    return { tags: facts.tags.map(String), environment: facts.environment ?? {} }
  } catch {
    return undefined
  }
}

/** Without the job's Python settings that could make it print anything but the answer. */
function pythonEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !['PYTHONSTARTUP', 'PYTHONINSPECT'].includes(name)
    )
  )
}

function applies(facts: PythonFacts): (marker: string, extras: string[]) => boolean {
  return (marker, extras) => {
    try {
      return evaluateMarker(marker, facts.environment, extras)
    } catch {
      return true
    }
  }
}

/**
 * Reads workspace files, each once, within the workspace only, up to the bounds; requirement
 * files with the files they include, their constraints applied to what they leave unpinned.
 */
class WorkspaceReader {
  readonly readFiles: string[] = []
  private readonly root: string

  constructor(workspace: string) {
    this.root = path.resolve(workspace)
  }

  async requirements(files: Include[]): Promise<Declared[]> {
    const declared: Declared[] = []
    const constraints = new Map<string, Declared>()
    const pending = [...files]
    const seen = new Set<string>()
    while (pending.length > 0) {
      const include = pending.shift() as Include
      const relative = path.normalize(include.path)
      if (seen.has(relative)) continue
      seen.add(relative)
      const text = await this.read(relative)
      if (text === undefined) continue
      const parsed = parseRequirementsText(text, relative)
      const folder = path.dirname(relative)
      pending.push(
        ...parsed.includes.map(next => ({
          path: path.join(folder, next.path),
          constraint: include.constraint || next.constraint
        }))
      )
      for (const entry of parsed.declared) {
        if (include.constraint) constraints.set(entry.project, entry)
        else declared.push(entry)
      }
    }
    return declared.map(entry => {
      const pin = constraints.get(entry.project)
      if (entry.version !== undefined || pin?.version === undefined) return entry
      return { ...entry, version: pin.version, specifier: pin.specifier, hashes: pin.hashes }
    })
  }

  /** A file's text, by its path relative to the workspace; undefined when it cannot be read. */
  async read(relative: string): Promise<string | undefined> {
    const file = path.resolve(this.root, relative)
    if (file !== this.root && !file.startsWith(this.root + path.sep)) return undefined
    if (this.readFiles.length >= MAX_FILES) return undefined
    try {
      const info = await stat(file)
      if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined
      const text = await readFile(file, 'utf8')
      this.readFiles.push(path.relative(this.root, file))
      return text
    } catch {
      return undefined
    }
  }
}
