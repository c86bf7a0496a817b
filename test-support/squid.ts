// Starts a real squid (Debian's package) on loopback with its own configuration, for tests of
// what pip and the probe do behind a company proxy. The access rules are Debian's stock ones,
// CONNECT to port 443 only included, unless a test asks for more.
import { execFile, spawn } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export interface SquidOptions {
  /** Names only squid can resolve (its hosts file), mapped to addresses. */
  hosts?: Record<string, string>
  /** Require Basic proxy authentication with this user and password. */
  auth?: { user: string; password: string }
  /** Ports CONNECT may reach besides 443 (a stock squid allows 443 only). */
  extraConnectPorts?: number[]
}

export interface Squid {
  /** `http://127.0.0.1:PORT` */
  url: string
  port: number
  /** Lines of squid's access log so far. */
  accessLog(): Promise<string[]>
  /**
   * The access log once a line matches, or after `timeoutMs` as it is: squid writes a line when
   * its transaction ends, a moment after the client has its answer.
   */
  loggedSoon(match: (line: string) => boolean, timeoutMs?: number): Promise<string[]>
  stop(): Promise<void>
}

export const SQUID = process.env.TEST_SQUID ?? '/usr/sbin/squid'

export async function startSquid(options: SquidOptions = {}): Promise<Squid> {
  const dir = await mkdtemp(join(tmpdir(), 'squid-'))
  // Squid started as root runs as the `proxy` user: its files must be open to it.
  await chmod(dir, 0o777)
  const port = await freePort()
  const hostsFile = join(dir, 'hosts')
  await writeFile(
    hostsFile,
    Object.entries(options.hosts ?? {})
      .map(([name, address]) => `${address} ${name}\n`)
      .join('')
  )
  const authLines: string[] = []
  if (options.auth) {
    const passwordFile = join(dir, 'passwords')
    const { stdout } = await promisify(execFile)('openssl', [
      'passwd',
      '-apr1',
      options.auth.password
    ])
    await writeFile(passwordFile, `${options.auth.user}:${stdout.trim()}\n`)
    authLines.push(
      `auth_param basic program /usr/lib/squid/basic_ncsa_auth ${passwordFile}`,
      'auth_param basic realm test-proxy',
      'acl authenticated proxy_auth REQUIRED',
      'http_access deny !authenticated'
    )
  }
  const sslPorts = [443, ...(options.extraConnectPorts ?? [])].join(' ')
  const config = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${join(dir, 'squid.pid')}`,
    `cache_log ${join(dir, 'cache.log')}`,
    `access_log stdio:${join(dir, 'access.log')}`,
    `coredump_dir ${dir}`,
    `hosts_file ${hostsFile}`,
    'cache deny all',
    'cache_mem 8 MB',
    'netdb_filename none',
    'logfile_rotate 0',
    'shutdown_lifetime 0 seconds',
    'visible_hostname test-proxy',
    // Debian's stock access rules.
    `acl SSL_ports port ${sslPorts}`,
    'acl Safe_ports port 80 21 443 70 210 1025-65535 280 488 591 777',
    'http_access deny !Safe_ports',
    'http_access deny CONNECT !SSL_ports',
    ...authLines,
    'http_access allow localhost',
    'http_access deny all'
  ].join('\n')
  const configFile = join(dir, 'squid.conf')
  await writeFile(configFile, `${config}\n`)

  const child = spawn(SQUID, ['-N', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', chunk => (stderr += chunk))
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  try {
    await waitForPort(port, 15_000, exited)
  } catch (error) {
    child.kill('SIGKILL')
    const log = await readFile(join(dir, 'cache.log'), 'utf8').catch(() => '')
    throw new Error(`squid did not start: ${(error as Error).message}\n${stderr}\n${log}`)
  }
  const accessLog = async (): Promise<string[]> =>
    (await readFile(join(dir, 'access.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter(line => line !== '')
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    accessLog,
    loggedSoon: async (match, timeoutMs = 5000) => {
      const until = Date.now() + timeoutMs
      let log = await accessLog()
      while (!log.some(match) && Date.now() < until) {
        await new Promise(resolve => setTimeout(resolve, 50))
        log = await accessLog()
      }
      return log
    },
    stop: async () => {
      child.kill('SIGKILL')
      await exited
      await rm(dir, { recursive: true, force: true })
    }
  }
}

/** A port nothing listens on yet. */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise(resolve => server.close(resolve))
  return port
}

async function waitForPort(port: number, timeoutMs: number, exited: Promise<void>) {
  let gone = false
  void exited.then(() => (gone = true))
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    if (gone) throw new Error('squid exited')
    const open = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    }).catch(() => false)
    if (open) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`)
}

/** A "proxy" that accepts connections and never answers. */
export async function startSilentProxy(): Promise<{ url: string; stop(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer(socket => {
    sockets.add(socket)
    socket.on('error', () => undefined)
  })
  server.listen(0, '127.0.0.1')
  await new Promise(resolve => server.once('listening', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  }
}
