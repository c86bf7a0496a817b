import { describe, expect, it } from '@jest/globals'
import { mirrorFromUrl } from '../../src/mirrors/mirror.js'
import type { IndexFile } from '../../src/net/index-page.js'
import { mergePages, type MirrorPage } from '../../src/router/page-merge.js'

const mirror = (name: string) => mirrorFromUrl(name, `https://${name}.example/simple`)
const [near, far, edge] = ['near', 'far', 'edge'].map(mirror)

/** A file as `at`'s page lists it; the sha256 stands for its bytes. */
function file(at: string, filename: string, sha256: string, extra: Partial<IndexFile> = {}) {
  return { filename, url: `https://${at}.example/f/${filename}`, sha256, ...extra }
}

function page(at: ReturnType<typeof mirror>, serial: number | undefined, files: IndexFile[]) {
  return { mirror: at, page: { files, ...(serial === undefined ? {} : { serial }) } }
}

const V1 = 'demo-1.0-py3-none-any.whl'
const V2 = 'demo-2.0-py3-none-any.whl'

/** What a merge gives, by names: files (with the mirror that listed each), sources, conflicts. */
function merged(pages: MirrorPage[]) {
  const result = mergePages(pages)
  return {
    files: result.page.files.map(f => `${f.filename}@${result.listedBy.get(f)?.name}`),
    sources: result.listings.map(l => `${l.file.filename}@${l.mirror.name}`),
    serial: result.page.serial,
    conflicts: result.conflicts,
    behind: result.behind.map(m => m.name)
  }
}

describe('mergePages', () => {
  it.each<[string, MirrorPage[], ReturnType<typeof merged>]>([
    [
      'a release the best-ranked mirror lacks comes from the one that lists it',
      [
        page(near, 10, [file('near', V1, 'a')]),
        page(far, 10, [file('far', V1, 'a'), file('far', V2, 'b')])
      ],
      {
        files: [`${V1}@near`, `${V2}@far`],
        sources: [`${V1}@near`, `${V1}@far`, `${V2}@far`],
        serial: 10,
        conflicts: [],
        behind: ['near']
      }
    ],
    [
      'the freshest page lists each file first, whatever the rank',
      [page(near, 7, [file('near', V1, 'a')]), page(far, 9, [file('far', V1, 'a')])],
      {
        files: [`${V1}@far`],
        sources: [`${V1}@far`, `${V1}@near`],
        serial: 9,
        conflicts: [],
        behind: []
      }
    ],
    [
      'a name with two sha256s: the higher serial is kept, the other is no source',
      [page(near, 7, [file('near', V1, 'evil')]), page(far, 9, [file('far', V1, 'a')])],
      {
        files: [`${V1}@far`],
        sources: [`${V1}@far`],
        serial: 9,
        conflicts: [{ filename: V1, mirrors: ['far', 'near'], kept: 'far' }],
        behind: []
      }
    ],
    [
      'a name with two sha256s and no serial to tell: served from neither',
      [
        page(near, undefined, [file('near', V1, 'x'), file('near', V2, 'b')]),
        page(far, undefined, [file('far', V1, 'y'), file('far', V2, 'b')])
      ],
      {
        files: [`${V2}@near`],
        sources: [`${V2}@near`, `${V2}@far`],
        serial: undefined,
        conflicts: [{ filename: V1, mirrors: ['near', 'far'] }],
        behind: []
      }
    ],
    [
      'two equally fresh pages that disagree leave the file out, whatever a third lists',
      [
        page(near, 5, [file('near', V1, 'x')]),
        page(far, 5, [file('far', V1, 'y')]),
        page(edge, 9, [file('edge', V2, 'b')])
      ],
      {
        files: [`${V2}@edge`],
        sources: [`${V2}@edge`],
        serial: 9,
        conflicts: [{ filename: V1, mirrors: ['near', 'far'] }],
        behind: ['near', 'far']
      }
    ],
    [
      'one page alone is the page',
      [page(near, 3, [file('near', V1, 'a'), file('near', V2, 'b')])],
      {
        files: [`${V1}@near`, `${V2}@near`],
        sources: [`${V1}@near`, `${V2}@near`],
        serial: 3,
        conflicts: [],
        behind: []
      }
    ],
    [
      'a file without a sha256 is listed once, from the freshest page',
      [
        page(near, 1, [{ filename: V1, url: 'https://near.example/f/x' }]),
        page(far, 2, [{ filename: V1, url: 'https://far.example/f/x' }])
      ],
      {
        files: [`${V1}@far`],
        sources: [`${V1}@far`, `${V1}@near`],
        serial: 2,
        conflicts: [],
        behind: []
      }
    ]
  ])('%s', (_what, pages, expected) => {
    expect(merged(pages)).toEqual(expected)
  })

  it('takes yanked status, requires-python and metadata from the freshest page', () => {
    const stale = file('near', V1, 'a', { requiresPython: '>=3.7', coreMetadata: true })
    const fresh = file('far', V1, 'a', { yanked: 'broken build', requiresPython: '>=3.8' })
    const { page: result } = mergePages([page(near, 1, [stale]), page(far, 2, [fresh])])
    expect(result.files).toEqual([fresh])
  })

  it("joins PEP 700's version lists, each version once", () => {
    const { page: result } = mergePages([
      { mirror: near, page: { files: [file('near', V1, 'a')], versions: ['1.0'] } },
      { mirror: far, page: { files: [file('far', V2, 'b')], versions: ['1.0', '2.0'] } }
    ])
    expect(result.versions).toEqual(['1.0', '2.0'])
  })
})
