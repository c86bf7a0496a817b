import { mkdtemp, rm } from 'node:fs/promises'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startMirror, UPLOAD_TIME, type Mirror } from '../../test-support/mirror-server.js'
import { createVenv, installedVersion, runPipInstall } from '../../test-support/python.js'
import { buildSdistFailing, buildWheel } from '../../test-support/wheel.js'

const JSON_TYPE = 'application/vnd.pypi.simple.v1+json'
// What pip 23 sends.
const PIP_ACCEPT = `${JSON_TYPE}, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01`

const packages = [
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' })
]

/** A GET with node:http, which (unlike fetch) shows how a body ended: whole, cut, or stalled. */
async function download(
  url: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; ended: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, res => {
      const chunks: Buffer[] = []
      const finish = (ended: string): void => {
        clearTimeout(stall)
        req.destroy()
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          ended
        })
      }
      // A stalled body sends nothing more; half a second is plenty on loopback.
      let stall = setTimeout(() => finish('stalled'), 500)
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        clearTimeout(stall)
        stall = setTimeout(() => finish('stalled'), 500)
      })
      res.on('end', () => finish('whole'))
      res.on('aborted', () => finish('cut'))
      res.on('error', () => finish('cut'))
    })
    req.on('error', reject)
  })
}

describe('mirror server', () => {
  let mirror: Mirror

  beforeEach(async () => {
    mirror = await startMirror({ packages })
  })

  afterEach(async () => {
    await mirror.close()
  })

  it('answers PEP 691 JSON or PEP 503 HTML depending on Accept', async () => {
    const json = await fetch(`${mirror.indexUrl}/demo-pkg/`, { headers: { Accept: PIP_ACCEPT } })
    expect(json.headers.get('content-type')).toBe(JSON_TYPE)
    expect(json.headers.get('x-pypi-last-serial')).toBe('1000')
    const body = (await json.json()) as {
      meta: Record<string, unknown>
      name: string
      versions: string[]
      files: { filename: string; url: string; hashes: { sha256: string } }[]
    }
    expect(body.meta).toEqual({ 'api-version': '1.1', '_last-serial': 1000 })
    expect(body.name).toBe('demo-pkg')
    expect(body.versions).toEqual(['1.0', '2.0'])
    expect(body.files[0]).toMatchObject({
      filename: 'demo_pkg-1.0-py3-none-any.whl',
      url: '/files/demo_pkg-1.0-py3-none-any.whl',
      hashes: { sha256: packages[0]!.sha256 }
    })

    const html = await fetch(`${mirror.indexUrl}/demo-pkg/`)
    expect(html.headers.get('content-type')).toMatch(/^text\/html/)
    const text = await html.text()
    expect(text).toContain(
      `<a href="/files/demo_pkg-1.0-py3-none-any.whl#sha256=${packages[0]!.sha256}">`
    )
    expect(text).toContain('<!--SERIAL 1000-->')

    const v1Html = await fetch(`${mirror.indexUrl}/demo-pkg/`, {
      headers: { Accept: 'application/vnd.pypi.simple.v1+html' }
    })
    expect(v1Html.headers.get('content-type')).toBe('application/vnd.pypi.simple.v1+html')

    mirror.setFaults({ htmlOnly: true })
    const staticMirror = await fetch(`${mirror.indexUrl}/demo-pkg/`, {
      headers: { Accept: PIP_ACCEPT }
    })
    expect(staticMirror.headers.get('content-type')).toMatch(/^text\/html/)

    const redirect = await fetch(`${mirror.indexUrl}/Demo_Pkg`, { redirect: 'manual' })
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('location')).toBe('/simple/demo-pkg/')
    expect((await fetch(`${mirror.indexUrl}/nope/`)).status).toBe(404)
    expect(mirror.requests.map(r => `${r.kind} ${r.status}`)).toEqual([
      'page 200',
      'page 200',
      'page 200',
      'page 200',
      'page 301',
      'page 404'
    ])
  })

  it('hides versions of a stale mirror from pages and files', async () => {
    mirror.setFaults({ hiddenVersions: { Demo_Pkg: ['2.0'] } })
    const page = await fetch(`${mirror.indexUrl}/demo-pkg/`, { headers: { Accept: JSON_TYPE } })
    const body = (await page.json()) as { versions: string[]; files: { filename: string }[] }
    expect(body.versions).toEqual(['1.0'])
    expect(body.files.map(f => f.filename)).toEqual(['demo_pkg-1.0-py3-none-any.whl'])

    expect((await fetch(`${mirror.origin}/files/demo_pkg-2.0-py3-none-any.whl`)).status).toBe(404)
    const file = await fetch(`${mirror.origin}/files/demo_pkg-1.0-py3-none-any.whl`)
    expect(file.status).toBe(200)
    expect(file.headers.get('cache-control')).toBe('max-age=365000000, immutable, public')
    expect(Buffer.from(await file.arrayBuffer()).equals(packages[0]!.bytes)).toBe(true)
    expect(mirror.fileRequests()).toBe(2)
  })

  it('cuts or stalls a file body after some bytes', async () => {
    const url = `${mirror.origin}/files/${packages[0]!.filename}`
    const size = packages[0]!.bytes.length
    mirror.setFaults({ resetAfterBytes: 100 })
    const cut = await download(url)
    expect([cut.status, cut.headers['content-length'], cut.ended]).toEqual([200, `${size}`, 'cut'])
    expect(cut.body.equals(packages[0]!.bytes.subarray(0, 100))).toBe(true)

    mirror.setFaults({ resetAfterBytes: 0, stallAfterBytes: 100 })
    const stalled = await download(url)
    expect([stalled.status, stalled.body.length, stalled.ended]).toEqual([200, 100, 'stalled'])

    mirror.setFaults({ stallAfterBytes: 0 })
    expect((await download(url)).ended).toBe('whole')
    expect(mirror.requests.map(r => r.status)).toEqual([0, 0, 200])
  })

  it('serves byte ranges only when told to', async () => {
    const url = `${mirror.origin}/files/${packages[0]!.filename}`
    const bytes = packages[0]!.bytes
    const ignored = await download(url, { Range: 'bytes=100-' })
    expect([ignored.status, ignored.headers['accept-ranges']]).toEqual([200, undefined])
    expect(ignored.body.equals(bytes)).toBe(true)

    mirror.setFaults({ ranges: true })
    const rest = await download(url, { Range: 'bytes=100-' })
    expect([rest.status, rest.headers['accept-ranges'], rest.headers['content-range']]).toEqual([
      206,
      'bytes',
      `bytes 100-${bytes.length - 1}/${bytes.length}`
    ])
    expect(rest.body.equals(bytes.subarray(100))).toBe(true)
    expect((await download(url, { Range: `bytes=${bytes.length}-` })).status).toBe(416)
  })

  it('shares a sharedBandwidth rate between the bodies it sends at once', async () => {
    const wheel = buildWheel({ name: 'big-pkg', version: '1.0', sizeBytes: 400_000 })
    const link = await startMirror({
      packages: [wheel],
      faults: { bandwidthBytesPerSec: 1_000_000, sharedBandwidth: true }
    })
    try {
      const url = `${link.origin}/files/${wheel.filename}`
      const timed = async (parallel: number): Promise<number> => {
        const started = Date.now()
        const bodies = await Promise.all(Array.from({ length: parallel }, () => download(url)))
        for (const body of bodies) expect(body.body.equals(wheel.bytes)).toBe(true)
        return Date.now() - started
      }
      const one = await timed(1)
      const two = await timed(2)
      expect(one).toBeGreaterThan(300)
      expect(two / one).toBeGreaterThan(1.7)
      expect(two / one).toBeLessThan(2.5)
      expect(link.requests.map(r => r.sentBytes)).toEqual([400_000, 400_000, 400_000])
    } finally {
      await link.close()
    }
  })

  it('cuts a resetShare of throttled bodies halfway, reproducibly, and times each body', async () => {
    const wheel = buildWheel({ name: 'big-pkg', version: '1.0', sizeBytes: 40_000 })
    const outcomes = async (): Promise<string[]> => {
      const seeded = await startMirror({
        packages: [wheel],
        seed: 7,
        faults: { bandwidthBytesPerSec: 400_000, resetShare: 0.5 }
      })
      try {
        const out: string[] = []
        for (let i = 0; i < 10; i++) {
          const got = await download(`${seeded.origin}/files/${wheel.filename}`)
          if (got.ended === 'whole') expect(got.body.equals(wheel.bytes)).toBe(true)
          else expect(got.body.equals(wheel.bytes.subarray(0, 20_000))).toBe(true)
          out.push(got.ended)
        }
        for (const record of seeded.requests) {
          expect(record.lastByteAt! - record.firstByteAt!).toBeGreaterThanOrEqual(0)
          expect(record.lastByteAt! - record.firstByteAt!).toBeLessThan(2000)
        }
        return out
      } finally {
        await seeded.close()
      }
    }
    const first = await outcomes()
    expect(first).toContain('cut')
    expect(first).toContain('whole')
    expect(await outcomes()).toEqual(first)
  })

  it('draws failRate 503s reproducibly from the seed', async () => {
    const statuses = async (): Promise<number[]> => {
      const seeded = await startMirror({ packages, seed: 42, faults: { failRate: 0.5 } })
      try {
        const out: number[] = []
        for (let i = 0; i < 12; i++) {
          out.push((await fetch(`${seeded.origin}/files/${packages[0]!.filename}`)).status)
        }
        return out
      } finally {
        await seeded.close()
      }
    }
    const first = await statuses()
    expect(first).toContain(503)
    expect(first).toContain(200)
    expect(await statuses()).toEqual(first)
  })

  it('closes promptly while a request hangs', async () => {
    mirror.setFaults({ hang: 'all' })
    const pending = fetch(`${mirror.indexUrl}/demo-pkg/`).then(
      () => 'answered',
      () => 'failed'
    )
    while (mirror.requests.length === 0) await new Promise(resolve => setTimeout(resolve, 10))

    const started = Date.now()
    await mirror.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await pending).toBe('failed')
    expect(mirror.requests[0]).toMatchObject({ kind: 'page', status: 0 })
  })

  it('serves a real pip install into a fresh venv', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mirror-test-'))
    try {
      const venvPython = await createVenv(join(dir, 'venv'))
      const { exitCode, output } = await runPipInstall(venvPython, [
        '--no-cache-dir',
        '--index-url',
        mirror.indexUrl,
        'demo-pkg==1.0'
      ])
      expect(output).toContain('Successfully installed demo-pkg-1.0')
      expect(exitCode).toBe(0)
      expect(await installedVersion(venvPython, 'demo-pkg')).toBe('1.0')
      expect(await installedVersion(venvPython, 'not-installed')).toBeUndefined()
      expect(mirror.fileRequests()).toBe(1)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('mirror server JSON API', () => {
  const vulnerable = {
    ...buildWheel({
      name: 'Vuln_Pkg',
      version: '1.0',
      requires: ['demo-pkg>=1.0'],
      requiresPython: '>=3.8'
    }),
    requiresPython: '>=3.8'
  }
  const fixed = buildWheel({ name: 'Vuln_Pkg', version: '1.1' })
  const fixedSdist = buildSdistFailing('vuln-pkg', '1.1')
  const candidate = buildWheel({ name: 'Vuln_Pkg', version: '2.0rc1' })
  const advisory = {
    id: 'PYSEC-2026-1',
    aliases: ['CVE-2026-0001'],
    details: 'Anything goes.',
    summary: 'A test advisory',
    fixed_in: ['1.1'],
    link: 'https://osv.dev/vulnerability/PYSEC-2026-1',
    source: 'osv',
    withdrawn: null
  }
  let mirror: Mirror

  beforeEach(async () => {
    mirror = await startMirror({
      packages: [vulnerable, fixed, fixedSdist, candidate, ...packages],
      pypiLayout: true,
      jsonApi: { vulnerabilities: { 'vuln_pkg==1.0': [advisory] } }
    })
  })

  afterEach(async () => {
    await mirror.close()
  })

  interface FileEntry {
    filename: string
    url: string
    digests: { sha256: string; md5?: string }
  }
  interface Document {
    info: Record<string, unknown>
    last_serial: number
    releases?: Record<string, FileEntry[]>
    urls: FileEntry[]
    vulnerabilities: unknown[]
  }
  const getJson = async (path: string): Promise<Document> => {
    const response = await fetch(`${mirror.origin}${path}`)
    expect([response.status, response.headers.get('content-type')]).toEqual([
      200,
      'application/json'
    ])
    expect(response.headers.get('x-pypi-last-serial')).toBe('1000')
    return (await response.json()) as Document
  }

  it("serves a project's latest final release, with every release's files", async () => {
    const project = await getJson('/pypi/vuln-pkg/json')
    expect(project.info).toMatchObject({
      name: 'Vuln_Pkg',
      version: '1.1',
      requires_dist: null,
      classifiers: [],
      yanked: false,
      yanked_reason: null,
      package_url: 'https://pypi.org/project/vuln-pkg/',
      release_url: 'https://pypi.org/project/vuln-pkg/1.1/'
    })
    expect(project.last_serial).toBe(1000)
    expect(Object.keys(project.releases ?? {})).toEqual(['1.0', '1.1', '2.0rc1'])
    expect(project.urls.map(file => file.filename)).toEqual([fixed.filename, fixedSdist.filename])
    expect(project.urls[1]).toMatchObject({ packagetype: 'sdist', python_version: 'source' })
    expect(project.vulnerabilities).toEqual([])

    // The same absolute URLs as the simple page's.
    const page = await fetch(`${mirror.indexUrl}/vuln-pkg/`, { headers: { Accept: JSON_TYPE } })
    const listed = ((await page.json()) as { files: { filename: string; url: string }[] }).files
    const urls = Object.values(project.releases ?? {}).flatMap(files => files.map(f => f.url))
    expect(urls).toEqual(listed.map(file => `${mirror.origin}${file.url}`))
    expect(urls[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/packages\/\w{2}\/\w{2}\/\w{60}\//)
  })

  it('serves a release with its metadata, files and vulnerabilities', async () => {
    const release = await getJson('/pypi/vuln-pkg/1.0/json')
    expect(release.info).toMatchObject({
      name: 'Vuln_Pkg',
      version: '1.0',
      summary: 'Test package built by pip-mirror-action test-support',
      requires_python: '>=3.8',
      requires_dist: ['demo-pkg>=1.0']
    })
    expect(release).not.toHaveProperty('releases')
    expect(release.urls).toEqual([
      {
        filename: vulnerable.filename,
        url: expect.stringMatching(
          new RegExp(`^${mirror.origin}/packages/.+/${vulnerable.filename}$`)
        ),
        digests: { md5: expect.stringMatching(/^[0-9a-f]{32}$/), sha256: vulnerable.sha256 },
        packagetype: 'bdist_wheel',
        python_version: 'py3',
        requires_python: '>=3.8',
        size: vulnerable.bytes.length,
        upload_time_iso_8601: UPLOAD_TIME,
        yanked: false,
        yanked_reason: null
      }
    ])
    expect(release.vulnerabilities).toEqual([advisory])
    expect((await getJson('/pypi/vuln-pkg/1.1/json')).vulnerabilities).toEqual([])
    expect((await getJson('/pypi/vuln-pkg/2.0rc1/json')).info.version).toBe('2.0rc1')

    const redirect = await fetch(`${mirror.origin}/pypi/Vuln_Pkg/1.0/json`, { redirect: 'manual' })
    expect([redirect.status, redirect.headers.get('location')]).toEqual([
      301,
      '/pypi/vuln-pkg/1.0/json'
    ])
    for (const path of ['/pypi/vuln-pkg/9.9/json', '/pypi/nope/json', '/pypi/vuln-pkg/']) {
      expect((await fetch(`${mirror.origin}${path}`)).status).toBe(404)
    }
    expect(mirror.requests.map(r => r.kind)).toEqual([
      'json',
      'json',
      'json',
      'json',
      'json',
      'json',
      'json'
    ])
  })

  it('hides versions and answers page faults', async () => {
    mirror.setFaults({ hiddenVersions: { 'vuln-pkg': ['1.1'] } })
    const stale = await getJson('/pypi/vuln-pkg/json')
    expect([stale.info.version, Object.keys(stale.releases ?? {})]).toEqual([
      '1.0',
      ['1.0', '2.0rc1']
    ])
    expect((await fetch(`${mirror.origin}/pypi/vuln-pkg/1.1/json`)).status).toBe(404)

    mirror.setFaults({ hiddenVersions: {}, wrongListedSha: true })
    const wrong = await getJson('/pypi/vuln-pkg/1.0/json')
    expect(wrong.urls[0]?.digests.sha256).not.toBe(vulnerable.sha256)

    mirror.setFaults({ wrongListedSha: false, pageStatus: 503 })
    expect((await fetch(`${mirror.origin}/pypi/vuln-pkg/json`)).status).toBe(503)

    mirror.setFaults({ pageStatus: 0, errorPage: true })
    const portal = await fetch(`${mirror.origin}/pypi/vuln-pkg/json`)
    expect(portal.headers.get('content-type')).toMatch(/^text\/html/)

    mirror.setFaults({ errorPage: false, reset: 'pages' })
    await expect(fetch(`${mirror.origin}/pypi/vuln-pkg/json`)).rejects.toThrow()
    mirror.setFaults({ reset: 'files' })
    expect((await fetch(`${mirror.origin}/pypi/vuln-pkg/json`)).status).toBe(200)

    mirror.setFaults({ reset: undefined, latencyMs: 200 })
    const started = Date.now()
    await getJson('/pypi/vuln-pkg/json')
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
  })

  it('is served only when asked for, without vulnerabilities unless listed', async () => {
    const plain = await startMirror({ packages })
    const bare = await startMirror({ packages, jsonApi: true })
    try {
      expect((await fetch(`${plain.origin}/pypi/demo-pkg/json`)).status).toBe(404)
      expect(plain.requests.map(r => r.kind)).toEqual(['other'])
      const response = await fetch(`${bare.origin}/pypi/demo-pkg/json`)
      const project = (await response.json()) as Document
      expect([project.info.version, project.vulnerabilities]).toEqual(['2.0', []])
    } finally {
      await Promise.all([plain.close(), bare.close()])
    }
  })
})
