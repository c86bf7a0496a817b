import { afterEach, describe, expect, it } from '@jest/globals'
import { MirrorTrouble, PARALLEL_MIN_BYTES } from '../../src/files/file-rules.js'
import type { Faults } from '../../test-support/mirror-server.js'
import { cleanUp, download, expectWhole, fileRequests, largeFile, setup } from './file-harness.js'

const MiB = 1024 * 1024
// Far above the limit a fast mirror's pace sets: a download that waited for it would show.
const STALL_CEILING_MS = 20_000

afterEach(cleanUp)

describe.each([
  // Under PARALLEL_MIN_BYTES, and the next file's first request is a plain GET.
  ['one mirror at a time', 2 * MiB, undefined],
  ['in parallel ranges', PARALLEL_MIN_BYTES + MiB, 'bytes=0-']
])('a mirror that stalls mid-body, %s', (_, size, firstRange) => {
  it('is left long before the stall ceiling, and is not first for the next file', async () => {
    const first = largeFile(size, '1.0')
    const next = largeFile(size, '2.0')
    // Throttled, so that they are still busy with pieces of their own while the first one
    // stalls, rather than taking its piece over before it does.
    const healthy: Partial<Faults> = { ranges: true, bandwidthBytesPerSec: 4 * MiB }
    const { mirrors, sources, deps, urlOf } = await setup(
      [{ ranges: true, stallAfterBytes: MiB }, healthy, healthy],
      {
        file: first,
        moreFiles: [next],
        deps: { stallMs: STALL_CEILING_MS, trouble: new MirrorTrouble() }
      }
    )
    const started = Date.now()
    expectWhole(await download(urlOf(first)), first)
    expect(Date.now() - started).toBeLessThan(STALL_CEILING_MS / 2)
    expect(deps.stats.bytesByMirror.m0).toBeGreaterThan(0)
    expect(deps.trouble?.troubled(sources[0]!)).toBe(true)

    mirrors.forEach(mirror => mirror.resetLog())
    expectWhole(await download(urlOf(next)), next)
    expect(fileRequests(mirrors[0]!)).toEqual([])
    expect(fileRequests(mirrors[1]!)[0]?.range).toBe(firstRange)
    // Nor were the healthy ones blamed, for reads the downloads ended themselves.
    expect(sources.map(mirror => deps.trouble?.troubled(mirror))).toEqual([true, false, false])
  })
})
