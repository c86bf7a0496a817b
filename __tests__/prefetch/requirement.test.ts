import { describe, expect, it } from '@jest/globals'
import {
  parseRequirement,
  pinnedVersion,
  type Requirement
} from '../../src/prefetch/requirement.js'

describe('parseRequirement', () => {
  it.each<[string, Requirement]>([
    // Requires-Dist, as wheels' METADATA writes it.
    [
      'requests (>=2.0) ; extra == "socks"',
      { project: 'requests', extras: [], specifier: '>=2.0', marker: 'extra == "socks"' }
    ],
    [
      'foo[bar,baz]>=1; python_version<"3.8"',
      { project: 'foo', extras: ['bar', 'baz'], specifier: '>=1', marker: 'python_version<"3.8"' }
    ],
    ['name', { project: 'name', extras: [], specifier: '' }],
    ['Name_With.Dots==1.0', { project: 'name-with-dots', extras: [], specifier: '==1.0' }],
    [
      'PySocks!=1.5.7,>=1.5.6; extra == "socks"',
      { project: 'pysocks', extras: [], specifier: '!=1.5.7,>=1.5.6', marker: 'extra == "socks"' }
    ],
    // Requirement-file spellings: spaces anywhere, extras unsorted and unnormalised.
    [
      'Foo [Zeta_X , bar] >= 2 , < 3',
      { project: 'foo', extras: ['bar', 'zeta-x'], specifier: '>=2,<3' }
    ],
    ['httpx[]', { project: 'httpx', extras: [], specifier: '' }],
    ['zope.interface ~= 5.4', { project: 'zope-interface', extras: [], specifier: '~=5.4' }],
    ['numpy==1.26.*', { project: 'numpy', extras: [], specifier: '==1.26.*' }],
    ['legacy===1.0-custom', { project: 'legacy', extras: [], specifier: '===1.0-custom' }],
    ['torch==2.5.1+cpu', { project: 'torch', extras: [], specifier: '==2.5.1+cpu' }],
    [
      "colorama==0.4.6 ; sys_platform == 'win32'",
      { project: 'colorama', extras: [], specifier: '==0.4.6', marker: "sys_platform == 'win32'" }
    ],
    ['  pip  ', { project: 'pip', extras: [], specifier: '' }]
  ])('reads %j', (text, expected) => {
    expect(parseRequirement(text)).toEqual(expected)
  })

  it.each([
    ['a URL requirement', 'foo @ https://example.com/foo-1.0.tar.gz'],
    ['a URL requirement without spaces', 'foo@git+https://github.com/org/foo.git@v1'],
    ['a bare URL', 'https://example.com/foo-1.0.tar.gz'],
    ['a VCS URL', 'git+https://github.com/org/foo.git#egg=foo'],
    ['a relative path', './pkg'],
    ['an absolute path', '/opt/wheels/pkg'],
    ['a Windows path', 'C:\\wheels\\pkg'],
    ['a wheel file', 'pkg-1.0-py3-none-any.whl'],
    ['an sdist file', 'pkg-1.0.tar.gz'],
    ['an empty line', ''],
    ['an operator without a version', 'foo>='],
    ['a version that is not PEP 440', 'foo>=abc'],
    ['an unclosed extras list', 'foo[bar'],
    ['a bad extra', 'foo[b@r]'],
    ['an empty marker', 'foo>=1;'],
    ['~= with one release part', 'foo~=1'],
    ['a wildcard after >=', 'foo>=1.*'],
    ['an environment variable', 'pandas==${PANDAS_VERSION}'],
    ['two names', 'foo bar'],
    ['an option', '-e .']
  ])('gives undefined for %s', (_case, text) => {
    expect(parseRequirement(text)).toBeUndefined()
  })
})

describe('pinnedVersion', () => {
  it.each<[string, string | undefined]>([
    ['==1.0', '1.0'],
    ['===1.0-custom', '1.0-custom'],
    ['==2.5.1+cpu', '2.5.1+cpu'],
    ['==1.0,<2', '1.0'],
    ['==1.*', undefined],
    ['>=1.0', undefined],
    ['~=1.4', undefined],
    ['', undefined],
    ['==1.0,==2.0', undefined]
  ])('%j pins %j', (specifier, expected) => {
    expect(pinnedVersion(specifier)).toBe(expected)
  })
})
