// Runs REAL pip and uv against loopback mirrors with injected faults and saves what they print,
// so tests of the failure classifier use genuine text instead of guesses.
//
//   npx tsx scripts/capture-pip-output.ts [TOOL...]   (e.g. pip-26.2.1; default: every tool)
//
// Installs the tools first (scripts/setup-test-tools.sh), then writes
// __tests__/fixtures/pip-output/<tool>/<case>.txt (stdout and stderr interleaved) and
// <tool>/exit-codes.json, with temp paths, ports and timings replaced by stable placeholders.
// __tests__/pip-versions.test.ts runs some of these cases live.
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { PIP_RESUME_RETRIES } from '../src/configure/tool-env.js'
import {
  refusedIndexUrl,
  startMirror,
  type DistFile,
  type Faults,
  type Mirror
} from '../test-support/mirror-server.js'
import {
  createToolVenv,
  findTool,
  runToolInstall,
  TOOLS_DIR,
  type PipRun,
  type Tool
} from '../test-support/python.js'
import { buildSdistFailing, buildSdistWithSetuptools, buildWheel } from '../test-support/wheel.js'

const execFileAsync = promisify(execFile)
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
export const FIXTURES_DIR = join(ROOT, '__tests__', 'fixtures', 'pip-output')

export interface Case {
  name: string
  /** Install arguments after the index and cache options (requirements and options). */
  args: string[]
  faults?: Partial<Faults>
  /** Where the tool is pointed; defaults to a mirror with `faults`. */
  index?: 'mirror' | 'closed-port' | 'tls'
}

export const PACKAGES: DistFile[] = [
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '1.1' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' }),
  // Large enough that a cut or a stall lands mid-body.
  buildWheel({ name: 'big-pkg', version: '1.0', sizeBytes: 64 * 1024 }),
  buildWheel({ name: 'alpha', version: '1.0', requires: ['beta==1.0'] }),
  buildWheel({ name: 'beta', version: '1.0' }),
  buildWheel({ name: 'beta', version: '2.0' }),
  // METADATA says Requires-Python >=4 but the page does not list it, so pip downloads first.
  buildWheel({ name: 'future-only', version: '1.0', requiresPython: '>=4' }),
  // These list Requires-Python on the page too (`data-requires-python`), as PyPI does.
  {
    ...buildWheel({ name: 'future-listed', version: '1.0', requiresPython: '>=4' }),
    requiresPython: '>=4'
  },
  buildWheel({ name: 'newer-py', version: '1.0' }),
  {
    ...buildWheel({ name: 'newer-py', version: '2.0', requiresPython: '>=4' }),
    requiresPython: '>=4'
  },
  buildWheel({ name: 'newer-py', version: '3.0' }),
  buildSdistFailing('broken-build', '0.1'),
  // Its build needs setuptools, which this index does not have.
  buildSdistWithSetuptools('needs-setuptools', '0.1')
]

/** Where a cut or stalled download stops: a quarter into big-pkg. */
const CUT_AT_BYTES = 16 * 1024

export const CASES: Case[] = [
  { name: 'read-timeout', args: ['demo-pkg==1.0'], faults: { hang: 'files' } },
  { name: 'hang', args: ['demo-pkg==1.0'], faults: { hang: 'all' } },
  { name: 'connection-reset', args: ['demo-pkg==1.0'], faults: { reset: 'files' } },
  {
    name: 'file-reset-mid-body',
    args: ['big-pkg==1.0'],
    faults: { resetAfterBytes: CUT_AT_BYTES }
  },
  {
    name: 'file-stall-mid-body',
    args: ['big-pkg==1.0'],
    faults: { stallAfterBytes: CUT_AT_BYTES }
  },
  { name: 'http-503-file', args: ['demo-pkg==1.0'], faults: { fileStatus: 503 } },
  { name: 'http-404-file', args: ['demo-pkg==1.0'], faults: { fileStatus: 404 } },
  { name: 'hash-mismatch', args: ['demo-pkg==1.0'], faults: { corruptFiles: true } },
  {
    name: 'stale-version-missing',
    args: ['demo-pkg==2.0'],
    faults: { hiddenVersions: { 'demo-pkg': ['2.0'] } }
  },
  {
    // pip ignores 2.0 for this Python and lists 1.0, but 3.0 is simply missing here.
    name: 'stale-version-missing-some-ignored',
    args: ['newer-py==3.0'],
    faults: { hiddenVersions: { 'newer-py': ['3.0'] } }
  },
  { name: 'index-unreachable', args: ['demo-pkg==1.0'], index: 'closed-port' },
  { name: 'index-404', args: ['demo-pkg==1.0'], faults: { pageStatus: 404 } },
  // A common mirror failure: pip retries the page, then skips the index silently.
  { name: 'http-503-page', args: ['demo-pkg==1.0'], faults: { pageStatus: 503 } },
  { name: 'http-403-page', args: ['demo-pkg==1.0'], faults: { pageStatus: 403 } },
  { name: 'resolution-conflict', args: ['alpha', 'beta==2.0'] },
  { name: 'requires-python', args: ['future-only==1.0'] },
  { name: 'requires-python-listed', args: ['future-listed==1.0'] },
  { name: 'requires-python-listed-some', args: ['newer-py==2.0'] },
  { name: 'build-failure', args: ['--no-build-isolation', 'broken-build==0.1'] },
  { name: 'build-deps-missing', args: ['needs-setuptools==0.1'] },
  { name: 'tls-error', args: ['demo-pkg==1.0'], index: 'tls' },
  { name: 'success', args: ['demo-pkg==1.0'] }
]

/**
 * Short timeouts and one retry keep hanging cases to seconds; resume retries as the action
 * sets them, so pip 25.1+ shows what it prints under the action.
 */
export function captureEnv(tool: Tool): NodeJS.ProcessEnv {
  return tool.kind === 'pip'
    ? { PIP_TIMEOUT: '2', PIP_RETRIES: '1', PIP_RESUME_RETRIES: String(PIP_RESUME_RETRIES) }
    : { UV_HTTP_TIMEOUT: '2', UV_HTTP_RETRIES: '1' }
}

export interface Capture extends PipRun {
  seconds: number
}

/** Run one case with one tool in a fresh venv under `work`; the output is sanitized. */
export async function runCase(
  tool: Tool,
  testCase: Case,
  work: string,
  tls?: { key: Buffer; cert: Buffer }
): Promise<Capture> {
  let mirror: Mirror | undefined
  let indexUrl: string
  if (testCase.index === 'closed-port') indexUrl = await refusedIndexUrl()
  else {
    if (testCase.index === 'tls' && !tls) throw new Error(`${testCase.name} needs a certificate`)
    mirror = await startMirror({
      packages: PACKAGES,
      faults: testCase.faults,
      ...(testCase.index === 'tls' ? { tls } : {})
    })
    // By name: pip 24.2's truststore cannot verify a certificate for an IP address at all.
    indexUrl =
      testCase.index === 'tls' ? mirror.indexUrl.replace('127.0.0.1', 'localhost') : mirror.indexUrl
  }
  const venvDir = join(work, `venv-${tool.name}-${testCase.name}`)
  try {
    const venvPython = await createToolVenv(tool, venvDir)
    const noCache = tool.kind === 'pip' ? '--no-cache-dir' : '--no-cache'
    const started = Date.now()
    const run = await runToolInstall(
      tool,
      venvPython,
      [noCache, '--index-url', indexUrl, ...testCase.args],
      { env: captureEnv(tool), cwd: work }
    )
    const seconds = (Date.now() - started) / 1000
    const pythonHome = dirname(dirname(await realpath(tool.python)))
    const roots: [string, string][] = [
      [await realpath(work), '<tmp>'],
      [work, '<tmp>'],
      [pythonHome, '<python>']
    ]
    return { ...run, output: sanitize(run.output, roots), seconds }
  } finally {
    await mirror?.close()
    await rm(venvDir, { recursive: true, force: true })
  }
}

/**
 * Replace everything that differs between runs and machines with stable placeholders: the
 * tools' folder, `roots` (temp folders, the interpreter's home), ports, addresses, timings.
 */
export function sanitize(output: string, roots: [string, string][]): string {
  let text = output.split(TOOLS_DIR).join('<tools>')
  for (const [root, placeholder] of roots) text = text.split(root).join(placeholder)
  return text
    .replace(/\/tmp\/(pip-[a-z-]+?-)[a-z0-9_]{8}\b/g, '<tmp>/$1XXXXXXXX')
    .replace(/(<tmp>\/pip-[a-z-]+-XXXXXXXX\/[^/_\s]+)_[0-9a-f]{32}\b/g, '$1_<uuid>')
    .replace(/\/tmp\/\.tmp[A-Za-z0-9]{6}\b/g, '<tmp>/.tmpXXXXXX')
    .replace(
      /(sdists-v\d+\/index\/)[0-9a-f]{16}(\/[^/\s]+\/[^/\s]+\/)[\w-]{16}\//g,
      '$1<hash>$2<id>/'
    )
    .replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:PORT')
    .replace(/port=\d+/g, 'port=PORT')
    .replace(/ at 0x[0-9a-f]+>/g, ' at 0x...>')
    .replace(/ in \d+(\.\d+)?m?s\b/g, ' in <time>')
    .replace(/^(\s*)(?:[━╸╺ ]*[━╸╺]|<bar>) +(?=\d)/gm, '$1<bar> ')
    .replace(/ \d+(\.\d+)? [kMG]?B\/s eta \d+:\d\d:\d\d/g, ' <speed> eta <time>')
}

async function selfSignedCert(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const keyPath = join(dir, 'key.pem')
  const certPath = join(dir, 'cert.pem')
  await execFileAsync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-addext',
    'subjectAltName=DNS:localhost',
    '-days',
    '1',
    '-keyout',
    keyPath,
    '-out',
    certPath
  ])
  return { key: await readFile(keyPath), cert: await readFile(certPath) }
}

async function captureTool(
  tool: Tool,
  work: string,
  tls: { key: Buffer; cert: Buffer }
): Promise<string[]> {
  // Written aside and swapped in whole, so tests running meanwhile never see half a folder.
  const finalDir = join(FIXTURES_DIR, tool.name)
  const outDir = join(FIXTURES_DIR, `.partial-${tool.name}`)
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })
  const exitCodes: Record<string, number> = {}
  const wrong: string[] = []
  for (const testCase of CASES) {
    const { exitCode, output, seconds } = await runCase(tool, testCase, work, tls)
    await writeFile(join(outDir, `${testCase.name}.txt`), output)
    exitCodes[testCase.name] = exitCode
    // Every fault must fail the install and only the healthy case may succeed.
    const ok = (exitCode === 0) === (testCase.name === 'success')
    if (!ok) wrong.push(`${tool.name}/${testCase.name}`)
    console.log(
      `${ok ? 'ok   ' : 'WRONG'} ${tool.name.padEnd(11)} ${testCase.name.padEnd(34)} exit=${exitCode} ${seconds.toFixed(1)}s`
    )
  }
  await writeFile(join(outDir, 'exit-codes.json'), JSON.stringify(exitCodes, null, 2) + '\n')
  await rm(finalDir, { recursive: true, force: true })
  await rename(outDir, finalDir)
  return wrong
}

async function main(names: string[]): Promise<void> {
  await execFileAsync('bash', [join(ROOT, 'scripts', 'setup-test-tools.sh')])
  const listed = (await readFile(join(TOOLS_DIR, 'tools.txt'), 'utf8')).split('\n').filter(Boolean)
  const tools = await Promise.all((names.length ? names : listed).map(findTool))
  const work = await mkdtemp(join(tmpdir(), 'pip-capture-'))
  try {
    const tls = await selfSignedCert(work)
    // Two tools at a time: most cases wait on timeouts, not on the CPU.
    const queue = [...tools]
    const wrong: string[] = []
    await Promise.all(
      [0, 1].map(async () => {
        for (let tool = queue.shift(); tool; tool = queue.shift()) {
          wrong.push(...(await captureTool(tool, work, tls)))
        }
      })
    )
    console.log(`\nwrote ${tools.length} tool folders to ${FIXTURES_DIR}`)
    if (wrong.length) {
      console.error(`unexpected exit codes: ${wrong.join(', ')}`)
      process.exitCode = 1
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

// Run only as a script: __tests__/pip-versions.test.ts imports the cases.
if (process.argv[1] && import.meta.url === pathToFileURL(await realpath(process.argv[1])).href) {
  await main(process.argv.slice(2))
}
