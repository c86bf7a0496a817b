import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, type Stats, statSync } from 'node:fs'
import {
  chmod,
  type FileHandle,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  utimes
} from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pipeline, type Readable, Transform } from 'node:stream'
import { errorMessage } from '../format/format.js'
import { isSha256, storeEntrySegments } from './file-rules.js'

// Private wheels are kept here: no other user may list or read them.
const PRIVATE_DIR = 0o700
const PRIVATE_FILE = 0o600
// A download's bytes waiting for the disk: up to this many, its reads from the mirror go on (a
// mirror that resets the connection would take what was received but not yet read with it).
const WRITE_AHEAD_BYTES = 4 * 1024 * 1024
/** Bytes written ahead are read back for the hash this much at a time. */
const ADOPT_READ_BYTES = 1024 * 1024

/** Thrown by a stored file's body when its bytes no longer match its name. */
export class StoreCorruption extends Error {}

/** A download's copy could not be written (a full or failing disk). */
export class StoreWriteError extends Error {}

/**
 * A content-addressed store of distribution files on disk, keyed by sha256: `dir/sha256/ab/<key>`.
 * The Actions cache saves and restores `dir`, so nothing in it is trusted: a file is hashed
 * before any of it reaches a client as a whole (or streams with its last chunk held back until
 * it matched), and one that no longer matches is removed. Downloads are written under `dir/tmp/`
 * and renamed into place whole, so a half-written file never has a key's name. Folders are
 * 0700 and files 0600.
 */
export class FileStore {
  /** Versions of entries (see versionKey) this process hashed, or wrote, and found right. */
  private readonly verified = new Set<string>()
  /** Entries this process placed: fetched by this job, not restored from an earlier one's. */
  private readonly placed = new Set<string>()
  /** Entries this process marked used (see `markUsed`): once is enough for the whole job. */
  private readonly used = new Set<string>()

  /**
   * Opens the store at `dir`, creating it. Throws when `dir` is not a directory or belongs to
   * another user, who could put files in it for the router to serve.
   */
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR })
    const info = statSync(dir)
    if (!info.isDirectory()) throw new Error(`the file store ${dir} is not a directory`)
    const uid = process.getuid?.()
    if (uid !== undefined && info.uid !== uid)
      throw new Error(
        `the file store ${dir} belongs to user ${info.uid}, not to this one (${uid}): refused, ` +
          'as its owner could put files in it for the router to serve'
      )
    chmodSync(dir, PRIVATE_DIR)
  }

  /** Whether a file is stored under `sha256` (not yet verified: `open` does that). */
  async has(sha256: string): Promise<boolean> {
    return (await this.sizeOf(sha256)) !== undefined
  }

  /** The size of the file stored under `sha256`, if one is. */
  async sizeOf(sha256: string): Promise<number | undefined> {
    return isSha256(sha256) ? this.regularFileSize(this.path(sha256)) : undefined
  }

  /** The stored file, opened (the caller closes it), or undefined. */
  async open(sha256: string): Promise<StoredFile | undefined> {
    if (!isSha256(sha256)) return undefined
    const path = this.path(sha256)
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch {
      return undefined
    }
    const info = await handle.stat().catch(() => undefined)
    if (info?.isFile()) return new StoredFile(sha256, path, handle, info, this.verified)
    await handle.close()
    return undefined
  }

  /**
   * A new temp file for one download of `sha256`; several may run at once for the same key. It
   * opens in the background: writes wait for it meanwhile, and a failure to open it is the
   * first write's. `onWritten` is told how many bytes are on disk each time more are.
   */
  createTemp(sha256: string, onWritten?: (bytes: number) => void): StoreTemp {
    if (!isSha256(sha256)) throw new Error(`not a sha256: '${sha256}'`)
    const path = join(this.dir, 'tmp', `${sha256}.${randomBytes(6).toString('hex')}`)
    const opening = privateDir(dirname(path)).then(() => open(path, 'wx+', PRIVATE_FILE))
    const place = (info: Stats): Promise<void> => this.place(path, sha256, info)
    return new StoreTemp(sha256, path, opening, place, onWritten)
  }

  /** Whether this process fetched the entry, rather than finding it from an earlier job. */
  fetchedHere(sha256: string): boolean {
    return this.placed.has(sha256)
  }

  /**
   * Marks an entry as used by this job: its modification time becomes now, so that the cache
   * save keeps it (see `selectUnused`) and drops what no job uses any more. A version this
   * process found right stays known right. Once per entry and job: one this job fetched has a
   * new time already, and a served file is not touched again on every request.
   */
  async markUsed(sha256: string): Promise<void> {
    if (!isSha256(sha256) || this.placed.has(sha256) || this.used.has(sha256)) return
    const path = this.path(sha256)
    try {
      const before = await stat(path)
      const now = new Date()
      await utimes(path, now, now)
      this.used.add(sha256)
      if (this.verified.has(versionKey(sha256, before)))
        this.verified.add(versionKey(sha256, await stat(path)))
    } catch {
      // Gone meanwhile: nothing to keep.
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

  /** Renames a verified temp file into place: known right from then on. */
  private async place(tmp: string, sha256: string, info: Stats): Promise<void> {
    const path = this.path(sha256)
    await privateDir(dirname(path))
    await rename(tmp, path)
    this.verified.add(versionKey(sha256, info))
    this.placed.add(sha256)
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

/**
 * One version of a store entry: a rewrite changes its modification time, a replacement its
 * inode, so a changed file is hashed again.
 */
function versionKey(sha256: string, info: Stats): string {
  return `${sha256} ${info.dev} ${info.ino} ${info.size} ${info.mtimeMs}`
}

/** A stored file, open: every read goes through the same descriptor the hash went through. */
export class StoredFile {
  readonly size: number
  private readonly version: string

  constructor(
    private readonly sha256: string,
    private readonly path: string,
    private readonly handle: FileHandle,
    info: Stats,
    private readonly verified: Set<string>
  ) {
    this.size = info.size
    this.version = versionKey(sha256, info)
  }

  get fd(): number {
    return this.handle.fd
  }

  /**
   * Whether the bytes match the name: known from an earlier check of this version, or hashed
   * now through the descriptor. A mismatch removes the file.
   */
  async verify(): Promise<boolean> {
    if (this.verified.has(this.version)) return true
    const hash = createHash('sha256')
    for await (const chunk of this.handle.createReadStream({ start: 0, autoClose: false }))
      hash.update(chunk as Buffer)
    return this.checked(hash.digest('hex'))
  }

  /**
   * The whole file. Unless this version is known right, its last chunk is held back until the
   * whole file matched: on a mismatch the file is removed and the body fails with
   * StoreCorruption, so a reader never gets a complete wrong file.
   */
  body(): Readable {
    const bytes = this.handle.createReadStream({ start: 0, autoClose: false })
    if (this.verified.has(this.version)) return bytes
    // pipeline, not pipe: a reader that stops early must stop the file's stream too. Errors
    // reach the reader through the check.
    return pipeline(bytes, this.verifying(), () => undefined)
  }

  /** Bytes `start` to `end` (inclusive) of a file `verify` found right. */
  range(start: number, end: number): Readable {
    return this.handle.createReadStream({ start, end, autoClose: false })
  }

  async close(): Promise<void> {
    await this.handle.close()
  }

  private async checked(actual: string): Promise<boolean> {
    if (actual === this.sha256) {
      this.verified.add(this.version)
      return true
    }
    await rm(this.path, { force: true })
    return false
  }

  /** Passes bytes through one chunk behind, releasing the last one only once they matched. */
  private verifying(): Transform {
    const hash = createHash('sha256')
    let held: Buffer | undefined
    const sha256 = this.sha256
    const checked = (actual: string): Promise<boolean> => this.checked(actual)
    return new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk)
        const previous = held
        held = chunk
        done(null, previous)
      },
      flush(done) {
        const actual = hash.digest('hex')
        checked(actual).then(
          right =>
            right
              ? done(null, held)
              : done(new StoreCorruption(`stored file ${sha256} now hashes to ${actual}`)),
          done
        )
      }
    })
  }
}

/**
 * One download's copy, written in order and read back by its clients, each at its own pace. It
 * hashes what it is given; only a match is renamed into place.
 */
export class StoreTemp {
  /** Bytes given so far, in order; `onWritten` tells how many of them are on disk. */
  private length = 0
  private written = 0
  /** Bytes handed to the disk (in order or ahead) and not yet written. */
  private pending = 0
  private readonly hash = createHash('sha256')
  /** The disk writes, in order, after the opening; never rejects: a failure is kept in `failure`. */
  private writes: Promise<void>
  private failure: StoreWriteError | undefined
  private closed = false

  constructor(
    private readonly sha256: string,
    private readonly path: string,
    private readonly handle: Promise<FileHandle>,
    private readonly place: (info: Stats) => Promise<void>,
    private readonly onWritten: (bytes: number) => void = () => undefined
  ) {
    this.writes = handle.then(
      () => undefined,
      (error: unknown) => this.failed(error)
    )
  }

  /**
   * Appends `chunk`. Resolves at once while less than WRITE_AHEAD_BYTES wait for the disk, else
   * once the disk took them: the download waits for the disk, never for a client. Rejects with
   * a StoreWriteError once a write failed.
   */
  async write(chunk: Buffer): Promise<void> {
    if (this.failure) throw this.failure
    this.hash.update(chunk)
    const position = this.length
    this.length += chunk.length
    await this.queueWrite(chunk, position, true)
  }

  /**
   * Writes `chunk` at `position`, past the bytes given in order: a range that arrived before
   * the bytes ahead of it. It counts once `adopt` reaches it. Waits as `write` does.
   */
  async writeAhead(chunk: Buffer, position: number): Promise<void> {
    if (this.failure) throw this.failure
    if (position < this.length) throw new RangeError(`${position} is before ${this.length}`)
    await this.queueWrite(chunk, position, false)
  }

  /**
   * The next `bytes` after those given in order were written ahead: once on disk, they are read
   * back for the hash and count as given and written, so clients may read them.
   */
  async adopt(bytes: number): Promise<void> {
    await this.flushed()
    const handle = await this.handle
    for (let done = 0; done < bytes;) {
      const buffer = Buffer.allocUnsafe(Math.min(ADOPT_READ_BYTES, bytes - done))
      const { bytesRead } = await handle
        .read(buffer, 0, buffer.length, this.length)
        .catch((error: unknown) => {
          this.failed(error)
          throw this.failure
        })
      if (bytesRead === 0) {
        this.failed(new Error(`nothing on disk at ${this.length}`))
        throw this.failure
      }
      this.hash.update(buffer.subarray(0, bytesRead))
      this.length += bytesRead
      done += bytesRead
    }
    this.written = this.length
    this.onWritten(this.written)
  }

  private async queueWrite(chunk: Buffer, position: number, inOrder: boolean): Promise<void> {
    this.pending += chunk.length
    this.writes = this.writes.then(() => this.writeAt(chunk, position, inOrder))
    if (this.pending >= WRITE_AHEAD_BYTES) await this.flushed()
  }

  /** Resolves once every byte given is on disk; rejects with the failure if one was not. */
  async flushed(): Promise<void> {
    await this.writes
    if (this.failure) throw this.failure
  }

  private async writeAt(chunk: Buffer, position: number, inOrder: boolean): Promise<void> {
    if (this.failure) return
    try {
      const handle = await this.handle
      for (let done = 0; done < chunk.length;) {
        const at = position + done
        const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, at)
        if (bytesWritten === 0) throw new Error('the disk took no byte')
        done += bytesWritten
      }
      if (inOrder) {
        this.written += chunk.length
        this.onWritten(this.written)
      }
    } catch (error) {
      this.failed(error)
    } finally {
      this.pending -= chunk.length
    }
  }

  private failed(error: unknown): void {
    this.failure ??= new StoreWriteError(`cannot write ${this.path}: ${errorMessage(error)}`, {
      cause: error
    })
  }

  /** Up to `length` bytes written from `position` on. */
  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length)
    const { bytesRead } = await (await this.handle).read(buffer, 0, length, position)
    return buffer.subarray(0, bytesRead)
  }

  /**
   * Whether the bytes written are `sha256`: if so they are kept under that name (the store is a
   * cache: failing to keep them does not make them wrong), else removed.
   */
  async commit(): Promise<boolean> {
    await this.flushed()
    if (this.hash.digest('hex') !== this.sha256) {
      await this.discard()
      return false
    }
    await (
      await this.handle
    )
      .stat()
      .then(this.place)
      .catch(() => this.discard())
    return true
  }

  /** Removes the file, if it could be made; readers that have it open go on reading. */
  async discard(): Promise<void> {
    // Removed before it is created, it would be left behind.
    await this.writes
    await rm(this.path, { force: true }).catch(() => undefined)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.writes
    await this.handle.then(
      handle => handle.close(),
      () => undefined
    )
  }
}

async function privateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR })
  // An older or restored store may have made it with wider permissions.
  await chmod(path, PRIVATE_DIR)
}

async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path)
  } catch {
    return []
  }
}
