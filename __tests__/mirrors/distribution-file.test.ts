import { describe, expect, it } from '@jest/globals'
import { projectFromFilename, versionFromFilename } from '../../src/mirrors/distribution-file.js'

describe('names and versions from distribution file names', () => {
  it.each([
    ['demo_pkg-1.0-py3-none-any.whl', 'demo-pkg', '1.0'],
    ['Demo.Pkg-2.0rc1-1-cp312-cp312-manylinux_2_17_x86_64.whl', 'demo-pkg', '2.0rc1'],
    ['pip-24.0.tar.gz', 'pip', '24.0'],
    ['demo-pkg-2.0rc1.zip', 'demo-pkg', '2.0rc1'],
    ['zope.interface-6.0.zip', 'zope-interface', '6.0'],
    ['foo-2-bar-1.0.post1.tar.gz', 'foo-2-bar', '1.0.post1'],
    ['not-a-distribution.txt', undefined, undefined],
    ['noversion.tar.gz', undefined, undefined],
    ['README', undefined, undefined]
  ])('%s', (filename, project, version) => {
    expect(projectFromFilename(filename)).toBe(project)
    expect(versionFromFilename(filename)).toBe(version)
  })
})
