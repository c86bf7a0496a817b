import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from '@jest/globals'
import { ACCEPT_HEADER, JSON_CONTENT_TYPE } from '../../src/net/index-page.js'
import { type Router, startRouter } from '../../src/router/server.js'
import { type Faults, type Mirror, mirrorPool } from '../../test-support/mirror-server.js'
import {
  createToolVenv,
  findTool,
  installedVersion,
  runToolInstall
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * Pinned pips through the router: each page format whatever the mirror speaks, core metadata
 * (PEP 658) served or missing on the mirrors, and a file that breaks off mid-body.
 */

const wheels = [
  buildWheel({ name: 'demo-pkg', version: '1.0', sizeBytes: 400_000 }),
  buildWheel({ name: 'demo-pkg', version: '2.0', sizeBytes: 400_000 })
]
const [demo1, demo2] = wheels
const pool = mirrorPool(wheels)
const routers: Router[] = []
afterAll(async () => {
  await Promise.all(routers.map(router => router.close()))
  await pool.closeAll()
})

/** What pip sends for a project page: 22.0 asks for HTML only, 22.2 and later prefer JSON. */
const HTML_CLIENT_ACCEPT = 'text/html'
const JSON_CLIENT_ACCEPT =
  'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01'

/** The router's first path segment in these tests. */
const SECRET = 'test-secret-0123456789'

async function scratch(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `${name}-`))
}

async function mirrors(...faults: Partial<Faults>[]): Promise<Mirror[]> {
  return Promise.all(faults.map(fault => pool.start(fault)))
}

/** A router over `ranked`, best first, named a, b, … */
async function router(...ranked: Mirror[]): Promise<{ router: Router; indexUrl: string }> {
  const started = await startRouter({
    mirrors: ranked.map((mirror, i) => ({
      name: String.fromCharCode(97 + i),
      url: mirror.indexUrl,
      private: false
    })),
    privateProjects: [],
    storeDir: await scratch('store'),
    timeoutMs: 2000,
    secret: SECRET,
    jobSecret: `job-${SECRET}`
  })
  routers.push(started)
  return { router: started, indexUrl: `http://127.0.0.1:${started.port}/${SECRET}/simple` }
}

async function install(
  toolName: string,
  indexUrl: string,
  requirement: string,
  env: NodeJS.ProcessEnv = {}
) {
  const tool = await findTool(toolName)
  const venv = await createToolVenv(tool, path.join(await scratch('venv'), 'venv'))
  // -v logs where pip takes a wheel's metadata from; -vv also the content type of each page.
  const run = await runToolInstall(
    tool,
    venv,
    ['-vv', '--no-cache-dir', '--index-url', indexUrl, requirement],
    { env: { PIP_TIMEOUT: '10', ...env } }
  )
  return { ...run, venv }
}

async function page(url: string, accept: string) {
  const response = await fetch(url, { headers: { accept } })
  return { contentType: response.headers.get('content-type'), body: await response.text() }
}

const fileRequests = (mirror: Mirror) => mirror.requests.filter(request => request.kind === 'file')
const metadataRequests = (mirror: Mirror) =>
  fileRequests(mirror).filter(request => request.path.endsWith('.metadata'))
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('page formats', () => {
  it('serves HTML to pip 22.0, which asks for nothing else, from a mirror that speaks JSON', async () => {
    const [jsonMirror] = await mirrors({})
    expect((await page(`${jsonMirror.indexUrl}/demo-pkg/`, ACCEPT_HEADER)).contentType).toBe(
      JSON_CONTENT_TYPE
    )
    const { indexUrl } = await router(jsonMirror)
    const run = await install('pip-22.0.4', indexUrl, 'demo-pkg==2.0')
    expect(run.exitCode).toBe(0)
    // Its Python (3.7) has no importlib.metadata: ask the installed module instead.
    const { stdout } = await promisify(execFile)(run.venv, [
      '-c',
      'import demo_pkg; print(demo_pkg.__version__)'
    ])
    expect(stdout.trim()).toBe('2.0')
    const served = await page(`${indexUrl}/demo-pkg/`, HTML_CLIENT_ACCEPT)
    expect(served.contentType).toBe('text/html; charset=utf-8')
    expect(served.body).toContain(`/files/${demo2.sha256}/${demo2.filename}#sha256=${demo2.sha256}`)
  })

  it('serves PEP 691 JSON to pip 26.2 from a mirror that speaks HTML only', async () => {
    const [htmlMirror] = await mirrors({ htmlOnly: true })
    expect((await page(`${htmlMirror.indexUrl}/demo-pkg/`, ACCEPT_HEADER)).contentType).toBe(
      'text/html; charset=utf-8'
    )
    const { indexUrl } = await router(htmlMirror)
    const run = await install('pip-26.2.1', indexUrl, 'demo-pkg==2.0')
    expect(run.exitCode).toBe(0)
    expect(await installedVersion(run.venv, 'demo-pkg')).toBe('2.0')
    // pip's own word for the content type it was answered.
    expect(run.output).toContain(`Fetched page ${indexUrl}/demo-pkg/ as ${JSON_CONTENT_TYPE}`)
    const served = await page(`${indexUrl}/demo-pkg/`, JSON_CLIENT_ACCEPT)
    expect(served.contentType).toBe(JSON_CONTENT_TYPE)
    expect(JSON.parse(served.body)).toMatchObject({
      name: 'demo-pkg',
      files: expect.arrayContaining([
        expect.objectContaining({
          filename: demo2.filename,
          url: `/${SECRET}/files/${demo2.sha256}/${demo2.filename}`,
          hashes: { sha256: demo2.sha256 }
        })
      ])
    })
  })
})

describe('core metadata (PEP 658)', () => {
  const metadataUrl = (indexUrl: string): string =>
    `${indexUrl.replace(/\/simple$/, '')}/files/${demo2.sha256}/${demo2.filename}.metadata`

  it('passes the mirror’s .metadata on to pip 24.2, which resolves from it', async () => {
    const [mirror] = await mirrors({ coreMetadata: true })
    const { indexUrl } = await router(mirror)
    const run = await install('pip-24.2', indexUrl, 'demo-pkg==2.0')
    expect(run.exitCode).toBe(0)
    expect(await installedVersion(run.venv, 'demo-pkg')).toBe('2.0')
    expect(run.output).toContain(
      `Obtaining dependency information for demo-pkg==2.0 from ${metadataUrl(indexUrl)}`
    )
    expect(metadataRequests(mirror)).toEqual([
      expect.objectContaining({ path: `/files/${demo2.filename}.metadata`, status: 200 })
    ])
  })

  it('serves the wheel’s own METADATA when every mirror lists it but answers 404', async () => {
    const [a, b] = await mirrors({ coreMetadata: 'unserved' }, { coreMetadata: 'unserved' })
    const { indexUrl } = await router(a, b)
    const run = await install('pip-24.2', indexUrl, 'demo-pkg==2.0')
    // The case itself: the router asked for the mirrors' copy, and got 404s only.
    const asked = [...metadataRequests(a), ...metadataRequests(b)]
    expect(asked.length).toBeGreaterThan(0)
    expect(asked.every(request => request.status === 404)).toBe(true)
    expect(run.exitCode).toBe(0)
    expect(await installedVersion(run.venv, 'demo-pkg')).toBe('2.0')
    // pip took the metadata from the router (and checked it against the listed sha256).
    expect(run.output).toContain(
      `Obtaining dependency information for demo-pkg==2.0 from ${metadataUrl(indexUrl)}`
    )
    const listing = JSON.parse((await page(`${indexUrl}/demo-pkg/`, JSON_CLIENT_ACCEPT)).body) as {
      files: { filename: string; 'core-metadata': { sha256: string } }[]
    }
    const listed = listing.files.find(file => file.filename === demo2.filename)
    const served = await fetch(metadataUrl(indexUrl))
    expect(served.status).toBe(200)
    const metadata = Buffer.from(await served.arrayBuffer())
    expect(sha256(metadata)).toBe(listed?.['core-metadata'].sha256)
    expect(metadata.toString()).toContain('Name: demo-pkg\nVersion: 2.0\n')
  })
})

describe('a file that breaks off mid-body', () => {
  const cutAt = 100_000
  it.each([
    ['a stall', 'pip-26.2.1', { stallAfterBytes: cutAt }],
    ['a stall', 'pip-23.2.1', { stallAfterBytes: cutAt }],
    ['a reset', 'pip-26.2.1', { resetAfterBytes: cutAt }],
    ['a reset', 'pip-23.2.1', { resetAfterBytes: cutAt }]
  ])('turns %s into one download for %s, resumed on the next mirror', async (_what, pip, fault) => {
    const [a, b] = await mirrors(fault, { ranges: true })
    const { indexUrl, router: started } = await router(a, b)
    // No resume of pip's own (26.x): the one response must be whole.
    const run = await install(pip, indexUrl, 'demo-pkg==1.0', { PIP_RESUME_RETRIES: '0' })
    expect(run.exitCode).toBe(0)
    expect(await installedVersion(run.venv, 'demo-pkg')).toBe('1.0')
    expect(run.output.match(/Downloading /g)).toHaveLength(1)
    expect(run.output).not.toMatch(/Retrying|[Rr]esum|WARNING/)
    expect(fileRequests(a).map(request => request.path)).toEqual([`/files/${demo1.filename}`])
    expect(fileRequests(b)).toEqual([
      expect.objectContaining({ range: `bytes=${cutAt}-`, status: 206 })
    ])
    // Every byte pip got came through one response: none twice, none from the store.
    const { files } = started.stats()
    expect(files.bytesByMirror).toEqual({ a: cutAt, b: demo1.bytes.length - cutAt })
    expect(files).toMatchObject({ resumed: 1, storeHits: 0, failures: 0 })
  })
})
