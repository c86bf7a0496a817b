// Builds tiny, deterministic Python distributions in memory for tests: pure-Python wheels
// (a store-only zip) and sdists (gzipped ustar archives): one whose build always fails, one
// that needs setuptools from the index.
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'

export interface WheelSpec {
  name: string
  version: string
  /** Requires-Dist entries, e.g. `['b==1.0']`. */
  requires?: string[]
  /** Written to METADATA only; the index lists it only if the mirror is told to. */
  requiresPython?: string
  /** Pad the wheel with incompressible data so that it is about this many bytes. */
  sizeBytes?: number
}

export interface Wheel {
  name: string
  version: string
  filename: string
  bytes: Buffer
  sha256: string
}

interface Entry {
  path: string
  data: Buffer
}

/** PEP 503 normalised project name: `Foo_Bar.baz` -> `foo-bar-baz`. */
export function normalizeName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase()
}

/** The name as it appears in wheel/sdist filenames and the dist-info directory. */
function escapeName(name: string): string {
  return name.replace(/[-_.]+/g, '_')
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

export function buildWheel(spec: WheelSpec): Wheel {
  const { name, version } = spec
  const dist = escapeName(name)
  const pkg = escapeName(name).toLowerCase()
  const distInfo = `${dist}-${version}.dist-info`
  const filename = `${dist}-${version}-py3-none-any.whl`

  const metadata = [
    'Metadata-Version: 2.1',
    `Name: ${name}`,
    `Version: ${version}`,
    'Summary: Test package built by pip-mirror-action test-support',
    ...(spec.requiresPython ? [`Requires-Python: ${spec.requiresPython}`] : []),
    ...(spec.requires ?? []).map(r => `Requires-Dist: ${r}`),
    '',
    ''
  ].join('\n')
  const wheelFile = [
    'Wheel-Version: 1.0',
    'Generator: pip-mirror-action-test-support',
    'Root-Is-Purelib: true',
    'Tag: py3-none-any',
    '',
    ''
  ].join('\n')

  const baseEntries: Entry[] = [
    { path: `${pkg}/__init__.py`, data: Buffer.from(`__version__ = '${version}'\n`) },
    { path: `${distInfo}/METADATA`, data: Buffer.from(metadata) },
    { path: `${distInfo}/WHEEL`, data: Buffer.from(wheelFile) }
  ]
  const padPath = `${pkg}/_padding.bin`

  const assemble = (padLength: number): Buffer => {
    const entries = [...baseEntries]
    if (padLength > 0) {
      entries.splice(1, 0, {
        path: padPath,
        data: pseudoRandomBytes(`${name}==${version}`, padLength)
      })
    }
    const record = entries.map(e => `${e.path},sha256=${recordHash(e.data)},${e.data.length}\n`)
    record.push(`${distInfo}/RECORD,,\n`)
    entries.push({ path: `${distInfo}/RECORD`, data: Buffer.from(record.join('')) })
    return zipStore(entries)
  }

  let bytes = assemble(0)
  if (spec.sizeBytes !== undefined && spec.sizeBytes > bytes.length) {
    // Adding the file costs its data plus two headers and a RECORD line; converge on the
    // target in a few passes (the RECORD line's length depends on the padding's size).
    let padLength = spec.sizeBytes - bytes.length - 2 * padPath.length - 200
    for (let i = 0; i < 4 && padLength > 0; i++) {
      bytes = assemble(padLength)
      const diff = spec.sizeBytes - bytes.length
      if (diff === 0) break
      padLength += diff
    }
    if (padLength <= 0) bytes = assemble(0)
  }
  return { name, version, filename, bytes, sha256: sha256Hex(bytes) }
}

/**
 * An sdist whose build always fails: `setup.py` prints a line and raises. The build backend is
 * a tiny in-tree PEP 517 backend (no build requirements) whose hooks run `setup.py`, so pip
 * reaches the failure without setuptools in the target venv and without fetching anything from
 * an index; pip then prints its usual "subprocess-exited-with-error" report.
 */
export function buildSdistFailing(name: string, version: string): Wheel {
  const pyproject = [
    '[build-system]',
    'requires = []',
    "build-backend = 'setup_py_backend'",
    "backend-path = ['.']",
    ''
  ].join('\n')
  const backend = [
    '"""Minimal PEP 517 backend: every hook runs setup.py."""',
    'import runpy',
    '',
    '',
    'def _run_setup_py(*_args, **_kwargs):',
    "    runpy.run_path('setup.py', run_name='__main__')",
    "    raise RuntimeError('setup.py did not produce a distribution')",
    '',
    '',
    'get_requires_for_build_wheel = _run_setup_py',
    'prepare_metadata_for_build_wheel = _run_setup_py',
    'build_wheel = _run_setup_py',
    'build_sdist = _run_setup_py',
    ''
  ].join('\n')
  const setupPy = [
    `print('running build_ext for ${name} ${version}')`,
    `raise RuntimeError('${name} ${version}: this sdist always fails to build (test fixture)')`,
    ''
  ].join('\n')
  return sdist(name, version, [
    ['pyproject.toml', pyproject],
    ['setup_py_backend.py', backend],
    ['setup.py', setupPy]
  ])
}

/**
 * An sdist built by setuptools: pip must first install `setuptools` (the build requirement)
 * from the index into an isolated build environment, so an index without it fails there.
 */
export function buildSdistWithSetuptools(name: string, version: string): Wheel {
  const pyproject = [
    '[build-system]',
    "requires = ['setuptools>=40.8.0']",
    "build-backend = 'setuptools.build_meta'",
    ''
  ].join('\n')
  const setupPy = `from setuptools import setup\n\nsetup(name='${name}', version='${version}')\n`
  return sdist(name, version, [
    ['pyproject.toml', pyproject],
    ['setup.py', setupPy]
  ])
}

/** A gzipped tarball `name-version/` holding PKG-INFO and `files` (path, text). */
function sdist(name: string, version: string, files: [string, string][]): Wheel {
  const base = `${escapeName(name).toLowerCase()}-${version}`
  const pkgInfo = `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`
  const bytes = gzipSync(
    tarball(
      [['PKG-INFO', pkgInfo], ...files].map(([path, text]) => ({
        path: `${base}/${path}`,
        data: Buffer.from(text)
      }))
    ),
    { level: 9 }
  )
  // Node's gzip header has a zero mtime and a fixed OS byte, so the archive is deterministic.
  return { name, version, filename: `${base}.tar.gz`, bytes, sha256: sha256Hex(bytes) }
}

function recordHash(data: Buffer): string {
  return createHash('sha256').update(data).digest('base64url')
}

/** Deterministic, incompressible bytes (xorshift32 seeded by an FNV-1a hash of `seed`). */
function pseudoRandomBytes(seed: string, length: number): Buffer {
  let state = 0x811c9dc5
  for (const ch of Buffer.from(seed)) state = Math.imul(state ^ ch, 0x01000193)
  state = state >>> 0 || 1
  const out = Buffer.alloc(length)
  for (let i = 0; i < length; i += 4) {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (state >>> (8 * j)) & 0xff
  }
  return out
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

function crc32(data: Buffer): number {
  let crc = 0xffffffff
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

// 1980-01-01 00:00:00, the earliest DOS timestamp: keeps archives byte-for-byte reproducible.
const DOS_TIME = 0
const DOS_DATE = (0 << 9) | (1 << 5) | 1

/** A zip archive with every entry stored (method 0, no compression). */
function zipStore(entries: Entry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const { path, data } of entries) {
    const nameBytes = Buffer.from(path, 'utf8')
    const crc = crc32(data)

    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0) // local file header signature
    local.writeUInt16LE(20, 4) // version needed to extract (2.0)
    local.writeUInt16LE(0x0800, 6) // flags: names are UTF-8
    local.writeUInt16LE(0, 8) // method: stored
    local.writeUInt16LE(DOS_TIME, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18) // compressed size
    local.writeUInt32LE(data.length, 22) // uncompressed size
    local.writeUInt16LE(nameBytes.length, 26)
    local.writeUInt16LE(0, 28) // extra field length
    locals.push(local, nameBytes, data)

    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0) // central directory header signature
    central.writeUInt16LE((3 << 8) | 20, 4) // made by: Unix, spec 2.0
    central.writeUInt16LE(20, 6) // version needed to extract
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(0, 10)
    central.writeUInt16LE(DOS_TIME, 12)
    central.writeUInt16LE(DOS_DATE, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt16LE(0, 30) // extra field length
    central.writeUInt16LE(0, 32) // comment length
    central.writeUInt16LE(0, 34) // disk number start
    central.writeUInt16LE(0, 36) // internal attributes
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38) // external attributes: -rw-r--r--
    central.writeUInt32LE(offset, 42) // offset of the local header
    centrals.push(central, nameBytes)

    offset += local.length + nameBytes.length + data.length
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0) // end of central directory signature
  end.writeUInt16LE(0, 4) // this disk
  end.writeUInt16LE(0, 6) // disk with the central directory
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  end.writeUInt16LE(0, 20) // comment length
  return Buffer.concat([...locals, ...centrals, end])
}

/** A POSIX ustar archive of regular files (mode 0644, owner root, mtime 0). */
function tarball(entries: Entry[]): Buffer {
  const blocks: Buffer[] = []
  for (const { path, data } of entries) {
    if (Buffer.byteLength(path) > 100) throw new Error(`tar path too long: ${path}`)
    const header = Buffer.alloc(512)
    const field = (value: string, offset: number, length: number): void => {
      header.write(value, offset, length, 'utf8')
    }
    const octal = (value: number, offset: number, length: number): void => {
      field(value.toString(8).padStart(length - 1, '0') + '\0', offset, length)
    }
    field(path, 0, 100)
    octal(0o644, 100, 8) // mode
    octal(0, 108, 8) // uid
    octal(0, 116, 8) // gid
    octal(data.length, 124, 12) // size
    octal(0, 136, 12) // mtime
    field('        ', 148, 8) // checksum placeholder: eight spaces
    field('0', 156, 1) // typeflag: regular file
    field('ustar\0', 257, 6)
    field('00', 263, 2)
    field('root', 265, 32) // uname
    field('root', 297, 32) // gname
    let sum = 0
    for (const byte of header) sum += byte
    field(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8)
    blocks.push(header, data)
    const padding = (512 - (data.length % 512)) % 512
    if (padding) blocks.push(Buffer.alloc(padding))
  }
  blocks.push(Buffer.alloc(1024)) // two zero blocks end the archive
  return Buffer.concat(blocks)
}
