/** The Markdown report and its SVG chart, from summarized results. Pure. */
import type { Scenario } from './scenarios.js'
import type { Result, Summary, WarmStoreCheck } from './stats.js'

export const DIRECT = 'pip-mirror-action (direct)'
export const ROUTER = 'pip-mirror-action (router)'
export const ORACLE = 'oracle (best mirror)'

/** What the report says about a scenario, and the targets it checks there. */
export type ScenarioTargets = Pick<
  Scenario,
  'name' | 'description' | 'maxOracleRatio' | 'referenceOracle'
>

export interface ReportContext {
  command: string
  machine: string
  date: string
  trialsPerScenario: number
  chartFile: string
  scenarios: ScenarioTargets[]
}

const percent = (result: Result): string =>
  `${Math.round((100 * result.successes) / result.trials)}%`

const verdict = (met: boolean): string => (met ? 'met' : '**missed**')

const optionalSeconds = (value: number | null): string => (value === null ? '' : value.toFixed(2))

/** A table; a `|` inside a cell (a strategy's shell line) is escaped so it stays one cell. */
function markdownTable(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]): string =>
    `| ${cells.map(cell => cell.replace(/\|/g, '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)]
}

export function renderReport(summary: Summary, context: ReportContext): string {
  const { results } = summary
  const present = new Set(results.map(result => result.scenario))
  const rows = results.map(result => [
    result.scenario,
    result.strategy === DIRECT || result.strategy === ROUTER
      ? `**${result.strategy}**`
      : result.strategy,
    `${result.successes}/${result.trials} (${percent(result)})`,
    result.median_s.toFixed(1),
    result.p95_s.toFixed(1),
    optionalSeconds(result.probe_median_s),
    optionalSeconds(result.setup_median_s)
  ])
  return [
    '# Benchmark: Python dependency installs with and without pip-mirror-action',
    '',
    `Command: \`${context.command}\`  `,
    `Machine: ${context.machine}  `,
    `Date: ${context.date}  `,
    `Trials: ${context.trialsPerScenario} per scenario and strategy, real pip in a fresh venv, no pip cache.`,
    '',
    'Time runs from the first step of the job to the end of its last install step. The action runs',
    'its main step with the first install; a later install step is plain pip with what the main step',
    'exported (`GITHUB_ENV`), as a later workflow step runs; the post step, which stops the router, runs',
    "after the clock stops. Probe s is the action's probe phase; setup s, the time from the start of",
    'its main step until its install command starts.',
    '',
    '## Targets',
    '',
    ...markdownTable(
      ['scenario', 'router success', 'target', 'router median', 'oracle median', 'ratio', 'target'],
      targetRows(results, context.scenarios)
    ),
    '',
    renderWarmStore(summary.warmStore),
    '',
    '## Scenarios',
    '',
    ...context.scenarios
      .filter(scenario => present.has(scenario.name))
      .map(scenario => `- ${scenario.name}: ${scenario.description}.`),
    '',
    '## Results',
    '',
    `![Median install time and success rate per scenario](${context.chartFile})`,
    '',
    ...markdownTable(
      ['scenario', 'strategy', 'success', 'median s', 'p95 s', 'probe s', 'setup s'],
      rows
    ),
    ''
  ].join('\n')
}

/**
 * One row per scenario the router ran in: its success rate against 100%, and its median as a
 * ratio of the reference oracle's against the scenario's target, each marked met or missed.
 */
export function targetRows(results: Result[], scenarios: ScenarioTargets[]): string[][] {
  const find = (scenario: string, strategy: string): Result | undefined =>
    results.find(result => result.scenario === scenario && result.strategy === strategy)
  return scenarios.flatMap(scenario => {
    const router = find(scenario.name, ROUTER)
    if (!router) return []
    const referenceName = scenario.referenceOracle ?? scenario.name
    const reference = find(referenceName, ORACLE)
    const ratio = reference ? router.median_s / reference.median_s : undefined
    const target = scenario.maxOracleRatio
    return [
      [
        scenario.name,
        `${router.successes}/${router.trials} (${percent(router)})`,
        `100%: ${verdict(router.successes === router.trials)}`,
        `${router.median_s.toFixed(1)} s`,
        !reference
          ? `not measured (${referenceName})`
          : `${reference.median_s.toFixed(1)} s${scenario.referenceOracle ? ` (${referenceName})` : ''}`,
        ratio === undefined ? '' : `${ratio.toFixed(2)}x`,
        target === undefined
          ? 'none'
          : `≤ ${target.toFixed(1)}x: ${ratio === undefined ? 'not measured' : verdict(ratio <= target)}`
      ]
    ]
  })
}

export function renderWarmStore(check: WarmStoreCheck | undefined): string {
  if (!check) return 'Warm store: not measured in this run.'
  const met = check.ok && check.installFileRequests === 0
  const served =
    check.storeHits === null ? '' : `; its router served ${check.storeHits} files from the store`
  return (
    'Warm store: a second router job on the same runner, with the store the first one filled ' +
    `(as a cache restore brings it back), sent ${check.installFileRequests} file requests to the ` +
    `mirrors (target 0: ${verdict(met)}${check.ok ? '' : ', the jobs failed'}), besides ` +
    `${check.probeFileRequests} for its probe's download samples${served}.`
  )
}

const COLORS = ['#9e9e9e', '#bdbdbd', '#ffb74d', '#90caf9', '#1976d2', '#66bb6a']

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
  const labelLines = 2
  const legendTop = top + plotHeight + 24 + labelLines * 12
  const height = legendTop + strategies.length * 14 + 10
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
    // A long name takes two lines, so it stays under its own bars.
    const x = x0 + (strategies.length * barWidth) / 2
    const lines = wrap(scenario, Math.floor(groupWidth / 7), labelLines)
    const tspans = lines.map(
      (line, index) => `<tspan x="${x}" dy="${index === 0 ? 0 : 12}">${escape(line)}</tspan>`
    )
    parts.push(
      `<text x="${x}" y="${top + plotHeight + 16}" text-anchor="middle">${tspans.join('')}</text>`
    )
  })
  strategies.forEach((strategy, index) => {
    const y = legendTop + index * 14
    parts.push(
      `<rect x="${left}" y="${y - 9}" width="10" height="10" fill="${COLORS[index % COLORS.length]}"/>`
    )
    parts.push(`<text x="${left + 16}" y="${y}">${escape(strategy)}</text>`)
  })
  parts.push('</svg>')
  return `${parts.join('\n')}\n`
}

/** Words into at most `maxLines` lines of about `width` characters; the last takes the rest. */
function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = []
  for (const word of text.split(' ')) {
    const last = lines.length - 1
    if (last >= 0 && (lines[last].length + 1 + word.length <= width || lines.length === maxLines))
      lines[last] += ` ${word}`
    else lines.push(word)
  }
  return lines
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
