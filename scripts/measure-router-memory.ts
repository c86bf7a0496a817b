// Measures the bundled router's peak memory (RSS of its processes) under two loads that must not
// grow it: a 1 GB file read slowly by one client, and a 200 MB project page from a hostile
// mirror. Run after `npm run bundle`:
//
//   npx tsx scripts/measure-router-memory.ts [file MB, default 1024] [page MB, default 200]
//
// The mirror here is a small server of its own: the file is a stream of one repeated random
// block, so nothing of it is held in this process either.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, get } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { mirrorFromUrl } from '../src/mirrors/mirror.js'
import { routerSettings } from '../src/router/config.js'
import { startRouterProcess, stopRouterProcess } from '../src/router-process/lifecycle.js'

const MB = 1024 * 1024
const fileBytes = Number(process.argv[2] ?? 1024) * MB
const pageBytes = Number(process.argv[3] ?? 200) * MB
/** The slow client reads at this pace, well below loopback's. */
const CLIENT_BYTES_PER_SEC = 100 * MB

const block = randomBytes(MB)
function* fileChunks(): Generator<Buffer> {
  for (let sent = 0; sent < fileBytes; sent += block.length)
    yield block.subarray(0, Math.min(block.length, fileBytes - sent))
}
const hash = createHash('sha256')
for (const chunk of fileChunks()) hash.update(chunk)
const sha256 = hash.digest('hex')
const filename = 'huge-1.0.tar.gz'

const mirror = createServer((request, response) => {
  if (request.url === '/simple/huge/') {
    response.writeHead(200, { 'content-type': 'text/html' })
    return void response.end(`<a href="/f/${filename}#sha256=${sha256}">${filename}</a>\n`)
  }
  if (request.url === '/simple/hostile/') {
    // A page that never stops growing: the router must give up on it, not hold it.
    response.writeHead(200, { 'content-type': 'text/html' })
    const line = Buffer.from(`<a href="/f/x-1.0.tar.gz#sha256=${'0'.repeat(64)}">x</a>\n`)
    let sent = 0
    const pump = (): void => {
      while (sent < pageBytes) {
        sent += line.length
        if (!response.write(line)) return void response.once('drain', pump)
      }
      response.end()
    }
    return pump()
  }
  if (request.url === `/f/${filename}`) {
    response.writeHead(200, { 'content-length': fileBytes })
    const chunks = fileChunks()
    const pump = (): void => {
      for (let next = chunks.next(); !next.done; next = chunks.next())
        if (!response.write(next.value)) return void response.once('drain', pump)
      response.end()
    }
    return pump()
  }
  response.writeHead(404).end()
})
await new Promise<void>(resolve => mirror.listen(0, '127.0.0.1', resolve))
const indexUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/simple`

const storeDir = await mkdtemp(path.join(tmpdir(), 'memory-store-'))
const settings = routerSettings(
  [{ mirror: { ...mirrorFromUrl('m', indexUrl), private: false } }],
  [],
  storeDir,
  true
)
const bundle = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '../dist/router/index.js'
)
const router = await startRouterProcess(bundle, settings, 10_000)
await router.ready
router.release()

/** The router's processes: the one started and its children (a worker). */
async function routerPids(): Promise<number[]> {
  const children = await readFile(`/proc/${router.pid}/task/${router.pid}/children`, 'utf8')
    .then(text => text.trim().split(/\s+/).filter(Boolean).map(Number))
    .catch(() => [])
  return [router.pid, ...children]
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024
}

/** Runs `load` while sampling the router's RSS; the peak of the largest process. */
async function peakDuring(load: () => Promise<void>): Promise<number> {
  let peak = 0
  const sample = async (): Promise<void> => {
    for (const pid of await routerPids()) peak = Math.max(peak, await rssBytes(pid))
  }
  const timer = setInterval(() => void sample(), 50)
  await load()
  clearInterval(timer)
  await sample()
  return peak
}

function slowDownload(url: string): Promise<{ bytes: number; sha256: string }> {
  return new Promise((resolve, reject) => {
    get(url, response => {
      const digest = createHash('sha256')
      let bytes = 0
      const started = Date.now()
      response.on('data', (chunk: Buffer) => {
        digest.update(chunk)
        bytes += chunk.length
        const aheadMs = (bytes / CLIENT_BYTES_PER_SEC) * 1000 - (Date.now() - started)
        if (aheadMs > 0) {
          response.pause()
          setTimeout(() => response.resume(), aheadMs)
        }
      })
      response.on('end', () => resolve({ bytes, sha256: digest.digest('hex') }))
      response.on('error', reject)
    }).on('error', reject)
  })
}

const base = router.url
const idle = await peakDuring(async () => undefined)
const page = await peakDuring(async () => {
  const answer = await fetch(`${base}/hostile/`)
  console.log(`hostile ${pageBytes / MB} MB page: HTTP ${answer.status}`)
  await answer.arrayBuffer()
})
let received = { bytes: 0, sha256: '' }
const file = await peakDuring(async () => {
  const listing = await (await fetch(`${base}/huge/`, { headers: { accept: 'text/html' } })).text()
  const href = /href="([^"#]+)/.exec(listing)?.[1] ?? ''
  received = await slowDownload(new URL(href, base).toString())
})
console.log(
  `${fileBytes / MB} MB file read at ${CLIENT_BYTES_PER_SEC / MB} MB/s: ${received.bytes} bytes, sha256 ${received.sha256 === sha256 ? 'matches' : 'DOES NOT MATCH'}`
)
console.log(
  [
    `router peak RSS, idle: ${(idle / MB).toFixed(0)} MB`,
    `during the hostile page: ${(page / MB).toFixed(0)} MB`,
    `during the slow 1 GB download: ${(file / MB).toFixed(0)} MB`
  ].join('\n')
)
await stopRouterProcess(router, 5000)
mirror.close()
await rm(storeDir, { recursive: true, force: true })
