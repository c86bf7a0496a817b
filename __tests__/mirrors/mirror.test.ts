import { describe, expect, it } from '@jest/globals'
import { BUILTIN_MIRRORS } from '../../src/mirrors/catalog.js'
import { parseMirror, parseMirrorList, redactUrlText } from '../../src/mirrors/mirror.js'

describe('parseMirror', () => {
  it.each([
    ['tuna', 'tuna', 'https://pypi.tuna.tsinghua.edu.cn/simple', 'pypi.tuna.tsinghua.edu.cn', true],
    ['ALIYUN', 'aliyun', 'https://mirrors.aliyun.com/pypi/simple', 'mirrors.aliyun.com', true],
    [
      'https://example.org/simple/',
      'example.org',
      'https://example.org/simple',
      'example.org',
      true
    ],
    [
      'http://127.0.0.1:8080/simple',
      '127.0.0.1:8080',
      'http://127.0.0.1:8080/simple',
      '127.0.0.1:8080',
      false
    ],
    [
      'corp=https://pypi.corp.example/root/pypi/+simple/',
      'corp',
      'https://pypi.corp.example/root/pypi/+simple',
      'pypi.corp.example',
      true
    ]
  ])('%s', (entry, name, url, host, secure) => {
    expect(parseMirror(entry)).toMatchObject({
      name,
      url,
      displayUrl: url,
      host,
      secure,
      secrets: [],
      private: false
    })
  })

  it.each([
    ['https://user:t0ken@pypi.corp.example/simple', 'pypi.corp.example', true],
    ['https://t0ken@pypi.corp.example/simple', 'pypi.corp.example', true],
    ['private:corp=https://pypi.corp.example/simple', 'corp', true],
    ['PRIVATE: https://pypi.corp.example/simple', 'pypi.corp.example', true],
    ['private:corp=https://user:t0ken@pypi.corp.example/simple', 'corp', true],
    ['corp=https://pypi.corp.example/simple', 'corp', false]
  ])('%s is private: %s', (entry, name, isPrivate) => {
    expect(parseMirror(entry)).toMatchObject({ name, private: isPrivate })
  })

  it('keeps credentials in the URL for pip and hides them everywhere else', () => {
    const mirror = parseMirror('corp=https://user:s3cr%40t@pypi.corp.example/simple')
    expect(mirror.url).toBe('https://user:s3cr%40t@pypi.corp.example/simple')
    expect(mirror.displayUrl).toBe('https://user:***@pypi.corp.example/simple')
    expect(mirror.secrets).toEqual(['s3cr@t', 's3cr%40t'])
  })

  it('treats a lone user name as a token', () => {
    const mirror = parseMirror('https://tok3n@pypi.fury.example/simple')
    expect(mirror.displayUrl).toBe('https://***@pypi.fury.example/simple')
    expect(mirror.secrets).toEqual(['tok3n'])
  })

  it.each([
    ['tsinghua', /unknown mirror 'tsinghua': use a built-in name \(pypi, tuna/],
    ['ftp://mirror.example/simple', /'ftp:\/\/mirror.example\/simple' uses the scheme 'ftp'/],
    ['corp=ftp://mirror.example/simple', /uses the scheme 'ftp'/],
    ['http://', /'http:\/\/' is not a valid URL/],
    ['mirror.example/simple', /unknown mirror 'mirror.example\/simple'/],
    ['private:tuna', /'private:tuna': the built-in mirrors are public/],
    ['private:corp', /unknown mirror 'corp'/]
  ])('rejects %s', (entry, message) => {
    expect(() => parseMirror(entry)).toThrow(message)
  })
})

describe('parseMirrorList', () => {
  it('expands auto to every built-in, in catalogue order', () => {
    expect(parseMirrorList('auto').map(mirror => mirror.name)).toEqual(Object.keys(BUILTIN_MIRRORS))
    expect(parseMirrorList('').map(mirror => mirror.name)).toEqual(Object.keys(BUILTIN_MIRRORS))
  })

  it('splits lines and commas, skips comments and blank entries, and drops duplicate URLs', () => {
    const mirrors = parseMirrorList(
      'tuna, bfsu\n# a comment\n\nhttps://pypi.tuna.tsinghua.edu.cn/simple/\n  pypi  '
    )
    expect(mirrors.map(mirror => mirror.name)).toEqual(['tuna', 'bfsu', 'pypi'])
  })

  it('keeps a URL listed twice private if either entry marks it', () => {
    const mirrors = parseMirrorList(
      'corp=https://pypi.corp.example/simple, private:https://pypi.corp.example/simple/'
    )
    expect(mirrors).toHaveLength(1)
    expect(mirrors[0]).toMatchObject({ name: 'corp', private: true })
  })

  it('gives mirrors on one host distinct names', () => {
    const names = parseMirrorList(
      'http://127.0.0.1:9/a,http://127.0.0.1:9/b,http://127.0.0.1:9/c'
    ).map(m => m.name)
    expect(names).toEqual(['127.0.0.1:9', '127.0.0.1:9-2', '127.0.0.1:9-3'])
  })
})

describe('redactUrlText', () => {
  it.each([
    ['https://u:p@host/simple', 'https://***@host/simple'],
    ['a https://token@host/x and http://h/y', 'a https://***@host/x and http://h/y'],
    ['no url here', 'no url here']
  ])('%s', (text, expected) => expect(redactUrlText(text)).toBe(expected))
})
