import { readFile, rename, writeFile } from 'node:fs/promises'
import type { Server } from 'node:net'
import { parseParentMessage, parseRouterConfig, readyMessage } from './config.js'
import { type Router, startRouter } from './server.js'

/**
 * The router process: serves on the socket the starting step hands over, until SIGTERM, then
 * leaves its figures for the post step. It says `ready` over the IPC channel once it serves; a
 * ranking may follow.
 */
export async function runRouterProcess(configFile: string): Promise<void> {
  const config = parseRouterConfig(await readFile(configFile, 'utf8'))
  let router: Router | undefined
  /** Set by the `listen` message; messages that come while it starts wait for it. */
  let starting: Promise<Router> | undefined
  const stop = async (): Promise<void> => {
    if (router) {
      await writeAtomically(config.statsFile, JSON.stringify(router.stats()))
      await router.close()
    }
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop())
  process.once('SIGINT', () => void stop())
  process.on('message', (value, handle) => {
    const message = parseParentMessage(value, config.mirrors.length)
    if (message?.kind === 'listen' && !starting && handle) {
      starting = startRouter(config, handle as Server)
      void starting.then(
        started => {
          router = started
          process.send?.(readyMessage())
        },
        () => process.exit(1)
      )
    }
    if (message?.kind === 'rank') void starting?.then(started => started.rank(message.ranking))
  })
  // Without a socket from the starting step there is nothing to serve.
  process.once('disconnect', () => {
    if (!starting) void stop()
  })
}

/** A reader never sees the file half-written. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text)
  await rename(`${file}.tmp`, file)
}
