import { describe, expect, it } from '@jest/globals'
import type { IndexFile, IndexPage } from '../../src/net/index-page.js'
import { parseCoreMetadata, renderPypiJson } from '../../src/router/pypi-json.js'

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
