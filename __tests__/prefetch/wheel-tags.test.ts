import { describe, expect, it } from '@jest/globals'
import {
  chooseFile,
  wheelPreference,
  wheelTags,
  type Candidate
} from '../../src/prefetch/wheel-tags.js'

// packaging.tags.sys_tags() for CPython 3.12 on manylinux x86_64 (glibc 2.39), trimmed: seven of
// its 39 platforms, and rows cut where marked; the order is packaging's.
const CPYTHON_312_LINUX = `
  cp312-cp312-manylinux_2_39_x86_64 cp312-cp312-manylinux_2_28_x86_64 cp312-cp312-manylinux_2_17_x86_64
  cp312-cp312-manylinux2014_x86_64 cp312-cp312-manylinux_2_5_x86_64 cp312-cp312-manylinux1_x86_64
  cp312-cp312-linux_x86_64
  cp312-abi3-manylinux_2_39_x86_64 cp312-abi3-manylinux_2_28_x86_64 cp312-abi3-manylinux_2_17_x86_64
  cp312-abi3-manylinux2014_x86_64 cp312-abi3-manylinux_2_5_x86_64 cp312-abi3-manylinux1_x86_64
  cp312-abi3-linux_x86_64
  cp312-none-manylinux_2_39_x86_64 cp312-none-manylinux_2_28_x86_64 cp312-none-manylinux_2_17_x86_64
  cp312-none-manylinux2014_x86_64 cp312-none-manylinux_2_5_x86_64 cp312-none-manylinux1_x86_64
  cp312-none-linux_x86_64
  cp311-abi3-manylinux_2_39_x86_64 cp311-abi3-manylinux_2_28_x86_64 cp311-abi3-manylinux_2_17_x86_64
  cp311-abi3-manylinux2014_x86_64 cp311-abi3-manylinux_2_5_x86_64 cp311-abi3-manylinux1_x86_64
  cp311-abi3-linux_x86_64
  cp310-abi3-manylinux_2_39_x86_64 cp310-abi3-manylinux_2_28_x86_64 cp310-abi3-manylinux_2_17_x86_64
  cp310-abi3-manylinux2014_x86_64 cp310-abi3-manylinux_2_5_x86_64 cp310-abi3-manylinux1_x86_64
  cp310-abi3-linux_x86_64
  py312-none-manylinux_2_39_x86_64 py312-none-manylinux_2_28_x86_64 py312-none-manylinux_2_17_x86_64
  py312-none-manylinux2014_x86_64 py312-none-manylinux_2_5_x86_64 py312-none-manylinux1_x86_64
  py312-none-linux_x86_64
  py3-none-manylinux_2_39_x86_64 py3-none-manylinux_2_28_x86_64 py3-none-manylinux_2_17_x86_64
  py3-none-manylinux2014_x86_64 py3-none-manylinux_2_5_x86_64 py3-none-manylinux1_x86_64
  py3-none-linux_x86_64
  py311-none-manylinux_2_39_x86_64 py311-none-manylinux_2_28_x86_64 py311-none-manylinux_2_17_x86_64
  py311-none-manylinux2014_x86_64 py311-none-manylinux_2_5_x86_64 py311-none-manylinux1_x86_64
  py311-none-linux_x86_64
  cp312-none-any py312-none-any py3-none-any py311-none-any py310-none-any py39-none-any
  py38-none-any py37-none-any py36-none-any py35-none-any py34-none-any py33-none-any
  py32-none-any py31-none-any py30-none-any
`
  .trim()
  .split(/\s+/)
const PYTHON = '3.12.4'
const indexOf = (tag: string): number => CPYTHON_312_LINUX.indexOf(tag)

describe('wheelTags', () => {
  it.each<[string, string[] | undefined]>([
    ['pkg-1.0-py3-none-any.whl', ['py3-none-any']],
    ['six-1.16.0-py2.py3-none-any.whl', ['py2-none-any', 'py3-none-any']],
    [
      'numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      ['cp312-cp312-manylinux_2_17_x86_64', 'cp312-cp312-manylinux2014_x86_64']
    ],
    ['pkg-1.0-1-py3-none-any.whl', ['py3-none-any']],
    ['pkg-1.0-1a-py3-none-any.whl', ['py3-none-any']],
    ['Pkg-1.0-CP312-CP312-Win_AMD64.whl', ['cp312-cp312-win_amd64']],
    ['pkg-1.0-x1-py3-none-any.whl', undefined],
    ['pkg-1.0-py3-none.whl', undefined],
    ['pkg-1.0-py3--any.whl', undefined],
    ['pkg-1.0-1-2-py3-none-any.whl', undefined],
    ['pkg-1.0-py3-none-any.WHL', undefined],
    ['pkg-1.0.tar.gz', undefined]
  ])('%s: %j', (filename, tags) => {
    expect(wheelTags(filename)).toEqual(tags)
  })
})

describe('wheelPreference', () => {
  it.each<[string, number | undefined]>([
    ['x-1-cp312-cp312-manylinux_2_39_x86_64.whl', 0],
    // The better of its tags: manylinux_2_17 comes before manylinux2014.
    ['x-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 2],
    ['x-1-cp311-abi3-manylinux_2_28_x86_64.whl', indexOf('cp311-abi3-manylinux_2_28_x86_64')],
    ['x-1-py2.py3-none-any.whl', indexOf('py3-none-any')],
    ['x-1-cp312-cp312-win_amd64.whl', undefined],
    ['x-1-cp311-cp311-manylinux_2_17_x86_64.whl', undefined],
    ['x-1.tar.gz', undefined]
  ])('%s: %s', (filename, preference) => {
    expect(wheelPreference(filename, CPYTHON_312_LINUX)).toBe(preference)
  })

  it('indexes each supported list on its own', () => {
    const wheel = 'x-1-py3-none-any.whl'
    expect(wheelPreference(wheel, ['py3-none-any', 'cp312-none-any'])).toBe(0)
    expect(wheelPreference(wheel, ['cp312-none-any', 'py3-none-any'])).toBe(1)
  })
})

const sha = (digit: string): string => digit.repeat(64)
const files = (...filenames: string[]): Candidate[] =>
  filenames.map((filename, index) => ({ filename, sha256: sha(index.toString(16)) }))

const NUMPY = files(
  'numpy-2.0.0.tar.gz',
  'numpy-2.0.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
  'numpy-2.0.0-cp312-cp312-macosx_14_0_arm64.whl',
  'numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
  'numpy-2.0.0-cp312-cp312-musllinux_1_1_x86_64.whl',
  'numpy-2.0.0-cp312-cp312-win_amd64.whl'
)

const NUMPY_CP312 = 'numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'

describe('chooseFile', () => {
  it.each<[string, Candidate[], string | undefined]>([
    ['the cp312 manylinux wheel among every platform', NUMPY, NUMPY_CP312],
    [
      'the newer manylinux where there are two',
      files(
        'pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.whl',
        'pkg-1.0-cp312-cp312-manylinux_2_28_x86_64.whl'
      ),
      'pkg-1.0-cp312-cp312-manylinux_2_28_x86_64.whl'
    ],
    [
      'the interpreter-specific wheel before the abi3 one, the abi3 one before a pure one',
      files(
        'cryptography-42.0.0-py3-none-any.whl',
        'cryptography-42.0.0-cp311-abi3-manylinux_2_28_x86_64.whl',
        'cryptography-42.0.0-cp312-cp312-manylinux_2_5_x86_64.whl'
      ),
      'cryptography-42.0.0-cp312-cp312-manylinux_2_5_x86_64.whl'
    ],
    [
      'abi3 before a pure wheel',
      files('pkg-1.0-py3-none-any.whl', 'pkg-1.0-cp310-abi3-manylinux_2_17_x86_64.whl'),
      'pkg-1.0-cp310-abi3-manylinux_2_17_x86_64.whl'
    ],
    [
      'the sdist when the wheels are for other platforms',
      files(
        'pkg-1.0-cp312-cp312-win_amd64.whl',
        'pkg-1.0-cp312-cp312-macosx_11_0_arm64.whl',
        'pkg-1.0.tar.gz'
      ),
      'pkg-1.0.tar.gz'
    ],
    ['a .zip sdist', files('pkg-1.0-cp312-cp312-win_amd64.whl', 'pkg-1.0.zip'), 'pkg-1.0.zip'],
    [
      'a pure wheel before the sdist',
      files('pkg-1.0.tar.gz', 'pkg-1.0-py2.py3-none-any.whl'),
      'pkg-1.0-py2.py3-none-any.whl'
    ],
    [
      'no file for a Windows-only CUDA library',
      files('nvidia_cudnn_cu12-9.1.0.70-py3-none-win_amd64.whl'),
      undefined
    ],
    [
      'nothing pip installs from',
      files('pkg-1.0.exe', 'pkg-1.0-py3.12.egg', 'pkg-1.0-none-any.whl'),
      undefined
    ],
    [
      'the highest build number, a build tag above none',
      files(
        'pkg-1.0-py3-none-any.whl',
        'pkg-1.0-2-py3-none-any.whl',
        'pkg-1.0-10-py3-none-any.whl',
        'pkg-1.0-1-py3-none-any.whl'
      ),
      'pkg-1.0-10-py3-none-any.whl'
    ],
    [
      'the tag before the build number',
      files('pkg-1.0-9-py3-none-any.whl', 'pkg-1.0-1-cp312-none-any.whl'),
      'pkg-1.0-1-cp312-none-any.whl'
    ],
    [
      'the first listed of equals',
      files('pkg-1.0-py3-none-any.whl', 'pkg-1.0-py2.py3-none-any.whl'),
      'pkg-1.0-py3-none-any.whl'
    ]
  ])('%s', (_case, candidates, expected) => {
    expect(chooseFile(candidates, CPYTHON_312_LINUX, PYTHON)?.filename).toBe(expected)
  })

  it.each<[string, string[], string | undefined]>([
    ['the allowed file over a better tag', [sha('0')], 'numpy-2.0.0.tar.gz'],
    ['the best allowed file', [sha('0'), sha('3')], NUMPY_CP312],
    ['hashes in any case', ['AB'.repeat(32)], 'numpy-2.0.0.zip'],
    ['no allowed file fits: by tag, never an unsupported one', [sha('1'), sha('5')], NUMPY_CP312],
    ['no hashes: by tag', [], NUMPY_CP312]
  ])('allowed hashes: %s', (_case, allowed, expected) => {
    const candidates = [...NUMPY, { filename: 'numpy-2.0.0.zip', sha256: 'ab'.repeat(32) }]
    expect(chooseFile(candidates, CPYTHON_312_LINUX, PYTHON, allowed)?.filename).toBe(expected)
  })

  it.each<[string, Candidate[], string, string | undefined]>([
    [
      'a wheel for a newer Python is skipped',
      [
        { filename: 'pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.whl', requiresPython: '>=3.13' },
        { filename: 'pkg-1.0-py3-none-any.whl', requiresPython: '>=3.8' }
      ],
      PYTHON,
      'pkg-1.0-py3-none-any.whl'
    ],
    [
      'every file excluded',
      [{ filename: 'pkg-1.0.tar.gz', requiresPython: '>=3.13' }],
      PYTHON,
      undefined
    ],
    [
      'an upper bound',
      [{ filename: 'pkg-1.0.tar.gz', requiresPython: '>=3.8, <3.12' }],
      PYTHON,
      undefined
    ],
    ['a wildcard', [{ filename: 'pkg-1.0.tar.gz', requiresPython: '!=3.12.*' }], PYTHON, undefined],
    [
      'a trailing comma',
      [{ filename: 'pkg-1.0.tar.gz', requiresPython: '>=3.13,' }],
      PYTHON,
      undefined
    ],
    [
      'an invalid specifier is ignored',
      [{ filename: 'pkg-1.0.tar.gz', requiresPython: '3.13' }],
      PYTHON,
      'pkg-1.0.tar.gz'
    ],
    // pip checks sys.version_info[:3]: 3.13.0rc1 counts as 3.13.0.
    [
      'a pre-release interpreter',
      [{ filename: 'pkg-1.0.tar.gz', requiresPython: '>=3.13' }],
      '3.13.0rc1',
      'pkg-1.0.tar.gz'
    ]
  ])('Requires-Python: %s', (_case, candidates, pythonVersion, expected) => {
    expect(chooseFile(candidates, CPYTHON_312_LINUX, pythonVersion)?.filename).toBe(expected)
  })

  it.each<[string, Candidate[], string[], string | undefined]>([
    [
      'a yanked wheel after a worse file',
      [
        { filename: 'pkg-1.0-cp312-cp312-manylinux_2_17_x86_64.whl', yanked: true },
        { filename: 'pkg-1.0.tar.gz' }
      ],
      [],
      'pkg-1.0.tar.gz'
    ],
    [
      'the best of the yanked when all are',
      [
        { filename: 'pkg-1.0.tar.gz', yanked: true },
        { filename: 'pkg-1.0-py3-none-any.whl', yanked: true }
      ],
      [],
      'pkg-1.0-py3-none-any.whl'
    ],
    [
      'an allowed hash above yanking',
      [
        { filename: 'pkg-1.0-py3-none-any.whl', sha256: sha('1') },
        { filename: 'pkg-1.0.tar.gz', sha256: sha('2'), yanked: true }
      ],
      [sha('2')],
      'pkg-1.0.tar.gz'
    ]
  ])('yanked: %s', (_case, candidates, allowed, expected) => {
    expect(chooseFile(candidates, CPYTHON_312_LINUX, PYTHON, allowed)?.filename).toBe(expected)
  })
})
