/** The Markdown report and its SVG chart, from summarized results. Pure. */
import type { Result } from './stats.js'

export const ACTION = 'pip-mirror-action'
export const ORACLE = 'oracle (best mirror)'

export interface ReportContext {
  command: string
  machine: string
  date: string
  trialsPerScenario: number
  chartFile: string
  /** Scenarios where no index fails: there, success rates say nothing. */
  healthyScenarios: string[]
}

const percent = (result: Result): string =>
  `${Math.round((100 * result.successes) / result.trials)}%`

export function renderReport(results: Result[], context: ReportContext): string {
  const rows = results.map(result =>
    [
      result.scenario,
      result.strategy === ACTION ? `**${ACTION}**` : result.strategy,
      `${result.successes}/${result.trials} (${percent(result)})`,
      result.median_s.toFixed(1),
      result.p95_s.toFixed(1),
      result.probe_median_s === null ? '' : result.probe_median_s.toFixed(2)
    ].join(' | ')
  )
  return [
    '# Benchmark: Python dependency installs with and without pip-mirror-action',
    '',
    `Command: \`${context.command}\`  `,
    `Machine: ${context.machine}  `,
    `Date: ${context.date}  `,
    `Trials: ${context.trialsPerScenario} per scenario and strategy, real pip in a fresh venv, no pip cache.`,
    '',
    `![Median install time and success rate per scenario](${context.chartFile})`,
    '',
    '| scenario | strategy | success | median s | p95 s | probe s |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(row => `| ${row} |`),
    '',
    '## Targets',
    '',
    ...checkTargets(results, context).map(line => `- ${line}`),
    ''
  ].join('\n')
}

/** Each target, met or missed, said plainly. */
export function checkTargets(results: Result[], context: ReportContext): string[] {
  const scenarios = [...new Set(results.map(result => result.scenario))]
  const find = (scenario: string, strategy: string): Result | undefined =>
    results.find(result => result.scenario === scenario && result.strategy === strategy)
  const lines: string[] = []
  for (const scenario of scenarios) {
    const action = find(scenario, ACTION)
    const oracle = find(scenario, ORACLE)
    if (!action) continue
    const verdicts: string[] = []
    verdicts.push(
      action.successes === action.trials
        ? 'succeeded in every trial (met)'
        : `succeeded in ${percent(action)} of trials (**missed**: target 100%)`
    )
    if (oracle) {
      const ratio = action.median_s / oracle.median_s
      verdicts.push(
        `median ${ratio.toFixed(2)}x the oracle's (${ratio <= 1.1 ? 'met' : '**missed**: target 1.1x'})`
      )
    }
    if (!context.healthyScenarios.includes(scenario)) {
      const others = results.filter(
        result =>
          result.scenario === scenario && result.strategy !== ACTION && result.strategy !== ORACLE
      )
      const rate = (result: Result): number => result.successes / result.trials
      const tied = others.filter(other => rate(other) === rate(action)).map(other => other.strategy)
      const above = others.filter(other => rate(other) > rate(action)).map(other => other.strategy)
      verdicts.push(
        tied.length + above.length === 0
          ? 'higher success rate than every other strategy (met)'
          : `**missed**: success rate ${[
              tied.length > 0 ? `tied with ${tied.join(', ')}` : '',
              above.length > 0 ? `below ${above.join(', ')}` : ''
            ]
              .filter(Boolean)
              .join(' and ')}`
      )
    }
    if (action.probe_median_s !== null) {
      verdicts.push(
        `probe phase ${action.probe_median_s.toFixed(2)} s with a black-holed candidate (${action.probe_median_s <= 0.5 ? 'met' : '**missed**: target 0.5 s'})`
      )
    }
    lines.push(`${scenario}: ${verdicts.join('; ')}.`)
  }
  return lines
}

const COLORS = ['#9e9e9e', '#bdbdbd', '#ffb74d', '#1976d2', '#66bb6a']

/** Grouped bars: median seconds per strategy in each scenario, success rate above each bar. */
export function renderChart(results: Result[]): string {
  const scenarios = [...new Set(results.map(result => result.scenario))]
  const strategies = [...new Set(results.map(result => result.strategy))]
  const barWidth = 22
  const groupGap = 36
  const groupWidth = strategies.length * barWidth + groupGap
  const plotHeight = 260
  const left = 50
  const top = 40
  const width = left + scenarios.length * groupWidth + 20
  const height = top + plotHeight + 110
  const largest = Math.max(1, ...results.map(result => result.median_s))
  const step = [1, 2, 5, 10, 20, 30, 60, 120].find(candidate => largest / candidate <= 6) ?? 300
  const ticks = Math.ceil(largest / step)
  const maxSeconds = ticks * step
  const scale = (seconds: number): number => (seconds / maxSeconds) * plotHeight
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${left}" y="20" font-size="14" font-weight="bold">Median install time (s); success rate above each bar</text>`,
    `<line x1="${left}" y1="${top + plotHeight}" x2="${width - 10}" y2="${top + plotHeight}" stroke="#333"/>`
  ]
  for (let tick = 0; tick <= ticks; tick++) {
    const seconds = tick * step
    const y = top + plotHeight - scale(seconds)
    parts.push(`<line x1="${left}" y1="${y}" x2="${width - 10}" y2="${y}" stroke="#eee"/>`)
    parts.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${seconds.toFixed(0)}</text>`)
  }
  scenarios.forEach((scenario, group) => {
    const x0 = left + group * groupWidth + groupGap / 2
    strategies.forEach((strategy, index) => {
      const result = results.find(r => r.scenario === scenario && r.strategy === strategy)
      if (!result) return
      const barHeight = scale(result.median_s)
      const x = x0 + index * barWidth
      const y = top + plotHeight - barHeight
      parts.push(
        `<rect x="${x}" y="${y}" width="${barWidth - 3}" height="${barHeight}" fill="${COLORS[index % COLORS.length]}"><title>${escape(`${strategy}: ${result.median_s} s, ${percent(result)}`)}</title></rect>`
      )
      parts.push(
        `<text x="${x + (barWidth - 3) / 2}" y="${y - 3}" text-anchor="middle" font-size="9">${percent(result)}</text>`
      )
    })
    parts.push(
      `<text x="${x0 + (strategies.length * barWidth) / 2}" y="${top + plotHeight + 16}" text-anchor="middle">${escape(scenario)}</text>`
    )
  })
  strategies.forEach((strategy, index) => {
    const y = top + plotHeight + 36 + index * 14
    parts.push(
      `<rect x="${left}" y="${y - 9}" width="10" height="10" fill="${COLORS[index % COLORS.length]}"/>`
    )
    parts.push(`<text x="${left + 16}" y="${y}">${escape(strategy)}</text>`)
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
