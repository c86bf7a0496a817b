// Where the job's containers reach the router: the host's own address on Docker's default bridge
// (docker0's, 172.17.0.1 by default). Containers of `docker run`, container actions (on the
// default bridge, or on the job's network, which reaches the host's addresses too) and the
// RUN steps of a build reach it; no other host does, since it is an address of a bridge that
// exists on this machine only.

interface BridgeInspect {
  IPAM?: { Config?: { Gateway?: unknown; Subnet?: unknown }[] | null }
}

/**
 * The addresses the host may have on the bridge that `docker network inspect bridge` describes,
 * most likely first: the gateway where Docker names one, else the first address of each subnet,
 * which Docker gives the bridge unless told otherwise (Docker 20.10 names no gateway for the
 * default bridge). Private IPv4 addresses only (RFC 1918): never a public interface. Whether one
 * is this machine's (the job may run in a container, where the daemon's bridge is not its own)
 * only binding to it tells: an empty bridge is down, and Node lists no address of it.
 */
export function bridgeCandidates(inspect: unknown): string[] {
  const network = (Array.isArray(inspect) ? inspect[0] : inspect) as BridgeInspect | undefined
  const configs = network?.IPAM?.Config ?? []
  const gateways = configs.map(config => config.Gateway)
  const firstHosts = configs.map(config =>
    typeof config.Subnet === 'string' ? firstHost(config.Subnet) : undefined
  )
  const candidates = [...gateways, ...firstHosts].filter(
    (address): address is string => typeof address === 'string' && isPrivateIpv4(address)
  )
  return [...new Set(candidates)]
}

/** What `os.networkInterfaces()` tells, reduced to what is needed. */
export type Interfaces = Record<
  string,
  { address: string; family: string | number; internal: boolean }[] | undefined
>

/**
 * Inside a container (a `container:` job), its own private IPv4 addresses: the job's network, on
 * which the runner starts container actions too, reaches it there.
 */
export function ownContainerAddresses(interfaces: Interfaces): string[] {
  return Object.values(interfaces)
    .flatMap(addresses => addresses ?? [])
    .filter(entry => !entry.internal && (entry.family === 'IPv4' || entry.family === 4))
    .map(entry => entry.address)
    .filter(isPrivateIpv4)
}

/** `a.b.c.d/n`'s first host address; undefined for anything else (IPv6 subnets among them). */
function firstHost(subnet: string): string | undefined {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(subnet)
  const bits = Number(match?.[2])
  if (!match || !isIpv4(match[1]) || bits < 8 || bits > 30) return undefined
  const mask = (~0 << (32 - bits)) >>> 0
  const network = (toNumber(match[1]) & mask) >>> 0
  return fromNumber(network + 1)
}

/** 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
export function isPrivateIpv4(address: string): boolean {
  if (!isIpv4(address)) return false
  const [a, b] = address.split('.').map(Number)
  return a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168)
}

function isIpv4(address: string): boolean {
  const parts = address.split('.')
  return parts.length === 4 && parts.every(part => /^\d{1,3}$/.test(part) && Number(part) < 256)
}

function toNumber(address: string): number {
  return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
}

function fromNumber(value: number): string {
  return [24, 16, 8, 0].map(shift => (value >>> shift) & 255).join('.')
}
