import type { ServerResponse } from 'node:http'

/** Says, instead of any byte, why the file cannot be had. */
export function refuse(response: ServerResponse, text: string): void {
  response.writeHead(502, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store'
  })
  response.end(text)
}

/** Writes `chunk`, resolving once the client can take more (or has gone). */
export async function sendChunk(response: ServerResponse, chunk: Buffer): Promise<void> {
  if (response.destroyed || response.write(chunk)) return
  await new Promise<void>(resolve => {
    const done = (): void => {
      response.off('drain', done).off('close', done)
      resolve()
    }
    response.on('drain', done).on('close', done)
  })
}
