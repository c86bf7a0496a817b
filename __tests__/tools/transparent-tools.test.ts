import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { RouterStats } from '../../src/router/router-service.js'
import { runStep, type StepResult } from '../../test-support/action-runner.js'
import {
  type DistFile,
  type Mirror,
  pypiLayoutPath,
  startMirror,
  UPLOAD_TIME
} from '../../test-support/mirror-server.js'
import {
  findPythonTool,
  findTool,
  isolatedToolEnv,
  type PythonToolName,
  uvExecutable
} from '../../test-support/python.js'
import { pep621Pyproject, poetryPyproject } from '../../test-support/projects.js'
import { type PypiUpstream, startPypiUpstream } from '../../test-support/pypi-upstream.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * The action in router mode, then real tools in later steps with PyPI's own index, the way a new
 * user runs them: the projects exist only on the two test mirrors, so a tool that went around
 * the router to pypi.org would fail. Lock files name PyPI's URLs, and nothing in the workspace
 * names the router afterwards.
 */

const run = promisify(execFile)
const alpha = buildWheel({
  name: 'tp-alpha',
  version: '1.0',
  requires: ['tp-beta>=1'],
  sizeBytes: 50_000
})
const beta = buildWheel({ name: 'tp-beta', version: '1.2', sizeBytes: 50_000 })
const wheels: DistFile[] = [alpha, beta]
const PY = path.join(process.env.HOME ?? '', '.pyenv/versions')

/** Known to PyPI's vulnerability data, as a mirror's copy of its JSON API has it. */
const BETA_VULNERABILITY = {
  id: 'PYSEC-2026-42',
  aliases: ['CVE-2026-4242'],
  details: 'tp-beta 1.2 trusts what it should not.',
  summary: 'tp-beta trusts what it should not',
  fixed_in: ['1.3'],
  link: 'https://osv.dev/vulnerability/PYSEC-2026-42',
  source: 'osv',
  withdrawn: null
}

let mirrors: Mirror[] = []
let upstream: PypiUpstream
let main: StepResult
let scratch: string
let workspace: string
let python: string
let toolEnv: NodeJS.ProcessEnv

beforeAll(async () => {
  // One mirror keeps PyPI's JSON API beside its simple pages, as bandersnatch mirrors do.
  mirrors = [
    await startMirror({
      packages: wheels,
      pypiLayout: true,
      faults: { coreMetadata: true },
      jsonApi: { vulnerabilities: { 'tp-beta==1.2': [BETA_VULNERABILITY] } }
    }),
    await startMirror({ packages: wheels, pypiLayout: true })
  ]
  // PyPI itself, reached through the job's own proxy: it knows none of these projects.
  upstream = await startPypiUpstream({
    handler: (_request, response) => response.writeHead(404).end('Not Found')
  })
  scratch = await mkdtemp(path.join(tmpdir(), 'transparent-'))
  workspace = path.join(scratch, 'workspace')
  await mkdir(workspace)
  const versions = await readdir(PY).catch(() => [])
  const minor = versions.filter(version => version.startsWith('3.12.')).sort()
  python = minor.length > 0 ? path.join(PY, minor[minor.length - 1], 'bin', 'python3') : 'python3'
  main = await runStep('main', {
    inputs: {
      mirrors: mirrors.map((mirror, i) => `m${i}=${mirror.indexUrl}`).join('\n'),
      cache: 'false',
      'probe-timeout': '2000'
    },
    env: {
      ...isolatedToolEnv(),
      ...upstream.env,
      XDG_CACHE_HOME: path.join(scratch, 'cache'),
      GITHUB_WORKSPACE: workspace
    },
    cwd: workspace
  })
  toolEnv = {
    ...isolatedToolEnv(),
    ...upstream.env,
    ...main.env,
    HOME: path.join(scratch, 'home'),
    XDG_CACHE_HOME: path.join(scratch, 'home-cache')
  }
}, 60_000)

afterAll(async () => {
  if (main?.state.router) {
    const post = await runStep('post', {
      state: main.state,
      env: { ...isolatedToolEnv(), XDG_CACHE_HOME: path.join(scratch, 'cache') }
    })
    expect(post.exitCode).toBe(0)
    process.kill((JSON.parse(main.state.router) as { pid: number }).pid, 'SIGTERM')
  }
  await Promise.all([...mirrors, upstream].map(each => each?.close()))
  await rm(scratch, { recursive: true, force: true })
})

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(workspace, name)
  await mkdir(dir, { recursive: true })
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text)
  return dir
}

async function tool(
  command: string,
  args: string[],
  cwd: string,
  extra: NodeJS.ProcessEnv = {}
): Promise<string> {
  try {
    const { stdout, stderr } = await run(command, args, {
      cwd,
      env: { ...toolEnv, ...extra },
      timeout: 120_000
    })
    return stdout + stderr
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string }
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} failed:\n${failed.stdout}\n${failed.stderr}`
    )
  }
}

async function routerStats(): Promise<RouterStats> {
  const { statsUrl } = JSON.parse(main.state.router) as { statsUrl: string }
  return (await (await fetch(statsUrl)).json()) as RouterStats
}

async function bin(name: PythonToolName): Promise<string> {
  return (await findPythonTool(name)).bin
}

/** Every file under `dir` that names the router (its port, loopback or its secret). */
async function filesNamingRouter(dir: string): Promise<string[]> {
  const port = new URL(main.env.HTTPS_PROXY).port
  const found: string[] = []
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name)
      if (entry.isDirectory()) {
        if (!['.venv', '__pycache__'].includes(entry.name)) await walk(full)
      } else if (entry.isFile()) {
        const text = await readFile(full, 'utf8').catch(() => '')
        if (text.includes('127.0.0.1') || text.includes(`:${port}`)) found.push(full)
      }
    }
  }
  await walk(dir)
  return found
}

const PYPROJECT = (extra = ''): string => pep621Pyproject(['tp-alpha'], extra)

/** uv.lock as uv writes it against PyPI for PYPROJECT. */
function uvLockAgainstPypi(): string {
  const wheel = (file: DistFile): string =>
    `    { url = "https://files.pythonhosted.org${pypiLayoutPath(file)}", hash = "sha256:${file.sha256}", size = ${file.bytes.length}, upload-time = "${UPLOAD_TIME.replace(/(\.\d{3})\d*Z$/, '$1Z')}" },`
  return [
    'version = 1',
    'revision = 3',
    'requires-python = ">=3.8"',
    '',
    '[[package]]',
    'name = "app"',
    'version = "0.1"',
    'source = { virtual = "." }',
    'dependencies = [',
    '    { name = "tp-alpha" },',
    ']',
    '',
    '[package.metadata]',
    'requires-dist = [{ name = "tp-alpha" }]',
    '',
    '[[package]]',
    'name = "tp-alpha"',
    'version = "1.0"',
    'source = { registry = "https://pypi.org/simple" }',
    'dependencies = [',
    '    { name = "tp-beta" },',
    ']',
    'wheels = [',
    wheel(alpha),
    ']',
    '',
    '[[package]]',
    'name = "tp-beta"',
    'version = "1.2"',
    'source = { registry = "https://pypi.org/simple" }',
    'wheels = [',
    wheel(beta),
    ']',
    ''
  ].join('\n')
}

describe("the router as the job's HTTPS proxy, with real tools", () => {
  it('exports a proxy and a CA bundle, and no index variable', () => {
    expect(main.exitCode).toBe(0)
    expect(main.env.HTTPS_PROXY).toMatch(/^http:\/\/pip-mirror-action:[\w-]+@127\.0\.0\.1:\d+$/)
    expect(main.env.https_proxy).toBe(main.env.HTTPS_PROXY)
    expect(main.env.SSL_CERT_FILE).toBe(main.env.REQUESTS_CA_BUNDLE)
    expect(main.env.PIP_CERT).toBe(main.env.SSL_CERT_FILE)
    expect(main.env.PIP_INDEX_URL).toBeUndefined()
    expect(main.env.UV_DEFAULT_INDEX).toBeUndefined()
  })

  it('uv: a uv.lock made against PyPI passes --locked, stays byte for byte after uv lock, and --frozen installs through the mirrors', async () => {
    const uv = uvExecutable(await findTool('uv-0.13.9'))
    const lock = uvLockAgainstPypi()
    const dir = await project('uv-app', { 'pyproject.toml': PYPROJECT(), 'uv.lock': lock })
    await tool(uv, ['lock', '--locked', '--python', python], dir)
    await tool(uv, ['lock', '--python', python], dir)
    expect(await readFile(path.join(dir, 'uv.lock'), 'utf8')).toBe(lock)
    await tool(uv, ['sync', '--locked', '--python', python], dir)
    // One download per wheel from the mirrors, however uv asks (it once fetched each twice).
    const wheelDownloads = mirrors.flatMap(mirror =>
      mirror.requests.filter(request => request.method === 'GET' && request.path.endsWith('.whl'))
    )
    expect(wheelDownloads.map(request => path.basename(request.path)).sort()).toEqual(
      [alpha.filename, beta.filename].sort()
    )
    await rm(path.join(dir, '.venv'), { recursive: true })
    const before = await routerStats()
    await tool(uv, ['sync', '--frozen', '--python', python], dir, {
      UV_CACHE_DIR: path.join(scratch, 'uv-frozen-cache')
    })
    const after = await routerStats()
    // The router served the wheels the lock names (from its store: sync --locked fetched them).
    expect(after.files.storeHits).toBeGreaterThanOrEqual(before.files.storeHits + 2)
    expect(await filesNamingRouter(dir)).toEqual([])
  }, 180_000)

  it('pip with its default index', async () => {
    const dir = await project('pip-app', {})
    await run(python, ['-m', 'venv', path.join(dir, '.venv')])
    const output = await tool(
      path.join(dir, '.venv/bin/python'),
      ['-m', 'pip', 'install', 'tp-alpha'],
      dir
    )
    expect(output).toMatch(/Successfully installed tp-alpha-1\.0 tp-beta-1\.2/)
  }, 120_000)

  it.each(['poetry', 'poetry-1.8'] as const)(
    '%s lock and install with no source configured',
    async name => {
      const poetry = await bin(name)
      const dir = await project(name, {
        'pyproject.toml': poetryPyproject(['tp-alpha'])
      })
      await tool(poetry, ['env', 'use', python], dir)
      await tool(poetry, ['lock'], dir)
      const lock = await readFile(path.join(dir, 'poetry.lock'), 'utf8')
      expect(lock).toContain(`hash = "sha256:${beta.sha256}"`)
      // Locked again in the job: byte for byte the same.
      await tool(poetry, ['lock'], dir)
      expect(await readFile(path.join(dir, 'poetry.lock'), 'utf8')).toBe(lock)
      await tool(poetry, ['install', '--no-root'], dir)
      expect(await tool(poetry, ['run', 'pip', 'list'], dir)).toMatch(/tp-beta\s+1\.2/)
      expect(await filesNamingRouter(dir)).toEqual([])
    },
    240_000
  )

  it('PDM lock and install', async () => {
    const pdm = await bin('pdm')
    const dir = await project('pdm-app', {
      'pyproject.toml': PYPROJECT('\n[tool.pdm]\ndistribution = false\n')
    })
    await tool(pdm, ['use', '-f', python], dir)
    await tool(pdm, ['lock'], dir)
    const lock = await readFile(path.join(dir, 'pdm.lock'), 'utf8')
    expect(lock).toContain(beta.sha256)
    await tool(pdm, ['lock'], dir)
    expect(await readFile(path.join(dir, 'pdm.lock'), 'utf8')).toBe(lock)
    await tool(pdm, ['install'], dir)
    expect(await filesNamingRouter(dir)).toEqual([])
  }, 240_000)

  it('pipenv install writes PyPI, not the router, into Pipfile and Pipfile.lock', async () => {
    const pipenv = await bin('pipenv')
    const dir = await project('pipenv-app', {})
    await tool(pipenv, ['install', '--python', python, 'tp-alpha'], dir)
    expect(await readFile(path.join(dir, 'Pipfile'), 'utf8')).toContain('https://pypi.org/simple')
    expect(await readFile(path.join(dir, 'Pipfile.lock'), 'utf8')).toContain(beta.sha256)
    expect(await filesNamingRouter(dir)).toEqual([])
  }, 240_000)

  it('pip-compile writes no index URL', async () => {
    const compile = await bin('pip-compile')
    const dir = await project('pip-tools-app', { 'requirements.in': 'tp-alpha\n' })
    await tool(compile, ['--generate-hashes', 'requirements.in'], dir)
    const compiled = await readFile(path.join(dir, 'requirements.txt'), 'utf8')
    expect(compiled).toMatch(/tp-beta==1\.2/)
    expect(compiled).toContain(`--hash=sha256:${beta.sha256}`)
    expect(compiled).not.toMatch(/--index-url|--trusted-host/)
    expect(await filesNamingRouter(dir)).toEqual([])
  }, 240_000)

  it.each([
    ['tox (virtualenv and pip)', ''],
    ['tox-uv', 'runner = uv-venv-runner\n']
  ])(
    '%s installs a test environment',
    async (_name, runner) => {
      const tox = await bin('tox')
      const dir = await project(`tox-${runner ? 'uv' : 'pip'}`, {
        'tox.ini': `[tox]\nenv_list = check\n\n[testenv:check]\nskip_install = true\nbase_python = ${python}\n${runner}deps = tp-alpha\ncommands = python -c "import tp_alpha, tp_beta"\n`
      })
      expect(await tool(tox, ['run', '-e', 'check'], dir)).toMatch(/check: OK/)
    },
    240_000
  )

  it('pip-audit -r reports the vulnerability the JSON API lists', async () => {
    const audit = await bin('pip-audit')
    const dir = await project('audit-app', { 'requirements.txt': 'tp-beta==1.2\n' })
    // Pinned requirements read as they are: without --disable-pip, pip-audit first upgrades pip,
    // wheel and setuptools in a venv of its own, which these mirrors do not have.
    const args = ['-r', 'requirements.txt', '--disable-pip', '--no-deps', '--desc']
    const failed = await tool(audit, args, dir).then(
      output => new Error(`pip-audit found nothing:\n${output}`),
      (error: Error) => error
    )
    expect(failed.message).toContain('PYSEC-2026-42')
    expect(failed.message).toMatch(/Found 1 known vulnerability in 1 package/)
    expect(failed.message).not.toContain('No known vulnerabilities found')
    const stats = await routerStats()
    expect(stats.jsonApi?.mirrors).toBeGreaterThanOrEqual(1)
  }, 240_000)

  it('nox installs a session', async () => {
    const nox = await bin('nox')
    const dir = await project('nox-app', {
      'noxfile.py': `import nox\n\n@nox.session(python=${JSON.stringify(python)})\ndef check(session):\n    session.install("tp-alpha")\n    session.run("python", "-c", "import tp_alpha, tp_beta")\n`
    })
    expect(await tool(nox, ['-s', 'check'], dir)).toMatch(/Session check was successful/)
  }, 240_000)
})
