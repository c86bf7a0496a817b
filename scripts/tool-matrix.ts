/**
 * `npx tsx scripts/tool-matrix.ts`: each Python tool, as a later step of a job with the action in
 * router mode (`transparent: true`, then `false`), against two PyPI-layout test mirrors whose
 * projects PyPI does not have. Prints tool, version, mode, result and the bytes each mirror
 * served through the router (the router's own figures), one fresh job and store per row.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { RouterStats } from '../src/router/router-service.js'
import { runStep } from '../test-support/action-runner.js'
import { startMirror } from '../test-support/mirror-server.js'
import { pep621Pyproject, poetryPyproject } from '../test-support/projects.js'
import {
  findPythonTool,
  findTool,
  isolatedToolEnv,
  type PythonToolName,
  uvExecutable
} from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'

const run = promisify(execFile)
const python = process.env.BENCH_PYTHON ?? 'python3'
const wheels = [
  buildWheel({ name: 'tm-alpha', version: '1.0', requires: ['tm-beta>=1'], sizeBytes: 3_000_000 }),
  buildWheel({ name: 'tm-beta', version: '1.2', sizeBytes: 1_000_000 })
]

interface Row {
  tool: string
  /** Files of the project, and the commands a later step runs in it. */
  files: Record<string, string>
  commands: (bin: (name: PythonToolName) => Promise<string>, uv: string) => Promise<string[][]>
}

const ROWS: Row[] = [
  {
    tool: 'pip',
    files: {},
    commands: async () => [
      [python, '-m', 'venv', '.venv'],
      ['.venv/bin/python', '-m', 'pip', 'install', 'tm-alpha']
    ]
  },
  {
    tool: 'uv lock + uv sync --locked',
    files: { 'pyproject.toml': pep621Pyproject(['tm-alpha']) },
    commands: async (_, uv) => [
      [uv, 'lock', '--python', python],
      [uv, 'sync', '--locked', '--python', python]
    ]
  },
  {
    tool: 'poetry lock + install',
    files: { 'pyproject.toml': poetryPyproject(['tm-alpha']) },
    commands: async bin => {
      const poetry = await bin('poetry')
      return [
        [poetry, 'env', 'use', python],
        [poetry, 'lock'],
        [poetry, 'install', '--no-root']
      ]
    }
  },
  {
    tool: 'pdm lock + install',
    files: {
      'pyproject.toml': pep621Pyproject(['tm-alpha'], '\n[tool.pdm]\ndistribution = false\n')
    },
    commands: async bin => {
      const pdm = await bin('pdm')
      return [
        [pdm, 'use', '-f', python],
        [pdm, 'lock'],
        [pdm, 'install']
      ]
    }
  },
  {
    tool: 'pipenv install',
    files: {},
    commands: async bin => [[await bin('pipenv'), 'install', '--python', python, 'tm-alpha']]
  },
  {
    tool: 'pip-compile',
    files: { 'requirements.in': 'tm-alpha\n' },
    commands: async bin => [[await bin('pip-compile'), '--generate-hashes', 'requirements.in']]
  }
]

async function main(): Promise<void> {
  const uv = uvExecutable(await findTool('uv-0.13.9'))
  const versions: Record<string, string> = {}
  const bin = async (name: PythonToolName): Promise<string> => {
    const found = await findPythonTool(name)
    versions[name] = found.version
    return found.bin
  }
  const mirrors = [
    await startMirror({ packages: wheels, pypiLayout: true, faults: { latencyMs: 10 } }),
    await startMirror({ packages: wheels, pypiLayout: true, faults: { latencyMs: 60 } })
  ]
  const lines = [
    '| tool | mode | result | bytes per mirror | router in a file |',
    '|---|---|---|---|---|'
  ]
  try {
    for (const row of ROWS) {
      for (const transparent of ['true', 'false']) {
        const scratch = await mkdtemp(path.join(os.tmpdir(), 'tool-matrix-'))
        const workspace = path.join(scratch, 'workspace')
        await mkdir(workspace)
        for (const [file, text] of Object.entries(row.files))
          await writeFile(path.join(workspace, file), text)
        const base = {
          ...isolatedToolEnv(),
          HOME: path.join(scratch, 'home'),
          XDG_CACHE_HOME: path.join(scratch, 'cache')
        }
        const job = await runStep('main', {
          cwd: workspace,
          env: { ...base, GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: `matrix/${process.pid}` },
          inputs: {
            mirrors: `near=${mirrors[0].indexUrl}\nfar=${mirrors[1].indexUrl}`,
            cache: 'false',
            transparent
          }
        })
        let result = job.exitCode === 0 ? 'passed' : 'action failed'
        try {
          for (const command of await row.commands(bin, uv)) {
            const [file, ...argv] = command
            await run(file, argv, {
              cwd: workspace,
              env: { ...base, ...job.env },
              timeout: 300_000
            })
          }
        } catch (error) {
          result = `failed: ${
            String((error as { stderr?: string }).stderr ?? error)
              .trim()
              .split('\n')
              .slice(-1)[0]
          }`
        }
        const router = JSON.parse(job.state.router ?? '{}') as { pid?: number; statsFile?: string }
        const statsUrl = job.outputs['router-url'].replace(/\/simple$/, '/stats')
        const stats = (await (await fetch(statsUrl)).json()) as RouterStats
        const bytes = Object.entries(stats.files.bytesByMirror)
          .map(([name, count]) => `${name} ${(count / 1e6).toFixed(1)} MB`)
          .join(', ')
        const port = new URL(job.outputs['router-url']).port
        const named = await run('grep', [
          '-rlI',
          '--exclude-dir=.venv',
          '-e',
          `127.0.0.1:${port}`,
          workspace
        ]).then(
          ({ stdout }) =>
            stdout
              .trim()
              .split('\n')
              .map(file => path.relative(workspace, file))
              .join(', '),
          () => 'none'
        )
        lines.push(
          `| ${row.tool} | transparent: ${transparent} | ${result} | ${bytes || 'none'} | ${named} |`
        )
        console.log(lines[lines.length - 1])
        await runStep('post', { state: job.state, env: base })
        // The job's end: as the job's proxy the router outlives post (with index variables, post
        // stopped it already).
        if (router.pid && job.state.router.includes('statsUrl')) process.kill(router.pid)
        await rm(scratch, { recursive: true, force: true })
      }
    }
  } finally {
    await Promise.all(mirrors.map(mirror => mirror.close()))
  }
  console.log(`\nversions: ${JSON.stringify(versions)}\n\n${lines.join('\n')}`)
}

await main()
