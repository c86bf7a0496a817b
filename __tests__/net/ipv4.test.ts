import { describe, expect, it } from '@jest/globals'
import { firstHost, inNetwork, isIpv4, isIpv4Cidr, isPrivateIpv4 } from '../../src/net/ipv4.js'

describe('isPrivateIpv4', () => {
  it.each([
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['192.169.0.1', false],
    ['8.8.8.8', false],
    ['127.0.0.1', false],
    ['10.1.2', false],
    ['10.1.2.300', false],
    ['::1', false]
  ])('%s: %s', (address, expected) => {
    expect(isPrivateIpv4(address)).toBe(expected)
  })
})

describe('isIpv4, isIpv4Cidr, inNetwork, firstHost', () => {
  it.each([
    ['1.2.3.4', true],
    ['255.255.255.255', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['::ffff:1.2.3.4', false]
  ])('isIpv4 %s: %s', (text, expected) => {
    expect(isIpv4(text)).toBe(expected)
  })

  it.each([
    ['10.0.0.0/8', true],
    ['10.0.0.0/0', false],
    ['10.0.0.0/33', false],
    ['10.0.0.0', false],
    ['10.0.0.0/8/1', false]
  ])('isIpv4Cidr %s: %s', (text, expected) => {
    expect(isIpv4Cidr(text)).toBe(expected)
  })

  it.each([
    ['172.17.0.1', '172.16.0.0/12', true],
    ['172.32.0.1', '172.16.0.0/12', false],
    ['10.1.2.3', '10.1.2.3/32', true]
  ])('inNetwork %s %s: %s', (address, cidr, expected) => {
    expect(inNetwork(address, cidr)).toBe(expected)
  })

  it.each([
    ['172.17.0.0/16', '172.17.0.1'],
    ['192.168.50.7/24', '192.168.50.1'],
    ['10.0.0.0/30', '10.0.0.1']
  ])('firstHost %s: %s', (cidr, expected) => {
    expect(firstHost(cidr)).toBe(expected)
  })
})
