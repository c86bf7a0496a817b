import { describe, expect, it } from '@jest/globals'
import type { IndexFile } from '../../src/net/index-page.js'
import { pypiFilePath, pypiFileUrl, sha256FromPypiPath } from '../../src/router/pypi-urls.js'

const SHA = 'ab'.repeat(32)
const BLAKE = `${'0'.repeat(60)}`

describe('pypiFilePath', () => {
  const file = (url: string, sha256: string | undefined = SHA): IndexFile => ({
    filename: 'demo_pkg-1.0-py3-none-any.whl',
    url,
    ...(sha256 ? { sha256 } : {})
  })
  it.each([
    [
      'a bandersnatch mirror, relative',
      file(`../../packages/12/34/${BLAKE}/demo_pkg-1.0-py3-none-any.whl`),
      `/packages/12/34/${BLAKE}/demo_pkg-1.0-py3-none-any.whl`
    ],
    [
      'PyPI itself, absolute, with a fragment',
      file(
        `https://files.pythonhosted.org/packages/12/34/${BLAKE}/demo_pkg-1.0-py3-none-any.whl#sha256=${SHA}`
      ),
      `/packages/12/34/${BLAKE}/demo_pkg-1.0-py3-none-any.whl`
    ],
    [
      'a mirror under a prefix',
      file(`https://mirror.example/pypi/web/packages/12/34/${BLAKE}/demo_pkg-1.0-py3-none-any.whl`),
      `/packages/12/34/${BLAKE}/demo_pkg-1.0-py3-none-any.whl`
    ],
    [
      'another layout (devpi): by sha256',
      file('https://devpi.example/root/pypi/+f/abc/demo_pkg-1.0-py3-none-any.whl'),
      `/packages/sha256/${SHA}/demo_pkg-1.0-py3-none-any.whl`
    ],
    [
      'PyPI layout but another name: by sha256',
      file(`/packages/12/34/${BLAKE}/other-1.0-py3-none-any.whl`),
      `/packages/sha256/${SHA}/demo_pkg-1.0-py3-none-any.whl`
    ],
    [
      'upper-case hex is not PyPI’s layout',
      file(`/packages/AB/34/${BLAKE}/demo_pkg-1.0-py3-none-any.whl`),
      `/packages/sha256/${SHA}/demo_pkg-1.0-py3-none-any.whl`
    ],
    ['no sha256, another layout: none', file('/files/demo_pkg-1.0-py3-none-any.whl', ''), undefined]
  ])('%s', (_name, listed, expected) => {
    expect(pypiFilePath(listed)).toBe(expected)
  })

  it('makes URLs on PyPI’s file host, the name encoded', () => {
    expect(pypiFileUrl(`/packages/sha256/${SHA}/demo+local-1.0.tar.gz`)).toBe(
      `https://files.pythonhosted.org/packages/sha256/${SHA}/demo%2Blocal-1.0.tar.gz`
    )
    expect(sha256FromPypiPath(`/packages/sha256/${SHA}/x-1.0.tar.gz`)).toBe(SHA)
    expect(sha256FromPypiPath(`/packages/12/34/${BLAKE}/x-1.0.tar.gz`)).toBeUndefined()
  })
})
