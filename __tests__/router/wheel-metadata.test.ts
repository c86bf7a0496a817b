import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { storeEntrySegments } from '../../src/files/file-rules.js'
import {
  MAX_WHEEL_METADATA_BYTES,
  metadataMember,
  readWheelMetadata,
  WheelMetadataError,
  wheelNameAndVersion
} from '../../src/router/wheel-metadata.js'
import { startMirror } from '../../test-support/mirror-server.js'
import { PYTHON } from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'
import { cleanUp, setup, wheel as servedWheel } from '../files/file-harness.js'

// Far above any descriptor a test process opens.
const NOT_OPEN = 1_000_000
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wheel-metadata-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Reads through a descriptor, as the router does; the descriptor must be left open. */
async function readAt(path: string, filename: string, expectedSha256?: string): Promise<Buffer> {
  const handle = await open(path, 'r')
  try {
    return await readWheelMetadata(handle.fd, filename, expectedSha256)
  } finally {
    // Fails with EBADF if the descriptor was closed under the caller.
    await handle.stat()
    await handle.close()
  }
}

async function onDisk(name: string, bytes: Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  return path
}

/** A zip written by Python's zipfile with every member deflated, as wheel builders write them. */
async function deflatedZip(name: string, members: [string, Buffer][]): Promise<string> {
  const path = join(dir, name)
  const listing = await onDisk(
    `${name}.json`,
    Buffer.from(JSON.stringify(members.map(([member, data]) => [member, data.toString('base64')])))
  )
  const script = [
    'import base64, json, sys, warnings, zipfile',
    "warnings.simplefilter('ignore')  # some cases repeat a name on purpose",
    "with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_DEFLATED) as archive:",
    '    for member, data in json.load(open(sys.argv[1])):',
    '        archive.writestr(member, base64.b64decode(data))'
  ].join('\n')
  await promisify(execFile)(PYTHON, ['-c', script, listing, path])
  return path
}

describe('wheelNameAndVersion', () => {
  it.each([
    ['demo_pkg-1.0-py3-none-any.whl', { name: 'demo_pkg', version: '1.0' }],
    ['demo_pkg-1.0-1build-py3-none-any.whl', { name: 'demo_pkg', version: '1.0' }],
    [
      'Foo.Bar-2.0rc1+local-cp312-cp312-manylinux_2_17_x86_64.whl',
      { name: 'Foo.Bar', version: '2.0rc1+local' }
    ]
  ])('reads %s', (filename, expected) => {
    expect(wheelNameAndVersion(filename)).toEqual(expected)
  })

  it.each([
    ['demo_pkg-1.0.tar.gz', /only wheels \(\.whl\) carry core metadata/],
    ['demo_pkg-1.0.zip', /only wheels/],
    ['demo_pkg-1.0.whl', /not a valid wheel filename/],
    ['demo_pkg-1.0-a-b-py3-none-any.whl', /not a valid wheel filename/],
    ['demo_pkg--py3-none-any.whl', /not a valid wheel filename/]
  ])('refuses %s', (filename, reason) => {
    expect(() => wheelNameAndVersion(filename)).toThrow(WheelMetadataError)
    expect(() => wheelNameAndVersion(filename)).toThrow(reason)
    expect(() => wheelNameAndVersion(filename)).toThrow(filename)
  })
})

describe('metadataMember', () => {
  const wheel = 'demo_pkg-1.0-py3-none-any.whl'
  const ordinary = [
    'demo_pkg/__init__.py',
    'demo_pkg-1.0.dist-info/METADATA',
    'demo_pkg-1.0.dist-info/WHEEL',
    'demo_pkg-1.0.dist-info/RECORD'
  ]

  it.each<[string, string, string[], string]>([
    ['the one top-level METADATA', wheel, ordinary, 'demo_pkg-1.0.dist-info/METADATA'],
    [
      'a wheel with a build tag',
      'demo_pkg-1.0-2-py3-none-any.whl',
      ordinary,
      'demo_pkg-1.0.dist-info/METADATA'
    ],
    [
      "an older tool's spelling of the name",
      'foo_bar-1.0-py3-none-any.whl',
      ['Foo.Bar-1.0.dist-info/METADATA'],
      'Foo.Bar-1.0.dist-info/METADATA'
    ],
    [
      'the matching one beside a vendored project’s',
      wheel,
      [
        'demo_pkg-1.0.dist-info/METADATA',
        'six-1.16.0.dist-info/METADATA',
        'demo_pkg/_vendor/demo_pkg-1.0.dist-info/METADATA'
      ],
      'demo_pkg-1.0.dist-info/METADATA'
    ],
    [
      'a local version',
      'demo_pkg-1.0+cpu-py3-none-any.whl',
      ['demo_pkg-1.0+cpu.dist-info/METADATA'],
      'demo_pkg-1.0+cpu.dist-info/METADATA'
    ]
  ])('picks %s', (_case, filename, entries, member) => {
    expect(metadataMember(filename, entries)).toBe(member)
  })

  it.each<[string, string[], RegExp]>([
    ['no .dist-info at all', ['demo_pkg/__init__.py'], /no demo_pkg-1\.0\.dist-info\/METADATA$/],
    [
      'only another version',
      ['demo_pkg-2.0.dist-info/METADATA'],
      /no demo_pkg-1\.0\.dist-info\/METADATA \(it has demo_pkg-2\.0\.dist-info\/METADATA\)/
    ],
    [
      'only another project',
      ['other-1.0.dist-info/METADATA'],
      /no demo_pkg-1\.0\.dist-info\/METADATA \(it has other-1\.0/
    ],
    ['a METADATA below the top level', ['lib/demo_pkg-1.0.dist-info/METADATA'], /no demo_pkg/],
    ['a .dist-info without METADATA', ['demo_pkg-1.0.dist-info/WHEEL'], /no demo_pkg/],
    [
      'two spellings of the same directory',
      ['demo_pkg-1.0.dist-info/METADATA', 'Demo.Pkg-1.0.dist-info/METADATA'],
      /more than one METADATA for demo_pkg 1\.0/
    ],
    [
      'the same member twice',
      ['demo_pkg-1.0.dist-info/METADATA', 'demo_pkg-1.0.dist-info/METADATA'],
      /more than one METADATA/
    ]
  ])('refuses %s, naming the wheel', (_case, entries, reason) => {
    expect(() => metadataMember(wheel, entries)).toThrow(WheelMetadataError)
    expect(() => metadataMember(wheel, entries)).toThrow(reason)
    expect(() => metadataMember(wheel, entries)).toThrow(`${wheel}: `)
  })
})

describe('readWheelMetadata', () => {
  const wheel = buildWheel({
    name: 'demo-pkg',
    version: '1.0',
    requires: ['other>=2'],
    sizeBytes: 200_000
  })

  it('returns the bytes a mirror serves at <file>.metadata, with the sha256 its page lists', async () => {
    const mirror = await startMirror({ packages: [wheel], faults: { coreMetadata: true } })
    try {
      const served = Buffer.from(
        await (await fetch(`${mirror.origin}/files/${wheel.filename}.metadata`)).arrayBuffer()
      )
      const page = (await (
        await fetch(`${mirror.indexUrl}/demo-pkg/`, {
          headers: { accept: 'application/vnd.pypi.simple.v1+json' }
        })
      ).json()) as { files: { 'core-metadata': { sha256: string } }[] }
      const listed = page.files[0]['core-metadata'].sha256
      expect(served.toString()).toContain('Requires-Dist: other>=2')

      const path = await onDisk(wheel.filename, wheel.bytes)
      const metadata = await readAt(path, wheel.filename, listed)
      expect(metadata.equals(served)).toBe(true)
      expect(sha256(metadata)).toBe(listed)
    } finally {
      await mirror.close()
    }
  })

  it('inflates a deflated member byte for byte, whatever its text encoding', async () => {
    // Long enough for deflate to matter, with bytes that are not UTF-8.
    const metadata = Buffer.concat([
      Buffer.from(
        'Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\nSummary: caf\xe9\n',
        'latin1'
      ),
      Buffer.from('Description: line\n'.repeat(10_000))
    ])
    const path = await deflatedZip('deflated.whl', [
      ['demo_pkg/__init__.py', Buffer.from('')],
      ['demo_pkg-1.0.dist-info/METADATA', metadata],
      ['demo_pkg-1.0.dist-info/RECORD', Buffer.from('')]
    ])
    const read = await readAt(path, 'demo_pkg-1.0-py3-none-any.whl', sha256(metadata))
    expect(read.equals(metadata)).toBe(true)
  })

  it('refuses metadata that does not hash to the listed sha256', async () => {
    const path = await onDisk(wheel.filename, wheel.bytes)
    const listed = sha256(Buffer.from('some other METADATA'))
    const read = readAt(path, wheel.filename, listed)
    await expect(read).rejects.toThrow(
      `${wheel.filename}: demo_pkg-1.0.dist-info/METADATA hashes to `
    )
    await expect(read).rejects.toThrow(`, not to the listed sha256 ${listed}`)
  })

  it('refuses a member whose bytes do not match its CRC-32', async () => {
    const damaged = Buffer.from(wheel.bytes)
    damaged[damaged.indexOf('Summary: ')] ^= 0x20
    const path = await onDisk('damaged.whl', damaged)
    await expect(readAt(path, wheel.filename)).rejects.toThrow(/does not match its CRC-32/)
  })

  it('refuses a member larger than the bound before reading it', async () => {
    const path = await deflatedZip('huge.whl', [
      ['demo_pkg-1.0.dist-info/METADATA', Buffer.alloc(MAX_WHEEL_METADATA_BYTES + 1, 'a')]
    ])
    await expect(readAt(path, 'demo_pkg-1.0-py3-none-any.whl')).rejects.toThrow(
      `METADATA is ${MAX_WHEEL_METADATA_BYTES + 1} bytes, more than ${MAX_WHEEL_METADATA_BYTES}`
    )
  })

  it.each<[string, Buffer]>([
    ['a truncated wheel', wheel.bytes.subarray(0, wheel.bytes.length - 30)],
    ['an HTML error page', Buffer.from('<html><body>502 Bad Gateway</body></html>\n')],
    ['an empty file', Buffer.alloc(0)]
  ])('refuses %s as unreadable, naming the wheel', async (_case, bytes) => {
    const path = await onDisk('malformed.whl', bytes)
    const read = readAt(path, wheel.filename)
    await expect(read).rejects.toThrow(WheelMetadataError)
    await expect(read).rejects.toThrow(`${wheel.filename}: cannot read its METADATA: `)
  })

  it('refuses a wheel with two copies of its METADATA', async () => {
    const path = await deflatedZip('twice.whl', [
      ['demo_pkg-1.0.dist-info/METADATA', Buffer.from('Name: demo-pkg\n')],
      ['demo_pkg-1.0.dist-info/METADATA', Buffer.from('Name: evil\n')]
    ])
    await expect(readAt(path, 'demo_pkg-1.0-py3-none-any.whl')).rejects.toThrow(
      /more than one METADATA/
    )
  })

  it('refuses a wheel without METADATA', async () => {
    const path = await deflatedZip('bare.whl', [['demo_pkg/__init__.py', Buffer.from('')]])
    await expect(readAt(path, 'demo_pkg-1.0-py3-none-any.whl')).rejects.toThrow(
      'demo_pkg-1.0-py3-none-any.whl: no demo_pkg-1.0.dist-info/METADATA'
    )
  })

  it('refuses anything but a wheel without reading it', async () => {
    await expect(readWheelMetadata(NOT_OPEN, 'demo_pkg-1.0.tar.gz')).rejects.toThrow(
      'demo_pkg-1.0.tar.gz: only wheels (.whl) carry core metadata'
    )
  })

  it('names the wheel when its descriptor cannot be read', async () => {
    const read = readWheelMetadata(NOT_OPEN, wheel.filename)
    await expect(read).rejects.toThrow(`${wheel.filename}: cannot read its METADATA: `)
    await expect(read).rejects.toThrow('EBADF')
  })
})

describe('readWheelMetadata through FileService.withVerified', () => {
  afterEach(cleanUp)

  it('never reads a stored wheel that is not the one its sha256 names', async () => {
    const { mirrors, service, storeDir, file } = await setup([{}])
    // A rebuilt wheel, same name and version, put in the store under the real one's sha256.
    const poisoned = buildWheel({ name: 'demo-pkg', version: '1.0', requires: ['evil-typosquat'] })
    const path = join(storeDir, ...storeEntrySegments(servedWheel.sha256))
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, poisoned.bytes)

    const metadata = await service.withVerified(file, fd => readWheelMetadata(fd, file.filename))
    expect(metadata?.toString()).toContain('Name: demo-pkg')
    expect(metadata?.toString()).not.toContain('evil-typosquat')
    // Found wrong, it was fetched again.
    expect(mirrors[0]!.fileRequests()).toBe(1)
  })
})
