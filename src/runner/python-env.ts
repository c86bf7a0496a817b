import { runFile, runFileInBackground } from './runner-env.js'

const TIMEOUT_MS = 20_000

export interface PythonInfo {
  implementation: string
  version: string
  /** The interpreter's own machine type: an x86_64 Python under Rosetta says x86_64. */
  arch: string
}

/** The names `setup-python` and the OS put the interpreter under, most likely first. */
export function pythonCandidates(platform: string): string[] {
  // Windows has no python3 from setup-python, and a python3 alias may open the Store.
  return platform === 'win32' ? ['python', 'python3'] : ['python3', 'python']
}

/**
 * Runs the first Python on `PATH` that succeeds; undefined when none does. `background`: at the
 * lowest CPU priority, for an answer the job's own processes must not wait behind.
 */
export async function runPython(
  args: string[],
  { background = false } = {}
): Promise<string | undefined> {
  const run = background ? runFileInBackground : runFile
  for (const python of pythonCandidates(process.platform)) {
    try {
      return (await run(python, args, { timeout: TIMEOUT_MS })).stdout
    } catch {
      // Not this interpreter, or the command failed under it: try the next one.
    }
  }
  return undefined
}

export async function readPythonInfo(): Promise<PythonInfo | undefined> {
  const script =
    'import platform, sys; print(sys.implementation.name); print(platform.python_version()); print(platform.machine())'
  const [implementation, version, arch] =
    (await runPython(['-c', script]))?.trim().split(/\r?\n/) ?? []
  return arch ? { implementation, version, arch: arch.toLowerCase() } : undefined
}

/** pip's cache directory as pip reports it (it honours PIP_CACHE_DIR and its config files). */
export async function pipCacheDir(): Promise<string | undefined> {
  return (await runPython(['-m', 'pip', 'cache', 'dir']))?.trim() || undefined
}

export async function uvCacheDir(): Promise<string | undefined> {
  try {
    return (
      (await runFile('uv', ['cache', 'dir'], { timeout: TIMEOUT_MS })).stdout.trim() || undefined
    )
  } catch {
    return undefined
  }
}

/** Drops what uv's CI guidance says is cheaper to download again than to cache. */
export async function pruneUvCache(): Promise<void> {
  await runFile('uv', ['cache', 'prune', '--ci'], { timeout: 120_000 })
}
