// A wheel's core metadata (PEP 658), read out of the wheel itself: the bytes of its
// `<name>-<version>.dist-info/METADATA`, what an index serves at `<file>.metadata`.
import { createHash } from 'node:crypto'
import { buffer } from 'node:stream/consumers'
import { crc32 } from 'node:zlib'
import yauzl, { type Entry, type ZipFile } from 'yauzl'
import { errorMessage } from '../format/format.js'

/** The same bound as for metadata fetched from a mirror: far past any real METADATA. */
export const MAX_WHEEL_METADATA_BYTES = 16 * 1024 * 1024

/** Why a wheel's core metadata cannot be had; the message names the wheel. */
export class WheelMetadataError extends Error {}

export interface WheelName {
  /** As the filename spells it (escaped: `foo_bar`). */
  name: string
  version: string
}

const TOP_LEVEL_METADATA = /^([^/]+)\.dist-info\/METADATA$/

/** Name and version from `name-version[-build]-python-abi-platform.whl`. */
export function wheelNameAndVersion(filename: string): WheelName {
  if (!filename.endsWith('.whl'))
    throw new WheelMetadataError(`${filename}: only wheels (.whl) carry core metadata`)
  const parts = filename.slice(0, -'.whl'.length).split('-')
  if ((parts.length !== 5 && parts.length !== 6) || parts.includes(''))
    throw new WheelMetadataError(`${filename}: not a valid wheel filename`)
  const [name, version] = parts
  return { name, version }
}

/**
 * The archive member holding the wheel's METADATA: `<name>-<version>.dist-info/METADATA` at the
 * top level, name and version those of the filename. Both sides are compared as the wheel spec
 * escapes a name (lower case, each run of `-`, `_` and `.` as one `_`), which also takes in what
 * older tools wrote (`Foo.Bar-1.0.dist-info` for `foo_bar-1.0-….whl`). None, or more than one
 * (which a client could read either way), is refused.
 */
export function metadataMember(filename: string, entryNames: readonly string[]): string {
  const { name, version } = wheelNameAndVersion(filename)
  const wanted = escapedKey(`${name}-${version}`)
  const topLevel = entryNames.filter(entry => TOP_LEVEL_METADATA.test(entry))
  const matching = topLevel.filter(
    entry => escapedKey(TOP_LEVEL_METADATA.exec(entry)?.[1] ?? '') === wanted
  )
  if (matching.length === 1) return matching[0]
  if (matching.length > 1)
    throw new WheelMetadataError(
      `${filename}: more than one METADATA for ${name} ${version}: ${matching.join(', ')}`
    )
  const found = topLevel.length > 0 ? ` (it has ${topLevel.join(', ')})` : ''
  throw new WheelMetadataError(`${filename}: no ${name}-${version}.dist-info/METADATA${found}`)
}

function escapedKey(text: string): string {
  return text.replace(/[-_.]+/g, '_').toLowerCase()
}

/**
 * The METADATA of the wheel open at `fd` (named `filename`, as its page lists it), byte for
 * byte: the caller passes the descriptor its sha256 was verified through, so that what is read
 * is what was checked, and keeps it (this closes nothing). Only the zip's central directory and
 * that member are read. Checked against its CRC-32, at most MAX_WHEEL_METADATA_BYTES, and, when
 * given, against `expectedSha256` (the hash the page lists for the metadata). Rejects with a
 * WheelMetadataError.
 */
export async function readWheelMetadata(
  fd: number,
  filename: string,
  expectedSha256?: string
): Promise<Buffer> {
  // A non-wheel is refused before its file is read.
  wheelNameAndVersion(filename)
  try {
    // Never closed: closing a zip read from a descriptor closes the caller's descriptor.
    const zip = await yauzl.fromFdPromise(fd, { lazyEntries: true, autoClose: false })
    const entries: Entry[] = []
    for await (const entry of zip.eachEntry()) entries.push(entry)
    const member = metadataMember(
      filename,
      entries.map(({ fileName }) => fileName)
    )
    const entry = entries.find(candidate => candidate.fileName === member) as Entry
    return await readMember(zip, entry, filename, expectedSha256)
  } catch (error) {
    if (error instanceof WheelMetadataError) throw error
    throw new WheelMetadataError(`${filename}: cannot read its METADATA: ${errorMessage(error)}`, {
      cause: error
    })
  }
}

async function readMember(
  zip: ZipFile,
  entry: Entry,
  filename: string,
  expectedSha256: string | undefined
): Promise<Buffer> {
  const what = `${filename}: ${entry.fileName}`
  // yauzl holds a member to its stated size, so this bounds what is read, deflated or not.
  if (entry.uncompressedSize > MAX_WHEEL_METADATA_BYTES)
    throw new WheelMetadataError(
      `${what} is ${entry.uncompressedSize} bytes, more than ${MAX_WHEEL_METADATA_BYTES}`
    )
  const bytes = await buffer(await zip.openReadStreamPromise(entry))
  // yauzl does not check CRCs; without an expected sha256 this is the only integrity check.
  if (crc32(bytes) !== entry.crc32)
    throw new WheelMetadataError(`${what} does not match its CRC-32`)
  const actual = createHash('sha256').update(bytes).digest('hex')
  if (expectedSha256 !== undefined && actual !== expectedSha256)
    throw new WheelMetadataError(
      `${what} hashes to ${actual}, not to the listed sha256 ${expectedSha256}`
    )
  return bytes
}
