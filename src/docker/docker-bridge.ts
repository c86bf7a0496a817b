// Where the job's containers reach the router: the host's own address on Docker's default bridge
// (docker0's, 172.17.0.1 by default). Containers of `docker run`, container actions (on the
// default bridge, or on the job's network, which reaches the host's addresses too) and the
// RUN steps of a build reach it; no other host does, since it is an address of a bridge that
// exists on this machine only.
import { firstHost, isIpv4Cidr, isPrivateIpv4 } from '../net/ipv4.js'

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
  // A prefix longer than /30 leaves no host for the bridge and another.
  const firstHosts = configs.map(config =>
    typeof config.Subnet === 'string' &&
    isIpv4Cidr(config.Subnet) &&
    Number(config.Subnet.split('/')[1]) <= 30
      ? firstHost(config.Subnet)
      : undefined
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
 * which the runner starts container actions too, reaches it there. Not the bridges of a Docker
 * daemon that runs inside it: they are no address of the job's network.
 */
export function ownContainerAddresses(interfaces: Interfaces): string[] {
  return Object.entries(interfaces)
    .filter(([name]) => !DOCKER_BRIDGE_NAME.test(name))
    .flatMap(([, addresses]) => addresses ?? [])
    .filter(entry => !entry.internal && (entry.family === 'IPv4' || entry.family === 4))
    .map(entry => entry.address)
    .filter(isPrivateIpv4)
}

/** The interfaces Docker makes for its bridge networks: docker0 and `br-<network id>`. */
const DOCKER_BRIDGE_NAME = /^(docker\d+|br-[0-9a-f]+)$/
