import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline, type Readable, Transform } from 'node:stream'
import { isSha256, storeEntrySegments } from './file-rules.js'

/** A stored file, opened: its size, and its bytes, checked against its name as they stream. */
export interface StoredFile {
  size: number
  body: Readable
}

/** Receives one download; only `commit` makes it visible, and only when its hash matches. */
export interface StoreWriter {
  write(chunk: Buffer): void
  /** Renames the file into place; rejects (and keeps nothing) when the bytes are not `sha256`. */
  commit(): Promise<void>
  abort(): Promise<void>
}

/** Thrown by a stored file's body when its bytes no longer match its name. */
export class StoreCorruption extends Error {}

/**
 * A content-addressed store of distribution files on disk, keyed by sha256: `dir/sha256/ab/<key>`.
 * The Actions cache saves and restores `dir`, so nothing in it is trusted: a file is re-hashed
 * each time it is read, and one that no longer matches is removed. Downloads are written under
 * `dir/tmp/` and renamed into place whole, so a half-written file never has a key's name.
 */
export class FileStore {
  constructor(private readonly dir: string) {}

  /** Whether a file is stored under `sha256` (not yet verified: `open` does that). */
  async has(sha256: string): Promise<boolean> {
    if (!isSha256(sha256)) return false
    return (await this.regularFileSize(this.path(sha256))) !== undefined
  }

  /**
   * The stored file, or undefined. Its body holds back its last chunk until the whole file
   * matched `sha256`; on a mismatch it removes the file and fails with StoreCorruption, so a
   * reader never gets a complete wrong file and the next `open` finds nothing.
   */
  async open(sha256: string): Promise<StoredFile | undefined> {
    if (!isSha256(sha256)) return undefined
    const path = this.path(sha256)
    const size = await this.regularFileSize(path)
    if (size === undefined) return undefined
    const check = verifying(sha256, () => rm(path, { force: true }))
    // pipeline, not pipe: a reader that stops early must close the file too. Errors reach
    // the reader through `check`.
    return { size, body: pipeline(createReadStream(path), check, () => undefined) }
  }

  /** A writer for one download of `sha256`; several may run at once for the same key. */
  writer(sha256: string): StoreWriter {
    if (!isSha256(sha256)) throw new Error(`not a sha256: '${sha256}'`)
    const tmp = join(this.dir, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`)
    const hash = createHash('sha256')
    let file: WriteStream | undefined
    let failure: Error | undefined
    const early: Buffer[] = []
    // The file opens lazily and buffers writes until then; a disk error only loses the copy.
    const opened = mkdir(dirname(tmp), { recursive: true }).then(
      () => {
        file = createWriteStream(tmp).on('error', error => (failure ??= error))
        for (const chunk of early) file.write(chunk)
        early.length = 0
      },
      (error: Error) => void (failure ??= error)
    )
    const close = async (): Promise<void> => {
      await opened
      if (!file) return
      const stream = file
      await new Promise<void>(resolve => stream.end(() => resolve()))
    }
    return {
      write: chunk => {
        hash.update(chunk)
        if (file) file.write(chunk)
        else early.push(chunk)
      },
      commit: async () => {
        await close()
        const actual = hash.digest('hex')
        if (failure || actual !== sha256) {
          await rm(tmp, { force: true })
          throw failure ?? new Error(`store: bytes hash to ${actual}, not ${sha256}`)
        }
        const path = this.path(sha256)
        await mkdir(dirname(path), { recursive: true })
        await rename(tmp, path)
      },
      abort: async () => {
        await opened
        // The file opens asynchronously: removing it before the stream has closed could race
        // its creation and leave it behind.
        const stream = file
        if (stream && !stream.closed) {
          await new Promise<void>(resolve => {
            stream.once('close', () => resolve())
            stream.destroy()
          })
        }
        await rm(tmp, { force: true })
      }
    }
  }

  /** Bytes held under valid keys: what a cache save would upload (temp and foreign files aside). */
  async size(): Promise<number> {
    let total = 0
    const top = join(this.dir, 'sha256')
    for (const fanout of await listDir(top)) {
      for (const name of await listDir(join(top, fanout))) {
        if (!isSha256(name) || name.slice(0, 2) !== fanout) continue
        total += (await this.regularFileSize(join(top, fanout, name))) ?? 0
      }
    }
    return total
  }

  private path(sha256: string): string {
    return join(this.dir, ...storeEntrySegments(sha256))
  }

  private async regularFileSize(path: string): Promise<number | undefined> {
    try {
      const info = await stat(path)
      return info.isFile() ? info.size : undefined
    } catch {
      return undefined
    }
  }
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch {
    return []
  }
}

/**
 * Passes bytes through, one chunk behind, and releases the last one only if the whole stream
 * hashed to `sha256`; otherwise calls `onMismatch` and fails.
 */
function verifying(sha256: string, onMismatch: () => Promise<void>): Transform {
  const hash = createHash('sha256')
  let held: Buffer | undefined
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk)
      const previous = held
      held = chunk
      done(null, previous)
    },
    flush(done) {
      const actual = hash.digest('hex')
      if (actual === sha256) return done(null, held)
      onMismatch().then(
        () => done(new StoreCorruption(`stored file ${sha256} now hashes to ${actual}`)),
        done
      )
    }
  })
}
