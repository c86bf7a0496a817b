import { describe, expect, it } from '@jest/globals'
import { bridgeCandidates, ownContainerAddresses } from '../../src/docker/docker-bridge.js'

const inspect = (config: unknown[]) => [{ Name: 'bridge', IPAM: { Config: config } }]

describe('bridgeCandidates', () => {
  it.each([
    [
      'Docker 20.10: no gateway, the first address of the subnet',
      inspect([{ Subnet: '172.17.0.0/16' }]),
      ['172.17.0.1']
    ],
    [
      'the gateway Docker names first',
      inspect([{ Subnet: '172.26.0.0/16', Gateway: '172.26.0.5' }]),
      ['172.26.0.5', '172.26.0.1']
    ],
    [
      'a subnet written from an address inside it',
      inspect([{ Subnet: '192.168.50.7/24' }]),
      ['192.168.50.1']
    ],
    ['never a public address', inspect([{ Subnet: '203.0.113.0/24', Gateway: '203.0.113.1' }]), []],
    ['no IPv6', inspect([{ Subnet: 'fd00::/64', Gateway: 'fd00::1' }]), []],
    ['nothing usable', inspect([{ Subnet: '10.0.0.0/31' }, { Subnet: 'x' }, {}]), []],
    ['no network at all', [], []],
    ['not what docker prints', 'oops', []]
  ])('%s', (_what, network, expected) => {
    expect(bridgeCandidates(network)).toEqual(expected)
  })
})

describe('ownContainerAddresses', () => {
  it("lists a container's private IPv4 addresses, never loopback, IPv6, public ones or Docker's own bridges", () => {
    expect(
      ownContainerAddresses({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
        eth0: [
          { address: '172.18.0.2', family: 'IPv4', internal: false },
          { address: 'fe80::2', family: 'IPv6', internal: false }
        ],
        eth1: [{ address: '203.0.113.9', family: 4, internal: false }],
        eth2: [{ address: '10.1.0.4', family: 4, internal: false }],
        docker0: [{ address: '172.17.0.1', family: 'IPv4', internal: false }],
        'br-3f1c2a9e8d7b': [{ address: '172.19.0.1', family: 'IPv4', internal: false }],
        down: undefined
      })
    ).toEqual(['172.18.0.2', '10.1.0.4'])
  })
})
