import { describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import {
  blockedMessage,
  blockedProject,
  constraintEnv,
  guardedProjects,
  isPrivateProject,
  mirrorForLaterSteps,
  parseProjectPatterns,
  privateFirst,
  privateGuard,
  referencedFiles,
  renderConstraints
} from '../../src/install/private-index.js'

const corp = parseMirror('corp=https://user:t0ken@pypi.corp.example/simple')
const marked = parseMirror('private:vault=https://vault.corp.example/simple')
const tuna = parseMirror('tuna')
const pypi = parseMirror('pypi')

describe('parseProjectPatterns', () => {
  it.each([
    ['', []],
    ['corp-lib', ['corp-lib']],
    ['Corp_Lib, corp.lib\n# a comment\n\n  corp-*  ', ['corp-lib', 'corp-*']],
    ['corp_*\nacme*tools', ['corp-*', 'acme*tools']]
  ])('%j', (text, patterns) => expect(parseProjectPatterns(text)).toEqual(patterns))

  it.each([
    ['corp lib', "'corp lib' is neither a project name nor a glob"],
    ['corp-lib>=1.0', "'corp-lib>=1.0' is neither"],
    ['-corp', "'-corp' is neither"],
    ['corp-?', "'corp-?' is neither"],
    ['*', "'*' matches every project"],
    ['corp, **', "'**' matches every project"]
  ])('rejects %j', (text, message) => expect(() => parseProjectPatterns(text)).toThrow(message))
})

describe('isPrivateProject', () => {
  it.each([
    ['corp-lib', ['corp-lib'], true],
    ['Corp_Lib', ['corp-lib'], true],
    ['corp-lib2', ['corp-lib'], false],
    ['corp-tools', ['corp-*'], true],
    ['corp', ['corp-*'], false],
    ['acme-corp-x', ['corp-*'], false],
    ['acme-corp-x', ['*-corp-*'], true],
    ['corpx', ['corp.x'], false]
  ])('%s against %j: %s', (name, patterns, expected) => {
    expect(isPrivateProject(name, patterns)).toBe(expected)
  })
})

describe('guardedProjects', () => {
  const requirements = 'corp_lib>=1.0  # the core\nrequests==2.32\ncorp-tools[cli] @ file:///x\n'
  const poetryLock = '[[package]]\nname = "corp-auth"\nversion = "1.0"\n'

  it('keeps listed names, and expands globs over the names in the texts', () => {
    expect(
      guardedProjects(
        ['corp-*', 'secret-sauce'],
        ['pip install corp-app', requirements, poetryLock]
      )
    ).toEqual({
      names: ['corp-app', 'corp-auth', 'corp-lib', 'corp-tools', 'secret-sauce'],
      unmatchedGlobs: []
    })
  })

  it('reports a glob that matched nothing', () => {
    expect(guardedProjects(['acme-*', 'corp-*'], [requirements])).toEqual({
      names: ['corp-lib', 'corp-tools'],
      unmatchedGlobs: ['acme-*']
    })
  })
})

describe('renderConstraints', () => {
  it('makes every name unsatisfiable, one per line', () => {
    expect(renderConstraints(['corp-lib', 'corp-tools'])).toBe(
      '# pip-mirror-action: private projects, never installed from a public mirror\n' +
        'corp-lib<0,>0\ncorp-tools<0,>0\n'
    )
  })
})

describe('constraintEnv', () => {
  it.each([
    [{}, { PIP_CONSTRAINT: '/t/c.txt', UV_CONSTRAINT: '/t/c.txt' }],
    [
      { PIP_CONSTRAINT: ' mine.txt other.txt ', UV_CONSTRAINT: 'uv.txt' },
      { PIP_CONSTRAINT: 'mine.txt other.txt /t/c.txt', UV_CONSTRAINT: 'uv.txt /t/c.txt' }
    ]
  ])('keeps the constraints already in %j', (env, expected) => {
    expect(constraintEnv('/t/c.txt', env)).toEqual(expected)
  })

  it('refuses a path that pip would split', () => {
    expect(() => constraintEnv('/my temp/c.txt', {})).toThrow('contains whitespace')
  })
})

describe('referencedFiles', () => {
  it.each([
    [
      'pip install -r requirements/dev.txt -c constraints.txt',
      ['requirements/dev.txt', 'constraints.txt']
    ],
    [
      "pip install --requirement='reqs.txt' && uv pip install --constraint=c.txt x",
      ['reqs.txt', 'c.txt']
    ],
    ['pip install corp-lib', []]
  ])('%s', (install, files) => expect(referencedFiles(install)).toEqual(files))
})

describe('privateFirst', () => {
  it('moves private candidates ahead, each group in its own order', () => {
    const order = privateFirst([tuna, corp, pypi, marked], mirror => mirror)
    expect(order.map(mirror => mirror.name)).toEqual(['corp', 'vault', 'tuna', 'pypi'])
  })
})

describe('mirrorForLaterSteps', () => {
  it.each([
    ['nothing installed', undefined, corp, corp],
    ['installed on the private index', marked, corp, marked],
    ['installed on a public mirror while a private one exists', tuna, corp, corp],
    ['installed on a public mirror, none private', pypi, tuna, pypi]
  ])('%s', (_case, installedOn, chosen, expected) => {
    expect(mirrorForLaterSteps(installedOn, chosen)).toBe(expected)
  })
})

describe('privateGuard', () => {
  it('is not needed without a private index, or without a public mirror', () => {
    expect(privateGuard([tuna, pypi], [], 'pip install x')).toBeUndefined()
    expect(privateGuard([corp, marked], [], 'pip install x')).toBeUndefined()
  })

  it('refuses every public mirror when the private projects are not listed', () => {
    const guard = privateGuard([tuna, corp, pypi], [], 'pip install x')
    expect(guard?.indexes).toEqual([corp])
    expect(guard?.refusal).toBe(
      'The private index corp (https://user:***@pypi.corp.example/simple) failed, and the ' +
        'install did not fall back to the public mirror(s) tuna, pypi: without the input ' +
        "'private-projects' the action cannot tell which projects only the private index may " +
        'serve, and a public mirror would install whatever anyone published there under a ' +
        'private name (dependency confusion). List the private projects (names, or globs such ' +
        "as corp-*) in 'private-projects' to let every other project fall back to public mirrors."
    )
    expect(guard?.refusal).not.toContain('t0ken')
  })

  it.each([
    ['pip install -r requirements.txt', undefined],
    ['uv venv && uv pip install -r requirements.txt', undefined],
    ['uv --version; uv pip sync requirements.txt', undefined],
    ['uv sync --frozen', "runs 'uv sync --frozen', and uv project and tool commands"],
    ['python -m pip install x && uv run pytest', "runs 'uv run pytest'"],
    ['uvx ruff check', "runs 'uvx ruff check'"],
    ['/opt/uv/bin/uv sync', "runs 'uv sync', and uv project and tool commands"],
    ["'/opt/uv/bin/uv' sync --frozen", "runs 'uv sync --frozen'"],
    ['python -m uv lock', "runs 'uv lock'"],
    ['uv pip install -c pins.txt -r r.txt', "uv's own --constraint replaces UV_CONSTRAINT"],
    ['uv pip install --constraint=pins.txt x', "uv's own --constraint"]
  ])('with private projects listed, %s: refusal %j', (install, refusal) => {
    const guard = privateGuard([corp, tuna], ['corp-*'], install)
    expect(guard?.patterns).toEqual(['corp-*'])
    if (refusal === undefined) expect(guard?.refusal).toBeUndefined()
    else expect(guard?.refusal).toContain(refusal)
  })
})

describe('blockedProject', () => {
  // Real output of pip 23.2.1 and 26.3, and uv 0.13.9, with `corp-lib<0,>0` in the constraints.
  const PIP_DIRECT = [
    'ERROR: Cannot install Corp_Lib==99.0 because these package versions have conflicting dependencies.',
    'The conflict is caused by:',
    '    The user requested Corp_Lib==99.0',
    '    The user requested (constraint) corp-lib<0,>0'
  ].join('\n')
  const PIP_TRANSITIVE =
    '    app 1.0 depends on corp-lib\n    The user requested (constraint) corp-lib<0,>0'
  const UV_DIRECT =
    'error: No solution found\n  cause: you require corp-lib<0 and corp-lib>0, which are incompatible'
  const UV_TRANSITIVE =
    '  cause: Because app==1.0 depends on corp-lib<0 and corp-lib>0, which are incompatible and only app==1.0 is available'

  it.each([
    ['pip, a glob, the project requested', PIP_DIRECT, ['corp-*'], 'corp-lib'],
    ['pip, a name, a dependency', PIP_TRANSITIVE, ['corp-lib'], 'corp-lib'],
    ['uv, a name, the project requested', UV_DIRECT, ['corp-lib'], 'corp-lib'],
    ['uv, a glob, a dependency', UV_TRANSITIVE, ['corp-*'], 'corp-lib'],
    ['a project not listed', PIP_DIRECT, ['acme-*'], undefined],
    [
      "the user's own bound",
      'ERROR: No matching distribution found for corp-lib<0.5',
      ['corp-*'],
      undefined
    ],
    [
      'a failure that is not the constraint',
      'ERROR: HTTP error 503 while getting http://x/files/corp_lib-1.0.whl',
      ['corp-*'],
      undefined
    ]
  ])('%s', (_case, output, patterns, expected) => {
    expect(blockedProject(output, patterns)).toBe(expected)
  })
})

describe('blockedMessage', () => {
  it('names the project, the public mirror and the private index, without credentials', () => {
    const guard = privateGuard([corp, tuna], ['corp-*'], 'pip install corp-lib')
    expect(guard).toBeDefined()
    if (!guard) return
    expect(blockedMessage('corp-lib', tuna, guard)).toBe(
      'corp-lib is a private project (private-projects), so it was not installed from the ' +
        'public mirror tuna (https://pypi.tuna.tsinghua.edu.cn/simple) after the private index ' +
        'corp (https://user:***@pypi.corp.example/simple) failed. No public mirror may serve it: ' +
        'fix the private index and run the job again.'
    )
  })
})
