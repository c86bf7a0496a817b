/**
 * `npm run bench:tunnel [-- --trials N] [--mib N]`: what the router as the job's HTTPS proxy costs
 * traffic to hosts other than PyPI's, which it tunnels byte for byte. curl downloads N MiB from a
 * local server, straight and through the CONNECT tunnel of the router a real main step started
 * (loopback, and Docker's bridge where Docker runs), N trials each, on this machine's loopback:
 * the tunnel's own ceiling, far above a runner's link. Writes `bench/out/tunnel.json` and prints a
 * Markdown table.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { runStep } from '../test-support/action-runner.js'
import { startMirror } from '../test-support/mirror-server.js'
import { isolatedToolEnv } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'
import { routerLeftRunning } from './router-process.js'

const run = promisify(execFile)
const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}
const trials = Number(option('--trials') ?? 5)
const bytes = Number(option('--mib') ?? 2048) * 1024 * 1024
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/** An HTTP server that answers every request with `size` bytes from one buffer. */
async function bulkServer(size: number): Promise<Server> {
  const chunk = Buffer.alloc(1024 * 1024, 0x5a)
  const server = createServer(socket => {
    socket.once('data', () => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${size}\r\nConnection: close\r\n\r\n`)
      let left = size
      const pump = (): void => {
        while (left > 0) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left)
          left -= piece.length
          if (!socket.write(piece)) return void socket.once('drain', pump)
        }
        socket.end()
      }
      pump()
    })
    socket.on('error', () => socket.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '0.0.0.0', resolve))
  return server
}

/** curl's average download speed in bytes per second, through `proxy` (a CONNECT tunnel) or not. */
async function curlSpeed(url: string, proxy?: string): Promise<number> {
  const { stdout } = await run(
    'curl',
    [
      '--silent',
      '--fail',
      '--output',
      '/dev/null',
      '--write-out',
      '%{speed_download}',
      ...(proxy ? ['--proxytunnel', '--proxy', proxy] : ['--noproxy', '*'])
    ].concat(url),
    { env: { ...process.env, HTTPS_PROXY: '', HTTP_PROXY: '', ALL_PROXY: '' } }
  )
  return Number(stdout)
}

/** CPU seconds `pid` and its children (the router's supervisor and worker) have used so far. */
async function cpuSeconds(pid: number): Promise<number> {
  const ticks = async (id: number): Promise<number> => {
    const stat = await readFile(`/proc/${id}/stat`, 'utf8').catch(() => '')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
  }
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => ''))
    .trim()
    .split(' ')
    .filter(Boolean)
    .map(Number)
  const all = await Promise.all([pid, ...children].map(ticks))
  // USER_HZ: 100 on every Linux runners use.
  return all.reduce((sum, value) => sum + value, 0) / 100
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const gbits = (bytesPerSec: number): string => `${((bytesPerSec * 8) / 1e9).toFixed(1)} Gbit/s`

const server = await bulkServer(bytes)
const mirror = await startMirror({ packages: [buildWheel({ name: 'bench-pkg', version: '1.0' })] })
const scratch = await mkdtemp(path.join(os.tmpdir(), 'bench-tunnel-'))
let state: Record<string, string> = {}
try {
  const workspace = path.join(scratch, 'workspace')
  await mkdir(workspace)
  const main = await runStep('main', {
    cwd: workspace,
    env: {
      ...isolatedToolEnv(),
      GITHUB_WORKSPACE: workspace,
      XDG_CACHE_HOME: path.join(scratch, 'cache')
    },
    inputs: { mirrors: `m=${mirror.indexUrl}`, 'probe-project': 'bench-pkg', cache: 'false' }
  })
  state = main.state
  const proxy = main.env.HTTPS_PROXY
  if (main.exitCode !== 0 || !proxy) throw new Error(`the main step failed:\n${main.log}`)
  const port = (server.address() as AddressInfo).port
  const loopbackProxy = new URL(proxy)
  loopbackProxy.hostname = '127.0.0.1'
  const routes: [string, string | undefined][] = [
    ['direct', undefined],
    ['through the router (127.0.0.1)', loopbackProxy.toString()],
    ...(new URL(proxy).hostname !== '127.0.0.1'
      ? ([[`through the router (${new URL(proxy).hostname}, Docker's bridge)`, proxy]] as [
          string,
          string
        ][])
      : [])
  ]
  const routerPid = (JSON.parse(state.router) as { pid: number }).pid
  const results: { route: string; bytesPerSec: number[]; routerCpuSeconds: number }[] = routes.map(
    ([route]) => ({ route, bytesPerSec: [], routerCpuSeconds: 0 })
  )
  // Interleaved, so that the machine's other load falls on every route alike.
  for (let trial = 0; trial < trials; trial++) {
    for (const [index, [, via]] of routes.entries()) {
      const cpuBefore = await cpuSeconds(routerPid)
      results[index].bytesPerSec.push(await curlSpeed(`http://127.0.0.1:${port}/`, via))
      results[index].routerCpuSeconds += (await cpuSeconds(routerPid)) - cpuBefore
    }
  }
  const direct = median(results[0].bytesPerSec)
  const lines = [
    `HTTPS tunnels to other hosts: curl downloads ${bytes / 1024 / 1024} MiB, ${trials} trials, medians (${os.cpus().length} cores)`,
    '',
    '| route | throughput | against direct | router CPU per GiB | one router core tunnels |',
    '| --- | --- | --- | --- | --- |',
    ...results.map(({ route, bytesPerSec, routerCpuSeconds }, index) => {
      const perGib = routerCpuSeconds / ((trials * bytes) / 1024 ** 3)
      // The direct route does not go through the router.
      const cpu = index > 0 ? `${perGib.toFixed(2)} s` : '-'
      const core = index > 0 ? gbits(1024 ** 3 / perGib) : '-'
      return `| ${route} | ${gbits(median(bytesPerSec))} | ${(median(bytesPerSec) / direct).toFixed(2)}x | ${cpu} | ${core} |`
    })
  ]
  console.log(lines.join('\n'))
  await mkdir(path.join(root, 'bench', 'out'), { recursive: true })
  await writeFile(
    path.join(root, 'bench', 'out', 'tunnel.json'),
    `${JSON.stringify({ bytes, trials, results }, null, 2)}\n`
  )
  await runStep('post', { state, env: isolatedToolEnv() })
} finally {
  await routerLeftRunning(state)
  server.close()
  await mirror.close()
  await rm(scratch, { recursive: true, force: true })
}
