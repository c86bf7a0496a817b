import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { osReleaseName, runnerOsName } from './runner-os.js'

/** Runs a program with an argument array, never through a shell. */
export const runFile = promisify(execFile)

/**
 * `runFile` at the lowest CPU priority, for what the job does not wait on: on a runner's two
 * cores it then takes only the time the job's own processes leave idle.
 */
export function runFileInBackground(
  file: string,
  args: string[],
  options: { timeout?: number }
): Promise<{ stdout: string; stderr: string }> {
  const running = runFile(file, args, options)
  const { pid } = running.child
  try {
    if (pid !== undefined) os.setPriority(pid, os.constants.priority.PRIORITY_LOW)
  } catch {
    // Gone already, or not ours to lower: it runs at the usual priority.
  }
  return running
}

/** The job's workspace: the checkout on a runner, the current directory elsewhere. */
export function workspaceDir(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd()
}

/**
 * A path under the runner's temp directory (`RUNNER_TEMP` of `env`), which the runner empties
 * after the job.
 */
export function runnerTempPath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.RUNNER_TEMP || os.tmpdir(), name)
}

/**
 * A path that container actions see too: the runner mounts `$RUNNER_TEMP/_github_home` in them
 * as `/github/home`, and turns an environment variable's path under it into the path there. In
 * a `container:` job, whose HOME the runner makes that same `/github/home`, the path there.
 */
export function containerVisiblePath(name: string): string {
  return inJobContainer()
    ? path.posix.join(CONTAINER_HOME, name)
    : runnerTempPath(path.join('_github_home', name))
}

/**
 * A `container:` job, whose HOME the runner makes `/github/home`. A runner that itself runs in a
 * container (its `/.dockerenv` there too) keeps its own HOME: its steps are not in a job container.
 */
export function inJobContainer(): boolean {
  return process.env.HOME === CONTAINER_HOME
}

/** Where the runner mounts `$RUNNER_TEMP/_github_home` in job containers and container actions. */
const CONTAINER_HOME = '/github/home'

/** The runner's OS as `RUNNER_OS` names it. */
export function runnerOs(): string {
  return process.env.RUNNER_OS || runnerOsName(process.platform)
}

/** The OS image's release: a new image release means new system libraries. */
export async function osRelease(): Promise<string> {
  const osReleaseFile =
    process.platform === 'linux' ? await readFile('/etc/os-release', 'utf8').catch(() => '') : ''
  return osReleaseName(process.platform, os.release(), osReleaseFile)
}
