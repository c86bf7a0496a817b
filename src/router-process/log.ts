import { appendFileSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { errorMessage } from '../format/format.js'

/** Past this the log stops: a router failing on every request must not fill the disk. */
const LOG_LIMIT_BYTES = 1024 * 1024

/**
 * The router's log, `router.log` in its folder: its errors, crashes and restarts, which the post
 * step shows. The supervisor and its worker both append to it, each line whole; writes are
 * synchronous so that the line about a crash is on disk before the process ends.
 */
export class RouterLog {
  constructor(private readonly file: string) {}

  write(message: string): void {
    try {
      const size = statSync(this.file, { throwIfNoEntry: false })?.size ?? 0
      if (size >= LOG_LIMIT_BYTES) return
      const line = `${new Date().toISOString()} [${process.pid}] ${message}\n`
      const full = size + line.length >= LOG_LIMIT_BYTES
      appendFileSync(this.file, full ? `${line}(log full: later lines dropped)\n` : line, {
        mode: 0o600
      })
    } catch {
      // Nowhere left to say it: the router serves on.
    }
  }

  error(context: string, error: unknown): void {
    const detail = error instanceof Error && error.stack ? error.stack : errorMessage(error)
    this.write(`${context}: ${detail}`)
  }
}

/** The last `count` lines of a router's log; empty when it wrote none. */
export async function routerLogTail(file: string, count: number): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter(line => line !== '')
    .slice(-count)
}
