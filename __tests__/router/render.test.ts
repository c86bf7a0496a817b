import { describe, expect, it } from '@jest/globals'
import { type IndexFile, type IndexPage, parseIndexPage } from '../../src/net/index-page.js'
import { chooseFormat, type FileUrl, renderProjectPage } from '../../src/router/render.js'

const SHA = 'a'.repeat(64)
const META = 'b'.repeat(64)
const BLAKE = 'c'.repeat(64)

const PIP_ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'
const UV_ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01'

const JSON_FORMAT = chooseFormat(PIP_ACCEPT)
const HTML_FORMAT = chooseFormat('application/vnd.pypi.simple.v1+html')

/** The router's own URL for a file, as the router would make it. */
const routed: FileUrl = file => `http://127.0.0.1:9999/files/${SHA}/${file.filename}`

/** A page that uses every attribute, with characters that need escaping. */
const FULL_PAGE: IndexPage = {
  serial: 4242,
  versions: ['1.0', '2.0b1', '3.0'],
  files: [
    {
      filename: 'demo_pkg-2.0b1-py3-none-any.whl',
      url: 'https://upstream.example/p/demo_pkg-2.0b1-py3-none-any.whl',
      sha256: SHA,
      hashes: { sha256: SHA, blake2b_256: BLAKE },
      requiresPython: '>=3.8,<4,!=3.9.*',
      yanked: 'broken "wheel" & <tags>',
      coreMetadata: { sha256: META },
      size: 1234,
      uploadTime: '2024-02-03T09:53:09.832313Z'
    },
    {
      filename: 'demo_pkg-1.0.tar.gz',
      url: '../../p/demo_pkg-1.0.tar.gz',
      sha256: META,
      hashes: { sha256: META },
      yanked: true,
      coreMetadata: true,
      size: 99
    },
    { filename: 'demo_pkg-3.0.zip', url: 'demo_pkg-3.0.zip', hashes: {}, size: 0 }
  ]
}

const reparse = (rendered: { contentType: string; body: string }): IndexPage => {
  const parsed = parseIndexPage(rendered.contentType, rendered.body)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.page
}

/** The page as a client should see it: every file at the router's URL. */
const routedPage = (page: IndexPage): IndexPage => ({
  ...page,
  files: page.files.map(file => ({ ...file, url: routed(file) }))
})

/** What HTML can carry: one hash, and no sizes, upload times or version list. */
const htmlPart = (page: IndexPage): IndexPage => ({
  ...(page.serial === undefined ? {} : { serial: page.serial }),
  files: page.files.map(({ size: _size, uploadTime: _time, ...file }: IndexFile) => ({
    ...file,
    hashes: Object.fromEntries(file.sha256 ? [['sha256', file.sha256]] : [])
  }))
})

describe('chooseFormat', () => {
  it.each([
    ["pip's Accept header", PIP_ACCEPT, 'json', 'application/vnd.pypi.simple.v1+json'],
    ["uv's Accept header", UV_ACCEPT, 'json', 'application/vnd.pypi.simple.v1+json'],
    ['no header (pip before 22.2, curl)', undefined, 'html', 'text/html'],
    ['an empty header', '', 'html', 'text/html'],
    ['plain text/html', 'text/html', 'html', 'text/html'],
    ['*/*', '*/*', 'html', 'text/html'],
    [
      'the v1 HTML type',
      'application/vnd.pypi.simple.v1+html',
      'html',
      'application/vnd.pypi.simple.v1+html'
    ],
    [
      'the latest JSON alias',
      'application/vnd.pypi.simple.latest+json',
      'json',
      'application/vnd.pypi.simple.v1+json'
    ],
    [
      'HTML preferred by q-value',
      'application/vnd.pypi.simple.v1+json;q=0.5, text/html',
      'html',
      'text/html'
    ],
    [
      'JSON preferred over a wildcard',
      '*/*;q=0.8, application/vnd.pypi.simple.v1+json',
      'json',
      'application/vnd.pypi.simple.v1+json'
    ],
    ['JSON refused with q=0', 'application/vnd.pypi.simple.v1+json;q=0', 'html', 'text/html'],
    ['only unknown types', 'application/xml, image/png', 'html', 'text/html'],
    [
      'upper case and spaces',
      ' Application/VND.PYPI.SIMPLE.V1+JSON ; Q = 0.9 , text/html;q=0.1',
      'json',
      'application/vnd.pypi.simple.v1+json'
    ]
  ])('%s', (_name, accept, format, contentType) => {
    expect(chooseFormat(accept)).toEqual({ format, contentType })
  })
})

describe('renderProjectPage', () => {
  it('renders PEP 691 JSON with every attribute, both metadata keys and routed URLs', () => {
    const rendered = renderProjectPage('Demo_Pkg', FULL_PAGE, JSON_FORMAT, routed)
    expect(rendered.contentType).toBe('application/vnd.pypi.simple.v1+json')
    const document = JSON.parse(rendered.body)
    expect(document.meta).toEqual({ 'api-version': '1.1', '_last-serial': 4242 })
    expect(document.name).toBe('demo-pkg')
    expect(document.versions).toEqual(['1.0', '2.0b1', '3.0'])
    expect(document.files[0]).toEqual({
      filename: 'demo_pkg-2.0b1-py3-none-any.whl',
      url: routed(FULL_PAGE.files[0]),
      hashes: { sha256: SHA, blake2b_256: BLAKE },
      'requires-python': '>=3.8,<4,!=3.9.*',
      yanked: 'broken "wheel" & <tags>',
      'core-metadata': { sha256: META },
      'dist-info-metadata': { sha256: META },
      size: 1234,
      'upload-time': '2024-02-03T09:53:09.832313Z'
    })
    expect(document.files[2]).toEqual({
      filename: 'demo_pkg-3.0.zip',
      url: routed(FULL_PAGE.files[2]),
      hashes: {},
      size: 0
    })
    expect(rendered.body).not.toContain('upstream.example')
  })

  it('renders PEP 503 HTML with escaped attributes, both metadata attributes and the hash fragment', () => {
    const rendered = renderProjectPage('demo-pkg', FULL_PAGE, HTML_FORMAT, routed)
    expect(rendered.contentType).toBe('application/vnd.pypi.simple.v1+html; charset=utf-8')
    expect(rendered.body).toContain(
      `<a href="${routed(FULL_PAGE.files[0])}#sha256=${SHA}" data-requires-python="&gt;=3.8,&lt;4,!=3.9.*" ` +
        `data-yanked="broken &quot;wheel&quot; &amp; &lt;tags&gt;" data-core-metadata="sha256=${META}" ` +
        `data-dist-info-metadata="sha256=${META}">demo_pkg-2.0b1-py3-none-any.whl</a><br />`
    )
    expect(rendered.body).toContain(
      `<a href="${routed(FULL_PAGE.files[1])}#sha256=${META}" data-yanked="" data-core-metadata="true" ` +
        'data-dist-info-metadata="true">demo_pkg-1.0.tar.gz</a><br />'
    )
    expect(rendered.body).toContain('<!--SERIAL 4242-->')
    expect(rendered.body).not.toContain('upstream.example')
  })

  it('keeps every attribute through JSON → JSON → parse', () => {
    const json = renderProjectPage('demo-pkg', FULL_PAGE, JSON_FORMAT, routed)
    expect(reparse(json)).toEqual(routedPage(FULL_PAGE))
  })

  it('keeps every attribute HTML can carry through JSON → HTML → parse', () => {
    const html = renderProjectPage('demo-pkg', FULL_PAGE, HTML_FORMAT, routed)
    expect(reparse(html)).toEqual(htmlPart(routedPage(FULL_PAGE)))
  })

  it('keeps every attribute through HTML → JSON → parse, and back to HTML', () => {
    const fromMirror = reparse(renderProjectPage('demo-pkg', FULL_PAGE, HTML_FORMAT, f => f.url))
    const json = renderProjectPage('demo-pkg', fromMirror, JSON_FORMAT, routed)
    expect(JSON.parse(json.body).meta['api-version']).toBe('1.0')
    expect(reparse(json)).toEqual(routedPage(fromMirror))
    const html = renderProjectPage('demo-pkg', reparse(json), chooseFormat(undefined), routed)
    expect(html.contentType).toBe('text/html; charset=utf-8')
    expect(reparse(html)).toEqual(routedPage(fromMirror))
  })

  it('leaves out what the page does not state', () => {
    const page: IndexPage = { files: [{ filename: 'x-1.0.tar.gz', url: 'x-1.0.tar.gz' }] }
    const document = JSON.parse(renderProjectPage('x', page, JSON_FORMAT, routed).body)
    expect(document).toEqual({
      meta: { 'api-version': '1.0' },
      name: 'x',
      files: [{ filename: 'x-1.0.tar.gz', url: routed(page.files[0]), hashes: {} }]
    })
    const html = renderProjectPage('x', page, HTML_FORMAT, routed).body
    expect(html).toContain(`<a href="${routed(page.files[0])}">x-1.0.tar.gz</a>`)
    expect(html).not.toContain('SERIAL')
  })
})
