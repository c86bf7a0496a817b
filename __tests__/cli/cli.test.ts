import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from '@jest/globals'
import { mirrorPool, refusedIndexUrl } from '../../test-support/mirror-server.js'
import {
  createVenv,
  installedVersion,
  isolatedPipEnv,
  pipInstallCommand,
  runPipInstall
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/** The bundled command line, run as another CI system would run it. */

const CLI = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
  '..',
  'dist',
  'cli',
  'index.js'
)
const packages = [
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'extra-pkg', version: '1.0' })
]
const pool = mirrorPool(packages)
const mirror = pool.start

afterAll(() => pool.closeAll())

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cwd = await mkdtemp(path.join(tmpdir(), 'cli-'))
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: isolatedPipEnv() })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const code = await new Promise<number>(resolve => child.on('close', exit => resolve(exit ?? -1)))
  return { code, stdout, stderr }
}

describe('the command line', () => {
  it('probe prints the ranking, best first', async () => {
    const slow = await mirror({ latencyMs: 120 })
    const fast = await mirror()
    const result = await cli([
      'probe',
      '--mirrors',
      `slow=${slow.indexUrl},fast=${fast.indexUrl},dead=${await refusedIndexUrl()}`,
      '--probe-project',
      'demo-pkg'
    ])
    expect(result.code).toBe(0)
    const rows = result.stdout.split('\n').filter(line => /^\d /.test(line))
    expect(rows.map(line => line.split(/\s+/)[1])).toEqual(['fast', 'slow', 'dead'])
    expect(result.stdout).toMatch(/fast won: /)
    expect(result.stderr).toContain("Probing 3 mirror(s) for 'demo-pkg'")
  })

  it.each([
    ['sh', (url: string) => `export PIP_INDEX_URL='${url}'`],
    ['dotenv', (url: string) => `PIP_INDEX_URL="${url}"`],
    ['gitlab', (url: string) => `PIP_INDEX_URL=${url}`]
  ])('env --format %s prints the settings for the best mirror', async (format, line) => {
    const fast = await mirror()
    const result = await cli([
      'env',
      '--format',
      format,
      '--mirrors',
      `fast=${fast.indexUrl}`,
      '--probe-project',
      'demo-pkg',
      '--configure',
      'pip'
    ])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')).toContain(line(fast.indexUrl))
    expect(result.stdout).not.toContain('UV_')
  })

  it('env --format sh sets up a shell whose pip installs from the chosen mirror', async () => {
    const fast = await mirror()
    const { stdout } = await cli(['env', '--mirrors', fast.indexUrl, '--probe-project', 'demo-pkg'])
    const venv = await createVenv(
      path.join(await mkdtemp(path.join(tmpdir(), 'cli-venv-')), 'venv')
    )
    const filesBefore = fast.fileRequests()
    await promisify(execFile)(
      'bash',
      ['-c', `${stdout}\n${pipInstallCommand(venv, ['--no-cache-dir', 'demo-pkg'])}`],
      { env: isolatedPipEnv() }
    )
    expect(await installedVersion(venv, 'demo-pkg')).toBe('1.0')
    expect(fast.fileRequests()).toBe(filesBefore + 1)
  })

  it('install runs a command with fallback across mirrors', async () => {
    const broken = await mirror({ corruptFiles: ['extra-pkg'] })
    const healthy = await mirror({ latencyMs: 80 })
    const venv = await createVenv(
      path.join(await mkdtemp(path.join(tmpdir(), 'cli-venv-')), 'venv')
    )
    const result = await cli([
      'install',
      '--mirrors',
      `broken=${broken.indexUrl},healthy=${healthy.indexUrl}`,
      '--probe-project',
      'demo-pkg',
      '--',
      pipInstallCommand(venv, ['--no-cache-dir', 'extra-pkg'])
    ])
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /Failed with exit code 1: mirror \(ERROR: THESE PACKAGES DO NOT MATCH THE HASHES/
    )
    expect(await installedVersion(venv, 'extra-pkg')).toBe('1.0')
  })

  it('install fails with the attempts table when every mirror fails', async () => {
    const missing = await mirror({ fileStatus: 404 })
    const result = await cli([
      'install',
      '--mirrors',
      missing.indexUrl,
      '--probe-project',
      'demo-pkg',
      '--',
      'python3 -m pip install --no-cache-dir --target /tmp/never demo-pkg'
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('The install failed on every mirror')
  })

  it('serve runs the router in the foreground: pip installs through it, and Ctrl-C stops it', async () => {
    const dead = await refusedIndexUrl()
    const healthy = await mirror()
    const cwd = await mkdtemp(path.join(tmpdir(), 'cli-'))
    const child = spawn(
      process.execPath,
      [
        CLI,
        'serve',
        '--mirrors',
        `dead=${dead},healthy=${healthy.indexUrl}`,
        '--probe-project',
        'demo-pkg',
        '--configure',
        'pip'
      ],
      // The store and the router's secret go to the user's cache folder: a scratch one here.
      { cwd, env: { ...isolatedPipEnv(), XDG_CACHE_HOME: path.join(cwd, 'cache') } }
    )
    let stdout = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    const closed = new Promise<number>(resolve => child.on('close', code => resolve(code ?? -1)))
    while (!/PIP_INDEX_URL='([^']+)'/.test(stdout)) await new Promise(r => setTimeout(r, 50))
    const routerUrl = /PIP_INDEX_URL='([^']+)'/.exec(stdout)?.[1] ?? ''
    const secretFile = path.join(cwd, 'cache', 'pip-mirror-action', 'router-secret')
    const secret = await readFile(secretFile, 'utf8')
    expect(routerUrl).toBe(`http://127.0.0.1:${new URL(routerUrl).port}/${secret}/simple`)
    const venv = await createVenv(path.join(cwd, 'venv'))
    const run = await runPipInstall(venv, ['--no-cache-dir', '--index-url', routerUrl, 'demo-pkg'])
    expect(run.exitCode).toBe(0)
    expect(await readdir(path.join(cwd, 'cache', 'pip-mirror-action', 'store'))).not.toEqual([])
    child.kill('SIGINT')
    expect(await closed).toBe(0)
  })

  it.each([
    [['probe', '--probe-timeout', 'soon'], "Input 'probe-timeout' has an invalid value 'soon'"],
    [
      ['env', '--format', 'yaml'],
      "Input 'format' has an invalid value 'yaml': expected sh, gitlab, dotenv"
    ],
    [['install'], 'install needs a command after --'],
    [['probe', 'stray'], "Unexpected argument 'stray'"],
    [['deploy'], "Unknown command 'deploy'"],
    [[], 'Usage: pip-mirror-action <command>']
  ])('%j fails with exit code 2 and says why', async (args, message) => {
    const result = await cli(args)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(message)
  })
})
