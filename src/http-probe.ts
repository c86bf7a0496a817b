import { performance } from 'node:perf_hooks'
import { HttpClient } from './http-client.js'
import type { Mirror } from './mirror.js'
import { isPassingFailure, type ProbeFailure } from './probe-failure.js'
import type { MirrorProbe, ProbeSample } from './ranking.js'

export interface SamplingOptions {
  timeoutMs: number
  samples: number
}

/** Takes one sample of a mirror within `timeoutMs`. Samples of one mirror run in order. */
export type Sampler = (timeoutMs: number) => Promise<ProbeSample>

/**
 * Probes every mirror at once. Each mirror's samples run one after another on a kept-alive
 * connection, as a client's requests would. The whole phase ends about `timeoutMs` after it
 * starts, however many mirrors hang: slow mirrors simply get fewer samples.
 */
export async function probeConcurrently(
  mirrors: Mirror[],
  options: SamplingOptions,
  samplerFor: (mirror: Mirror, client: HttpClient) => Sampler
): Promise<MirrorProbe[]> {
  const client = new HttpClient(options.timeoutMs)
  const deadline = performance.now() + options.timeoutMs
  try {
    return await Promise.all(
      mirrors.map(async mirror => ({
        mirror,
        samples: await takeSamples(samplerFor(mirror, client), options, deadline)
      }))
    )
  } finally {
    await client.destroy()
  }
}

async function takeSamples(
  sample: Sampler,
  options: SamplingOptions,
  deadline: number
): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = []
  for (let index = 0; index < options.samples; index++) {
    const allowance =
      index === 0
        ? options.timeoutMs
        : Math.floor(Math.min(options.timeoutMs, deadline - performance.now()))
    if (allowance < 1) break
    const taken = await sample(allowance)
    // A later sample cut short by the phase deadline says nothing about the mirror.
    if (index > 0 && taken.failure?.kind === 'timeout' && allowance < options.timeoutMs) break
    samples.push(taken)
    if (taken.failure && !isPassingFailure(taken.failure)) break
  }
  return samples
}

/** A failed status; through a proxy it may be the proxy's own answer, so the proxy is named. */
export function httpFailure(response: { status: number; proxy?: string }, what = ''): ProbeFailure {
  const { status, proxy } = response
  const through = proxy ? ` (through proxy ${proxy})` : ''
  return { kind: 'http', status, message: `HTTP ${status}${what ? ` ${what}` : ''}${through}` }
}

export function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value[0] : (value ?? '')
}
