import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net'
import { expect } from '@jest/globals'
import { peerOwner } from '../../src/proxy/socket-owner.js'
import { withProc } from '../../test-support/gates.js'

/** The owner of a real loopback connection's client end, as the router looks it up. */

let server: Server
let client: Socket
let accepted: Socket

withProc.beforeAll(async () => {
  const connection = new Promise<Socket>(resolve => {
    server = createServer(resolve)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  client = connect((server.address() as AddressInfo).port, '127.0.0.1')
  accepted = await connection
})

withProc.afterAll(() => {
  client.destroy()
  accepted.destroy()
  server.close()
})

/** The client and server ends as the router sees them on the socket it accepted. */
function ends(): [{ address: string; port: number }, { address: string; port: number }] {
  return [
    { address: accepted.remoteAddress ?? '', port: accepted.remotePort ?? 0 },
    { address: accepted.localAddress ?? '', port: accepted.localPort ?? 0 }
  ]
}

withProc.it('finds this process as the owner in the socket tables', async () => {
  expect(await peerOwner(...ends())).toBe('same')
})

withProc.it('takes a uid other than the socket’s for another user', async () => {
  const uid = process.getuid?.() ?? 0
  expect(await peerOwner(...ends(), { platform: 'linux', uid: uid + 1 })).toBe('other')
})

withProc.it('reads no tables on macOS or Windows: the owner is unknown', async () => {
  const uid = process.getuid?.()
  expect(await peerOwner(...ends(), { platform: 'darwin', uid })).toBe('unknown')
  expect(await peerOwner(...ends(), { platform: 'win32', uid: undefined })).toBe('unknown')
})
