import { describe, expect, it } from '@jest/globals'
import {
  DIRECT,
  ORACLE,
  renderChart,
  renderReport,
  renderWarmStore,
  ROUTER,
  type ScenarioTargets,
  targetRows
} from '../../bench/report.js'
import type { Result } from '../../bench/stats.js'

const result = (
  scenario: string,
  strategy: string,
  successes: number,
  median: number,
  probe: number | null = null
): Result => ({
  scenario,
  strategy,
  trials: 4,
  successes,
  median_s: median,
  p95_s: median + 1,
  probe_median_s: probe,
  setup_median_s: probe === null ? null : probe + 0.5
})

const results: Result[] = [
  result('good', 'pip install', 4, 20),
  result('good', DIRECT, 4, 5, 0.4),
  result('good', ROUTER, 4, 4.4, 0.4),
  result('good', ORACLE, 4, 4.5),
  result('flaky', 'pip || pip -i fixed mirror', 4, 25),
  result('flaky', ROUTER, 3, 6, 0.5),
  result('flaky', ORACLE, 4, 4),
  result('stall', ROUTER, 4, 6),
  result('stall', ORACLE, 4, 5)
]
const scenarios: ScenarioTargets[] = [
  { name: 'good', description: 'every index healthy', maxOracleRatio: 1 },
  { name: 'flaky', description: 'the default index fails often' },
  { name: 'stall', description: 'a mirror stalls', maxOracleRatio: 1.3, referenceOracle: 'good' },
  { name: 'dies', description: 'a mirror dies', maxOracleRatio: 1, referenceOracle: 'absent' }
]
const context = {
  command: 'npm run bench',
  machine: '2 cores',
  date: '2026-11-22',
  trialsPerScenario: 4,
  chartFile: 'chart.svg',
  scenarios
}

describe('targetRows', () => {
  it("gives the router's success and its median against the reference oracle's, met or missed", () => {
    expect(targetRows(results, scenarios)).toEqual([
      ['good', '4/4 (100%)', '100%: met', '4.4 s', '4.5 s', '0.98x', '≤ 1.0x: met'],
      ['flaky', '3/4 (75%)', '100%: **missed**', '6.0 s', '4.0 s', '1.50x', 'none'],
      ['stall', '4/4 (100%)', '100%: met', '6.0 s', '4.5 s (good)', '1.33x', '≤ 1.3x: **missed**']
    ])
  })

  it('says so when the reference oracle was not measured', () => {
    const dies = [result('dies', ROUTER, 4, 5)]
    expect(targetRows(dies, scenarios)).toEqual([
      [
        'dies',
        '4/4 (100%)',
        '100%: met',
        '5.0 s',
        'not measured (absent)',
        '',
        '≤ 1.0x: not measured'
      ]
    ])
  })
})

describe('renderWarmStore', () => {
  it("counts the second job's install file requests against the target of none", () => {
    const line = renderWarmStore({
      ok: true,
      installFileRequests: 0,
      probeFileRequests: 2,
      storeHits: 40
    })
    expect(line).toContain('sent 0 file requests')
    expect(line).toContain('(target 0: met)')
    expect(line).toContain('served 40 files from the store')
    expect(renderWarmStore(undefined)).toBe('Warm store: not measured in this run.')
    expect(
      renderWarmStore({ ok: false, installFileRequests: 0, probeFileRequests: 2, storeHits: null })
    ).toContain('(target 0: **missed**, the jobs failed)')
  })
})

describe('renderReport', () => {
  const markdown = renderReport({ results }, context)

  it('has the command, the machine, the date, the targets, the table and the chart', () => {
    expect(markdown).toContain('Command: `npm run bench`')
    expect(markdown).toContain('Machine: 2 cores')
    expect(markdown).toContain('Date: 2026-11-22')
    expect(markdown).toContain(
      '| good | 4/4 (100%) | 100%: met | 4.4 s | 4.5 s | 0.98x | ≤ 1.0x: met |'
    )
    expect(markdown).toContain('Warm store: not measured in this run.')
    expect(markdown).toContain('- stall: a mirror stalls.')
    expect(markdown).not.toContain('- dies:')
    expect(markdown).toContain('![Median install time and success rate per scenario](chart.svg)')
    expect(markdown).toContain(`| flaky | **${ROUTER}** | 3/4 (75%) | 6.0 | 7.0 | 0.50 | 1.00 |`)
    expect(markdown).toContain('| good | oracle (best mirror) | 4/4 (100%) | 4.5 | 5.5 |  |  |')
  })

  it('keeps a shell line with pipes in one cell', () => {
    expect(markdown).toContain('| flaky | pip \\|\\| pip -i fixed mirror | 4/4 (100%) |')
  })
})

describe('renderChart', () => {
  it('draws one bar per result, labelled with its success rate', () => {
    const svg = renderChart(results)
    const strategies = new Set(results.map(entry => entry.strategy)).size
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.match(/<rect x=/g)?.length).toBe(results.length + strategies)
    expect(svg).toContain('>75%</text>')
    expect(svg).toContain(`>${ROUTER}</text>`)
  })

  it('puts a long scenario name on two lines under its bars', () => {
    const name = 'best mirror stalls on a large file'
    const svg = renderChart(
      ['a', 'b', 'c', DIRECT, ROUTER, ORACLE].map(strategy => result(name, strategy, 4, 6))
    )
    expect(svg).toMatch(/>best mirror stalls on a<\/tspan><tspan x="\d+" dy="12">large file</)
  })
})
