// IPv4 addresses as text: what requests' NO_PROXY rules, Docker's subnets and Linux's socket
// tables need of them.

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

export function isIpv4(text: string): boolean {
  const match = IPV4.exec(text)
  return match !== null && match.slice(1).every(part => Number(part) <= 255)
}

/** requests' `is_valid_cidr`: an IPv4 address and a mask from 1 to 32. */
export function isIpv4Cidr(text: string): boolean {
  const [address, mask, ...rest] = text.split('/')
  return (
    rest.length === 0 &&
    mask !== undefined &&
    /^\d+$/.test(mask) &&
    Number(mask) >= 1 &&
    Number(mask) <= 32 &&
    isIpv4(address)
  )
}

/** Whether `address` lies in `cidr` (both checked beforehand). */
export function inNetwork(address: string, cidr: string): boolean {
  const [network, mask] = cidr.split('/')
  const maskValue = networkMask(Number(mask))
  return (toNumber(address) & maskValue) >>> 0 === (toNumber(network) & maskValue) >>> 0
}

/** `cidr`'s first host address: its network address plus one. */
export function firstHost(cidr: string): string {
  const [network, mask] = cidr.split('/')
  return fromNumber(((toNumber(network) & networkMask(Number(mask))) >>> 0) + 1)
}

/** The private ranges (RFC 1918): 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
export function isPrivateIpv4(address: string): boolean {
  return isIpv4(address) && PRIVATE.some(cidr => inNetwork(address, cidr))
}

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']

function networkMask(bits: number): number {
  return bits === 32 ? 0xffffffff : ~(0xffffffff >>> bits) >>> 0
}

function toNumber(address: string): number {
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
}

function fromNumber(value: number): string {
  return [24, 16, 8, 0].map(shift => (value >>> shift) & 255).join('.')
}
