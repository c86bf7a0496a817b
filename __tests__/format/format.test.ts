import { describe, expect, it } from '@jest/globals'
import { errorMessage, formatBytes, formatSeconds } from '../../src/format/format.js'
import { LogBuffer } from '../../src/format/log.js'

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [5 * 1024 * 1024, '5.0 MiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    [2 * 1024 ** 5, '2048.0 TiB']
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text)
  })
})

describe('formatSeconds and errorMessage', () => {
  it.each([
    [0, '0.0 s'],
    [1250, '1.3 s'],
    [61_000, '61.0 s']
  ])('%d ms is %s', (ms, text) => {
    expect(formatSeconds(ms)).toBe(text)
  })

  it.each([
    [new Error('boom'), 'boom'],
    ['plain', 'plain'],
    [42, '42']
  ])('names what was thrown: %p', (thrown, text) => {
    expect(errorMessage(thrown)).toBe(text)
  })
})

describe('LogBuffer', () => {
  it('replays its messages in order, once', () => {
    const buffer = new LogBuffer()
    buffer.info('one')
    buffer.warning('two', 'title')
    const seen: string[] = []
    const log = {
      info: (message: string) => seen.push(`info:${message}`),
      warning: (message: string, title: string) => seen.push(`warning:${message}:${title}`)
    }
    buffer.replay(log)
    buffer.replay(log)
    expect(seen).toEqual(['info:one', 'warning:two:title'])
  })
})
