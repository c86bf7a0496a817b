import { describe, expect, it } from '@jest/globals'
import {
  caBundleVariables,
  installsFromJsonApi,
  PYTHON_TOOLS,
  usedToolCaches,
  workspaceNeedsProxy
} from '../../src/tools/python-tools.js'

describe('the tool registry', () => {
  it('gives every tool one entry, and the CA variables that uv, requests and pip read', () => {
    const names = PYTHON_TOOLS.map(tool => tool.name)
    expect(new Set(names).size).toBe(names.length)
    expect(caBundleVariables().sort()).toEqual(['PIP_CERT', 'REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE'])
  })

  it('points each tool at an index by a variable it does not write into files', () => {
    const variables = Object.fromEntries(
      PYTHON_TOOLS.map(tool => [tool.name, Object.keys(tool.indexVariables('http://x/simple'))])
    )
    expect(variables).toMatchObject({
      pip: ['PIP_INDEX_URL'],
      uv: ['UV_DEFAULT_INDEX'],
      PDM: ['PDM_PYPI_URL'],
      pipenv: ['PIPENV_PYPI_MIRROR'],
      Poetry: []
    })
    // A tool without such a variable says what that costs.
    for (const tool of PYTHON_TOOLS.filter(tool => tool.name === 'Poetry' || tool.name === 'uv'))
      expect(tool.indexModeLimit).toBeDefined()
  })
})

describe('workspaceNeedsProxy (transparent: auto)', () => {
  it.each([
    [['requirements.txt', 'setup.py'], undefined, false],
    [['uv.lock', 'pyproject.toml'], '[project]\nname = "x"\n', true],
    [['poetry.lock'], undefined, true],
    // PDM is served by PDM_PYPI_URL, which it never writes into a file.
    [['pdm.lock'], undefined, false],
    [['pyproject.toml'], '[tool.pdm]\ndistribution = false\n', false],
    [['Pipfile'], undefined, true],
    [['pylock.toml'], undefined, true],
    [['pylock.dev.toml'], undefined, true],
    [['requirements-dev.in'], undefined, true],
    [['pyproject.toml'], '[tool.poetry]\nname = "x"\n', true],
    [['pyproject.toml'], '[tool.poetry.dependencies]\n', true],
    [['pyproject.toml'], '[tool.uv]\ndev-dependencies = []\n', true],
    [['pyproject.toml'], '[tool.ruff]\nline-length = 100\n', false],
    [['pyproject.toml'], '[tool.poetry-dynamic-versioning]\nenable = true\n', false],
    [['pyproject.toml'], '# [tool.poetry] in a comment\n', false]
  ])('%j with %j: %s', (fileNames, pyproject, expected) => {
    expect(
      workspaceNeedsProxy({ fileNames, ...(pyproject === undefined ? {} : { pyproject }) })
    ).toBe(expected)
  })
})

describe('usedToolCaches', () => {
  const linux = { platform: 'linux', env: {}, home: '/home/runner' }
  it.each([
    ['no tool of theirs', linux, ['requirements.txt'], undefined, []],
    [
      'Poetry by its lock',
      linux,
      ['poetry.lock'],
      undefined,
      [{ tool: 'poetry', dir: '/home/runner/.cache/pypoetry' }]
    ],
    [
      'Poetry by pyproject.toml, under XDG_CACHE_HOME',
      { ...linux, env: { XDG_CACHE_HOME: '/cache' } },
      ['pyproject.toml'],
      '[tool.poetry.dependencies]\n',
      [{ tool: 'poetry', dir: '/cache/pypoetry' }]
    ],
    [
      'PDM and pipenv, their own variables winning',
      { ...linux, env: { PDM_CACHE_DIR: '/pdm', PIPENV_CACHE_DIR: '' } },
      ['pdm.lock', 'Pipfile'],
      undefined,
      [
        { tool: 'pdm', dir: '/pdm' },
        { tool: 'pipenv', dir: '/home/runner/.cache/pipenv' }
      ]
    ],
    [
      'macOS',
      { platform: 'darwin', env: {}, home: '/Users/runner' },
      ['poetry.lock', 'Pipfile.lock'],
      undefined,
      [
        { tool: 'poetry', dir: '/Users/runner/Library/Caches/pypoetry' },
        { tool: 'pipenv', dir: '/Users/runner/Library/Caches/pipenv' }
      ]
    ],
    [
      'Windows',
      {
        platform: 'win32',
        env: { LOCALAPPDATA: 'C:\\Users\\r\\AppData\\Local' },
        home: 'C:\\Users\\r'
      },
      ['poetry.lock', 'pdm.lock'],
      undefined,
      [
        { tool: 'poetry', dir: 'C:\\Users\\r\\AppData\\Local\\pypoetry\\Cache' },
        { tool: 'pdm', dir: 'C:\\Users\\r\\AppData\\Local\\pdm\\pdm\\Cache' }
      ]
    ]
  ])('%s', (_name, machine, names, pyproject, expected) => {
    expect(
      usedToolCaches(machine, {
        fileNames: names,
        ...(pyproject === undefined ? {} : { pyproject })
      })
    ).toEqual(expected)
  })
})

describe('installsFromJsonApi', () => {
  it.each([
    ['poetry/2.5.1 CPython/3.12.7 Linux/6.8.0', true],
    ['poetry/1.8.5 CPython/3.11.2 Darwin/24.0.0', true],
    // pip-audit reads the JSON API for vulnerabilities: never a built document.
    ['pip-audit/2.10.1', false],
    ['python-requests/2.32.3', false],
    ['curl/8.5.0', false],
    ['my-poetry/1.0', false],
    [undefined, false]
  ])('%s: %s', (userAgent, expected) => {
    expect(installsFromJsonApi(userAgent)).toBe(expected)
  })
})
