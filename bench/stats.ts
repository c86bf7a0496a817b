/** Summary figures of a benchmark run: pure, so the report can be tested on its own. */
import { quantile } from '../src/format/quantile.js'

export interface Trial {
  scenario: string
  strategy: string
  ok: boolean
  /** From the first step's start to the end of the last install step. */
  seconds: number
  /** The action's probe phase, from its log. */
  probeSeconds?: number
  /** From the start of the action's main step until its install command starts. */
  setupSeconds?: number
}

export interface Result {
  scenario: string
  strategy: string
  trials: number
  successes: number
  median_s: number
  p95_s: number
  probe_median_s: number | null
  setup_median_s: number | null
}

/** A second router job on the same runner, with the first job's store kept. */
export interface WarmStoreCheck {
  /** Both jobs' installs succeeded. */
  ok: boolean
  /** Files the mirrors were asked for in the second job, its probe's samples aside. */
  installFileRequests: number
  /** The second job's probe's download samples. */
  probeFileRequests: number
  /** The second job's router's own count, from its summary; null when it left none. */
  storeHits: number | null
}

/** What a run saves to its results file, and what the report is drawn from. */
export interface Summary {
  results: Result[]
  warmStore?: WarmStoreCheck
}

const round = (value: number): number => Math.round(value * 100) / 100

/** The median of the values present, or null when no trial had one. */
function medianOf(values: (number | undefined)[]): number | null {
  const present = values.filter((value): value is number => value !== undefined)
  return present.length > 0 ? round(quantile(present, 0.5)) : null
}

/** One result per scenario and strategy, in the order they first appear. */
export function summarize(trials: Trial[]): Result[] {
  const groups = new Map<string, Trial[]>()
  for (const trial of trials) {
    const key = `${trial.scenario}\u0000${trial.strategy}`
    groups.set(key, [...(groups.get(key) ?? []), trial])
  }
  return [...groups.values()].map(group => {
    const seconds = group.map(trial => trial.seconds)
    return {
      scenario: group[0].scenario,
      strategy: group[0].strategy,
      trials: group.length,
      successes: group.filter(trial => trial.ok).length,
      median_s: round(quantile(seconds, 0.5)),
      p95_s: round(quantile(seconds, 0.95)),
      probe_median_s: medianOf(group.map(trial => trial.probeSeconds)),
      setup_median_s: medianOf(group.map(trial => trial.setupSeconds))
    }
  })
}
