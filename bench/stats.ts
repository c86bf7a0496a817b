/** Summary figures of a benchmark run: pure, so the report can be tested on its own. */

export interface Trial {
  scenario: string
  strategy: string
  ok: boolean
  seconds: number
  /** The action's probe phase, from its log. */
  probeSeconds?: number
}

export interface Result {
  scenario: string
  strategy: string
  trials: number
  successes: number
  median_s: number
  p95_s: number
  probe_median_s: number | null
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low)
}

const round = (value: number): number => Math.round(value * 100) / 100

/** One result per scenario and strategy, in the order they first appear. */
export function summarize(trials: Trial[]): Result[] {
  const groups = new Map<string, Trial[]>()
  for (const trial of trials) {
    const key = `${trial.scenario}\u0000${trial.strategy}`
    groups.set(key, [...(groups.get(key) ?? []), trial])
  }
  return [...groups.values()].map(group => {
    const seconds = group.map(trial => trial.seconds)
    const probes = group
      .map(trial => trial.probeSeconds)
      .filter((value): value is number => value !== undefined)
    return {
      scenario: group[0].scenario,
      strategy: group[0].strategy,
      trials: group.length,
      successes: group.filter(trial => trial.ok).length,
      median_s: round(quantile(seconds, 0.5)),
      p95_s: round(quantile(seconds, 0.95)),
      probe_median_s: probes.length > 0 ? round(quantile(probes, 0.5)) : null
    }
  })
}
