/**
 * `npm run bench:freshness [-- --trials N]`: what fresh pages cost when every mirror is fresh.
 * Real pip installs the quick workload (40 pinned packages) through a router over four healthy
 * mirrors with the main benchmark's region profiles, ranked as the probe ranks them, with no
 * plan to fetch ahead from: each page is asked while pip waits, the worst case for a page that
 * is merged from several mirrors. Each trial runs once with every page from the first mirror
 * that answers, and once merged from the best two and the best three. Prints the page answer
 * time's median and 95th percentile, and the install's time, and writes
 * `bench/out/freshness.json`.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { quantile } from '../src/format/quantile.js'
import { startRouter } from '../src/router/server.js'
import { type Mirror, startMirror } from '../test-support/mirror-server.js'
import { createVenv, isolatedPipEnv, runPipInstall } from '../test-support/python.js'
import { buildWheel } from '../test-support/wheel.js'
import { PROFILES, type Role, workload } from './scenarios.js'

const args = process.argv.slice(2)
const trialsAt = args.indexOf('--trials')
const trials = trialsAt >= 0 ? Number(args[trialsAt + 1]) : 5
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

const specs = workload(0.1)
const packages = specs.flatMap(spec => [
  buildWheel({ name: spec.name, version: '1.0' }),
  buildWheel({ name: spec.name, version: '2.0', sizeBytes: spec.sizeBytes })
])
/** As the probe ranks them: fastest first. */
const RANKED: Role[] = ['edge', 'near', 'far', 'default']
/** Pages from one mirror (the first good answer), and merged from the best two and three. */
const MODES = [1, 2, 3]

interface Run {
  pageMirrors: number
  ok: boolean
  seconds: number
  answerMs: number[]
}

async function trial(mirrors: Mirror[], pageMirrors: number, scratch: string): Promise<Run> {
  const secret = `bench-${pageMirrors}-${Date.now()}`
  const router = await startRouter({
    mirrors: mirrors.map((mirror, index) => ({
      name: RANKED[index],
      url: mirror.indexUrl,
      private: false
    })),
    privateProjects: [],
    storeDir: await mkdtemp(path.join(scratch, 'store-')),
    timeoutMs: 5000,
    secret,
    jobSecret: `job-${secret}`,
    pageMirrors
  })
  try {
    const requirements = path.join(scratch, 'requirements.txt')
    await writeFile(requirements, specs.map(spec => `${spec.name}==2.0\n`).join(''))
    const venv = await createVenv(await mkdtemp(path.join(scratch, 'venv-')))
    const base = `http://127.0.0.1:${router.port}/${secret}`
    const started = performance.now()
    const run = await runPipInstall(
      venv,
      ['--no-cache-dir', '--index-url', `${base}/simple`, '-r', requirements],
      { env: isolatedPipEnv() }
    )
    const seconds = (performance.now() - started) / 1000
    const stats = (await (await fetch(`${base}/stats`)).json()) as { pages: { answerMs: number[] } }
    return { pageMirrors, ok: run.exitCode === 0, seconds, answerMs: stats.pages.answerMs }
  } finally {
    await router.close()
  }
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'bench-freshness-'))
  const runs: Run[] = []
  try {
    for (let index = 0; index < trials; index++) {
      const mirrors = await Promise.all(
        RANKED.map((role, at) =>
          startMirror({ packages, seed: index * 10 + at, faults: { ...PROFILES[role] } })
        )
      )
      try {
        // Rotating which goes first, so none always meets a cold machine.
        const order = MODES.map((_, at) => MODES[(at + index) % MODES.length])
        for (const pageMirrors of order) {
          const run = await trial(mirrors, pageMirrors, scratch)
          runs.push(run)
          console.log(
            `  trial ${index + 1}, pages from ${pageMirrors} mirror(s): ${run.ok ? 'ok' : 'FAILED'} in ${run.seconds.toFixed(2)} s`
          )
        }
      } finally {
        await Promise.all(mirrors.map(mirror => mirror.close()))
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
  const rows = MODES.map(pageMirrors => {
    const mine = runs.filter(run => run.pageMirrors === pageMirrors)
    const pages = mine.flatMap(run => run.answerMs)
    return {
      pageMirrors,
      trials: mine.length,
      successes: mine.filter(run => run.ok).length,
      pageMedianMs: round(quantile(pages, 0.5)),
      pageP95Ms: round(quantile(pages, 0.95)),
      installMedianS: round(
        quantile(
          mine.map(run => run.seconds),
          0.5
        )
      )
    }
  })
  await mkdir(path.join(root, 'bench', 'out'), { recursive: true })
  await writeFile(
    path.join(root, 'bench', 'out', 'freshness.json'),
    `${JSON.stringify(rows, null, 2)}\n`
  )
  console.log('\n| pages from | page answer, median | 95th percentile | install, median | ok |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const row of rows)
    console.log(
      `| ${row.pageMirrors === 1 ? 'the first mirror that answers' : `the best ${row.pageMirrors}, merged`} | ${row.pageMedianMs} ms | ${row.pageP95Ms} ms | ${row.installMedianS} s | ${row.successes}/${row.trials} |`
    )
}

const round = (value: number): number => Math.round(value * 10) / 10

await main()
