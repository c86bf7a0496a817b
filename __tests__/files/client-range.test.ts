import { describe, expect, it } from '@jest/globals'
import {
  fileCacheControl,
  fileEtag,
  fileHead,
  type RangeRequest,
  rangeAnswer,
  requestedRange
} from '../../src/files/client-range.js'

const SHA = 'ab'.repeat(32)
const ETAG = fileEtag(SHA)

describe('requestedRange', () => {
  it.each<[string, string | undefined, string | undefined, RangeRequest | undefined]>([
    ['no Range', undefined, undefined, undefined],
    ['a closed range', 'bytes=100-199', undefined, { first: 100, last: 199 }],
    ['an open range', 'bytes=1000-', undefined, { first: 1000 }],
    ['a suffix', 'bytes=-1000', undefined, { suffix: 1000 }],
    ['spaces around it', ' bytes=0-0 ', undefined, { first: 0, last: 0 }],
    ['a one-byte range', 'bytes=5-5', undefined, { first: 5, last: 5 }],
    ['several ranges', 'bytes=0-1,5-6', undefined, undefined],
    ['an end before its start', 'bytes=5-1', undefined, undefined],
    ['no bounds', 'bytes=-', undefined, undefined],
    ['another unit', 'lines=0-9', undefined, undefined],
    ['a negative start', 'bytes=-5-9', undefined, undefined],
    ['garbage', 'bytes=a-b', undefined, undefined],
    ['If-Range naming this file', 'bytes=0-9', ETAG, { first: 0, last: 9 }],
    ['If-Range naming another', 'bytes=0-9', '"other"', undefined],
    ['If-Range as a weak tag', 'bytes=0-9', `W/${ETAG}`, undefined],
    ['If-Range as a date', 'bytes=0-9', 'Wed, 21 Oct 2015 07:28:00 GMT', undefined]
  ])('%s', (_, range, ifRange, expected) => {
    expect(requestedRange(range, ifRange, ETAG)).toEqual(expected)
  })
})

describe('rangeAnswer', () => {
  it.each<[RangeRequest, number, ReturnType<typeof rangeAnswer>]>([
    [{ first: 100, last: 199 }, 1000, { start: 100, end: 199 }],
    [{ first: 900, last: 5000 }, 1000, { start: 900, end: 999 }],
    [{ first: 999 }, 1000, { start: 999, end: 999 }],
    [{ first: 1000 }, 1000, 'unsatisfiable'],
    [{ first: 1e30 }, 1000, 'unsatisfiable'],
    [{ suffix: 100 }, 1000, { start: 900, end: 999 }],
    [{ suffix: 5000 }, 1000, { start: 0, end: 999 }],
    [{ suffix: 0 }, 1000, 'unsatisfiable'],
    [{ suffix: 10 }, 0, 'unsatisfiable'],
    [{ first: 0 }, 0, 'unsatisfiable']
  ])('%j of %d bytes: %j', (request, size, expected) => {
    expect(rangeAnswer(request, size)).toEqual(expected)
  })
})

describe('fileHead', () => {
  const common = {
    'Content-Type': 'application/octet-stream',
    ETag: ETAG,
    'Accept-Ranges': 'bytes'
  }

  it.each<[string, number | undefined, RangeRequest | undefined, unknown]>([
    [
      'a whole file',
      1000,
      undefined,
      { status: 200, headers: { ...common, 'Content-Length': 1000 } }
    ],
    ['a file of unknown size', undefined, undefined, { status: 200, headers: { ...common } }],
    [
      'a range',
      1000,
      { suffix: 10 },
      {
        status: 206,
        headers: {
          ...common,
          'Content-Range': 'bytes 990-999/1000',
          'Content-Length': 10
        },
        range: { start: 990, end: 999 }
      }
    ],
    [
      'a range past the end',
      1000,
      { first: 1000 },
      {
        status: 416,
        headers: {
          ...common,
          'Cache-Control': 'no-store',
          'Content-Range': 'bytes */1000',
          'Content-Length': 0
        }
      }
    ]
  ])('%s', (_, size, request, expected) => {
    expect(fileHead(SHA, size, request)).toEqual(expected)
  })
})

describe('fileCacheControl', () => {
  it.each([
    [false, 'no-store'],
    [true, 'max-age=365000000, immutable']
  ])('for a client that keeps a copy: %s, %s', (keepsCopy, expected) => {
    expect(fileCacheControl(keepsCopy)).toBe(expected)
  })
})
