/**
 * `npm run bench:tools [-- --trials N] [--scale X]`: what the router as the job's HTTPS proxy
 * costs `uv sync --locked` and `poetry install`, against each tool pointed straight at the best
 * mirror (the oracle: uv.lock made against that mirror, Poetry with that mirror as its primary
 * source). Each trial is a fresh venv and an empty tool cache; lock files are made before the
 * clock starts. Writes `bench/out/tools.json` and prints a Markdown table.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { runStep } from '../test-support/action-runner.js'
import { startMirror } from '../test-support/mirror-server.js'
import { findPythonTool, findTool, isolatedToolEnv, uvExecutable } from '../test-support/python.js'
import { pep621Pyproject, poetryPyproject } from '../test-support/projects.js'
import { buildWheel } from '../test-support/wheel.js'
import { PROFILES, workload } from './scenarios.js'

const run = promisify(execFile)
const args = process.argv.slice(2)
const option = (name: string): string | undefined => {
  const at = args.indexOf(name)
  return at >= 0 ? args[at + 1] : undefined
}
const trials = Number(option('--trials') ?? 3)
const scale = Number(option('--scale') ?? 1)
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

const specs = workload(scale)
const wheels = specs.map(spec =>
  buildWheel({ name: spec.name, version: '1.0', sizeBytes: spec.sizeBytes })
)
const python = process.env.BENCH_PYTHON ?? 'python3'
const names = specs.map(spec => spec.name)

interface Row {
  tool: string
  strategy: 'oracle' | 'router'
  seconds: number[]
}

async function timed(
  command: string,
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv
): Promise<number> {
  const started = performance.now()
  await run(command, argv, { cwd, env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 })
  return (performance.now() - started) / 1000
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

async function main(): Promise<void> {
  const uv = uvExecutable(await findTool('uv-0.13.9'))
  const poetry = (await findPythonTool('poetry')).bin
  const best = await startMirror({ packages: wheels, pypiLayout: true, faults: PROFILES.near })
  const other = await startMirror({ packages: wheels, pypiLayout: true, faults: PROFILES.far })
  const blackHole = await startMirror({ packages: [], faults: { hang: 'all' } })
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bench-tools-'))
  const rows: Row[] = [
    { tool: 'uv sync --locked', strategy: 'oracle', seconds: [] },
    { tool: 'uv sync --locked', strategy: 'router', seconds: [] },
    { tool: 'poetry install', strategy: 'oracle', seconds: [] },
    { tool: 'poetry install', strategy: 'router', seconds: [] }
  ]
  try {
    const base = { ...isolatedToolEnv(), HOME: path.join(scratch, 'home') }
    // The job: the action in router mode (transparent by default), once, its router kept.
    const workspace = path.join(scratch, 'workspace')
    await mkdir(workspace, { recursive: true })
    const job = await runStep('main', {
      cwd: workspace,
      env: {
        ...base,
        GITHUB_WORKSPACE: workspace,
        XDG_CACHE_HOME: path.join(scratch, 'action-cache')
      },
      inputs: {
        mirrors: `best=${best.indexUrl}\nother=${other.indexUrl}\nblack-hole=${blackHole.indexUrl}`,
        cache: 'false'
      }
    })
    if (job.exitCode !== 0) throw new Error(`the action failed:\n${job.log}`)
    const through = { ...base, ...job.env }
    const direct = { ...base, UV_DEFAULT_INDEX: best.indexUrl }

    // Lock files, off the clock: one against PyPI through the router, one against the mirror.
    const project = async (name: string, text: string): Promise<string> => {
      const dir = path.join(scratch, name)
      await mkdir(dir, { recursive: true })
      await writeFile(path.join(dir, 'pyproject.toml'), text)
      return dir
    }
    const uvRouter = await project('uv-router', pep621Pyproject(names))
    const uvOracle = await project('uv-oracle', pep621Pyproject(names))
    await run(uv, ['lock', '--python', python], { cwd: uvRouter, env: through })
    await run(uv, ['lock', '--python', python], { cwd: uvOracle, env: direct })
    const poetryRouter = await project('poetry-router', poetryPyproject(names))
    const poetryOracle = await project(
      'poetry-oracle',
      poetryPyproject(
        names,
        `[[tool.poetry.source]]\nname = "best"\nurl = "${best.indexUrl}/"\npriority = "primary"\n`
      )
    )
    for (const [dir, env] of [
      [poetryRouter, through],
      [poetryOracle, base]
    ] as const) {
      await run(poetry, ['env', 'use', python], {
        cwd: dir,
        env: { ...env, POETRY_VIRTUALENVS_IN_PROJECT: 'true' }
      })
      await run(poetry, ['lock'], {
        cwd: dir,
        env: { ...env, POETRY_VIRTUALENVS_IN_PROJECT: 'true' }
      })
    }

    for (let trial = 0; trial < trials; trial++) {
      // Router and oracle take turns going first: neither always meets a warm page cache.
      for (const strategy of trial % 2 === 0
        ? (['oracle', 'router'] as const)
        : (['router', 'oracle'] as const)) {
        const cache = await mkdtemp(path.join(scratch, 'cache-'))
        const env = strategy === 'router' ? through : direct
        const uvDir = strategy === 'router' ? uvRouter : uvOracle
        await rm(path.join(uvDir, '.venv'), { recursive: true, force: true })
        rows[strategy === 'oracle' ? 0 : 1].seconds.push(
          await timed(uv, ['sync', '--locked', '--python', python], uvDir, {
            ...env,
            UV_CACHE_DIR: cache
          })
        )
        const poetryDir = strategy === 'router' ? poetryRouter : poetryOracle
        const poetryEnv = {
          ...(strategy === 'router' ? through : base),
          POETRY_CACHE_DIR: path.join(cache, 'poetry'),
          POETRY_VIRTUALENVS_IN_PROJECT: 'true'
        }
        await run(poetry, ['env', 'remove', '--all'], { cwd: poetryDir, env: poetryEnv }).catch(
          () => undefined
        )
        await run(poetry, ['env', 'use', python], { cwd: poetryDir, env: poetryEnv })
        rows[strategy === 'oracle' ? 2 : 3].seconds.push(
          await timed(poetry, ['install', '--no-root'], poetryDir, poetryEnv)
        )
        await rm(cache, { recursive: true, force: true })
      }
      console.log(`trial ${trial + 1}/${trials} done`)
    }
    const post = await runStep('post', { state: job.state, env: base })
    if (post.exitCode !== 0) console.warn(`post step exited with ${post.exitCode}`)
    if (job.state.router) process.kill((JSON.parse(job.state.router) as { pid: number }).pid)
  } finally {
    await Promise.all([best.close(), other.close(), blackHole.close()])
    await rm(scratch, { recursive: true, force: true })
  }

  const megabytes = Math.round(wheels.reduce((sum, wheel) => sum + wheel.bytes.length, 0) / 1e6)
  const lines = [
    `${wheels.length} wheels, ${megabytes} MB; best mirror ${PROFILES.near.latencyMs} ms, ${Number(PROFILES.near.bandwidthBytesPerSec) / 1e6} MB/s; ${trials} trials, median seconds`,
    '',
    "| tool | oracle (best mirror directly) | router as the job's HTTPS proxy | ratio |",
    '|---|---|---|---|',
    ...[0, 2].map(index => {
      const oracle = median(rows[index].seconds)
      const router = median(rows[index + 1].seconds)
      return `| \`${rows[index].tool}\` | ${oracle.toFixed(2)} s | ${router.toFixed(2)} s | ${(router / oracle).toFixed(2)}x |`
    })
  ]
  console.log(lines.join('\n'))
  const outDir = path.join(root, 'bench', 'out')
  await mkdir(outDir, { recursive: true })
  await writeFile(path.join(outDir, 'tools.json'), JSON.stringify({ trials, scale, rows }, null, 2))
}

await main()
