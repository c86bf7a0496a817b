import { constants } from 'node:fs'
import { access, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { inJobContainer, runFile, runnerTempPath } from '../runner/runner-env.js'
import { bridgeCandidates, ownContainerAddresses } from './docker-bridge.js'
import { daemonConfigFile, privilegedReplaceCommands, sameMirrors } from './docker-config.js'

/** The mirrors the running daemon uses; undefined when there is no Docker or no daemon. */
export async function daemonMirrors(): Promise<string[] | undefined> {
  try {
    const { stdout } = await runFile(
      'docker',
      ['info', '--format', '{{json .RegistryConfig.Mirrors}}'],
      {
        timeout: 15_000
      }
    )
    const mirrors = JSON.parse(stdout.trim()) as unknown
    return Array.isArray(mirrors) ? mirrors.map(String) : []
  } catch {
    return undefined
  }
}

export async function waitForMirrors(wanted: string[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const mirrors = await daemonMirrors()
    if (mirrors && sameMirrors(mirrors, wanted)) return true
    if (Date.now() > deadline) return false
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

export async function readConfigFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/** Replaces the file atomically, or removes it when `content` is undefined; `sudo` when needed. */
export async function replaceConfigFile(
  file: string,
  content: string | Buffer | undefined
): Promise<void> {
  if (await canWriteBeside(file)) {
    if (content === undefined) return rm(file, { force: true })
    await mkdir(path.dirname(file), { recursive: true })
    const staged = `${file}.pip-mirror-action.tmp`
    await writeFile(staged, content)
    return rename(staged, file)
  }
  let staged: string | undefined
  if (content !== undefined) {
    staged = path.join(await stagingDirectory(), path.basename(file))
    await writeFile(staged, content)
  }
  for (const [command, ...args] of privilegedReplaceCommands(file, staged))
    await runFile(command, args)
}

async function canWriteBeside(file: string): Promise<boolean> {
  let directory = path.dirname(file)
  // A directory that does not exist yet is created in the nearest one that does.
  while (!(await exists(directory)) && path.dirname(directory) !== directory)
    directory = path.dirname(directory)
  return access(directory, constants.W_OK).then(
    () => true,
    () => false
  )
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false
  )
}

async function stagingDirectory(): Promise<string> {
  const directory = runnerTempPath('pip-mirror-action')
  await mkdir(directory, { recursive: true })
  return directory
}

/**
 * The dockerd that reads this config file, from the process table (Linux). Several daemons can
 * run on one machine; only the one that reads the file reloads it.
 */
export async function findDaemonPid(configFile: string): Promise<number | undefined> {
  const resolved = async (file: string): Promise<string> =>
    realpath(file).catch(() => path.resolve(file))
  const wanted = await resolved(configFile)
  const entries = await readdir('/proc').catch(() => [] as string[])
  for (const entry of entries.filter(name => /^\d+$/.test(name))) {
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => ''))
      .split('\0')
      .filter(Boolean)
    if (argv.length === 0 || path.basename(argv[0]) !== 'dockerd') continue
    if ((await resolved(daemonConfigFile(argv))) === wanted) return Number(entry)
  }
  return undefined
}

/** SIGHUP makes dockerd reload `registry-mirrors` without a restart: containers keep running. */
export async function signalReload(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGHUP')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error
    await runFile('sudo', ['-n', 'kill', '-HUP', String(pid)])
  }
}

/** The last resort when a reload did not take: it stops running containers. */
export async function restartDaemon(): Promise<void> {
  const root = process.getuid?.() === 0
  await runFile(
    root ? 'systemctl' : 'sudo',
    [...(root ? [] : ['-n', 'systemctl']), 'restart', 'docker'],
    {
      timeout: 120_000
    }
  )
}

/**
 * Where the job's containers may reach this machine, most likely first: its addresses on
 * Docker's default bridge (see `bridgeCandidates`), which every container reaches, builds
 * included; and, in a `container:` job, the job container's own, which the containers on the
 * job's network reach (container actions). Nothing without Docker.
 */
export async function containerReachableAddresses(): Promise<{
  bridge: string[]
  jobContainer: string[]
}> {
  const [bridge, containerMark] = await Promise.all([
    runFile('docker', ['network', 'inspect', 'bridge', '--format', '{{json .}}'], {
      timeout: 5000
    }).then(
      ({ stdout }) => bridgeCandidates(JSON.parse(stdout) as unknown),
      () => []
    ),
    access(DOCKER_CONTAINER_MARK).then(
      () => true,
      () => false
    )
  ])
  const jobContainer = containerMark && inJobContainer()
  return { bridge, jobContainer: jobContainer ? ownContainerAddresses(os.networkInterfaces()) : [] }
}

/** The file Docker puts at the root of every container. */
const DOCKER_CONTAINER_MARK = '/.dockerenv'
