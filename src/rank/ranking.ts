import type { Mirror } from '../mirrors/mirror.js'
import type { MirrorProbe } from '../probe/http-probe.js'

export interface RankedMirror {
  mirror: Mirror
  ok: boolean
  /** Median latency of the successful samples; null when none succeeded. */
  latencyMs: number | null
  samples: number
  failures: number
  error?: string
  /** Not failed, only too slow to win: it ranks before the mirrors that failed. */
  stoppedEarly?: boolean
}

/**
 * Orders mirrors for use: healthy ones by median latency, then the rest in the order given.
 * A mirror is healthy when most of its samples succeeded; one failure among successes still
 * counts against it in `failures`.
 */
export function rankMirrors(probes: MirrorProbe[]): RankedMirror[] {
  const ranked = probes.map((probe, position) => ({ ...assess(probe), position }))
  return ranked
    .sort((a, b) => {
      if (a.ok !== b.ok) return a.ok ? -1 : 1
      if (a.ok && a.latencyMs !== b.latencyMs) return (a.latencyMs ?? 0) - (b.latencyMs ?? 0)
      if (!a.ok && !!a.stoppedEarly !== !!b.stoppedEarly) return a.stoppedEarly ? -1 : 1
      return a.position - b.position
    })
    .map(({ position: _position, ...entry }) => entry)
}

function assess(probe: MirrorProbe): RankedMirror {
  const successes = probe.samples.filter(sample => !sample.failure).map(sample => sample.latencyMs)
  const failures = probe.samples.filter(sample => sample.failure)
  const ok = successes.length > 0 && successes.length >= failures.length
  return {
    mirror: probe.mirror,
    ok,
    latencyMs: successes.length > 0 ? Math.round(median(successes)) : null,
    samples: probe.samples.length,
    failures: failures.length,
    error: failures[0]?.failure?.message ?? (probe.samples.length === 0 ? 'not probed' : undefined),
    ...(!ok && failures.some(sample => sample.stoppedEarly) ? { stoppedEarly: true } : {})
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
