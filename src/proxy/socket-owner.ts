import { readFile } from 'node:fs/promises'
import { type Endpoint, socketOwner } from './connect-request.js'

/**
 * The user that owns the client end of a TCP connection to the router from this machine, from
 * Linux's socket tables (`/proc/net/tcp`, `/proc/net/tcp6`): the row whose local address is the
 * client's and whose remote address is the router's. Undefined where there are no such tables
 * (macOS, Windows) or no row (a client in a container, whose sockets are in its own tables).
 */
export async function peerUid(client: Endpoint, server: Endpoint): Promise<number | undefined> {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => undefined)
    const uid = text === undefined ? undefined : socketOwner(text, client, server)
    if (uid !== undefined) return uid
  }
  return undefined
}
