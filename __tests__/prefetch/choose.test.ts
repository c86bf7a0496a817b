import { describe, expect, it } from '@jest/globals'
import type { IndexFile } from '../../src/net/index-page.js'
import { chooseRelease } from '../../src/prefetch/choose.js'

const LINUX_312 = {
  tags: [
    'cp312-cp312-manylinux_2_17_x86_64',
    'cp312-abi3-manylinux_2_17_x86_64',
    'cp312-none-manylinux_2_17_x86_64',
    'py3-none-manylinux_2_17_x86_64',
    'cp312-none-any',
    'py3-none-any'
  ],
  pythonVersion: '3.12.4'
}

const hex = (digit: string): string => digit.repeat(64)
const file = (filename: string, sha: string, extra: Partial<IndexFile> = {}): IndexFile => ({
  filename,
  url: `https://mirror.example/files/${filename}`,
  sha256: sha,
  ...extra
})

const page: IndexFile[] = [
  file('demo-1.0.tar.gz', hex('1')),
  file('demo-1.0-py3-none-any.whl', hex('2')),
  file('demo-2.0.tar.gz', hex('3')),
  file('demo-2.0-cp312-cp312-manylinux_2_17_x86_64.whl', hex('4')),
  file('demo-2.0-py3-none-any.whl', hex('5')),
  file('demo-2.0-cp312-cp312-win_amd64.whl', hex('6')),
  file('demo-3.0rc1-py3-none-any.whl', hex('7')),
  file('demo-2.5-py3-none-any.whl', hex('8'), { yanked: 'broken' }),
  file('demo-2.4-py3-none-any.whl', hex('9'), { requiresPython: '>=3.13' }),
  file('demo-4.0-cp312-cp312-win_amd64.whl', hex('a'))
]

describe('chooseRelease', () => {
  it.each([
    [
      'a pin takes its version, the best tag',
      { version: '2.0' },
      'demo-2.0-cp312-cp312-manylinux_2_17_x86_64.whl'
    ],
    [
      'a pin matches a normalised version',
      { version: '2.0.0' },
      'demo-2.0-cp312-cp312-manylinux_2_17_x86_64.whl'
    ],
    ['a pin of an old release', { version: '1.0' }, 'demo-1.0-py3-none-any.whl'],
    [
      'unpinned: newest final that fits, past yanked, Requires-Python and Windows-only ones',
      {},
      'demo-2.0-cp312-cp312-manylinux_2_17_x86_64.whl'
    ],
    ['a specifier caps it', { specifier: '<2' }, 'demo-1.0-py3-none-any.whl'],
    [
      'pre-releases only when no final one fits',
      { specifier: '>=3.0rc1,<4' },
      'demo-3.0rc1-py3-none-any.whl'
    ],
    [
      'hashes prefer the file they allow, as pip does',
      { version: '2.0', hashes: [hex('5')] },
      'demo-2.0-py3-none-any.whl'
    ],
    [
      'a lock limits the choice to the files it names',
      { version: '2.0', files: [{ filename: 'demo-2.0.tar.gz', sha256: hex('3') }] },
      'demo-2.0.tar.gz'
    ]
  ])('%s', (_name, want, expected) => {
    const choice = chooseRelease(page, { specifier: '', hashes: [], ...want }, LINUX_312)
    expect(choice.kind === 'file' ? choice.file.filename : choice).toBe(expected)
  })

  it.each([
    ['a release with Windows wheels only', { version: '4.0' }, { kind: 'no-fit', version: '4.0' }],
    ['a version the index lacks', { version: '9.9' }, { kind: 'not-listed' }],
    [
      'a pinned hash the index contradicts',
      { version: '1.0', hashes: [hex('f')] },
      { kind: 'hash-mismatch', filename: 'demo-1.0-py3-none-any.whl' }
    ],
    [
      "a lock's own hash for the file it names, contradicted",
      { version: '2.0', files: [{ filename: 'demo-2.0-py3-none-any.whl', sha256: hex('f') }] },
      { kind: 'hash-mismatch', filename: 'demo-2.0-py3-none-any.whl' }
    ],
    ['a specifier nothing satisfies', { specifier: '>=5' }, { kind: 'not-listed' }]
  ])('%s', (_name, want, expected) => {
    expect(chooseRelease(page, { specifier: '', hashes: [], ...want }, LINUX_312)).toEqual(expected)
  })
})
