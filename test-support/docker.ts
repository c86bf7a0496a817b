// Real Docker for tests: a dockerd of its own (own config, data, exec root, socket and pid file,
// vfs storage, no bridge, no iptables; or, for container actions, the default bridge with
// iptables), a real registry on loopback to serve as a Docker Hub mirror, seeded with a tiny
// image, and the offline Python image. Each is stopped by its pid.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { networkInterfaces, tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { TOOLS_DIR } from './python.js'

const run = promisify(execFile)

export interface Dockerd {
  configFile: string
  /** DOCKER_HOST and nothing else: give it to every docker command and to the action. */
  env: Record<string, string>
  /** The daemon's unix socket (what a runner mounts as /var/run/docker.sock). */
  socket: string
  pid: number
  docker(args: string[]): Promise<string>
  stop(): Promise<void>
}

export const BASE_DAEMON_CONFIG = {
  'storage-driver': 'vfs',
  bridge: 'none',
  iptables: false,
  ip6tables: false
}

/** A runner's own dockerd: the default bridge (docker0) and iptables, so containers have a network. */
export const BRIDGED_DAEMON_CONFIG = { 'storage-driver': 'vfs' }

export interface DockerdOptions {
  /**
   * The default bridge and iptables instead of `bridge: none`. Only one dockerd on a machine can
   * own docker0, and one with `bridge: none` deletes docker0 as it starts: every daemon takes its
   * turn through a lock file (see `lockBridge`).
   */
  bridge?: boolean
}

export async function startDockerd(
  config: Record<string, unknown> = {},
  options: DockerdOptions = {}
): Promise<Dockerd> {
  const release = await lockBridge()
  try {
    return await launchDockerd(config, options, release)
  } catch (error) {
    await release()
    throw error
  }
}

async function launchDockerd(
  config: Record<string, unknown>,
  options: DockerdOptions,
  release: () => Promise<void>
): Promise<Dockerd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dockerd-'))
  const configFile = path.join(dir, 'daemon.json')
  const base = options.bridge ? BRIDGED_DAEMON_CONFIG : BASE_DAEMON_CONFIG
  await writeFile(configFile, `${JSON.stringify({ ...base, ...config }, null, 2)}\n`)
  const socket = path.join(dir, 'docker.sock')
  const pidFile = path.join(dir, 'docker.pid')
  const daemon = spawn(
    'dockerd',
    [
      '--config-file',
      configFile,
      '--data-root',
      path.join(dir, 'data'),
      '--exec-root',
      path.join(dir, 'exec'),
      '-H',
      `unix://${socket}`,
      '--pidfile',
      pidFile
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], detached: false }
  )
  let log = ''
  daemon.stderr?.on('data', chunk => (log = (log + chunk).slice(-4000)))
  // Not installed, or not allowed: an unhandled 'error' event would end the test process.
  let spawnError: Error | undefined
  daemon.on('error', error => (spawnError = error))
  const exited = () =>
    spawnError !== undefined || daemon.exitCode !== null || daemon.signalCode !== null
  const env = { DOCKER_HOST: `unix://${socket}` }
  const docker = async (args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, ...env }, timeout: 60_000 })).stdout
  const stop = async () => {
    await stopProcess(daemon)
    await rm(dir, { recursive: true, force: true }).catch(() => undefined)
    await release()
  }
  // A daemon that dies (no permission, docker0 taken) never answers: stop waiting and say why.
  await waitFor(
    async () =>
      exited() || (await docker(['info', '--format', '{{.ServerVersion}}'])).trim() !== '',
    30_000,
    () => `dockerd did not answer on ${socket}:\n${log}`
  ).catch(async error => {
    await stop()
    throw error
  })
  if (exited()) {
    await stop()
    throw new Error(
      `dockerd ${spawnError?.message ?? `exited (${daemon.exitCode ?? daemon.signalCode})`}:\n${log}`
    )
  }
  const pid = Number((await readFile(pidFile, 'utf8')).trim())
  return { configFile, env, socket, pid, docker, stop }
}

export interface BridgedDockerd extends Dockerd {
  /** The default bridge's interface on the host, e.g. `docker0`. */
  bridgeName: string
  /**
   * The host's IPv4 address on that bridge, e.g. 172.17.0.1: a server the host binds there is
   * what containers reach (on the default bridge and on user-defined networks alike).
   */
  bridgeAddress: string
}

/**
 * A dockerd with the default bridge and iptables, and the host's address on that bridge. On
 * overlay2 where the machine has it (a container a second), else vfs (one per ten seconds,
 * since each copies the whole image).
 */
export async function startBridgedDockerd(
  config: Record<string, unknown> = {}
): Promise<BridgedDockerd> {
  const dockerd = await startDockerd(
    { 'storage-driver': 'overlay2', ...config },
    { bridge: true }
  ).catch(() => startDockerd(config, { bridge: true }))
  try {
    const [network] = JSON.parse(await dockerd.docker(['network', 'inspect', 'bridge'])) as {
      Options?: Record<string, string>
    }[]
    // dockerd 20.10 reports no IPAM gateway for the default bridge: read the interface itself.
    const bridgeName = network?.Options?.['com.docker.network.bridge.name'] ?? 'docker0'
    const bridgeAddress = await interfaceAddress(bridgeName)
    return { ...dockerd, bridgeName, bridgeAddress }
  } catch (error) {
    await dockerd.stop()
    throw error
  }
}

/**
 * The IPv4 address of a host interface. os.networkInterfaces() lists only interfaces that are
 * up and running, and a bridge with no container attached has no carrier: ask `ip` then.
 */
async function interfaceAddress(name: string): Promise<string> {
  const listed = networkInterfaces()[name]?.find(address => address.family === 'IPv4')?.address
  if (listed) return listed
  let output: string
  try {
    output = (await run('ip', ['-j', '-4', 'addr', 'show', 'dev', name])).stdout
  } catch (error) {
    throw new Error(
      `cannot read the address of ${name} (needs iproute2's ip): ${(error as Error).message}`
    )
  }
  const [link] = JSON.parse(output) as { addr_info?: { family: string; local: string }[] }[]
  const address = link?.addr_info?.find(info => info.family === 'inet')?.local
  if (!address) throw new Error(`the bridge ${name} has no IPv4 address on the host`)
  return address
}

/** One machine-wide file, so that jest workers and parallel runs share the turn on docker0. */
const BRIDGE_LOCK = path.join(tmpdir(), 'pip-mirror-action-test-docker0.lock')

/**
 * Waits for docker0 and takes it: the lock file holds the owner's pid; a dead owner's lock is
 * taken over. Returns the release.
 */
async function lockBridge(timeoutMs = 180_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      await writeFile(BRIDGE_LOCK, `${process.pid}\n`, { flag: 'wx' })
      return async () => {
        const owner = await readFile(BRIDGE_LOCK, 'utf8').catch(() => '')
        if (Number(owner.trim()) === process.pid) await rm(BRIDGE_LOCK, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const owner = Number((await readFile(BRIDGE_LOCK, 'utf8').catch(() => '')).trim())
    if (!owner || !isAlive(owner)) {
      await rm(BRIDGE_LOCK, { force: true })
      continue
    }
    if (Date.now() > deadline) {
      throw new Error(
        `docker0 is still taken by the bridged dockerd of test process ${owner} (${BRIDGE_LOCK})`
      )
    }
    await new Promise(resolve => setTimeout(resolve, 500))
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The root of the offline Python image, made by scripts/setup-test-tools.sh. */
export const PYTHON_ROOTFS = path.join(TOOLS_DIR, 'python-rootfs-bookworm.tar')
export const PYTHON_IMAGE = 'pip-mirror-action-test/python:bookworm'

/**
 * Imports the offline Python image (Debian bookworm with python3, venv, pip and CA certificates)
 * into the daemon, so tests pull nothing. Returns the image name.
 */
export async function importPythonImage(
  dockerd: Dockerd,
  name = PYTHON_IMAGE,
  tarball = PYTHON_ROOTFS
): Promise<string> {
  try {
    await access(tarball)
  } catch {
    throw new Error(
      `the Python image's root ${tarball} is missing: run bash scripts/setup-test-tools.sh (needs debootstrap and root)`
    )
  }
  // An imported root has no config at all: give it the PATH an official Python image has.
  await dockerd.docker([
    'import',
    '--change',
    'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    tarball,
    name
  ])
  return name
}

export interface Registry {
  /** e.g. http://127.0.0.1:PORT */
  url: string
  host: string
  stop(): Promise<void>
}

/** Debian's docker-registry (the distribution registry) on a free loopback port. */
export async function startRegistry(): Promise<Registry> {
  const dir = await mkdtemp(path.join(tmpdir(), 'registry-'))
  const port = await freePort()
  const config = path.join(dir, 'config.yml')
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ''
    ].join('\n')
  )
  const registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  await waitFor(
    async () => (await fetch(`${url}/v2/`)).status === 200,
    15_000,
    () => 'docker-registry did not answer'
  )
  return {
    url,
    host: `127.0.0.1:${port}`,
    stop: async () => {
      await stopProcess(registry)
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/**
 * Puts a tiny image into the registry as the Docker Hub repository `library/<name>` and
 * removes it from the daemon, so only a pull through the mirror can bring it back.
 */
export async function seedImage(dockerd: Dockerd, registry: Registry, name: string): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'image-'))
  await mkdir(path.join(dir, 'root'))
  await writeFile(path.join(dir, 'root', 'hello.txt'), `${name}\n`)
  await run('tar', ['-C', path.join(dir, 'root'), '-cf', path.join(dir, 'image.tar'), '.'])
  const tag = `${registry.host}/library/${name}:latest`
  await dockerd.docker(['import', path.join(dir, 'image.tar'), tag])
  await dockerd.docker(['push', tag])
  await dockerd.docker(['rmi', tag])
  await rm(dir, { recursive: true, force: true })
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs: number,
  why: () => string
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${why()}`)
    await new Promise(resolve => setTimeout(resolve, 200))
  }
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise(resolve => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}
