// Real Docker for tests: a dockerd of its own (own config, data, exec root, socket and pid file,
// vfs storage, no bridge, no iptables) and a real registry on loopback to serve as a Docker Hub
// mirror, seeded with a tiny image. Each is stopped by its pid.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface Dockerd {
  configFile: string
  /** DOCKER_HOST and nothing else: give it to every docker command and to the action. */
  env: Record<string, string>
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

export async function startDockerd(config: Record<string, unknown> = {}): Promise<Dockerd> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dockerd-'))
  const configFile = path.join(dir, 'daemon.json')
  await writeFile(configFile, `${JSON.stringify({ ...BASE_DAEMON_CONFIG, ...config }, null, 2)}\n`)
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
  const env = { DOCKER_HOST: `unix://${socket}` }
  const docker = async (args: string[]): Promise<string> =>
    (await run('docker', args, { env: { ...process.env, ...env }, timeout: 60_000 })).stdout
  await waitFor(
    async () => (await docker(['info', '--format', '{{.ServerVersion}}'])).trim() !== '',
    30_000,
    () => log
  )
  const pid = Number((await readFile(pidFile, 'utf8')).trim())
  return {
    configFile,
    env,
    pid,
    docker,
    stop: async () => {
      await stopProcess(daemon)
      await rm(dir, { recursive: true, force: true }).catch(() => undefined)
    }
  }
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
