import { createHash } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import type { FileRequest } from '../../src/files/file-types.js'
import { parseMirror } from '../../src/mirrors/mirror.js'
import type { IndexFile } from '../../src/net/index-page.js'
import type { PrefetchPlan } from '../../src/prefetch/plan.js'
import type { ProjectAnswer } from '../../src/router/pages.js'
import { isDistant, Prefetcher, type PrefetcherDeps } from '../../src/router/prefetcher.js'

const mirror = parseMirror('only=http://127.0.0.1:9/simple')
const farMirror = parseMirror('far=http://127.0.0.1:10/simple')
const sha = (text: string): string => createHash('sha256').update(text).digest('hex')
const MB = 1_000_000

/** One project's wheel at 1.0, of `size` bytes, listing its metadata. */
function listed(project: string, size: number): IndexFile {
  const filename = `${project}-1.0-py3-none-any.whl`
  return {
    filename,
    url: `http://127.0.0.1:9/${filename}`,
    sha256: sha(filename),
    size,
    coreMetadata: true
  }
}

function plan(projects: string[]): PrefetchPlan {
  return {
    tags: ['py3-none-any'],
    environment: { python_full_version: '3.12.0', python_version: '3.12' },
    read: ['requirements.txt'],
    wants: projects.map(project => ({
      project,
      version: '1.0',
      specifier: '==1.0',
      extras: [],
      hashes: [],
      from: 'requirements.txt'
    }))
  }
}

/**
 * A prefetcher over in-memory pages, each answered after `pageDelayMs(project)`; records the
 * order of page, metadata and download calls. Downloads never end, so each holds its lane.
 */
function harness(
  files: Record<string, IndexFile>,
  pageDelayMs: (project: string) => number,
  mirrors = [mirror],
  distant: (each: typeof mirror) => boolean = () => false,
  ranked = true
) {
  const calls: string[] = []
  const deps: PrefetcherDeps = {
    page: async (project): Promise<ProjectAnswer> => {
      calls.push(`page ${project}`)
      const delay = pageDelayMs(project)
      if (delay === Infinity) return new Promise(() => undefined)
      await new Promise(resolve => setTimeout(resolve, delay))
      const file = files[project]!
      return {
        ok: true,
        page: { files: [file] },
        listings: [],
        mirror,
        hedged: false,
        failovers: 0
      }
    },
    metadata: async file => {
      calls.push(`metadata ${file.filename.split('-')[0]}`)
      return Buffer.from('Metadata-Version: 2.1\nName: x\nVersion: 1.0\n\n')
    },
    wheelMetadata: async () => undefined,
    request: async (sha256, from): Promise<FileRequest> => {
      const file = Object.values(files).find(each => each.sha256 === sha256)!
      calls.push(
        `download ${file.filename.split('-')[0]}${from === mirror ? '' : ` from ${from.name}`}`
      )
      return { sha256, filename: file.filename, size: file.size, sources: [] }
    },
    speed: () => undefined,
    distant,
    fetch: () => new Promise(() => undefined),
    storedSize: async () => undefined,
    budget: { declared: 10_000 * MB, followed: 1_000 * MB }
  }
  return { calls, prefetcher: new Prefetcher(deps, () => mirrors, ranked) }
}

const settled = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

describe('Prefetcher', () => {
  it('starts with the largest declared file even when its page answers last', async () => {
    const projects = Array.from({ length: 20 }, (_, index) => `small${index}`)
    const files: Record<string, IndexFile> = Object.fromEntries(
      projects.map((project, index) => [project, listed(project, (index + 1) * MB)])
    )
    files.big = listed('big', 1_100 * MB)
    const { calls, prefetcher } = harness(files, project => (project === 'big' ? 150 : 5))
    prefetcher.start(plan([...projects, 'big']))
    await settled(400)
    const downloads = calls.filter(call => call.startsWith('download'))
    // One mirror, two lanes: the largest two.
    expect(downloads).toEqual(['download big', 'download small19'])
    // Every page was asked before any metadata: choosing files comes first.
    const lastPage = calls.findLastIndex(call => call.startsWith('page'))
    const firstMetadata = calls.findIndex(call => call.startsWith('metadata'))
    expect(firstMetadata).toBeGreaterThan(lastPage)
  })

  it('waits a bounded time for a declared page that does not come', async () => {
    const files = { a: listed('a', MB), b: listed('b', 2 * MB), gone: listed('gone', 3 * MB) }
    const { calls, prefetcher } = harness(files, project => (project === 'gone' ? Infinity : 5))
    prefetcher.start(plan(['a', 'b', 'gone']))
    await settled(300)
    expect(calls.filter(call => call.startsWith('download'))).toEqual([])
    await settled(1_000)
    expect(calls.filter(call => call.startsWith('download'))).toEqual(['download b', 'download a'])
  })

  it('chooses the files before the ranking comes, and downloads them only then', async () => {
    const files = { a: listed('a', MB), b: listed('b', 2 * MB) }
    const { calls, prefetcher } = harness(
      files,
      () => 5,
      [mirror],
      () => false,
      false
    )
    prefetcher.start(plan(['a', 'b']))
    await settled(200)
    expect(calls.filter(call => call.startsWith('page')).sort()).toEqual(['page a', 'page b'])
    expect(calls.filter(call => call.startsWith('download'))).toEqual([])
    prefetcher.mirrorsRanked()
    await settled(50)
    expect(calls.filter(call => call.startsWith('download'))).toEqual(['download b', 'download a'])
  })

  it('gives a distant mirror whose speed is unknown the smallest files', async () => {
    const files = Object.fromEntries(
      [1, 2, 3, 4, 5, 6].map(size => [`p${size}`, listed(`p${size}`, size * MB)])
    )
    const { calls, prefetcher } = harness(
      files,
      () => 5,
      [mirror, farMirror],
      each => each === farMirror
    )
    prefetcher.start(plan(Object.keys(files)))
    await settled(300)
    expect(calls.filter(call => call.startsWith('download')).sort()).toEqual(
      ['download p1 from far', 'download p2 from far', 'download p5', 'download p6'].sort()
    )
  })
})

describe('isDistant', () => {
  it.each([
    [150, 37, true],
    [80, 15, true],
    [57, 37, false],
    // Three times as far, but only 20 ms: near enough.
    [30, 10, false],
    [undefined, 10, false],
    [200, undefined, false]
  ])('a mirror at %s ms, the nearest at %s ms: %s', (latency, nearest, expected) => {
    expect(isDistant(latency, nearest)).toBe(expected)
  })
})
