import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { isSha256, resumePlan, storeEntrySegments } from '../../src/files/file-rules.js'
import { FileStore, StoreCorruption } from '../../src/files/store.js'

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')
const bytes = Buffer.from('a wheel, more or less\n'.repeat(10_000))
const key = sha256(bytes)

async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

let dir: string
let store: FileStore

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'file-store-'))
  store = new FileStore(dir)
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Writes `data` as one download would, in chunks; whether it was kept. */
async function put(data: Buffer, as = sha256(data)): Promise<boolean> {
  const temp = store.createTemp(as)
  for (let i = 0; i < data.length; i += 4096) await temp.write(data.subarray(i, i + 4096))
  try {
    return await temp.commit()
  } finally {
    await temp.close()
  }
}

async function readStored(key: string): Promise<Buffer | undefined> {
  const stored = await store.open(key)
  try {
    return stored && (await readAll(stored.body()))
  } finally {
    await stored?.close()
  }
}

describe('FileStore', () => {
  it('keeps a committed file under sha256/ab/<key> and reads it back whole', async () => {
    expect(await store.has(key)).toBe(false)
    expect(await store.open(key)).toBeUndefined()
    expect(await put(bytes)).toBe(true)
    expect(await store.has(key)).toBe(true)
    expect(await readdir(join(dir, 'sha256', key.slice(0, 2)))).toEqual([key])
    expect((await readStored(key))?.equals(bytes)).toBe(true)
    expect(await store.size()).toBe(bytes.length)
    expect(await readdir(join(dir, 'tmp'))).toEqual([])
  })

  it('refuses to commit bytes that do not hash to the key, and keeps nothing', async () => {
    expect(await put(bytes, sha256(Buffer.from('other')))).toBe(false)
    expect(await store.has(sha256(Buffer.from('other')))).toBe(false)
    expect(await readdir(join(dir, 'tmp'))).toEqual([])
  })

  it('leaves nothing behind for an aborted download', async () => {
    const temp = store.createTemp(key)
    await temp.write(bytes.subarray(0, 1000))
    await temp.discard()
    await temp.close()
    expect(await store.has(key)).toBe(false)
    expect(await readdir(join(dir, 'tmp'))).toEqual([])
  })

  it('removes a file that no longer matches its name, failing before its last byte', async () => {
    await put(bytes)
    const path = join(dir, ...storeEntrySegments(key))
    const altered = Buffer.from(bytes)
    altered[altered.length - 1] ^= 0xff
    await writeFile(path, altered)

    const stored = await store.open(key)
    const received: Buffer[] = []
    const reading = (async () => {
      for await (const chunk of stored!.body()) received.push(chunk as Buffer)
    })()
    await expect(reading).rejects.toBeInstanceOf(StoreCorruption)
    await stored!.close()
    expect(Buffer.concat(received).length).toBeLessThan(bytes.length)
    expect(await store.has(key)).toBe(false)
    expect(await store.open(key)).toBeUndefined()
  })

  it('ignores what a restored cache may hold besides its files', async () => {
    await put(bytes)
    await mkdir(join(dir, 'sha256', 'zz'), { recursive: true })
    await writeFile(join(dir, 'sha256', 'zz', 'notes.txt'), 'foreign')
    await writeFile(join(dir, 'sha256', key.slice(0, 2), 'partial.tmp'), 'half')
    await writeFile(join(dir, 'tmp', `${key}.abandoned`), 'half-written')
    await writeFile(join(dir, 'README'), 'foreign')
    expect(await store.size()).toBe(bytes.length)
    expect(await store.has('not-a-key')).toBe(false)
    expect(await store.open('../../etc/passwd')).toBeUndefined()
    expect(() => store.createTemp('../x')).toThrow(/not a sha256/)
    expect((await readStored(key))?.equals(bytes)).toBe(true)
  })

  it('takes ranges written ahead of the bytes before them, counting them once adopted', async () => {
    const told: number[] = []
    const temp = store.createTemp(key, written => told.push(written))
    try {
      const cut = Math.floor(bytes.length / 3)
      // The middle and the end arrive first, each where it belongs.
      await temp.writeAhead(bytes.subarray(2 * cut), 2 * cut)
      await temp.writeAhead(bytes.subarray(cut, 2 * cut), cut)
      expect(told).toEqual([])
      await temp.write(bytes.subarray(0, cut))
      await temp.flushed()
      expect(told.at(-1)).toBe(cut)
      await expect(temp.writeAhead(bytes.subarray(0, 10), cut - 10)).rejects.toThrow(RangeError)
      await temp.adopt(bytes.length - cut)
      expect(told.at(-1)).toBe(bytes.length)
      expect((await temp.read(0, bytes.length)).equals(bytes)).toBe(true)
      expect(await temp.commit()).toBe(true)
    } finally {
      await temp.close()
    }
    expect((await readStored(key))?.equals(bytes)).toBe(true)
  })

  it('refuses a file whose ranges written ahead do not make up its sha256', async () => {
    const temp = store.createTemp(key)
    try {
      const altered = Buffer.from(bytes.subarray(100))
      altered[0] ^= 0xff
      await temp.writeAhead(altered, 100)
      await temp.write(bytes.subarray(0, 100))
      await temp.adopt(bytes.length - 100)
      expect(await temp.commit()).toBe(false)
    } finally {
      await temp.close()
    }
    expect(await store.has(key)).toBe(false)
  })

  it('lets two downloads of the same file commit, in either order', async () => {
    const first = store.createTemp(key)
    const second = store.createTemp(key)
    await Promise.all([first.write(bytes), second.write(bytes)])
    expect(await Promise.all([second.commit(), first.commit()])).toEqual([true, true])
    await Promise.all([first.close(), second.close()])
    expect((await readFile(join(dir, ...storeEntrySegments(key)))).equals(bytes)).toBe(true)
  })
})

describe('FileStore, what this job used', () => {
  const entry = (): string => join(dir, ...storeEntrySegments(key))

  it('knows the files it fetched from those an earlier job left', async () => {
    expect(await put(bytes)).toBe(true)
    expect(store.fetchedHere(key)).toBe(true)
    // The same directory opened by the next job's router: restored, not fetched.
    expect(new FileStore(dir).fetchedHere(key)).toBe(false)
  })

  it('marks a file used with its modification time, and still knows it right', async () => {
    await put(bytes)
    const old = new Date('2026-01-01T00:00:00Z')
    await utimes(entry(), old, old)
    const next = new FileStore(dir)
    const before = Date.now()
    await next.markUsed(key)
    expect((await stat(entry())).mtimeMs).toBeGreaterThanOrEqual(before - 1000)
    const stored = await next.open(key)
    expect(await stored?.verify()).toBe(true)
    await stored?.close()
  })

  it('touches an entry once per job, and never one it fetched itself', async () => {
    await put(bytes)
    const old = new Date('2026-01-01T00:00:00Z')
    await utimes(entry(), old, old)
    // Fetched by this process: its time is this job's already.
    await store.markUsed(key)
    expect((await stat(entry())).mtimeMs).toBe(old.getTime())
    const next = new FileStore(dir)
    await next.markUsed(key)
    const marked = (await stat(entry())).mtimeMs
    await utimes(entry(), old, old)
    await next.markUsed(key)
    expect(marked).toBeGreaterThan(old.getTime())
    expect((await stat(entry())).mtimeMs).toBe(old.getTime())
  })

  it('marks nothing for a key it does not hold, or that is no key', async () => {
    await expect(store.markUsed(key)).resolves.toBeUndefined()
    await expect(store.markUsed('../../etc/passwd')).resolves.toBeUndefined()
  })
})

describe('file rules', () => {
  it('accepts only lowercase hex sha256 keys', () => {
    expect(isSha256(key)).toBe(true)
    expect(isSha256(key.toUpperCase())).toBe(false)
    expect(isSha256(key.slice(1))).toBe(false)
  })

  it('reads a resumed answer only when it starts where asked', () => {
    expect(resumePlan(200, undefined, 0, 100)).toEqual({ skip: 0 })
    expect(resumePlan(200, undefined, 40, 100)).toEqual({ skip: 40 })
    expect(resumePlan(206, 'bytes 40-99/100', 40, 100)).toEqual({ skip: 0 })
    expect(resumePlan(206, 'bytes 40-99/*', 40, undefined)).toEqual({ skip: 0 })
    expect(resumePlan(206, 'bytes 0-99/100', 40, 100)).toBeUndefined()
    expect(resumePlan(206, 'bytes 40-99/120', 40, 100)).toBeUndefined()
    expect(resumePlan(206, undefined, 40, 100)).toBeUndefined()
    expect(resumePlan(206, 'bytes 0-99/100', 0, 100)).toBeUndefined()
    expect(resumePlan(416, 'bytes */100', 40, 100)).toBeUndefined()
    expect(resumePlan(503, undefined, 0, 100)).toBeUndefined()
  })
})
