// The disk a benchmark's trial writes to, watched while it runs.
import { statfs } from 'node:fs/promises'

const SAMPLE_EVERY_MS = 200

/** Free bytes on the disk `dir` is on, as an unprivileged process may use them. */
async function freeBytes(dir: string): Promise<number> {
  const stats = await statfs(dir)
  return stats.bavail * stats.bsize
}

/**
 * The most the disk under `dir` filled beyond where it stood when watching began, sampled every
 * SAMPLE_EVERY_MS: the store, the tool's downloads and temp files, the installed tree, anything
 * else on that disk at the time (a quiet machine's figure).
 */
export class DiskPeak {
  private peak = 0
  private readonly timer: NodeJS.Timeout
  private sampling: Promise<void> = Promise.resolve()

  private constructor(
    private readonly dir: string,
    private readonly startFree: number
  ) {
    this.timer = setInterval(() => {
      this.sampling = this.sample()
    }, SAMPLE_EVERY_MS)
  }

  static async watch(dir: string): Promise<DiskPeak> {
    return new DiskPeak(dir, await freeBytes(dir))
  }

  /** Stops watching: the peak, in bytes. */
  async stop(): Promise<number> {
    clearInterval(this.timer)
    await this.sampling
    await this.sample()
    return this.peak
  }

  private async sample(): Promise<void> {
    const used = this.startFree - (await freeBytes(this.dir).catch(() => this.startFree))
    this.peak = Math.max(this.peak, used)
  }
}
