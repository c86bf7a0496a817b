import { describe, expect, it } from '@jest/globals'
import { ACTION, checkTargets, ORACLE, renderChart, renderReport } from '../../bench/report.js'
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
  probe_median_s: probe
})

const results: Result[] = [
  result('good', 'pip install', 4, 20),
  result('good', ACTION, 4, 5, 0.4),
  result('good', ORACLE, 4, 4.5),
  result('flaky', 'pip install', 1, 30),
  result('flaky', 'pip || pip -i fixed mirror', 4, 25),
  result('flaky', ACTION, 3, 6, 0.5),
  result('flaky', ORACLE, 4, 4)
]
const context = {
  command: 'npm run bench',
  machine: '2 cores',
  date: '2026-11-22',
  trialsPerScenario: 4,
  chartFile: 'chart.svg',
  healthyScenarios: ['good']
}

describe('checkTargets', () => {
  it('says plainly which targets are met and which are missed', () => {
    expect(checkTargets(results, context)).toEqual([
      "good: succeeded in every trial (met); median 1.11x the oracle's (**missed**: target 1.1x); probe phase 0.40 s with a black-holed candidate (met).",
      "flaky: succeeded in 75% of trials (**missed**: target 100%); median 1.50x the oracle's (**missed**: target 1.1x); **missed**: success rate below pip || pip -i fixed mirror; probe phase 0.50 s with a black-holed candidate (met)."
    ])
  })
})

describe('renderReport', () => {
  it('has the command, the machine, the date, the table and the chart', () => {
    const markdown = renderReport(results, context)
    expect(markdown).toContain('Command: `npm run bench`')
    expect(markdown).toContain('Machine: 2 cores')
    expect(markdown).toContain('Date: 2026-11-22')
    expect(markdown).toContain('![Median install time and success rate per scenario](chart.svg)')
    expect(markdown).toContain(`| flaky | **${ACTION}** | 3/4 (75%) | 6.0 | 7.0 | 0.50 |`)
  })
})

describe('renderChart', () => {
  it('draws one bar per result, labelled with its success rate', () => {
    const svg = renderChart(results)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.match(/<rect x=/g)?.length).toBe(results.length + 4)
    expect(svg).toContain('>75%</text>')
    expect(svg).toContain(`>${ACTION}</text>`)
  })
})
