// Runs a command in an image the way the GitHub Actions runner runs a Docker container action
// (actions/runner ContainerActionHandler.cs, ContainerInfo.cs, DockerCommandManager.DockerRun):
// the step's env passed by name with every host path translated, RUNNER_TEMP's three folders,
// the workspace and the docker socket mounted, /github/workspace as the working directory.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Dockerd } from './docker.js'

export interface PathMapping {
  hostPath: string
  containerPath: string
}

export interface RunnerFolders {
  runnerTemp: string
  workspace: string
  /**
   * Mount RUNNER_TEMP at /github/runner_temp and translate paths under it (default true).
   * Runners before v2.328 (September 2025) did neither: RUNNER_TEMP and paths under it, other
   * than the three folders below, reached the container as host paths that do not exist there.
   */
  runnerTempMount?: boolean
}

/** The folders the runner makes (or requires) under RUNNER_TEMP for a container action. */
export function runnerTempFolders(runnerTemp: string) {
  return {
    home: path.join(runnerTemp, '_github_home'),
    fileCommands: path.join(runnerTemp, '_runner_file_commands'),
    workflow: path.join(runnerTemp, '_github_workflow')
  }
}

/**
 * The runner's path mappings in the order it checks them: it inserts each new one at the front,
 * so the last added (the workspace) comes first and RUNNER_TEMP itself last.
 */
export function containerPathMappings(folders: RunnerFolders): PathMapping[] {
  const { home, fileCommands, workflow } = runnerTempFolders(folders.runnerTemp)
  const mappings: PathMapping[] = [
    { hostPath: folders.workspace, containerPath: '/github/workspace' },
    { hostPath: fileCommands, containerPath: '/github/file_commands' },
    { hostPath: workflow, containerPath: '/github/workflow' },
    { hostPath: home, containerPath: '/github/home' }
  ]
  if (folders.runnerTempMount ?? true) {
    mappings.push({ hostPath: folders.runnerTemp, containerPath: '/github/runner_temp' })
  }
  return mappings
}

/**
 * ContainerInfo.TranslateToContainerPath on Linux: a value equal to a host folder, or starting
 * with it and a `/`, gets the container folder instead; the first mapping that matches wins.
 * Anything else (URLs, words, other paths, '') passes unchanged.
 */
export function translateToContainerPath(value: string, mappings: PathMapping[]): string {
  if (!value) return value
  for (const { hostPath, containerPath } of mappings) {
    if (value === hostPath) return containerPath
    if (value.startsWith(`${hostPath}/`)) return containerPath + value.slice(hostPath.length)
  }
  return value
}

/** Every value of a step's env translated; unset (undefined) names are left out. */
export function translateEnv(
  env: NodeJS.ProcessEnv,
  mappings: PathMapping[]
): Record<string, string> {
  const translated: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) translated[name] = translateToContainerPath(value, mappings)
  }
  return translated
}

export interface ContainerActionOptions extends RunnerFolders {
  dockerd: Pick<Dockerd, 'env' | 'socket'>
  image: string
  /** The arguments after the image: the action's `args`, or a command for an image without one. */
  command: string[]
  /**
   * The step's env as the runner builds it, with host paths: the job's env and GITHUB_ENV
   * exports, GITHUB_* and RUNNER_* variables, INPUT_*. Not the runner's own process env: the
   * runner passes no PATH. RUNNER_TEMP and GITHUB_WORKSPACE default to the folders above, and
   * HOME is always RUNNER_TEMP/_github_home, as on a runner.
   */
  env: NodeJS.ProcessEnv
  /** The action's `runs.entrypoint`, which replaces the image's. */
  entrypoint?: string
  /** The job's network (`github_network_<guid>` of container jobs and services); default bridge if none. */
  network?: string
  timeoutMs?: number
}

export interface ContainerActionResult {
  exitCode: number
  stdout: string
  stderr: string
  /** What the container was given: the translated env, GITHUB_ACTIONS and CI included. */
  env: Record<string, string>
}

export async function runContainerAction(
  options: ContainerActionOptions
): Promise<ContainerActionResult> {
  const runnerTemp = path.resolve(options.runnerTemp)
  const workspace = path.resolve(options.workspace)
  const folders = { runnerTemp, workspace, runnerTempMount: options.runnerTempMount }
  const { home, fileCommands, workflow } = runnerTempFolders(runnerTemp)
  await Promise.all(
    [home, fileCommands, workflow, workspace].map(dir => mkdir(dir, { recursive: true }))
  )

  const stepEnv: NodeJS.ProcessEnv = {
    RUNNER_TEMP: runnerTemp,
    GITHUB_WORKSPACE: workspace,
    ...options.env,
    HOME: home
  }
  const env = translateEnv(stepEnv, containerPathMappings(folders))

  // `-e NAME` alone: the value comes from the docker CLI's own env, never the command line.
  const envArgs = Object.keys(env).flatMap(name => ['-e', name])
  // The runner's watermark, and CI unless the step set it.
  envArgs.push('-e', 'GITHUB_ACTIONS=true')
  const given: Record<string, string> = { ...env, GITHUB_ACTIONS: 'true' }
  if (!('CI' in env)) {
    envArgs.push('-e', 'CI=true')
    given.CI = 'true'
  }
  const mounts: [string, string][] = [
    // The runner mounts the host's /var/run/docker.sock; here the test daemon's socket.
    [options.dockerd.socket, '/var/run/docker.sock'],
    ...((options.runnerTempMount ?? true)
      ? [[runnerTemp, '/github/runner_temp'] as [string, string]]
      : []),
    [home, '/github/home'],
    [workflow, '/github/workflow'],
    [fileCommands, '/github/file_commands'],
    [workspace, '/github/workspace']
  ]
  // A name of its own, so a run that times out can still be removed.
  const name = `pma-action-${randomUUID()}`
  const args = [
    // -H wins over a DOCKER_HOST in the step's env, which goes to the container unchanged.
    '-H',
    options.dockerd.env.DOCKER_HOST,
    'run',
    '--name',
    name,
    '--workdir',
    '/github/workspace',
    '--rm',
    ...envArgs,
    ...(options.entrypoint ? ['--entrypoint', options.entrypoint] : []),
    ...(options.network ? ['--network', options.network] : []),
    ...mounts.flatMap(([host, container]) => ['-v', `${host}:${container}`]),
    options.image,
    ...options.command
  ]

  // The runner's docker process gets its own env with the container's on top.
  const child = spawn('docker', args, {
    cwd: workspace,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, options.timeoutMs ?? 120_000)
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => resolve(code ?? -1))
  }).finally(() => clearTimeout(timer))
  if (timedOut) {
    await removeContainer(options.dockerd, name)
    throw new Error(`docker run ${options.image} timed out:\n${stdout}\n${stderr}`)
  }
  return { exitCode, stdout, stderr, env: given }
}

async function removeContainer(dockerd: Pick<Dockerd, 'env'>, name: string): Promise<void> {
  await new Promise(resolve =>
    spawn('docker', ['-H', dockerd.env.DOCKER_HOST, 'rm', '--force', name], {
      stdio: 'ignore'
    }).on('close', resolve)
  )
}

export interface JobNetwork {
  name: string
  remove(): Promise<void>
}

/** The user-defined bridge a runner creates for a container job or services. */
export async function createJobNetwork(dockerd: Dockerd): Promise<JobNetwork> {
  const name = `github_network_${randomUUID().replace(/-/g, '')}`
  await dockerd.docker(['network', 'create', '--label', 'pip-mirror-action-test', name])
  return { name, remove: async () => void (await dockerd.docker(['network', 'rm', name])) }
}
