import { readFile, rename, writeFile } from 'node:fs/promises'
import { parseRouterConfig } from './config.js'
import { startRouter } from './server.js'

/**
 * The router process: serves until SIGTERM, then leaves its figures for the post step. The
 * ready file, written once the port answers, is how the starting step learns the port.
 */
export async function runRouterProcess(configFile: string): Promise<void> {
  const config = parseRouterConfig(await readFile(configFile, 'utf8'))
  const router = await startRouter(config)
  await writeAtomically(config.readyFile, JSON.stringify({ port: router.port, pid: process.pid }))
  const stop = async (): Promise<void> => {
    await writeAtomically(config.statsFile, JSON.stringify(router.stats()))
    await router.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop())
  process.once('SIGINT', () => void stop())
}

/** A reader polling the file never sees it half-written. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text)
  await rename(`${file}.tmp`, file)
}
