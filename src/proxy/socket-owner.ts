import { readFile } from 'node:fs/promises'
import { socketOwner } from './connect-request.js'

/**
 * The user that owns the client end of a loopback TCP connection, from Linux's socket tables
 * (`/proc/net/tcp`, `/proc/net/tcp6`): the row whose local port is the client's and whose remote
 * port is the router's. Undefined where there are no such tables (macOS, Windows) or no row.
 */
export async function loopbackPeerUid(
  clientPort: number,
  serverPort: number
): Promise<number | undefined> {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => undefined)
    const uid = text === undefined ? undefined : socketOwner(text, clientPort, serverPort)
    if (uid !== undefined) return uid
  }
  return undefined
}
