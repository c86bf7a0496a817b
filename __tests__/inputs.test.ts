import { describe, expect, it } from '@jest/globals'
import { InputError, parseInputs } from '../src/inputs.js'

const reader =
  (given: Record<string, string>) =>
  (name: string): string =>
    given[name] ?? ''

describe('parseInputs', () => {
  it('applies the documented defaults', () => {
    const inputs = parseInputs(reader({}))
    expect(inputs).toMatchObject({
      probeProject: 'pip',
      probeTimeoutMs: 2000,
      probeSamples: 3,
      configure: { pip: true, uv: true },
      install: '',
      installAttempts: 2,
      cache: 'true'
    })
    expect(inputs.mirrors.map(mirror => mirror.name)).toContain('pypi')
  })

  it('reads every input', () => {
    const inputs = parseInputs(
      reader({
        mirrors: 'tuna\nlocal=http://127.0.0.1:3141/simple',
        'probe-project': 'six',
        'probe-timeout': '500',
        'probe-samples': '5',
        configure: 'uv',
        install: '  pip install -r requirements.txt\n',
        'install-attempts': '3',
        cache: 'READ-ONLY'
      })
    )
    expect(inputs).toMatchObject({
      probeProject: 'six',
      probeTimeoutMs: 500,
      probeSamples: 5,
      configure: { pip: false, uv: true },
      install: '  pip install -r requirements.txt\n',
      installAttempts: 3,
      cache: 'read-only'
    })
    expect(inputs.mirrors.map(mirror => mirror.name)).toEqual(['tuna', 'local'])
  })

  it('reads private-projects, normalised', () => {
    const inputs = parseInputs(
      reader({
        mirrors: 'private:corp=https://pypi.corp.example/simple, pypi',
        'private-projects': 'Corp_Lib\nacme-*, corp-lib'
      })
    )
    expect(inputs.privateProjects).toEqual(['corp-lib', 'acme-*'])
    expect(inputs.mirrors.map(mirror => [mirror.name, mirror.private])).toEqual([
      ['corp', true],
      ['pypi', false]
    ])
    expect(parseInputs(reader({})).privateProjects).toEqual([])
  })

  it.each([
    [{ configure: 'none' }, { pip: false, uv: false }],
    [{ configure: 'pip uv' }, { pip: true, uv: true }],
    [{ configure: 'PIP' }, { pip: true, uv: false }]
  ])('configure %j', (given, expected) => {
    expect(parseInputs(reader(given)).configure).toEqual(expected)
  })

  it.each([
    [
      { mirrors: 'tuna, nosuch' },
      "Input 'mirrors' has an invalid value 'tuna, nosuch': unknown mirror 'nosuch'"
    ],
    [
      { mirrors: 'ftp://x/simple' },
      "Input 'mirrors' has an invalid value 'ftp://x/simple': 'ftp://x/simple' uses the scheme 'ftp'"
    ],
    [
      { mirrors: 'https://u:pw@x/simple, bad' },
      "Input 'mirrors' has an invalid value 'https://***@x/simple, bad'"
    ],
    [
      { 'probe-timeout': 'fast' },
      "Input 'probe-timeout' has an invalid value 'fast': expected a positive whole number"
    ],
    [
      { 'probe-timeout': '0' },
      "Input 'probe-timeout' has an invalid value '0': expected a whole number from 1"
    ],
    [{ 'probe-timeout': '-5' }, "Input 'probe-timeout' has an invalid value '-5'"],
    [{ 'probe-samples': '2.5' }, "Input 'probe-samples' has an invalid value '2.5'"],
    [{ 'install-attempts': '0' }, "Input 'install-attempts' has an invalid value '0'"],
    [
      { configure: 'pip, poetry' },
      "Input 'configure' has an invalid value 'pip, poetry': unknown tool 'poetry'"
    ],
    [
      { configure: 'none, pip' },
      "Input 'configure' has an invalid value 'none, pip': 'none' cannot be combined"
    ],
    [
      { cache: 'yes' },
      "Input 'cache' has an invalid value 'yes': expected true, false or read-only"
    ],
    [{ 'probe-project': 'not a name' }, "Input 'probe-project' has an invalid value 'not a name'"],
    [
      { mirrors: 'private:pypi' },
      "Input 'mirrors' has an invalid value 'private:pypi': 'private:pypi': the built-in mirrors are public"
    ],
    [
      { mirrors: 'https://t@corp.example/simple', 'private-projects': 'corp lib' },
      "Input 'private-projects' has an invalid value 'corp lib': 'corp lib' is neither a project name"
    ],
    [
      { mirrors: 'pypi, https://corp.example/simple', 'private-projects': 'corp-*' },
      "Input 'private-projects' has an invalid value 'corp-*': no candidate in 'mirrors' is private"
    ]
  ])('rejects %j', (given, message) => {
    const parse = (): unknown => parseInputs(reader(given))
    expect(parse).toThrow(InputError)
    expect(parse).toThrow(message)
  })
})
