import { describe, expect, it } from '@jest/globals'
import type { IndexFile, IndexPage } from '../../src/net/index-page.js'
import {
  mirrorJsonUrl,
  parseCoreMetadata,
  readMirrorJson,
  renderPypiJson
} from '../../src/router/pypi-json.js'

const file = (filename: string, extra: Partial<IndexFile> = {}): IndexFile => ({
  filename,
  url: `/files/${filename}`,
  sha256: filename.length.toString(16).padStart(64, '0'),
  ...extra
})

const page: IndexPage = {
  serial: 42,
  files: [
    file('demo-1.0.tar.gz', { requiresPython: '>=3.8', size: 10 }),
    file('demo-1.0-py3-none-any.whl', { uploadTime: '2026-01-02T03:04:05Z' }),
    file('demo-2.0-py3-none-any.whl', { yanked: 'broken' }),
    file('demo-1.10-py3-none-any.whl'),
    file('demo-3.0b1-py3-none-any.whl')
  ]
}

interface PypiJson {
  info: Record<string, unknown>
  releases?: Record<string, unknown[]>
  urls: Record<string, unknown>[]
  last_serial: number | null
}

const render = (version?: string, metadata?: Parameters<typeof renderPypiJson>[0]['metadata']) => {
  const text = renderPypiJson({
    project: 'demo',
    page,
    version,
    metadata,
    fileUrl: listed => `https://files.example/${listed.filename}`
  })
  return text === undefined ? undefined : (JSON.parse(text) as PypiJson)
}

describe('renderPypiJson', () => {
  it('picks the latest final release that is not wholly yanked, by PEP 440', () => {
    const json = render()
    expect(json?.info).toMatchObject({ name: 'demo', version: '1.10', requires_dist: null })
    expect(Object.keys(json?.releases ?? {}).sort()).toEqual(['1.0', '1.10', '2.0', '3.0b1'])
    expect(json?.last_serial).toBe(42)
    expect(json?.urls.map(entry => entry.filename)).toEqual(['demo-1.10-py3-none-any.whl'])
  })

  it('describes each file as PyPI does', () => {
    const json = render('1.0')
    expect(json?.releases).toBeUndefined()
    expect(json?.urls).toEqual([
      {
        filename: 'demo-1.0.tar.gz',
        url: 'https://files.example/demo-1.0.tar.gz',
        digests: { sha256: page.files[0].sha256 },
        packagetype: 'sdist',
        python_version: 'source',
        requires_python: '>=3.8',
        size: 10,
        upload_time_iso_8601: null,
        yanked: false,
        yanked_reason: null
      },
      expect.objectContaining({
        packagetype: 'bdist_wheel',
        python_version: 'py3',
        upload_time_iso_8601: '2026-01-02T03:04:05Z'
      })
    ])
    expect(render('2.0')?.urls[0]).toMatchObject({ yanked: true, yanked_reason: 'broken' })
    expect(render('2.0')?.info.yanked).toBe(true)
  })

  it('takes the release’s metadata where the router read it', () => {
    const metadata = parseCoreMetadata(
      'Metadata-Version: 2.1\nName: Demo\nVersion: 1.0\nSummary: A demo\nRequires-Python: >=3.8\nRequires-Dist: other>=1\nRequires-Dist: extra; extra == "x"\n\nRequires-Dist: not-a-header\n'
    )
    expect(metadata).toEqual({
      name: 'Demo',
      version: '1.0',
      summary: 'A demo',
      requiresPython: '>=3.8',
      requiresDist: ['other>=1', 'extra; extra == "x"']
    })
    expect(render('1.0', metadata)?.info).toMatchObject({
      name: 'Demo',
      summary: 'A demo',
      requires_dist: ['other>=1', 'extra; extra == "x"']
    })
  })

  it('has no document for a release the page lacks', () => {
    expect(render('9.9')).toBeUndefined()
    expect(renderPypiJson({ project: 'x', page: { files: [] }, fileUrl: () => '' })).toBeUndefined()
  })
})

describe('mirrorJsonUrl', () => {
  it.each([
    [
      'https://pypi.tuna.tsinghua.edu.cn/simple',
      undefined,
      'https://pypi.tuna.tsinghua.edu.cn/pypi/demo/json'
    ],
    [
      'https://mirrors.bfsu.edu.cn/pypi/web/simple/',
      '1.0',
      'https://mirrors.bfsu.edu.cn/pypi/web/pypi/demo/1.0/json'
    ],
    [
      'https://u:t%40k@corp.example/repo/simple',
      undefined,
      'https://u:t%40k@corp.example/repo/pypi/demo/json'
    ],
    [
      'http://127.0.0.1:8080/simple',
      '1.0+local',
      'http://127.0.0.1:8080/pypi/demo/1.0%2Blocal/json'
    ],
    [
      'https://mirrors.aliyun.com/pypi/simple/',
      '2.0',
      'https://mirrors.aliyun.com/pypi/pypi/demo/2.0/json'
    ],
    // No `/simple` at its end: where its JSON API would be is anyone's guess.
    ['https://devpi.example/root/pypi/+simple', undefined, undefined],
    ['https://artifactory.example/api/pypi/pypi-remote/simple-index', undefined, undefined]
  ])('%s %s', (index, version, expected) => {
    expect(mirrorJsonUrl(index, 'demo', version)).toBe(expected)
  })
})

describe('readMirrorJson', () => {
  const sha = 'ab'.repeat(32)
  const entry = (url: string, digests: Record<string, unknown> = { sha256: sha }) => ({
    filename: 'demo-1.0-py3-none-any.whl',
    url,
    digests,
    packagetype: 'bdist_wheel'
  })
  const document = (files: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      info: { name: 'Demo', version: '1.0', license: 'MIT', project_urls: { Home: 'x' } },
      last_serial: 7,
      urls: files,
      vulnerabilities: [{ id: 'PYSEC-1', aliases: [], fixed_in: ['1.1'] }],
      ...extra
    })
  const read = (text: string, version?: string) => {
    const result = readMirrorJson(text, 'demo', version)
    return result.ok ? (JSON.parse(result.body) as Record<string, unknown>) : result.reason
  }

  it('keeps every field, vulnerabilities included, and gives each file its PyPI URL', () => {
    const pypiLayout = `https://mirror.example/packages/ab/cd/${'e'.repeat(60)}/demo-1.0-py3-none-any.whl`
    const result = read(
      document([entry(pypiLayout)], {
        releases: { '1.0': [entry('https://mirror.example/files/demo-1.0-py3-none-any.whl')] }
      }),
      '1.0'
    ) as { info: unknown; urls: { url: string }[]; releases: Record<string, { url: string }[]> }
    expect(result).toMatchObject({
      info: { name: 'Demo', license: 'MIT', project_urls: { Home: 'x' } },
      last_serial: 7,
      vulnerabilities: [{ id: 'PYSEC-1', aliases: [], fixed_in: ['1.1'] }]
    })
    expect(result.urls[0].url).toBe(
      `https://files.pythonhosted.org/packages/ab/cd/${'e'.repeat(60)}/demo-1.0-py3-none-any.whl`
    )
    expect(result.releases['1.0'][0].url).toBe(
      `https://files.pythonhosted.org/packages/sha256/${sha}/demo-1.0-py3-none-any.whl`
    )
  })

  it.each([
    ['not JSON', '<html>captive portal</html>', 'not JSON'],
    ['another project', document([]).replace('"Demo"', '"other"'), 'is about other, not demo'],
    ['no urls', JSON.stringify({ info: { name: 'demo', version: '1' } }), 'lacks info and urls'],
    ['a file without digests', document([{ filename: 'x', url: 'y' }]), 'well-formed digests'],
    ['a bad sha256', document([entry('https://m/x', { sha256: 'zz' })]), 'well-formed digests'],
    ['releases not a table', document([], { releases: [] }), 'releases that are not a table'],
    ['a release not a list', document([], { releases: { '1.0': {} } }), 'not a list']
  ])('refuses %s', (_what, text, reason) => {
    expect(read(text)).toContain(reason)
  })
})
