import { readFile } from 'node:fs/promises'
import {
  type ClientOwner,
  clientOwner,
  type Endpoint,
  socketTablePaths
} from './connect-request.js'

/** What the owner of a socket is judged against: the system, and the router's own user. */
export interface OwnerSystem {
  platform: NodeJS.Platform
  /** The router's uid; undefined where the system has none (Windows). */
  uid: number | undefined
}

const THIS_SYSTEM: OwnerSystem = { platform: process.platform, uid: process.getuid?.() }

/**
 * Who owns the client end of a TCP connection to the router, from the socket tables `system`
 * has: Linux's `/proc/net/tcp` and `/proc/net/tcp6`, the row whose local address is the
 * client's and whose remote address is the router's. `unknown` on macOS and Windows, which have
 * no such tables, and for a client with no row (one in a container, whose sockets are in its own
 * tables).
 */
export async function peerOwner(
  client: Endpoint,
  server: Endpoint,
  system: OwnerSystem = THIS_SYSTEM
): Promise<ClientOwner> {
  // Table by table: an IPv4 client's row is nearly always in the first.
  for (const table of socketTablePaths(system.platform)) {
    const text = await readFile(table, 'utf8').catch(() => undefined)
    const owner = clientOwner([text], system.uid, client, server)
    if (owner !== 'unknown') return owner
  }
  return 'unknown'
}
