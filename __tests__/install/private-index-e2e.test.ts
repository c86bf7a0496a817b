import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { runStep } from '../../test-support/action-runner.js'
import { type Mirror, mirrorPool, refusedIndexUrl } from '../../test-support/mirror-server.js'
import {
  createVenv,
  installedVersion,
  isolatedPipEnv,
  pipInstallCommand
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * Dependency confusion, attempted with real pip through the bundled action: the private index
 * fails, and a public mirror serves a higher version of a private project's name.
 */

const privatePool = mirrorPool([
  buildWheel({ name: 'corp-lib', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' })
])
const publicPool = mirrorPool([
  buildWheel({ name: 'corp-lib', version: '99.0' }),
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' }),
  buildWheel({ name: 'app', version: '1.0', requires: ['corp-lib'] })
])
const TOKEN = 'pr1vate-t0ken'

afterAll(() => Promise.all([privatePool.closeAll(), publicPool.closeAll()]))

async function runAction(
  inputs: Record<string, string>,
  files: Record<string, string> = {},
  env: NodeJS.ProcessEnv = {}
) {
  const workspace = await mkdtemp(path.join(tmpdir(), 'workspace-'))
  for (const [name, text] of Object.entries(files))
    await writeFile(path.join(workspace, name), text)
  return runStep('main', {
    inputs: {
      'probe-project': 'demo-pkg',
      'probe-timeout': '1500',
      'install-attempts': '1',
      cache: 'false',
      mode: 'direct',
      ...inputs
    },
    env: { ...isolatedPipEnv(), ...env, GITHUB_WORKSPACE: workspace },
    cwd: workspace
  })
}

async function freshVenv(): Promise<string> {
  return createVenv(path.join(await mkdtemp(path.join(tmpdir(), 'venv-')), 'venv'))
}

/** What the install asked a public mirror about the private project (the probe asks for demo-pkg). */
function corpRequests(mirror: Mirror): string[] {
  return mirror.requests
    .filter(request => /corp/.test(request.path))
    .map(request => `${request.kind} ${request.path}`)
}

function errorLine(log: string): string {
  return log.split('\n').find(line => line.startsWith('::error::')) ?? ''
}

describe('a private index that fails, and a public mirror serving its project names', () => {
  it('refuses the public mirror when the private projects are not listed', async () => {
    const down = new URL(await refusedIndexUrl())
    down.username = 'ci'
    down.password = TOKEN
    const attacker = await publicPool.start()
    const venv = await freshVenv()

    const step = await runAction({
      mirrors: `public=${attacker.indexUrl}\ncorp=${down.href}`,
      install: pipInstallCommand(venv, ['--no-cache-dir', 'corp-lib', 'demo-pkg'])
    })

    expect(step.exitCode).toBe(1)
    expect(await installedVersion(venv, 'corp-lib')).toBeUndefined()
    expect(corpRequests(attacker)).toEqual([])
    expect(attacker.fileRequests()).toBeLessThanOrEqual(1) // the probe's own sample of demo-pkg
    const displayUrl = `http://ci:***@${down.host}/simple`
    expect(errorLine(step.log)).toContain(
      `::error::The private index corp (${displayUrl}) failed, and the install did not fall back to the public mirror(s) public: without the input 'private-projects'`
    )
    // The probe ranks the public mirror first; the install still starts on the private index.
    expect(JSON.parse(step.outputs.ranking).map((entry: { name: string }) => entry.name)).toEqual([
      'public',
      'corp'
    ])
    expect(step.log).toContain(`Attempt 1: corp (${displayUrl}), try 1 of 1`)
    expect(step.log).not.toContain('Attempt 2')
    expect(step.outputs.mirror).toBe('corp')
    expect(step.env.PIP_INDEX_URL).toBe(down.href.replace(/\/$/, ''))
    // The token is printed only to be masked.
    const leaks = `${step.log}\n${step.summary}\n${step.outputs.ranking}`
      .split('\n')
      .filter(line => line.includes(TOKEN) && line !== `::add-mask::${TOKEN}`)
    expect(leaks).toEqual([])
  })

  describe('with private-projects listed', () => {
    const requirements = 'corp-lib>=1.0\ndemo-pkg\n'

    it('installs a public-only project from the public mirror', async () => {
      const failing = await privatePool.start({ pageStatus: 503, fileStatus: 503 })
      const fallback = await publicPool.start()
      const venv = await freshVenv()

      const step = await runAction(
        {
          mirrors: `private:corp=${failing.indexUrl}\npublic=${fallback.indexUrl}`,
          'private-projects': 'corp-*',
          install: pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg'])
        },
        { 'requirements.txt': requirements }
      )

      expect(step.exitCode).toBe(0)
      expect(await installedVersion(venv, 'demo-pkg')).toBe('2.0')
      expect(step.outputs['install-mirror']).toBe('public')
      expect(step.log).toContain('Attempt 2: public')
      expect(step.log).toMatch(
        /Public mirrors get \S+constraints\.txt, which rules out the private project\(s\) corp-lib/
      )
      // Later steps get no constraints file, so they stay on the private index.
      expect(step.env.PIP_INDEX_URL).toBe(failing.indexUrl)
      expect(step.env.PIP_CONSTRAINT).toBeUndefined()
    })

    it('refuses a private project named by a glob, downloading nothing of it', async () => {
      const failing = await privatePool.start({ pageStatus: 503, fileStatus: 503 })
      const attacker = await publicPool.start()
      const venv = await freshVenv()

      const step = await runAction(
        {
          mirrors: `private:corp=${failing.indexUrl}\npublic=${attacker.indexUrl}`,
          'private-projects': 'corp-*',
          install: pipInstallCommand(venv, ['--no-cache-dir', '-r', 'requirements.txt'])
        },
        { 'requirements.txt': requirements }
      )

      expect(step.exitCode).toBe(1)
      expect(await installedVersion(venv, 'corp-lib')).toBeUndefined()
      // pip reads the project's page to find no allowed version; it downloads no file.
      expect(corpRequests(attacker)).toEqual(['page /simple/corp-lib/'])
      expect(errorLine(step.log)).toContain(
        `::error::corp-lib is a private project (private-projects), so it was not installed from the public mirror public (${attacker.indexUrl}) after the private index corp (${failing.indexUrl}) failed.`
      )
    })

    it('refuses a private project listed by name that only a public package depends on', async () => {
      const down = await refusedIndexUrl()
      const attacker = await publicPool.start()
      const venv = await freshVenv()

      const step = await runAction({
        mirrors: `private:corp=${down}\npublic=${attacker.indexUrl}`,
        'private-projects': 'corp-lib',
        install: pipInstallCommand(venv, ['--no-cache-dir', 'app'])
      })

      expect(step.exitCode).toBe(1)
      expect(await installedVersion(venv, 'corp-lib')).toBeUndefined()
      expect(corpRequests(attacker).filter(request => request.startsWith('file'))).toEqual([])
      expect(errorLine(step.log)).toContain('::error::corp-lib is a private project')
    })
  })
})

describe('a healthy private index', () => {
  it('serves everything, though a public mirror answers faster', async () => {
    const corp = await privatePool.start({ latencyMs: 150 })
    const fast = await publicPool.start()
    const venv = await freshVenv()

    const step = await runAction({
      mirrors: `fast=${fast.indexUrl}\nprivate:corp=${corp.indexUrl}`,
      install: pipInstallCommand(venv, ['--no-cache-dir', 'corp-lib', 'demo-pkg==2.0'])
    })

    expect(step.exitCode).toBe(0)
    expect(await installedVersion(venv, 'corp-lib')).toBe('1.0')
    expect(await installedVersion(venv, 'demo-pkg')).toBe('2.0')
    expect(JSON.parse(step.outputs.ranking)[0].name).toBe('fast')
    expect(step.outputs).toMatchObject({ mirror: 'corp', 'install-mirror': 'corp' })
    expect(corpRequests(fast)).toEqual([])
    expect(corp.requests.map(request => request.path)).toContain('/simple/corp-lib/')
  })
})
