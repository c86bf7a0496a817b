import { describe, expect, it } from '@jest/globals'
import { parseIndexPage } from '../../src/probe/index-page.js'

const SHA = 'a'.repeat(64)

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
        serial: undefined,
        files: [
          {
            filename: 'a_b-1.0-py3-none-any.whl',
            url: `/files/a_b-1.0-py3-none-any.whl?x=1&y=2#sha256=${SHA.toUpperCase()}`,
            sha256: SHA
          },
          { filename: 'a_b-1.0.tar.gz', url: '/files/a_b-1.0.tar.gz', sha256: undefined }
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
