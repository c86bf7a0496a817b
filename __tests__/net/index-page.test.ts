import { describe, expect, it } from '@jest/globals'
import { type IndexFile, parseIndexPage } from '../../src/net/index-page.js'

const SHA = 'a'.repeat(64)
const META = 'b'.repeat(64)

const json = (document: unknown): string => JSON.stringify(document)

describe('parseIndexPage', () => {
  it.each([
    [
      'PEP 691 JSON with a numeric serial',
      'application/vnd.pypi.simple.v1+json',
      json({
        meta: { 'api-version': '1.1', '_last-serial': 42 },
        files: [
          {
            filename: 'pip-24.0-py3-none-any.whl',
            url: 'https://files/pip-24.0-py3-none-any.whl',
            hashes: { sha256: SHA }
          }
        ]
      }),
      undefined,
      42
    ],
    [
      'PEP 691 JSON with a string serial',
      'application/vnd.pypi.simple.v1+json; charset=utf-8',
      json({
        meta: { '_last-serial': '77' },
        files: [{ filename: 'pip-24.0.tar.gz', url: 'x', hashes: {} }]
      }),
      undefined,
      77
    ],
    [
      'PEP 503 HTML with a bandersnatch serial',
      'text/html',
      `<!DOCTYPE html><html><body><a href="../../packages/pip-24.0-py3-none-any.whl#sha256=${SHA}" data-requires-python="&gt;=3.7">pip-24.0-py3-none-any.whl</a><br/>\n<!--SERIAL 9001--></body></html>`,
      undefined,
      9001
    ],
    [
      'PEP 691 HTML with the serial in a header',
      'application/vnd.pypi.simple.v1+html',
      `<a href='/f/pip-1.0.zip'>pip-1.0.zip</a>`,
      '123',
      123
    ]
  ])('%s', (_name, contentType, body, header, serial) => {
    const parsed = parseIndexPage(contentType, body, header)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.page.serial).toBe(serial)
    expect(parsed.page.files).toHaveLength(1)
  })

  it('reads file names, URLs and hashes from HTML, decoding entities', () => {
    const parsed = parseIndexPage(
      'text/html',
      `<a href="/files/a_b-1.0-py3-none-any.whl?x=1&amp;y=2#sha256=${SHA.toUpperCase()}">a_b-1.0-py3-none-any.whl</a>
       <a href="/files/a_b-1.0.tar.gz">a_b-1.0.tar.gz</a>
       <a href="/other/">not a file</a>`
    )
    expect(parsed).toEqual({
      ok: true,
      page: {
        files: [
          {
            filename: 'a_b-1.0-py3-none-any.whl',
            url: '/files/a_b-1.0-py3-none-any.whl?x=1&y=2',
            sha256: SHA,
            hashes: { sha256: SHA }
          },
          { filename: 'a_b-1.0.tar.gz', url: '/files/a_b-1.0.tar.gz', hashes: {} }
        ]
      }
    })
  })

  const html = (anchor: string): IndexFile[] => {
    const parsed = parseIndexPage('text/html', `<html><body>${anchor}</body></html>`)
    if (!parsed.ok) throw new Error(parsed.reason)
    return parsed.page.files
  }

  it.each<[string, string, Omit<IndexFile, 'hashes'> & { hashes?: Record<string, string> }]>([
    [
      'named and numeric entities in attributes',
      '<a href="/f/x-1.0.tar.gz" data-requires-python="&gt;=3.8,&#60;4,!=3.9.&#x2a;">x-1.0.tar.gz</a>',
      { filename: 'x-1.0.tar.gz', url: '/f/x-1.0.tar.gz', requiresPython: '>=3.8,<4,!=3.9.*' }
    ],
    [
      'single-quoted attributes holding double quotes',
      `<a href='/f/x-1.0.tar.gz' data-yanked='said "no"'>x-1.0.tar.gz</a>`,
      { filename: 'x-1.0.tar.gz', url: '/f/x-1.0.tar.gz', yanked: 'said "no"' }
    ],
    [
      'upper-case tags and attribute names',
      `<A HREF="/f/x-1.0.zip#SHA256=${SHA.toUpperCase()}" DATA-REQUIRES-PYTHON="&GT;=3">x-1.0.zip</A>`,
      {
        filename: 'x-1.0.zip',
        url: '/f/x-1.0.zip',
        sha256: SHA,
        hashes: { sha256: SHA },
        requiresPython: '>=3'
      }
    ],
    [
      'unquoted attributes',
      '<a href=/f/x-1.0.tar.gz data-requires-python=&gt;=3.7>x-1.0.tar.gz</a>',
      { filename: 'x-1.0.tar.gz', url: '/f/x-1.0.tar.gz', requiresPython: '>=3.7' }
    ],
    [
      'data-yanked="" (yanked without a reason)',
      '<a href="/f/x-1.0.tar.gz" data-yanked="">x-1.0.tar.gz</a>',
      { filename: 'x-1.0.tar.gz', url: '/f/x-1.0.tar.gz', yanked: true }
    ],
    [
      'a bare data-yanked attribute',
      '<a href="/f/x-1.0.tar.gz" data-yanked>x-1.0.tar.gz</a>',
      { filename: 'x-1.0.tar.gz', url: '/f/x-1.0.tar.gz', yanked: true }
    ],
    [
      'data-dist-info-metadata="sha256=…" (PEP 658, the old name)',
      `<a href="/f/x-1.0-py3-none-any.whl" data-dist-info-metadata="sha256=${META}">x-1.0-py3-none-any.whl</a>`,
      {
        filename: 'x-1.0-py3-none-any.whl',
        url: '/f/x-1.0-py3-none-any.whl',
        coreMetadata: { sha256: META }
      }
    ],
    [
      'data-core-metadata="true" winning over data-dist-info-metadata',
      `<a href="/f/x-1.0-py3-none-any.whl" data-dist-info-metadata="sha256=${META}" data-core-metadata="true">x-1.0-py3-none-any.whl</a>`,
      { filename: 'x-1.0-py3-none-any.whl', url: '/f/x-1.0-py3-none-any.whl', coreMetadata: true }
    ],
    [
      'an absolute href with a query',
      `<a href="https://files.example/p/x-1.0.tar.gz?token=a&amp;b=c#md5=${'C'.repeat(32)}">x-1.0.tar.gz</a>`,
      {
        filename: 'x-1.0.tar.gz',
        url: 'https://files.example/p/x-1.0.tar.gz?token=a&b=c',
        hashes: { md5: 'c'.repeat(32) }
      }
    ],
    [
      'a relative href and a file name split by markup and whitespace',
      '<a href="../../packages/x-1.0.tar.gz">\n  <span>x-1.0</span>.tar.gz\n</a>',
      { filename: 'x-1.0.tar.gz', url: '../../packages/x-1.0.tar.gz' }
    ]
  ])('reads HTML with %s', (_name, anchor, expected) => {
    expect(html(anchor)).toEqual([{ hashes: {}, ...expected }])
  })

  it('keeps only anchors with an href whose text is a distribution file name', () => {
    expect(
      html(
        '<a name="x-1.0.tar.gz">x-1.0.tar.gz</a><a href="/simple/">x-1.0.tar.gz index</a>' +
          '<a href="/f/x-1.0.tar.gz">x-1.0.tar.gz</a>'
      )
    ).toEqual([{ filename: 'x-1.0.tar.gz', url: '/f/x-1.0.tar.gz', hashes: {} }])
  })

  const PIP_WHEEL_SHA = 'ba0d021a166865d2265246961bec0152ff124de910c5cc39f1156ce3fa7c69dc'

  it.each([
    [
      "PyPI's HTML (PEP 503 with PEP 592, 658, 714)",
      `<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.1">
    <title>Links for pip</title>
  </head>
  <body>
    <h1>Links for pip</h1>
    <a href="https://files.pythonhosted.org/packages/8a/6a/19e9/pip-24.0-py3-none-any.whl#sha256=${PIP_WHEEL_SHA}" data-requires-python="&gt;=3.7" data-dist-info-metadata="sha256=${META}" data-core-metadata="sha256=${META}">pip-24.0-py3-none-any.whl</a><br />
    <a href="https://files.pythonhosted.org/packages/94/59/6638/pip-24.0.tar.gz#sha256=${SHA}" data-requires-python="&gt;=3.7" data-yanked="">pip-24.0.tar.gz</a><br />
    </body>
</html>
<!--SERIAL 22196496-->`,
      {
        serial: 22196496,
        files: [
          {
            filename: 'pip-24.0-py3-none-any.whl',
            url: 'https://files.pythonhosted.org/packages/8a/6a/19e9/pip-24.0-py3-none-any.whl',
            sha256: PIP_WHEEL_SHA,
            hashes: { sha256: PIP_WHEEL_SHA },
            requiresPython: '>=3.7',
            coreMetadata: { sha256: META }
          },
          {
            filename: 'pip-24.0.tar.gz',
            url: 'https://files.pythonhosted.org/packages/94/59/6638/pip-24.0.tar.gz',
            sha256: SHA,
            hashes: { sha256: SHA },
            requiresPython: '>=3.7',
            yanked: true
          }
        ]
      }
    ],
    [
      "bandersnatch's HTML (relative links, serial comment)",
      `<!DOCTYPE html>
<html>
  <head>
    <meta name="pypi:repository-version" content="1.0">
    <title>Links for black</title>
  </head>
  <body>
    <h1>Links for black</h1>
    <a href="../../packages/3f/25/e4f6/black-24.1.0-py3-none-any.whl#sha256=${SHA}" data-requires-python="&gt;=3.8" data-dist-info-metadata="sha256=${META}">black-24.1.0-py3-none-any.whl</a><br/>
  </body>
</html>
<!--SERIAL 21669581-->`,
      {
        serial: 21669581,
        files: [
          {
            filename: 'black-24.1.0-py3-none-any.whl',
            url: '../../packages/3f/25/e4f6/black-24.1.0-py3-none-any.whl',
            sha256: SHA,
            hashes: { sha256: SHA },
            requiresPython: '>=3.8',
            coreMetadata: { sha256: META }
          }
        ]
      }
    ],
    [
      "devpi's HTML (+f links, no serial)",
      `<!DOCTYPE html>
<html>
  <head>
    <title>root/pypi: links for six</title></head>
  <body>
    <h1>root/pypi: links for six</h1>

    <a href="../../+f/8ab/b2f1d86890a2d/six-1.16.0-py2.py3-none-any.whl#sha256=${SHA}" data-requires-python="&gt;=2.7, !=3.0.*, !=3.1.*, !=3.2.*">six-1.16.0-py2.py3-none-any.whl</a><br/>
    <a href="../../+f/1e6/1c37477a1626/six-1.16.0.tar.gz#sha256=${META}" data-requires-python="&gt;=2.7, !=3.0.*, !=3.1.*, !=3.2.*">six-1.16.0.tar.gz</a><br/>
  </body>
</html>`,
      {
        files: [
          {
            filename: 'six-1.16.0-py2.py3-none-any.whl',
            url: '../../+f/8ab/b2f1d86890a2d/six-1.16.0-py2.py3-none-any.whl',
            sha256: SHA,
            hashes: { sha256: SHA },
            requiresPython: '>=2.7, !=3.0.*, !=3.1.*, !=3.2.*'
          },
          {
            filename: 'six-1.16.0.tar.gz',
            url: '../../+f/1e6/1c37477a1626/six-1.16.0.tar.gz',
            sha256: META,
            hashes: { sha256: META },
            requiresPython: '>=2.7, !=3.0.*, !=3.1.*, !=3.2.*'
          }
        ]
      }
    ]
  ])('reads %s', (_name, body, page) => {
    expect(parseIndexPage('text/html; charset=utf-8', body)).toEqual({ ok: true, page })
  })

  it('reads every attribute of a PEP 691 JSON page (PEP 700, PEP 714)', () => {
    const parsed = parseIndexPage(
      'application/vnd.pypi.simple.v1+json',
      json({
        meta: { 'api-version': '1.1', '_last-serial': 22196496 },
        name: 'pip',
        versions: ['23.3', '24.0'],
        files: [
          {
            filename: 'pip-24.0-py3-none-any.whl',
            url: 'https://files.pythonhosted.org/p/pip-24.0-py3-none-any.whl',
            hashes: { sha256: SHA.toUpperCase(), blake2b_256: 'c'.repeat(64) },
            'requires-python': '>=3.7',
            'core-metadata': { sha256: META },
            'dist-info-metadata': { sha256: META },
            'data-dist-info-metadata': { sha256: META },
            yanked: false,
            size: 2110226,
            'upload-time': '2024-02-03T09:53:09.832313Z'
          },
          {
            filename: 'pip-23.3.tar.gz',
            url: '../../p/pip-23.3.tar.gz',
            hashes: {},
            'dist-info-metadata': true,
            yanked: 'broken on Windows'
          },
          { filename: 'pip-23.3.zip', url: 'pip-23.3.zip', hashes: { md5: 42 }, yanked: true },
          { filename: 'no-url.tar.gz' }
        ]
      })
    )
    expect(parsed).toEqual({
      ok: true,
      page: {
        serial: 22196496,
        versions: ['23.3', '24.0'],
        files: [
          {
            filename: 'pip-24.0-py3-none-any.whl',
            url: 'https://files.pythonhosted.org/p/pip-24.0-py3-none-any.whl',
            sha256: SHA,
            hashes: { sha256: SHA, blake2b_256: 'c'.repeat(64) },
            requiresPython: '>=3.7',
            coreMetadata: { sha256: META },
            size: 2110226,
            uploadTime: '2024-02-03T09:53:09.832313Z'
          },
          {
            filename: 'pip-23.3.tar.gz',
            url: '../../p/pip-23.3.tar.gz',
            hashes: {},
            coreMetadata: true,
            yanked: 'broken on Windows'
          },
          { filename: 'pip-23.3.zip', url: 'pip-23.3.zip', hashes: {}, yanked: true }
        ]
      }
    })
  })

  it.each([
    [
      'an error page served with 200',
      'text/html',
      '<html><body><h1>Access denied</h1></body></html>',
      'the project page lists no files'
    ],
    [
      'an empty JSON project',
      'application/vnd.pypi.simple.v1+json',
      json({ meta: {}, files: [] }),
      'the project page lists no files'
    ],
    [
      'truncated JSON',
      'application/vnd.pypi.simple.v1+json',
      '{"files": [',
      'the JSON page does not parse'
    ],
    [
      'JSON without files',
      'application/json',
      json({ message: 'not found' }),
      "the JSON page has no 'files' list"
    ],
    ['a plain-text answer', 'text/plain', 'pip-1.0.tar.gz', "unexpected content type 'text/plain'"],
    ['no content type', '', '', "unexpected content type 'none'"]
  ])('rejects %s', (_name, contentType, body, reason) => {
    expect(parseIndexPage(contentType, body)).toEqual({ ok: false, reason })
  })
})
