import { describe, expect, it } from '@jest/globals'
import { type Mirror, parseMirror } from '../../src/mirrors/mirror.js'
import {
  answersRange,
  BadSources,
  farBelowExpected,
  MirrorSpeeds,
  MirrorTrouble,
  PARALLEL_MIN_BYTES,
  parallelSources,
  rangePieces,
  splitPoint,
  STALL_FLOOR_MS,
  stallLimitMs,
  ThroughputMeter,
  type ThroughputReading
} from '../../src/files/file-rules.js'

const KiB = 1024
const MiB = 1024 * KiB
const SHA = 'a'.repeat(64)
const OTHER_SHA = 'b'.repeat(64)
const [m0, m1, m2, m3] = [0, 1, 2, 3].map(i => parseMirror(`m${i}=https://m${i}.example/simple`))
const sources = [m0!, m1!, m2!, m3!].map(mirror => ({ mirror }))

describe('answersRange', () => {
  it.each([
    [206, 'bytes 40-99/100', 40, 100, true],
    [206, 'bytes 0-99/100', 0, 100, true],
    [206, 'bytes 40-99/*', 40, 100, true],
    [206, 'bytes 40-99/100', 40, undefined, true],
    [206, 'bytes 0-99/100', 40, 100, false],
    [206, 'bytes 40-99/120', 40, 100, false],
    [206, undefined, 40, 100, false],
    [200, undefined, 0, 100, false],
    [416, 'bytes */100', 40, 100, false]
  ])('%i with Content-Range %s, asked from %i of %s: %s', (status, range, start, total, ok) => {
    expect(answersRange(status, range, start, total)).toBe(ok)
  })
})

describe('rangePieces', () => {
  it.each([
    ['at least 2 MiB each', 9 * MiB, 2 * MiB, 5],
    ['a sixteenth of the file', 64 * MiB, 4 * MiB, 16],
    ['at most 16 MiB each', 1024 * MiB, 16 * MiB, 64],
    ['one piece for a small file', MiB, MiB, 1]
  ])('%s', (_, size, firstLength, count) => {
    const pieces = rangePieces(size)
    expect(pieces).toHaveLength(count)
    expect(pieces[0]).toEqual({ start: 0, end: firstLength })
    // In order, without gaps or overlaps, covering the file exactly.
    pieces.forEach((piece, i) => expect(piece.start).toBe(i === 0 ? 0 : pieces[i - 1]!.end))
    expect(pieces[pieces.length - 1]!.end).toBe(size)
  })
})

describe('splitPoint', () => {
  it.each([
    ["halves while the helper's pace is unknown", 0, 2 * MiB, 1000, undefined, MiB],
    ['the middle, rounded up', 10, 10 + MiB + 1, 1000, undefined, 10 + MiB / 2 + 1],
    ['halves for equal paces', 0, 2 * MiB, 1000, 1000, MiB],
    ['most of it for a helper three times as fast', 0, 4 * MiB, 1000, 3000, MiB],
    ['all of it from an owner that sent nothing', 100, 2 * MiB, 0, 3000, 100],
    ['nothing from an owner that has only just begun', 0, 16 * MiB, undefined, 3000, undefined],
    ['nothing when the helper would get under 512 KiB', 0, MiB - 1, 1000, 1000, undefined],
    ['nothing for a helper far slower than the owner', 0, 4 * MiB, 9000, 1000, undefined],
    ['nothing for a finished piece', 5, 5, 1000, 1000, undefined]
  ])('%s', (_, next, end, ownerPace, helperPace, at) => {
    expect(splitPoint(next, end, ownerPace, helperPace)).toBe(at)
  })
})

describe('parallelSources', () => {
  const mismatchedElsewhere = (): BadSources => {
    const bad = new BadSources()
    bad.add(m1!, OTHER_SHA)
    return bad
  }
  const refusedParallel = (): BadSources => {
    const bad = new BadSources()
    bad.fetchSequentially(SHA)
    return bad
  }
  it.each([
    ['the three best of four', PARALLEL_MIN_BYTES, 4, new BadSources(), ['m0', 'm1', 'm2']],
    ['two sources', PARALLEL_MIN_BYTES, 2, new BadSources(), ['m0', 'm1']],
    ['none for one source', 100 * MiB, 1, new BadSources(), []],
    ['none under the threshold', PARALLEL_MIN_BYTES - 1, 4, new BadSources(), []],
    ['none of unknown size', undefined, 4, new BadSources(), []],
    ['none once refused for parallel ranges', 100 * MiB, 4, refusedParallel(), []],
    [
      'never a mirror that sent any wrong file',
      100 * MiB,
      4,
      mismatchedElsewhere(),
      ['m0', 'm2', 'm3']
    ],
    ['none when that leaves one', 100 * MiB, 2, mismatchedElsewhere(), []]
  ])('%s', (_, size, count, bad, chosen) => {
    const picked = parallelSources(SHA, size, sources.slice(0, count), bad)
    expect(picked.map(source => source.mirror.name)).toEqual(chosen)
  })

  it.each([
    ['never a troubled mirror', [m0!], ['m1', 'm2', 'm3']],
    ['none when that leaves one', [m0!, m1!, m3!], []]
  ])('%s', (_, troubled, chosen) => {
    const trouble = new MirrorTrouble()
    troubled.forEach(mirror => trouble.add(mirror))
    const picked = parallelSources(SHA, 100 * MiB, sources, new BadSources(), trouble)
    expect(picked.map(source => source.mirror.name)).toEqual(chosen)
  })
})

describe('BadSources', () => {
  it('marks a mirror bad for one file, and as having sent a wrong file at all', () => {
    const bad = new BadSources()
    bad.add(m0!, SHA)
    expect([bad.has(m0!, SHA), bad.has(m0!, OTHER_SHA), bad.has(m1!, SHA)]).toEqual([
      true,
      false,
      false
    ])
    expect([bad.everMismatched(m0!), bad.everMismatched(m1!)]).toEqual([true, false])
    expect(bad.isSequentialOnly(SHA)).toBe(false)
  })
})

const reading = (elapsedMs: number, recentBytesPerSec: number, bytes = 0): ThroughputReading => ({
  elapsedMs,
  bytes,
  bytesPerSec: recentBytesPerSec,
  recentBytesPerSec
})

describe('farBelowExpected', () => {
  it.each([
    ['under a fifth after the warm-up', reading(1500, 150_000), 1_000_000, true],
    ['at a fifth', reading(1500, 200_000), 1_000_000, false],
    ['slow, but still warming up', reading(900, 1_000), 1_000_000, false],
    ['without an expectation', reading(5000, 1_000), undefined, false],
    ['with a zero expectation', reading(5000, 0), 0, false],
    ['as fast as expected', reading(5000, 1_000_000), 1_000_000, false]
  ])('%s: %s', (_, read, expected, slow) => {
    expect(farBelowExpected(read, expected)).toBe(slow)
  })
})

describe('ThroughputMeter', () => {
  it('reads the whole pace and the recent one, on the time spent waiting', () => {
    const meter = new ThroughputMeter()
    // A second at 1 MB/s, then two at 100 kB/s, in 100 ms chunks.
    for (let i = 0; i < 10; i++) meter.add(100, 100_000)
    for (let i = 0; i < 20; i++) meter.add(100, 10_000)
    const { elapsedMs, bytes, bytesPerSec, recentBytesPerSec } = meter.reading()
    expect(elapsedMs).toBe(3000)
    expect(bytes).toBe(1_200_000)
    expect(bytesPerSec).toBeCloseTo(1_200_000 / 3, 0)
    expect(recentBytesPerSec).toBeCloseTo(100_000, 0)
  })

  it('reads nothing, and no pace, before the first chunk', () => {
    const meter = new ThroughputMeter()
    expect(meter.reading()).toEqual(reading(0, 0))
    expect(meter.pace()).toBeUndefined()
    meter.add(500, 1000)
    expect(meter.pace()).toBe(2000)
  })
})

describe('stallLimitMs', () => {
  it.each([
    ['the ceiling before any byte', 0, 0, 3000, 3000],
    ['the ceiling until 256 KiB came, however fast', 256 * KiB - 1, 100 * MiB, 3000, 3000],
    ['the floor for a fast mirror', 256 * KiB, 100 * MiB, 3000, STALL_FLOOR_MS],
    ['four times what 256 KiB take, at 1 MiB/s', 10 * MiB, MiB, 3000, 1000],
    ['the ceiling for a slow mirror', 10 * MiB, 200 * KiB, 3000, 3000],
    ['the ceiling when nothing came recently', 10 * MiB, 0, 3000, 3000],
    ['a ceiling set under the floor', 10 * MiB, 100 * MiB, 400, 400]
  ])('%s', (_, bytes, recentBytesPerSec, ceilingMs, limit) => {
    expect(stallLimitMs(reading(2000, recentBytesPerSec, bytes), ceilingMs)).toBe(limit)
  })
})

describe('MirrorTrouble', () => {
  type Event = (trouble: MirrorTrouble) => void
  const trouble =
    (mirror: Mirror, times = 1): Event =>
    memory => {
      for (let i = 0; i < times; i++) memory.add(mirror)
    }
  const success =
    (mirror: Mirror, times = 1): Event =>
    memory => {
      for (let i = 0; i < times; i++) memory.succeeded(mirror)
    }
  it.each([
    ['keeps the ranking without trouble', [], ['m0', 'm1', 'm2']],
    ['puts a troubled mirror last', [trouble(m0!)], ['m1', 'm2', 'm0']],
    ['keeps the ranking among troubled ones', [trouble(m1!), trouble(m0!)], ['m2', 'm0', 'm1']],
    ['forgets one trouble after one success', [trouble(m0!), success(m0!)], ['m0', 'm1', 'm2']],
    ['needs a success per trouble', [trouble(m0!, 2), success(m0!)], ['m1', 'm2', 'm0']],
    ['counts at most three troubles', [trouble(m0!, 5), success(m0!, 3)], ['m0', 'm1', 'm2']],
    ['banks no success ahead of trouble', [success(m0!), trouble(m0!)], ['m1', 'm2', 'm0']],
    ["forgets no other mirror's trouble", [trouble(m0!), success(m1!)], ['m1', 'm2', 'm0']]
  ])('%s', (_, events: Event[], order) => {
    const memory = new MirrorTrouble()
    events.forEach(event => event(memory))
    expect(memory.order(sources.slice(0, 3)).map(source => source.mirror.name)).toEqual(order)
  })
})

describe('MirrorSpeeds', () => {
  it('keeps a smoothed pace per mirror, ignoring short reads and ones without a byte', () => {
    const speeds = new MirrorSpeeds()
    speeds.record(m0!, reading(500, 5_000_000))
    speeds.record(m0!, reading(1500, 0))
    expect(speeds.observed(m0!)).toBeUndefined()
    speeds.record(m0!, reading(2000, 4_000_000))
    speeds.record(m0!, reading(2000, 2_000_000))
    expect(speeds.observed(m0!)).toBe(3_000_000)
    expect(speeds.observed(m1!)).toBeUndefined()
  })

  it('tells the fastest pace seen, none before any', () => {
    const speeds = new MirrorSpeeds()
    expect(speeds.fastest()).toBeUndefined()
    speeds.record(m0!, reading(2000, 4_000_000))
    speeds.record(m1!, reading(2000, 9_000_000))
    expect(speeds.fastest()).toBe(9_000_000)
  })
})
