// Real uv (the one scripts/setup-test-tools.sh installs) against loopback test mirrors: the
// variables the action exports for uv, the private guard's constraints file handed over through
// UV_CONSTRAINT, and the bundled action running a `uv pip install` with mirror fallback.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import {
  blockedProject,
  constraintEnv,
  renderConstraints
} from '../../src/install/private-index.js'
import { renderToolEnv } from '../../src/configure/tool-env.js'
import { runStep } from '../../test-support/action-runner.js'
import {
  type Faults,
  type Mirror,
  mirrorPool,
  refusedIndexUrl
} from '../../test-support/mirror-server.js'
import {
  createToolVenv,
  findTool,
  installedVersion,
  isolatedPipEnv,
  runToolInstall,
  shellQuote,
  uvExecutable
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

const uv = await findTool('uv-0.13.9')
const UV_ONLY = { pip: false, uv: true }
const TOKEN = 'uv-t0ken'

const pool = mirrorPool([
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' }),
  // A higher version of the private project's name, as an attacker would publish it.
  buildWheel({ name: 'corp-lib', version: '99.0' }),
  buildWheel({ name: 'app', version: '1.0', requires: ['corp-lib'] }),
  // What the action's probe fetches, so that a fault on demo-pkg only shows in the install.
  buildWheel({ name: 'probe-pkg', version: '1.0' })
])
const scratchDirs: string[] = []

afterAll(async () => {
  await pool.closeAll()
  await Promise.all(scratchDirs.map(dir => rm(dir, { recursive: true, force: true })))
})

/** A directory of its own for one test: an empty venv, a uv cache and files. */
async function scratch(): Promise<{ dir: string; venv: string; cache: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'uv-test-'))
  scratchDirs.push(dir)
  return { dir, venv: await createToolVenv(uv, join(dir, 'venv')), cache: join(dir, 'uv-cache') }
}

/** The page and file requests a mirror got, each once, as `page /simple/x/` or `file /files/x`. */
function fetched(mirror: Mirror, pattern = /./): string[] {
  const seen = mirror.requests
    .filter(request => request.kind !== 'other' && pattern.test(request.path))
    .map(request => `${request.kind} ${request.path}`)
  return [...new Set(seen)]
}

const corpFiles = (mirror: Mirror): string[] =>
  fetched(mirror, /corp/).filter(request => request.startsWith('file'))

describe('the variables renderToolEnv exports for uv', () => {
  const variants: [string, (env: Record<string, string>) => Record<string, string>][] = [
    ['exactly as rendered', env => env],
    // uv has no "secure origin" rule for plain http (insecure-host only skips TLS verification).
    ['without UV_INSECURE_HOST', ({ UV_INSECURE_HOST: _unused, ...env }) => env]
  ]

  it.concurrent.each(variants)(
    'point uv pip install at a plain-http loopback mirror, %s',
    async (_label, adjust) => {
      const [chosen, other] = await Promise.all([pool.start(), pool.start()])
      const rendered = renderToolEnv(parseMirror(`local=${chosen.indexUrl}`), UV_ONLY)
      expect(Object.keys(rendered)).toEqual(
        expect.arrayContaining(['UV_DEFAULT_INDEX', 'UV_HTTP_RETRIES', 'UV_HTTP_TIMEOUT'])
      )
      expect(Object.keys(rendered).filter(key => !key.startsWith('UV_'))).toEqual([])
      expect(rendered.UV_DEFAULT_INDEX).toBe(chosen.indexUrl)
      const { venv, cache } = await scratch()

      const run = await runToolInstall(uv, venv, ['demo-pkg==1.0'], {
        env: { ...adjust(rendered), UV_CACHE_DIR: cache }
      })

      expect(run).toMatchObject({ exitCode: 0 })
      expect(run.output).toContain(' + demo-pkg==1.0')
      expect(await installedVersion(venv, 'demo-pkg')).toBe('1.0')
      expect(fetched(chosen)).toEqual([
        'page /simple/demo-pkg/',
        'file /files/demo_pkg-1.0-py3-none-any.whl'
      ])
      expect(other.requests).toEqual([])
    }
  )
})

describe("the private guard's constraints file, handed to uv through UV_CONSTRAINT", () => {
  const cases: {
    name: string
    install: string[]
    exitCode: number
    installed: Record<string, string | undefined>
  }[] = [
    {
      name: 'refuses a private project the install names',
      install: ['corp-lib'],
      exitCode: 1,
      installed: { 'corp-lib': undefined }
    },
    {
      name: 'refuses it under an unnormalised spelling',
      install: ['Corp_Lib'],
      exitCode: 1,
      installed: { 'corp-lib': undefined }
    },
    {
      name: 'refuses a private project that is only a dependency',
      install: ['app'],
      exitCode: 1,
      installed: { app: undefined, 'corp-lib': undefined }
    },
    {
      name: 'refuses the whole install when one of its projects is private',
      install: ['demo-pkg==1.0', 'corp-lib'],
      exitCode: 1,
      installed: { 'demo-pkg': undefined, 'corp-lib': undefined }
    },
    {
      name: 'installs an unrelated public project',
      install: ['demo-pkg'],
      exitCode: 0,
      installed: { 'demo-pkg': '2.0' }
    }
  ]

  it.concurrent.each(cases)('$name', async ({ install, exitCode, installed }) => {
    const publicMirror = await pool.start()
    const { dir, venv, cache } = await scratch()
    const file = join(dir, 'private-constraints.txt')
    await writeFile(file, renderConstraints(['corp-lib']))
    const env = {
      ...renderToolEnv(parseMirror(`public=${publicMirror.indexUrl}`), UV_ONLY),
      ...constraintEnv(file, {}),
      UV_CACHE_DIR: cache
    }

    const run = await runToolInstall(uv, venv, install, { env })

    expect(run).toMatchObject({ exitCode })
    for (const [name, version] of Object.entries(installed)) {
      expect([name, await installedVersion(venv, name)]).toEqual([name, version])
    }
    expect(corpFiles(publicMirror)).toEqual([])
    // The action tells a refusal from other failures by uv's echo of the constraint.
    expect(blockedProject(run.output, ['corp-lib'])).toBe(exitCode ? 'corp-lib' : undefined)
    if (exitCode) expect(run.output).toContain('corp-lib<0 and corp-lib>0')
  })

  it.concurrent("applies beside the job's own UV_CONSTRAINT files", async () => {
    const publicMirror = await pool.start()
    const { dir, cache } = await scratch()
    const own = join(dir, 'own-constraints.txt')
    const file = join(dir, 'private-constraints.txt')
    await writeFile(own, 'demo-pkg<2\n')
    await writeFile(file, renderConstraints(['corp-lib']))
    const env: Record<string, string> = {
      ...renderToolEnv(parseMirror(`public=${publicMirror.indexUrl}`), UV_ONLY),
      ...constraintEnv(file, { UV_CONSTRAINT: own }),
      UV_CACHE_DIR: cache
    }
    expect(env.UV_CONSTRAINT).toBe(`${own} ${file}`)

    const [demo, corp] = await Promise.all(
      ['demo-pkg', 'corp-lib'].map(async name => {
        const { venv } = await scratch()
        const run = await runToolInstall(uv, venv, [name], { env })
        return {
          exitCode: run.exitCode,
          output: run.output,
          version: await installedVersion(venv, name)
        }
      })
    )

    expect(demo).toMatchObject({ exitCode: 0, version: '1.0' })
    expect(corp).toMatchObject({ exitCode: 1, version: undefined })
    expect(corp.output).toContain('corp-lib<0 and corp-lib>0')
    expect(corpFiles(publicMirror)).toEqual([])
  })
})

describe('the bundled action with a uv install command', () => {
  /** The host's uv and pip settings stripped, a uv cache of the step's own. */
  async function runAction(inputs: Record<string, string>) {
    const { dir, venv, cache } = await scratch()
    const env = isolatedPipEnv()
    for (const key of Object.keys(env)) if (key.toUpperCase().startsWith('UV_')) delete env[key]
    Object.assign(env, {
      UV_NO_CONFIG: '1',
      UV_PYTHON_DOWNLOADS: 'never',
      UV_CACHE_DIR: cache,
      GITHUB_WORKSPACE: dir
    })
    const install = (args: string[]): string =>
      [uvExecutable(uv), 'pip', 'install', '--python', venv, ...args].map(shellQuote).join(' ')
    const step = await runStep('main', {
      inputs: {
        'probe-project': 'probe-pkg',
        'probe-timeout': '1500',
        'install-attempts': '1',
        configure: 'uv',
        cache: 'false',
        mode: 'direct',
        ...inputs,
        install: install(inputs.install.split(' '))
      },
      env,
      cwd: dir
    })
    return { step, venv }
  }

  const errorLine = (log: string): string =>
    log.split('\n').find(line => line.startsWith('::error::')) ?? ''

  const broken: [string, Partial<Faults>, RegExp][] = [
    ['a corrupt wheel', { corruptFiles: ['demo-pkg'] }, /Bad CRC/],
    ['a missing version', { hiddenVersions: { 'demo-pkg': ['1.0'] } }, /no version of demo-pkg/]
  ]

  it.concurrent.each(broken)(
    'falls back past the first-ranked mirror serving %s',
    async (_label, faults, failure) => {
      const first = await pool.start(faults)
      // The healthy mirror answers slowest, so the probe ranks it second.
      const healthy = await pool.start({ latencyMs: 200 })

      const { step, venv } = await runAction({
        mirrors: `first=${first.indexUrl}\nhealthy=${healthy.indexUrl}`,
        install: 'demo-pkg==1.0'
      })

      expect(step).toMatchObject({ exitCode: 0 })
      expect(await installedVersion(venv, 'demo-pkg')).toBe('1.0')
      expect(step.outputs).toMatchObject({ mirror: 'first', 'install-mirror': 'healthy' })
      const failed = step.log.split('\n').find(line => line.startsWith('Failed with exit code'))
      expect(failed).toMatch(/^Failed with exit code 1: mirror \(/)
      expect(failed).toMatch(failure)
      expect(step.log).toContain(`Attempt 2: healthy (${healthy.indexUrl}), try 1 of 1`)
      expect(fetched(healthy, /demo/)).toEqual([
        'page /simple/demo-pkg/',
        'file /files/demo_pkg-1.0-py3-none-any.whl'
      ])
      // configure: uv exports uv's variables only, for the mirror that worked.
      expect(Object.keys(step.env).filter(key => !key.startsWith('UV_'))).toEqual([])
      expect(step.env.UV_DEFAULT_INDEX).toBe(healthy.indexUrl)
    }
  )

  const privateCases: {
    install: string
    exitCode: number
    installed: Record<string, string | undefined>
  }[] = [
    { install: 'corp-lib', exitCode: 1, installed: { 'corp-lib': undefined } },
    { install: 'app', exitCode: 1, installed: { app: undefined, 'corp-lib': undefined } },
    { install: 'demo-pkg==1.0', exitCode: 0, installed: { 'demo-pkg': '1.0' } }
  ]

  it.concurrent.each(privateCases)(
    'with the private index down, uv pip install $install on the public mirror exits $exitCode',
    async ({ install, exitCode, installed }) => {
      const down = new URL(await refusedIndexUrl())
      down.username = 'ci'
      down.password = TOKEN
      const attacker = await pool.start()

      const { step, venv } = await runAction({
        mirrors: `corp=${down.href}\npublic=${attacker.indexUrl}`,
        'private-projects': 'corp-lib',
        install
      })

      expect(step).toMatchObject({ exitCode })
      for (const [name, version] of Object.entries(installed)) {
        expect([name, await installedVersion(venv, name)]).toEqual([name, version])
      }
      expect(corpFiles(attacker)).toEqual([])
      const displayUrl = `http://ci:***@${down.host}/simple`
      expect(step.log).toContain(`Attempt 1: corp (${displayUrl}), try 1 of 1`)
      expect(step.log).toContain(`Attempt 2: public (${attacker.indexUrl}), try 1 of 1`)
      if (exitCode) {
        expect(errorLine(step.log)).toContain(
          `::error::corp-lib is a private project (private-projects), so it was not installed from the public mirror public (${attacker.indexUrl}) after the private index corp (${displayUrl}) failed.`
        )
      } else {
        expect(step.outputs['install-mirror']).toBe('public')
      }
      const leaks = `${step.log}\n${step.summary}`
        .split('\n')
        .filter(line => line.includes(TOKEN) && line !== `::add-mask::${TOKEN}`)
      expect(leaks).toEqual([])
    }
  )
})
