// Runs the real @actions/cache (cache service v2) in-process against the loopback service.
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  jest
} from '@jest/globals'
import {
  startCacheService,
  type CacheService,
  type CacheServiceFaults
} from '../../test-support/cache-service.js'

type CacheLibrary = typeof import('@actions/cache')

const ENV_NAMES = [
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'GITHUB_SERVER_URL',
  'NO_PROXY',
  'no_proxy',
  'RUNNER_TEMP',
  'GITHUB_WORKSPACE',
  'ACTIONS_CACHE_MODE'
]
const MiB = 1024 * 1024

describe('cache service (v2) with the real @actions/cache', () => {
  const savedEnv: Record<string, string | undefined> = {}
  let cache: CacheLibrary
  let root: string
  let service: CacheService
  let work: string
  /** Everything the library wrote to stdout (log lines and workflow commands). */
  let output: string[] = []

  const warnings = (): string[] =>
    output.filter(line => line.startsWith('::warning::')).map(line => unescape(line.slice(11)))
  const errors = (): string[] =>
    output.filter(line => line.startsWith('::error::')).map(line => unescape(line.slice(9)))
  const logs = (): string[] => output.filter(line => !line.startsWith('::'))

  const useService = async (faults?: CacheServiceFaults): Promise<CacheService> => {
    service = await startCacheService({ dir: path.join(work, 'service'), faults })
    Object.assign(process.env, service.env)
    return service
  }

  /** Writes `files` into a new directory under the case's work dir; returns its path. */
  const makeDir = async (name: string, files: Record<string, string | Buffer>): Promise<string> => {
    const dir = path.join(work, name)
    await mkdir(path.join(dir, 'sub'), { recursive: true })
    for (const [file, content] of Object.entries(files)) {
      await writeFile(path.join(dir, file), content)
    }
    return dir
  }

  beforeAll(async () => {
    for (const name of ENV_NAMES) savedEnv[name] = process.env[name]
    root = await mkdtemp(path.join(tmpdir(), 'cache-service-test-'))
    const first = await startCacheService({ dir: path.join(root, 'unused') })
    Object.assign(process.env, first.env)
    delete process.env.ACTIONS_CACHE_MODE
    cache = await import('@actions/cache')
    await first.close()
  })

  afterAll(async () => {
    for (const name of ENV_NAMES) {
      if (savedEnv[name] === undefined) delete process.env[name]
      else process.env[name] = savedEnv[name]
    }
    await rm(root, { recursive: true, force: true })
  })

  beforeEach(async () => {
    work = await mkdtemp(path.join(root, 'case-'))
    process.env.RUNNER_TEMP = path.join(work, 'runner-temp')
    process.env.GITHUB_WORKSPACE = work
    output = []
    jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      output.push(...String(chunk).split(/\r?\n/).filter(Boolean))
      return true
    }) as typeof process.stdout.write)
  })

  afterEach(async () => {
    jest.restoreAllMocks()
    await service?.close()
    await rm(work, { recursive: true, force: true })
  })

  it('saves and restores a directory byte for byte', async () => {
    await useService()
    const content = randomBytes(50_000)
    const dir = await makeDir('data', { 'a.bin': content, 'sub/b.txt': 'hello' })

    const cacheId = await cache.saveCache([dir], 'deps-abc')
    expect(cacheId).toBe(1)
    expect(service.calls.map(call => [call.method, call.status])).toEqual([
      ['CreateCacheEntry', 200],
      ['FinalizeCacheEntryUpload', 200]
    ])
    // Proto field names; int64 as a string.
    const [create, finalize] = service.calls.map(call => call.body as Record<string, unknown>)
    expect(create).toEqual({ key: 'deps-abc', version: expect.stringMatching(/^[0-9a-f]{64}$/) })
    const [entry] = service.entries()
    expect(finalize).toEqual({
      key: 'deps-abc',
      version: create.version,
      size_bytes: String(entry.sizeBytes)
    })
    expect(entry).toMatchObject({ key: 'deps-abc', version: create.version })
    expect(service.uploads).toBe(1)

    await rm(dir, { recursive: true })
    expect(await cache.restoreCache([dir], 'deps-abc')).toBe('deps-abc')
    expect(service.downloads).toBe(1)
    expect((await readFile(path.join(dir, 'a.bin'))).equals(content)).toBe(true)
    expect(await readFile(path.join(dir, 'sub/b.txt'), 'utf8')).toBe('hello')
    expect(service.calls.at(-1)).toMatchObject({
      method: 'GetCacheEntryDownloadURL',
      body: { key: 'deps-abc', version: create.version },
      status: 200
    })
    expect(warnings()).toEqual([])
    expect(errors()).toEqual([])
  })

  it('matches the exact key first, then restore keys as prefixes (newest wins, same version only)', async () => {
    await useService()
    const dir = await makeDir('data', { 'a.txt': 'one' })
    expect(await cache.saveCache([dir], 'deps-linux-1')).toBe(1)
    await writeFile(path.join(dir, 'a.txt'), 'two')
    expect(await cache.saveCache([dir], 'deps-linux-2')).toBe(2)

    expect(await cache.restoreCache([dir], 'deps-linux-1', ['deps-linux-'])).toBe('deps-linux-1')
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('one')
    expect(logs()).not.toContain('Cache hit for restore-key: deps-linux-1')

    expect(await cache.restoreCache([dir], 'deps-linux-3', ['deps-mac-', 'deps-linux-'])).toBe(
      'deps-linux-2'
    )
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('two')
    expect(logs()).toContain('Cache hit for restore-key: deps-linux-2')
    expect(service.calls.at(-1)?.body).toMatchObject({
      key: 'deps-linux-3',
      restore_keys: ['deps-mac-', 'deps-linux-']
    })

    // Other paths give another version: nothing matches.
    const other = await makeDir('other', {})
    expect(await cache.restoreCache([other], 'deps-linux-1', ['deps-'])).toBeUndefined()
  })

  it('reports a miss as undefined, without a warning', async () => {
    await useService()
    const dir = await makeDir('data', { 'a.txt': 'x' })
    expect(await cache.restoreCache([dir], 'nothing-here', ['nothing-'])).toBeUndefined()
    expect(service.calls).toEqual([
      expect.objectContaining({ method: 'GetCacheEntryDownloadURL', status: 200 })
    ])
    expect(service.downloads).toBe(0)
    expect(warnings()).toEqual([])
  })

  it('answers a second save of the same key with 409 already_exists: info only, -1', async () => {
    await useService()
    const dir = await makeDir('data', { 'a.txt': 'x' })
    expect(await cache.saveCache([dir], 'same')).toBe(1)
    output = []
    expect(await cache.saveCache([dir], 'same')).toBe(-1)
    expect(service.calls.map(call => [call.method, call.status])).toEqual([
      ['CreateCacheEntry', 200],
      ['FinalizeCacheEntryUpload', 200],
      ['CreateCacheEntry', 409]
    ])
    expect(service.uploads).toBe(1)
    expect(service.entries()).toHaveLength(1)
    expect(logs()).toContain(
      'Failed to save: Unable to reserve cache with key same, another job may be creating this cache.'
    )
    expect(warnings()).toEqual([])
    expect(errors()).toEqual([])
  })

  it('retries a Twirp 500 five times, then save logs info and restore warns', async () => {
    await useService({ twirp: 500 })
    const dir = await makeDir('data', { 'a.txt': 'x' })

    const save = await withFastTimers(() => cache.saveCache([dir], 'k'))
    expect(save.value).toBe(-1)
    expect(service.calls.map(call => [call.method, call.status])).toEqual(
      Array(5).fill(['CreateCacheEntry', 500])
    )
    expectTwirpRetryDelays(save.delays)
    expect(logs()).toContain(
      'Failed to save: Unable to reserve cache with key k, another job may be creating this cache.'
    )
    expect(warnings()).toEqual([])

    service.calls.length = 0
    const restore = await withFastTimers(() => cache.restoreCache([dir], 'k'))
    expect(restore.value).toBeUndefined()
    expect(service.calls).toHaveLength(5)
    expectTwirpRetryDelays(restore.delays)
    expect(warnings()).toEqual([
      'Failed to restore: Failed to GetCacheEntryDownloadURL: Failed to make request after 5 attempts: ' +
        'Failed request: (500) Internal Server Error: injected 500'
    ])
    expect(errors()).toEqual([])
  })

  it('does not retry 429, 403 or a reset socket', async () => {
    await useService({ twirp: 429 })
    const dir = await makeDir('data', { 'a.txt': 'x' })
    expect(await cache.saveCache([dir], 'k')).toBe(-1)
    expect(service.calls).toHaveLength(1)
    expect(warnings()).toEqual([
      "You've hit a rate limit, your rate limit will reset in 60 seconds"
    ])

    service.setFaults({ method: { GetCacheEntryDownloadURL: 403 } })
    output = []
    expect(await cache.restoreCache([dir], 'k')).toBeUndefined()
    expect(service.calls.at(-1)).toMatchObject({ method: 'GetCacheEntryDownloadURL', status: 403 })
    expect(warnings()).toEqual([
      'Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: ' +
        'Failed request: (403) Forbidden: injected 403'
    ])

    service.setFaults({ twirp: 'reset' })
    output = []
    expect(await cache.restoreCache([dir], 'k')).toBeUndefined()
    expect(service.calls).toHaveLength(3)
    expect(service.calls.at(-1)?.status).toBe(0)
    expect(warnings()).toEqual([
      expect.stringMatching(
        /^Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNRESET/
      )
    ])
  })

  it('treats ok: false from CreateCacheEntry and FinalizeCacheEntryUpload as failures', async () => {
    await useService({ method: { CreateCacheEntry: 200 } })
    const dir = await makeDir('data', { 'a.txt': 'x' })
    expect(await cache.saveCache([dir], 'k')).toBe(-1)
    expect(warnings()).toEqual(['Cache reservation failed: injected failure'])
    expect(service.uploads).toBe(0)

    service.setFaults({ method: { FinalizeCacheEntryUpload: 200 } })
    output = []
    expect(await cache.saveCache([dir], 'k')).toBe(-1)
    expect(service.uploads).toBe(1)
    expect(warnings()).toEqual(['injected failure'])
    expect(service.entries()).toEqual([])
  })

  it('fails a save on a blob upload error and a restore on a download error', async () => {
    await useService({ upload: 403 })
    const dir = await makeDir('data', { 'a.txt': 'x' })
    expect(await cache.saveCache([dir], 'k')).toBe(-1)
    expect(service.uploads).toBe(1) // the Azure SDK does not retry a 403
    expect(service.calls.map(call => call.method)).toEqual(['CreateCacheEntry'])
    expect(warnings()).toEqual([
      expect.stringMatching(/^uploadCacheArchiveSDK: internal error uploading cache archive: /),
      expect.stringMatching(/^Failed to save: /)
    ])

    service.setFaults({ download: 500 })
    expect(await cache.saveCache([dir], 'k')).toBeGreaterThan(0)
    output = []
    expect(await cache.restoreCache([dir], 'k')).toBeUndefined()
    expect(service.downloads).toBe(1) // only 502/503/504 are retried
    expect(warnings()).toEqual([
      'Failed to restore: downloadCache failed: Cache service responded with 500'
    ])
  })

  it('retries blob uploads on 500 the way the Azure SDK does (4 tries)', async () => {
    await useService({ upload: 500 })
    const dir = await makeDir('data', { 'a.txt': 'x' })
    const save = await withFastTimers(() => cache.saveCache([dir], 'k'))
    expect(save.value).toBe(-1)
    expect(service.uploads).toBe(4)
    // Waits 0, 4 s and 12 s between the tries (1 s waits are the progress display).
    expect(save.delays.filter(ms => ms !== 1000)).toEqual([4000, 12000])
    expect(warnings()).toHaveLength(2)
  })

  it('lets close() end a request the service never answers', async () => {
    await useService({ hang: true })
    const dir = await makeDir('data', { 'a.txt': 'x' })
    const restoring = cache.restoreCache([dir], 'k')
    await waitFor(() => service.calls.length === 1)
    await service.close()
    expect(await restoring).toBeUndefined()
    expect(warnings()).toEqual([expect.stringMatching(/Unable to make request: ECONNRESET/)])
  })

  it('uploads an archive over 128 MiB in 64 MiB blocks and restores it', async () => {
    await useService()
    const content = randomBytes(129 * MiB) // incompressible: the archive stays over 128 MiB
    const dir = await makeDir('big', { 'big.bin': content })
    expect(await cache.saveCache([dir], 'big')).toBe(1)
    // Three `comp=block` PUTs (64 + 64 + ~1 MiB) and one `comp=blocklist`.
    expect(service.uploads).toBe(4)
    expect(service.entries()[0].sizeBytes).toBeGreaterThan(128 * MiB)

    await rm(dir, { recursive: true })
    expect(await cache.restoreCache([dir], 'big')).toBe('big')
    expect((await readFile(path.join(dir, 'big.bin'))).equals(content)).toBe(true)
    expect(warnings()).toEqual([])
  }, 60_000)
})

/** The Twirp client waits 3 s, then 3 s * 1.5^n to 3 s * 1.5^(n+1) between its 5 attempts. */
function expectTwirpRetryDelays(delays: number[]): void {
  expect(delays).toHaveLength(4)
  expect(delays[0]).toBe(3000)
  for (let attempt = 1; attempt < 4; attempt++) {
    expect(delays[attempt]).toBeGreaterThanOrEqual(3000 * 1.5 ** attempt)
    expect(delays[attempt]).toBeLessThan(3000 * 1.5 ** (attempt + 1))
  }
}

/**
 * Runs `operation` with every setTimeout shortened to at most 10 ms, recording the waits over
 * 1 s that were asked for (the library's retry back-offs).
 */
async function withFastTimers<T>(
  operation: () => Promise<T>
): Promise<{ value: T; delays: number[] }> {
  const realSetTimeout = globalThis.setTimeout
  const delays: number[] = []
  const spy = jest.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    ms?: number,
    ...args: unknown[]
  ) => {
    if ((ms ?? 0) >= 1000) delays.push(ms ?? 0)
    return realSetTimeout(callback, Math.min(ms ?? 0, 10), ...args)
  }) as unknown as typeof setTimeout)
  try {
    return { value: await operation(), delays }
  } finally {
    spy.mockRestore()
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise(resolve => setTimeout(resolve, 10))
  }
}

/** Undoes @actions/core's escaping of workflow command data. */
function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}
