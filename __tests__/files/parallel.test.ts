import { readSync } from 'node:fs'
import { afterEach, describe, expect, it } from '@jest/globals'
import { MirrorSpeeds, MirrorTrouble, PARALLEL_MIN_BYTES } from '../../src/files/file-rules.js'
import type { Faults } from '../../test-support/mirror-server.js'
import {
  cleanUp,
  download,
  expectWhole,
  fileRequests,
  largeFile,
  setup,
  wheel
} from './file-harness.js'

const MiB = 1024 * 1024
// Five pieces: four of 2 MiB and one of 1 MiB.
const big = largeFile(PARALLEL_MIN_BYTES + MiB)
const OPEN_RANGE = /^bytes=(\d+)-$/

afterEach(cleanUp)

/** Where each of a mirror's file requests started; every one must be a Range request. */
function rangeStarts(mirror: { requests: { kind: string; range?: string }[] }): number[] {
  return mirror.requests
    .filter(request => request.kind === 'file')
    .map(request => {
      const match = OPEN_RANGE.exec(request.range ?? '')
      if (!match) throw new Error(`not a Range request: ${request.range}`)
      return Number(match[1])
    })
}

describe('parallel ranges', () => {
  it('fetches a large file from two mirrors at once, faster than from one alone', async () => {
    const throttled: Partial<Faults> = { ranges: true, bandwidthBytesPerSec: 3 * MiB }
    const timed = async (url: string): Promise<number> => {
      const started = Date.now()
      expectWhole(await download(url), big)
      return Date.now() - started
    }
    const alone = await timed((await setup([throttled], { file: big })).fileUrl)
    const { mirrors, deps, fileUrl, served } = await setup([throttled, throttled], { file: big })
    // Two could take half the time; under load, only "faster" is safe to assert.
    expect(await timed(fileUrl)).toBeLessThan(alone)
    expect(await served[0]).toBe('downloaded')
    expect(rangeStarts(mirrors[0]!)).toContain(0)
    expect(rangeStarts(mirrors[1]!)).toContain(2 * MiB)
    const { m0 = 0, m1 = 0 } = deps.stats.bytesByMirror
    expect(m0 + m1).toBe(big.bytes.length)
    expect(Math.min(m0, m1)).toBeGreaterThanOrEqual(2 * MiB)
    expect(deps.stats).toMatchObject({ parallel: 1, resumed: 0 })
    expect(await deps.store.has(big.sha256)).toBe(true)
  })

  it('goes on without a mirror that ignores Range', async () => {
    const { mirrors, deps, fileUrl } = await setup([{ ranges: true }, {}], { file: big })
    expectWhole(await download(fileUrl), big)
    expect(fileRequests(mirrors[1]!)).toMatchObject([{ range: `bytes=${2 * MiB}-` }])
    expect(rangeStarts(mirrors[0]!).length).toBeGreaterThan(0)
    expect(deps.stats.bytesByMirror).toEqual({ m0: big.bytes.length })
    expect(deps.stats.parallel).toBe(1)
  })

  it.each([
    ['resets', { resetAfterBytes: MiB }],
    ['stalls', { stallAfterBytes: MiB }]
  ])('hands the piece of a mirror that %s mid-piece to the other', async (_, fault) => {
    // Throttled, so that the other mirror is still busy with pieces of its own meanwhile.
    const busy: Partial<Faults> = { ranges: true, bandwidthBytesPerSec: 8 * MiB }
    const { mirrors, deps, fileUrl } = await setup([{ ranges: true, ...fault }, busy], {
      file: big,
      deps: { stallMs: 400 }
    })
    expectWhole(await download(fileUrl), big)
    expect(mirrors[0]!.fileRequests()).toBe(1)
    const fromFirst = deps.stats.bytesByMirror.m0 ?? 0
    expect(fromFirst).toBeGreaterThan(0)
    expect(fromFirst).toBeLessThanOrEqual(MiB)
    expect(rangeStarts(mirrors[1]!)).toContain(fromFirst)
    expect(deps.stats.bytesByMirror.m1).toBe(big.bytes.length - fromFirst)
    expect(deps.stats).toMatchObject({ parallel: 1, resumed: 0 })
  })

  it('takes over the rest of a piece whose mirror left, from the bytes that mirror got', async () => {
    const { mirrors, deps, fileUrl } = await setup(
      [
        { ranges: true, resetAfterBytes: MiB },
        { ranges: true, bandwidthBytesPerSec: 4 * MiB }
      ],
      { file: big }
    )
    expectWhole(await download(fileUrl), big)
    const starts = rangeStarts(mirrors[1]!)
    expect(starts[0]).toBe(2 * MiB)
    expect(starts).toContain(MiB)
    expect(deps.stats.bytesByMirror.m1).toBe(big.bytes.length - MiB)
    expect(deps.stats).toMatchObject({ parallel: 1, resumed: 0 })
  })

  it('takes over the piece clients wait for from a far slower mirror before fetching on', async () => {
    const { mirrors, deps, fileUrl } = await setup(
      [
        { ranges: true, bandwidthBytesPerSec: 256 * 1024 },
        { ranges: true, bandwidthBytesPerSec: 4 * MiB }
      ],
      { file: big }
    )
    expectWhole(await download(fileUrl), big)
    const [first, second, third] = rangeStarts(mirrors[1]!)
    expect(first).toBe(2 * MiB)
    // Its next range is inside the first piece, which the slow mirror held, and only then does
    // it go on past its own (else it would read on from its first range).
    expect(second).toBeGreaterThan(0)
    expect(second).toBeLessThan(2 * MiB)
    expect(third).toBe(4 * MiB)
    expect(deps.stats.bytesByMirror.m0).toBeLessThan(MiB)
  })

  it("hands most of a slow mirror's piece to a fast one", async () => {
    const { deps, fileUrl } = await setup(
      [{ ranges: true }, { ranges: true, bandwidthBytesPerSec: 256 * 1024 }],
      { file: big }
    )
    expectWhole(await download(fileUrl), big)
    // Halves would leave it 1 MiB, four seconds' worth.
    expect(deps.stats.bytesByMirror.m1).toBeLessThan(MiB / 2)
    expect(deps.stats.bytesByMirror.m0).toBeGreaterThan(big.bytes.length - MiB / 2)
  })

  it('goes on one mirror at a time from the bytes passed on when every source fails', async () => {
    const cutting: Partial<Faults> = { ranges: true, resetAfterBytes: 300_000 }
    const { deps, fileUrl, served } = await setup([cutting, cutting], { file: big })
    expectWhole(await download(fileUrl), big)
    expect(await served[0]).toBe('downloaded')
    expect(deps.stats).toMatchObject({ parallel: 1, resumed: 1 })
  })

  it('cuts the client off on a mismatch, and sends the retry one mirror at a time', async () => {
    // The fast mirror takes the middle piece, where its copy differs.
    const { mirrors, sources, deps, fileUrl, served } = await setup(
      [
        { ranges: true, corruptFiles: true },
        { ranges: true, bandwidthBytesPerSec: 2 * MiB }
      ],
      { file: big }
    )
    const first = await download(fileUrl)
    expect(first.complete).toBe(false)
    expect(first.body.length).toBeLessThan(big.bytes.length)
    expect(await served[0]).toBe('mismatch')
    expect(deps.stats.bytesByMirror).toMatchObject({
      m0: expect.any(Number),
      m1: expect.any(Number)
    })
    // Two senders: no telling which one was wrong.
    expect([deps.bad.has(sources[0]!, big.sha256), deps.bad.has(sources[1]!, big.sha256)]).toEqual([
      false,
      false
    ])
    expect(deps.bad.isSequentialOnly(big.sha256)).toBe(true)

    mirrors.forEach(mirror => mirror.resetLog())
    mirrors[1]!.setFaults({ bandwidthBytesPerSec: 0 })
    expect((await download(fileUrl)).complete).toBe(false)
    expect(await served[1]).toBe('mismatch')
    expect(deps.bad.has(sources[0]!, big.sha256)).toBe(true)
    expectWhole(await download(fileUrl), big)
    expect(await served[2]).toBe('downloaded')
    expect(mirrors.map(mirror => fileRequests(mirror).map(request => request.range))).toEqual([
      [undefined],
      [undefined]
    ])
    expect(deps.stats).toMatchObject({ parallel: 1, hashMismatches: 2 })
  })

  it('never fetches a small file in ranges', async () => {
    const { mirrors, deps, fileUrl } = await setup([{ ranges: true }, { ranges: true }])
    expectWhole(await download(fileUrl))
    expect(mirrors.map(mirror => fileRequests(mirror).map(request => request.range))).toEqual([
      [undefined],
      []
    ])
    expect(deps.stats.parallel).toBe(0)
  })
})

describe('the throughput switch', () => {
  // The wheel's 300 kB take three seconds at this pace; the switch comes after one.
  const slow: Partial<Faults> = { bandwidthBytesPerSec: 100_000 }

  it('leaves a mirror far below its probed speed for the next one', async () => {
    const speeds = new MirrorSpeeds()
    const { mirrors, sources, deps, fileUrl } = await setup([slow, { ranges: true }], {
      deps: { speeds, trouble: new MirrorTrouble() },
      expectedBytesPerSec: [10_000_000]
    })
    expectWhole(await download(fileUrl))
    const [resumed] = fileRequests(mirrors[1]!)
    const offset = Number(OPEN_RANGE.exec(resumed?.range ?? '')?.[1])
    expect(offset).toBeGreaterThan(0)
    expect(offset).toBeLessThan(wheel.bytes.length)
    expect(deps.stats).toMatchObject({
      slowSwitches: 1,
      resumed: 1,
      bytesByMirror: { m0: offset, m1: wheel.bytes.length - offset }
    })
    // What it showed now: the next download expects no more of it, and tries it last.
    expect(speeds.observed(sources[0]!)).toBeLessThan(1_000_000)
    expect(sources.map(mirror => deps.trouble?.troubled(mirror))).toEqual([true, false])
  })

  it.each([
    ['the speed this process saw of that mirror, without a probed one', 0],
    ["the fastest mirror's pace, for a mirror not measured yet", 1]
  ])('compares with %s', async (_, measured) => {
    const speeds = new MirrorSpeeds()
    const { mirrors, sources, deps, fileUrl } = await setup([slow, { ranges: true }], {
      deps: { speeds }
    })
    speeds.record(sources[measured]!, {
      elapsedMs: 2000,
      bytes: 20_000_000,
      bytesPerSec: 10_000_000,
      recentBytesPerSec: 10_000_000
    })
    expectWhole(await download(fileUrl))
    expect(fileRequests(mirrors[1]!)).toMatchObject([{ status: 206 }])
    expect(deps.stats.slowSwitches).toBe(1)
  })

  it('stays with a slow mirror when no other can serve the file', async () => {
    const { mirrors, deps, fileUrl, askedForMore } = await setup(
      [{ bandwidthBytesPerSec: 200_000 }],
      { expectedBytesPerSec: [10_000_000] }
    )
    expectWhole(await download(fileUrl))
    expect(askedForMore()).toBe(1)
    expect(mirrors[0]!.fileRequests()).toBe(1)
    expect(deps.stats.slowSwitches).toBe(0)
  })
})

describe('withVerified', () => {
  /** The whole file, through the descriptor it was verified through. */
  const readFd = async (fd: number, size: number): Promise<Buffer> => {
    const bytes = Buffer.alloc(size)
    expect(readSync(fd, bytes, 0, size, 0)).toBe(size)
    return bytes
  }

  it('downloads into the store once, then reads the stored file without the network', async () => {
    const { mirrors, deps, service, file } = await setup([{ ranges: true }, { ranges: true }], {
      file: big
    })
    expect((await service.withVerified(file, readFd))?.equals(big.bytes)).toBe(true)
    expect(deps.stats).toMatchObject({ parallel: 1, storeHits: 0 })
    const requests = mirrors.map(mirror => mirror.fileRequests())

    expect((await service.withVerified(file, readFd))?.equals(big.bytes)).toBe(true)
    expect(mirrors.map(mirror => mirror.fileRequests())).toEqual(requests)
  })

  it('returns undefined, storing nothing, when no mirror can serve the file', async () => {
    const { deps, service, file } = await setup([{ fileStatus: 503 }, { resetAfterBytes: 100_000 }])
    expect(await service.withVerified(file, readFd)).toBeUndefined()
    expect(await deps.store.has(wheel.sha256)).toBe(false)
    expect(deps.stats.failures).toBe(1)
  })
})
