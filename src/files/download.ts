import { errorMessage } from '../format/format.js'
import { farBelowExpected, parallelSources, resumePlan } from './file-rules.js'
import type { FileDeps, FileOutcome, FileRequest, FileSource } from './file-types.js'
import { MirrorRead } from './mirror-read.js'
import { fetchInParallel } from './parallel.js'
import { StoreWriteError } from './store.js'
import type { Transfer } from './transfer.js'

/**
 * Downloads a file into the transfer, and so into the store's temp file its clients read. A
 * large file that two trusted mirrors or more can serve is first fetched as parallel ranges
 * (parallel.ts). Otherwise, and for whatever that leaves, sequential failover: one mirror at a
 * time, each continuing where the last one stopped. A reset, a stall, or a pace far below the
 * mirror's usual one continues from the next mirror (or round again) with a Range request, so
 * the clients see one slow download, and puts the mirror in trouble: later downloads try it
 * last; the rounds go on while each makes progress, and a whole round without a new byte ends
 * them. A copy that cannot be written fails the download, saying why.
 */
export async function download(
  file: FileRequest,
  transfer: Transfer,
  deps: FileDeps
): Promise<FileOutcome> {
  try {
    return await fetchAll(file, transfer, deps)
  } catch (error) {
    if (!(error instanceof StoreWriteError)) throw error
    return transfer.fail(`cannot keep ${file.filename}: ${errorMessage(error)}`)
  }
}

async function fetchAll(
  file: FileRequest,
  transfer: Transfer,
  deps: FileDeps
): Promise<FileOutcome> {
  const sources = new Sources(file, deps)
  await sources.avoidSuspects()
  const parallel = parallelSources(file.sha256, file.size, sources.list, deps.bad, deps.trouble)
  if (parallel.length > 0) {
    deps.stats.parallel++
    await fetchInParallel(transfer, parallel, deps)
    if (transfer.whole) return transfer.complete()
  }
  let next = 0
  let roundStart = transfer.offset
  let resumed = false
  while (!transfer.stop.aborted) {
    if (next === sources.list.length) {
      if (await sources.addMore()) continue
      if (next === 0 || transfer.offset === roundStart) break
      next = 0
      roundStart = transfer.offset
    }
    if (transfer.offset > 0 && !resumed) {
      resumed = true
      deps.stats.resumed++
    }
    const result = await attempt(sources.list[next++]!, transfer, sources, deps)
    if (result === 'complete') return transfer.complete()
    if (result === 'too-long') return transfer.mismatch()
  }
  return transfer.stop.aborted ? transfer.abandon() : transfer.fail()
}

/**
 * The usable sources of one download: known ones first, other mirrors' listings once asked;
 * within each, troubled mirrors last.
 */
class Sources {
  readonly list: FileSource[]
  private askedForMore = false

  constructor(
    private readonly file: FileRequest,
    private readonly deps: FileDeps
  ) {
    this.list = this.usable(file.sources)
  }

  /** Adds other mirrors' listings, the first time only; whether that added any. */
  async addMore(): Promise<boolean> {
    if (this.askedForMore || !this.file.moreSources) return false
    this.askedForMore = true
    const known = this.list.length
    for (const source of this.usable(await this.file.moreSources())) {
      if (!this.list.some(other => other.mirror.url === source.mirror.url)) this.list.push(source)
    }
    return this.list.length > known
  }

  /** Whether a source besides `source` exists, asking for more if need be. */
  async hasOther(source: FileSource): Promise<boolean> {
    const other = (): boolean => this.list.some(known => known.mirror.url !== source.mirror.url)
    return other() || ((await this.addMore()) && other())
  }

  /**
   * Before the first attempt: when every known source once served a wrong file, other
   * mirrors' listings are asked for, so that one of them goes first.
   */
  async avoidSuspects(): Promise<void> {
    if (!this.list.every(source => this.suspect(source))) return
    if (!(await this.addMore())) return
    this.list.splice(0, this.list.length, ...this.usable(this.list))
  }

  /**
   * Without the ones that failed this file, troubled mirrors after the others, and mirrors
   * that served a wrong file (any file) last of all: that is rarely a one-off.
   */
  private usable(sources: FileSource[]): FileSource[] {
    const usable = sources.filter(source => !this.deps.bad.has(source.mirror, this.file.sha256))
    const ordered = this.deps.trouble?.order(usable) ?? usable
    return [
      ...ordered.filter(source => !this.suspect(source)),
      ...ordered.filter(source => this.suspect(source))
    ]
  }

  private suspect(source: FileSource): boolean {
    return this.deps.bad.everMismatched(source.mirror)
  }
}

/**
 * Reads one mirror's copy from the transfer's offset on (asking for a range when past 0) into
 * the transfer, until it ends, fails, stalls, sends more than the file's size, or reads far
 * below its usual pace while another source could take over.
 */
async function attempt(
  source: FileSource,
  transfer: Transfer,
  sources: Sources,
  deps: FileDeps
): Promise<'complete' | 'interrupted' | 'too-long'> {
  const offset = transfer.offset
  const read = await MirrorRead.open(
    source,
    offset > 0 ? offset : undefined,
    deps,
    transfer.stop,
    transfer.priority
  )
  if (!read) return 'interrupted'
  try {
    const plan = resumePlan(read.status, read.header('content-range'), offset, transfer.total)
    if (!plan) return 'interrupted'
    transfer.start(read.header('content-length'))
    // A mirror not measured yet is held to the fastest one's pace: a far slower one gives way.
    const expected =
      deps.speeds?.observed(source.mirror) ?? source.expectedBytesPerSec ?? deps.speeds?.fastest()
    let skip = plan.skip
    for (let chunk = await read.next(); chunk; chunk = await read.next()) {
      const kept = chunk.subarray(Math.min(skip, chunk.length))
      skip -= chunk.length - kept.length
      if (!(await transfer.accept(kept, source))) return 'too-long'
      if (farBelowExpected(read.meter.reading(), expected) && (await sources.hasOther(source))) {
        deps.stats.slowSwitches++
        deps.trouble?.add(source.mirror)
        return 'interrupted'
      }
    }
    const whole = transfer.total === undefined || transfer.whole
    if (skip > 0 || !whole) return 'interrupted'
    deps.trouble?.succeeded(source.mirror)
    return 'complete'
  } catch (error) {
    if (error instanceof StoreWriteError) throw error
    return 'interrupted'
  } finally {
    read.close()
    // Parallel ranges share the link, so only these reads tell a mirror's own speed.
    deps.speeds?.record(source.mirror, read.meter.reading())
  }
}
