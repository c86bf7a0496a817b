// Runs REAL pip against loopback mirrors with injected faults and saves what pip prints, so
// tests of the pip-output classifier use genuine text instead of guesses.
//
//   npx tsx scripts/capture-pip-output.ts
//
// Writes __tests__/fixtures/pip-output/<case>.txt (stdout and stderr interleaved) and
// exit-codes.json, with temp paths and ports replaced by stable placeholders.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import {
  startMirror,
  type DistFile,
  type Faults,
  type Mirror
} from '../test-support/mirror-server.js'
import { createVenv, PYTHON, runPipInstall } from '../test-support/python.js'
import { buildSdistFailing, buildWheel } from '../test-support/wheel.js'

const OUT_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '__tests__',
  'fixtures',
  'pip-output'
)

interface Case {
  name: string
  /** pip install arguments after --index-url (requirements and options). */
  args: string[]
  faults?: Partial<Faults>
  /** Where pip is pointed; defaults to a fresh healthy-or-faulty mirror. */
  index?: 'mirror' | 'closed-port' | 'tls'
  /** Text the output must contain, checked after capture. */
  expect: RegExp
}

const packages: DistFile[] = [
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '1.1' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' }),
  buildWheel({ name: 'alpha', version: '1.0', requires: ['beta==1.0'] }),
  buildWheel({ name: 'beta', version: '1.0' }),
  buildWheel({ name: 'beta', version: '2.0' }),
  // METADATA says Requires-Python >=4 but the page does not list it, so pip downloads first.
  buildWheel({ name: 'future-only', version: '1.0', requiresPython: '>=4' }),
  buildSdistFailing('broken-build', '0.1')
]

const cases: Case[] = [
  {
    name: 'read-timeout',
    args: ['demo-pkg==1.0'],
    faults: { hang: 'files' },
    expect: /Read timed out/
  },
  {
    name: 'connection-reset',
    args: ['demo-pkg==1.0'],
    faults: { reset: 'files' },
    expect: /Connection aborted|RemoteDisconnected|ConnectionResetError|connection broken/i
  },
  {
    name: 'http-503-file',
    args: ['demo-pkg==1.0'],
    faults: { fileStatus: 503 },
    expect: /503/
  },
  {
    name: 'http-404-file',
    args: ['demo-pkg==1.0'],
    faults: { fileStatus: 404 },
    expect: /HTTP error 404/
  },
  {
    name: 'hash-mismatch',
    args: ['demo-pkg==1.0'],
    faults: { corruptFiles: true },
    expect: /DO NOT MATCH THE HASHES/
  },
  {
    name: 'stale-version-missing',
    args: ['demo-pkg==2.0'],
    faults: { hiddenVersions: { 'demo-pkg': ['2.0'] } },
    expect: /\(from versions: 1\.0, 1\.1\)/
  },
  {
    name: 'index-unreachable',
    args: ['demo-pkg==1.0'],
    index: 'closed-port',
    expect: /\(from versions: none\)/
  },
  {
    name: 'index-404',
    args: ['demo-pkg==1.0'],
    faults: { pageStatus: 404 },
    expect: /\(from versions: none\)/
  },
  {
    // A common mirror failure: pip retries the page, then skips the index silently.
    name: 'http-503-page',
    args: ['demo-pkg==1.0'],
    faults: { pageStatus: 503 },
    expect: /\(from versions: none\)/
  },
  {
    name: 'http-403-page',
    args: ['demo-pkg==1.0'],
    faults: { pageStatus: 403 },
    expect: /\(from versions: none\)/
  },
  {
    name: 'resolution-conflict',
    args: ['alpha', 'beta==2.0'],
    expect: /ResolutionImpossible/
  },
  {
    name: 'requires-python',
    args: ['future-only==1.0'],
    expect: /requires a different Python/
  },
  {
    name: 'build-failure',
    args: ['--no-build-isolation', 'broken-build==0.1'],
    expect: /subprocess-exited-with-error/
  },
  {
    name: 'tls-error',
    args: ['demo-pkg==1.0'],
    index: 'tls',
    expect: /CERTIFICATE_VERIFY_FAILED/
  },
  {
    name: 'success',
    args: ['demo-pkg==1.0'],
    expect: /Successfully installed demo-pkg-1\.0/
  }
]

async function selfSignedCert(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  await promisify(execFile)('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-days',
    '1',
    '-keyout',
    keyPath,
    '-out',
    certPath
  ])
  return { key: await readFile(keyPath), cert: await readFile(certPath) }
}

/** Replace everything that differs between runs and machines with stable placeholders. */
function sanitize(output: string, tmpRoots: string[], pipDir: string): string {
  let text = output.split(pipDir).join('<site-packages>/pip')
  for (const root of tmpRoots) text = text.split(root).join('<tmp>')
  return text
    .replace(/\/tmp\/(pip-[a-z-]+?-)[a-z0-9_]{8}\b/g, '<tmp>/$1XXXXXXXX')
    .replace(/(<tmp>\/pip-[a-z-]+-XXXXXXXX\/[^/_\s]+)_[0-9a-f]{32}\b/g, '$1_<uuid>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/port=\d+/g, 'port=PORT')
    .replace(/ at 0x[0-9a-f]+>/g, ' at 0x...>')
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'pip-capture-'))
  const tmpRoots = [await realpath(work), work]
  await mkdir(OUT_DIR, { recursive: true })
  const tls = await selfSignedCert(work)
  const pipDir = (
    await promisify(execFile)(PYTHON, [
      '-c',
      'import os, pip; print(os.path.dirname(pip.__file__))'
    ])
  ).stdout.trim()
  const results: { name: string; exitCode: number; ok: boolean; seconds: number }[] = []

  try {
    for (const testCase of cases) {
      let mirror: Mirror | undefined
      let indexUrl: string
      if (testCase.index === 'closed-port') {
        const closed = await startMirror({ packages })
        indexUrl = closed.indexUrl
        await closed.close()
      } else {
        mirror = await startMirror({
          packages,
          faults: testCase.faults,
          ...(testCase.index === 'tls' ? { tls } : {})
        })
        indexUrl = mirror.indexUrl
      }

      const venvDir = join(work, `venv-${testCase.name}`)
      const venvPython = await createVenv(venvDir)
      const started = Date.now()
      const { exitCode, output } = await runPipInstall(
        venvPython,
        ['--no-cache-dir', '--index-url', indexUrl, ...testCase.args],
        { env: { PIP_TIMEOUT: '2', PIP_RETRIES: '1' }, cwd: work }
      )
      const seconds = (Date.now() - started) / 1000
      const traffic = mirror
        ? `pages=${mirror.requests.filter(r => r.kind === 'page').length} files=${mirror.fileRequests()}`
        : ''
      await mirror?.close()
      await rm(venvDir, { recursive: true, force: true })

      const text = sanitize(output, tmpRoots, pipDir)
      await writeFile(join(OUT_DIR, `${testCase.name}.txt`), text)
      const ok = testCase.expect.test(text)
      results.push({ name: testCase.name, exitCode, ok, seconds })
      console.log(
        `${ok ? 'ok     ' : 'MISSING'} ${testCase.name.padEnd(22)} exit=${exitCode} ${seconds.toFixed(1)}s ${traffic}`
      )
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }

  const exitCodes = Object.fromEntries(results.map(r => [r.name, r.exitCode]))
  await writeFile(join(OUT_DIR, 'exit-codes.json'), JSON.stringify(exitCodes, null, 2) + '\n')
  const { stdout: pipVersion } = await promisify(execFile)(PYTHON, ['-m', 'pip', '--version'])
  console.log(`\n${pipVersion.trim()}`)
  console.log(`wrote ${results.length} fixtures to ${OUT_DIR}`)
  const missing = results.filter(r => !r.ok)
  if (missing.length) {
    console.error(`expected text missing in: ${missing.map(r => r.name).join(', ')}`)
    process.exitCode = 1
  }
}

await main()
