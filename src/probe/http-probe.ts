import { performance } from 'node:perf_hooks'
import { HttpClient } from '../net/http-client.js'
import type { Mirror } from '../mirrors/mirror.js'
import { isPassingFailure, type ProbeFailure } from '../net/probe-failure.js'
import type { IndexPage } from '../net/index-page.js'

export interface ProbeSample {
  latencyMs: number
  failure?: ProbeFailure
  /** The parsed project page, from a PyPI sample that succeeded. */
  page?: IndexPage
  /** The probe stopped waiting for this answer because the mirror could no longer win. */
  stoppedEarly?: boolean
}

export interface MirrorProbe {
  mirror: Mirror
  samples: ProbeSample[]
}

export interface SamplingOptions {
  timeoutMs: number
  samples: number
}

/**
 * Takes one sample of a mirror within `timeoutMs`, or until `stop` fires. Samples of one
 * mirror run in order.
 */
export type Sampler = (timeoutMs: number, stop: AbortSignal) => Promise<ProbeSample>

/** One mirror's probe while it runs. */
export interface RunningProbe {
  mirror: Mirror
  /** `performance.now()` when its first sample was sent. */
  startedAt: number
  samples: Promise<ProbeSample[]>
  /** Stops waiting for this mirror: its pending sample fails as a timeout. */
  stop(): void
}

/**
 * Probes every mirror at once. Each mirror's samples run one after another on a kept-alive
 * connection, as a client's requests would. The whole phase ends about `timeoutMs` after it
 * starts, however many mirrors hang: slow mirrors simply get fewer samples, and a caller may
 * stop waiting for one sooner.
 */
export function startProbes(
  mirrors: Mirror[],
  options: SamplingOptions,
  samplerFor: (mirror: Mirror, client: HttpClient) => Sampler
): { running: RunningProbe[]; done: Promise<MirrorProbe[]> } {
  const client = new HttpClient(options.timeoutMs)
  const startedAt = performance.now()
  const deadline = startedAt + options.timeoutMs
  const running = mirrors.map(mirror => {
    const controller = new AbortController()
    return {
      mirror,
      startedAt,
      samples: takeSamples(samplerFor(mirror, client), options, deadline, controller.signal),
      stop: () => controller.abort()
    }
  })
  const done = Promise.all(
    running.map(async probe => ({ mirror: probe.mirror, samples: await probe.samples }))
  ).finally(() => client.destroy())
  return { running, done }
}

/** Probes every mirror at once and waits for all of them (see `startProbes`). */
export async function probeConcurrently(
  mirrors: Mirror[],
  options: SamplingOptions,
  samplerFor: (mirror: Mirror, client: HttpClient) => Sampler
): Promise<MirrorProbe[]> {
  return startProbes(mirrors, options, samplerFor).done
}

async function takeSamples(
  sample: Sampler,
  options: SamplingOptions,
  deadline: number,
  stop: AbortSignal
): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = []
  for (let index = 0; index < options.samples && !stop.aborted; index++) {
    const allowance =
      index === 0
        ? options.timeoutMs
        : Math.floor(Math.min(options.timeoutMs, deadline - performance.now()))
    if (allowance < 1) break
    const taken = await sample(allowance, stop)
    if (taken.failure && stop.aborted) taken.stoppedEarly = true
    // A later sample cut short by the phase deadline, or by the caller, says nothing more.
    if (
      index > 0 &&
      taken.failure?.kind === 'timeout' &&
      (allowance < options.timeoutMs || stop.aborted)
    )
      break
    samples.push(taken)
    if (taken.failure && !isPassingFailure(taken.failure)) break
  }
  return samples
}
