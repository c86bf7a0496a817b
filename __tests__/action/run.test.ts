import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from '@jest/globals'
import { runStep } from '../../test-support/action-runner.js'
import { mirrorPool, refusedIndexUrl } from '../../test-support/mirror-server.js'
import {
  createVenv,
  installedVersion,
  isolatedPipEnv,
  pipInstallCommand,
  runPipInstall
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/** The action's own tests for the bundled `dist/`, run as a runner runs it, with real pip. */

const packages = [
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '2.0' }),
  buildWheel({ name: 'alpha', version: '1.0', requires: ['beta==1.0'] }),
  buildWheel({ name: 'beta', version: '1.0' }),
  buildWheel({ name: 'beta', version: '2.0' }),
  buildWheel({ name: 'extra-pkg', version: '1.0' }),
  buildWheel({ name: 'extra-pkg', version: '2.0' })
]
const pool = mirrorPool(packages)
const mirror = pool.start

async function freshVenv(): Promise<string> {
  return createVenv(path.join(await mkdtemp(path.join(tmpdir(), 'venv-')), 'venv'))
}

async function workspace(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'workspace-'))
}

async function runAction(inputs: Record<string, string>, cwd?: string) {
  const dir = cwd ?? (await workspace())
  return runStep('main', {
    inputs: {
      'probe-project': 'demo-pkg',
      'probe-timeout': '1500',
      cache: 'false',
      mode: 'direct',
      ...inputs
    },
    env: { ...isolatedPipEnv(), GITHUB_WORKSPACE: dir },
    cwd: dir
  })
}

afterAll(() => pool.closeAll())

describe('the bundled action', () => {
  it('falls back past a dead, a broken and a stale mirror, and later steps use the one that worked', async () => {
    // Broken for a package the probe does not download, so only the install can find out.
    const broken = await mirror({ corruptFiles: ['extra-pkg'] })
    // Stale for a package the probe does not look at, so only the install can find out.
    const stale = await mirror({ hiddenVersions: { 'extra-pkg': ['2.0'] }, latencyMs: 60 })
    // The healthy mirror answers slowest, so the probe ranks it last of the live ones.
    const healthy = await mirror({ latencyMs: 200 })
    const dead = await refusedIndexUrl()
    const venv = await freshVenv()

    const step = await runAction({
      mirrors: [
        `dead=${dead}`,
        `broken=${broken.indexUrl}`,
        `stale=${stale.indexUrl}`,
        `healthy=${healthy.indexUrl}`
      ].join('\n'),
      install: pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg==2.0', 'extra-pkg==2.0'])
    })

    expect(step.exitCode).toBe(0)
    expect(await installedVersion(venv, 'demo-pkg')).toBe('2.0')
    const ranking = JSON.parse(step.outputs.ranking) as {
      name: string
      ok: boolean
      error: string | null
    }[]
    expect(ranking.map(entry => [entry.name, entry.ok])).toEqual([
      ['broken', true],
      ['stale', true],
      ['healthy', true],
      ['dead', false]
    ])
    expect(ranking[3].error).toBe('connection refused')
    expect(step.outputs).toMatchObject({
      mirror: 'broken',
      'index-url': broken.indexUrl,
      'install-mirror': 'healthy',
      'install-attempts': '3'
    })
    expect(Number(step.outputs['latency-ms'])).toBeGreaterThanOrEqual(0)
    expect(step.log).toMatch(
      /Failed with exit code 1: mirror \(ERROR: THESE PACKAGES DO NOT MATCH THE HASHES/
    )
    expect(step.log).toMatch(
      /Failed with exit code 1: mirror \(ERROR: Could not find a version that satisfies the requirement extra-pkg==2.0 \(from versions: 1.0\)\)/
    )
    expect(dead).not.toBe(healthy.indexUrl)

    // Later steps get the mirror that worked, not the probe's winner.
    const host = new URL(healthy.indexUrl).host
    expect(step.env).toEqual({
      PIP_INDEX_URL: healthy.indexUrl,
      // The same index for PDM and pipenv, by variables neither writes into a file.
      PDM_PYPI_URL: healthy.indexUrl,
      PIPENV_PYPI_MIRROR: healthy.indexUrl,
      PIP_TIMEOUT: '10',
      PIP_RETRIES: '2',
      PIP_RESUME_RETRIES: '3',
      PIP_TRUSTED_HOST: host,
      UV_DEFAULT_INDEX: healthy.indexUrl,
      UV_HTTP_TIMEOUT: '15',
      UV_HTTP_RETRIES: '2',
      UV_INSECURE_HOST: host
    })
    const filesBefore = healthy.fileRequests()
    const laterVenv = await freshVenv()
    const later = await runPipInstall(laterVenv, ['--no-cache-dir', 'demo-pkg==1.0'], {
      env: step.env
    })
    expect(later.exitCode).toBe(0)
    expect(await installedVersion(laterVenv, 'demo-pkg')).toBe('1.0')
    expect(healthy.fileRequests()).toBe(filesBefore + 1)

    expect(step.summary).toContain('## PyPI mirror: healthy')
    expect(step.summary).toContain('succeeded on **healthy** after 3 attempt(s)')
    expect(step.summary).toContain('```mermaid')
    expect(step.summary).toMatch(
      /\| 4 \| dead \| 127\.0\.0\.1:\d+ \| failed \| - \| 0\/1 ok \| - \| - \| - \| connection refused \|/
    )
  })

  it('excludes a hanging mirror within the probe timeout', async () => {
    const hanging = await mirror({ hang: 'all' })
    const healthy = await mirror()
    const venv = await freshVenv()
    const step = await runAction({
      mirrors: `hanging=${hanging.indexUrl}, healthy=${healthy.indexUrl}`,
      'probe-timeout': '1000',
      install: pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg'])
    })
    expect(step.exitCode).toBe(0)
    expect(step.outputs).toMatchObject({
      mirror: 'healthy',
      'install-mirror': 'healthy',
      'install-attempts': '1'
    })
    const probeSeconds = Number(/Probe phase took ([\d.]+) s/.exec(step.log)?.[1])
    expect(probeSeconds).toBeGreaterThanOrEqual(1)
    expect(probeSeconds).toBeLessThan(2.5)
    expect(JSON.parse(step.outputs.ranking)[1]).toMatchObject({
      name: 'hanging',
      ok: false,
      error: 'no answer within 1000 ms'
    })
    expect(hanging.fileRequests()).toBe(0)
  })

  it('retries a transient failure on the same mirror before moving on', async () => {
    const flaky = await mirror({ fileStatus: 503 })
    const healthy = await mirror({ latencyMs: 100 })
    const venv = await freshVenv()
    const step = await runAction({
      mirrors: `flaky=${flaky.indexUrl}\nhealthy=${healthy.indexUrl}`,
      install: pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg==1.0'])
    })
    expect(step.exitCode).toBe(0)
    expect(step.outputs).toMatchObject({
      mirror: 'flaky',
      'install-mirror': 'healthy',
      'install-attempts': '3'
    })
    expect(step.log).toContain('Retrying flaky in 2000 ms')
  })

  it('fails at once on a permanent error without touring the other mirrors', async () => {
    const first = await mirror()
    const second = await mirror({ latencyMs: 100 })
    const venv = await freshVenv()
    const step = await runAction({
      mirrors: `first=${first.indexUrl}\nsecond=${second.indexUrl}`,
      install: pipInstallCommand(venv, ['--no-cache-dir', 'alpha==1.0', 'beta==2.0'])
    })
    expect(step.exitCode).toBe(1)
    expect(step.outputs['install-attempts']).toBe('1')
    expect(step.outputs['install-mirror']).toBe('')
    expect(step.log).toContain(
      '::error::The install stopped on a permanent failure that another mirror would not fix'
    )
    // The probe may sample a demo-pkg file; the install's own packages never reach the second mirror.
    expect(second.requests.filter(request => /alpha|beta/.test(request.path))).toEqual([])
    expect(step.summary).toContain('**failed** after 1 attempt(s)')
  })

  it('fails with a table of every attempt when every mirror is broken', async () => {
    const corrupt = await mirror({ corruptFiles: ['extra-pkg'] })
    const missing = await mirror({ fileStatus: 404, latencyMs: 60 })
    const venv = await freshVenv()
    const step = await runAction({
      mirrors: `corrupt=${corrupt.indexUrl}\nmissing=${missing.indexUrl}`,
      install: pipInstallCommand(venv, ['--no-cache-dir', 'extra-pkg'])
    })
    expect(step.exitCode).toBe(1)
    expect(step.outputs['install-attempts']).toBe('2')
    const error = step.log.split('\n').find(line => line.startsWith('::error::')) ?? ''
    expect(error).toContain('The install failed on every mirror')
    // Multi-line messages are escaped in workflow commands.
    expect(error).toMatch(/%0A1 +corrupt +1 +1 +mirror/)
    expect(error).toMatch(/%0A2 +missing +1 +1 +mirror .*HTTP error 404/)
    expect(await installedVersion(venv, 'demo-pkg')).toBeUndefined()
  })

  it('warns and carries on when no mirror passes the probe', async () => {
    const missing = await mirror({ pageStatus: 404 })
    const step = await runAction({
      mirrors: `first=${await refusedIndexUrl()}\nsecond=${missing.indexUrl}`
    })
    expect(step.exitCode).toBe(0)
    expect(step.log).toContain(
      '::warning title=pip-mirror-action%3A no healthy mirror::No mirror passed the probe'
    )
    expect(step.outputs).toMatchObject({
      mirror: 'first',
      'latency-ms': '',
      'install-attempts': '0'
    })
    expect(step.summary).toContain('No mirror passed the probe')
  })

  it('exports nothing with configure: none', async () => {
    const healthy = await mirror()
    const step = await runAction({ mirrors: healthy.indexUrl, configure: 'none' })
    expect(step.exitCode).toBe(0)
    expect(step.env).toEqual({})
    expect(step.outputs['index-url']).toBe(healthy.indexUrl)
  })

  it('reports an index option in a requirements file instead of fighting it', async () => {
    const healthy = await mirror()
    const dir = await workspace()
    await writeFile(
      path.join(dir, 'requirements.txt'),
      `--index-url https://ci:hunter2@corp.example/simple\ndemo-pkg\n`
    )
    const step = await runAction({ mirrors: healthy.indexUrl }, dir)
    expect(step.exitCode).toBe(0)
    expect(step.log).toContain(
      '::warning title=pip-mirror-action%3A index setting::requirements.txt:1: --index-url https://***@corp.example/simple: pip uses this index instead of the chosen mirror'
    )
    expect(step.summary).toContain('| warning | requirements.txt:1 |')
    expect(step.log).not.toContain('hunter2')
  })

  it('masks credentials of a mirror URL', async () => {
    const healthy = await mirror()
    const url = healthy.indexUrl.replace('http://', 'http://ci:s3cret-token@')
    const step = await runAction({ mirrors: `private=${url}` })
    expect(step.exitCode).toBe(0)
    expect(step.log).toContain('::add-mask::s3cret-token')
    expect(step.log.replace('::add-mask::s3cret-token', '')).not.toContain('s3cret-token')
    expect(step.summary).not.toContain('s3cret-token')
    expect(step.env.PIP_INDEX_URL).toBe(url)
  })

  it.each([
    [
      { mirrors: 'tuna, nosuch' },
      "Input 'mirrors' has an invalid value 'tuna, nosuch': unknown mirror 'nosuch'"
    ],
    [
      { mirrors: 'ftp://example.org/simple' },
      "Input 'mirrors' has an invalid value 'ftp://example.org/simple': 'ftp://example.org/simple' uses the scheme 'ftp'; only http and https are supported"
    ],
    [
      { 'probe-timeout': 'soon' },
      "Input 'probe-timeout' has an invalid value 'soon': expected a positive whole number"
    ],
    [{ 'install-attempts': '0' }, "Input 'install-attempts' has an invalid value '0'"],
    [
      { configure: 'pip, conda' },
      "Input 'configure' has an invalid value 'pip, conda': unknown tool 'conda'"
    ]
  ])('fails the step at once on bad input %j', async (inputs, message) => {
    const step = await runAction(inputs)
    expect(step.exitCode).toBe(1)
    expect(step.log).toContain(`::error::${message}`)
    expect(step.outputs).toEqual({})
  })
})
