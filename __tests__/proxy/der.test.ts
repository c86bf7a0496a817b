import { describe, expect, it } from '@jest/globals'
import {
  bitString,
  objectIdentifier,
  smallInteger,
  time,
  tlv,
  unsignedInteger
} from '../../src/proxy/der.js'

const hex = (buffer: Buffer): string => buffer.toString('hex')

describe('DER encodings', () => {
  it.each([
    [0, '0400'],
    [127, `047f${'00'.repeat(127)}`],
    [128, `048180${'00'.repeat(128)}`],
    [256, `04820100${'00'.repeat(256)}`]
  ])('a length of %i', (length, expected) => {
    expect(hex(tlv(0x04, Buffer.alloc(length)))).toBe(expected)
  })

  it('a length of 65536 takes three bytes', () => {
    expect(hex(tlv(0x04, Buffer.alloc(65536)).subarray(0, 5))).toBe('0483010000')
  })

  it.each([
    ['1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['2.5.29.30', '0603551d1e'],
    ['1.3.6.1.5.5.7.3.1', '06082b06010505070301']
  ])('the object identifier %s', (oid, expected) => {
    expect(hex(objectIdentifier(oid))).toBe(expected)
  })

  it.each([
    ['00', '020100'],
    ['0000ff', '020200ff'],
    ['7f', '02017f'],
    ['80', '02020080'],
    ['000102', '02020102']
  ])('the unsigned integer %s', (bytes, expected) => {
    expect(hex(unsignedInteger(Buffer.from(bytes, 'hex')))).toBe(expected)
  })

  it('small integers and bit strings', () => {
    expect(hex(smallInteger(2))).toBe('020102')
    expect(hex(bitString(Buffer.from('abcd', 'hex')))).toBe('030300abcd')
  })

  it.each([
    ['2026-12-04T21:14:05.999Z', Buffer.from('261204211405Z').toString('hex'), '17'],
    ['2049-12-31T23:59:59Z', Buffer.from('491231235959Z').toString('hex'), '17'],
    ['2050-01-01T00:00:00Z', Buffer.from('20500101000000Z').toString('hex'), '18']
  ])('the time %s', (iso, digits, tag) => {
    const encoded = hex(time(new Date(iso)))
    expect(encoded.slice(0, 2)).toBe(tag)
    expect(encoded.slice(4)).toBe(digits)
  })
})
