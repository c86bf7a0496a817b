import { describe, expect, it } from '@jest/globals'
import { type Mirror, mirrorFromUrl } from '../../src/mirrors/mirror.js'
import { hedgedRace, type Outcome, type RaceCounts } from '../../src/router/hedged-race.js'

/**
 * One mirror's scripted answer: `ok` with a serial, 404, or a failure, after `ms`; or, `gated`,
 * when the gate opens, in the same turn as every other gated answer.
 */
type Script = { ms: number; gated?: true } & (
  { ok: number } | { missing: true } | { fails: string }
)

const mirrorNamed = (name: string): Mirror => mirrorFromUrl(name, `http://${name}.example/simple`)

async function race(
  scripts: Record<string, Script>,
  options: { fanOut?: boolean; hedgeMs?: number; gateMs?: number; gather?: number } = {}
) {
  const gate = new Promise(resolve => setTimeout(resolve, options.gateMs ?? 0))
  const asked: string[] = []
  const aborted: string[] = []
  const counts: RaceCounts = { failovers: 0, hedged: 0, hedgesWon: 0 }
  const ask = (mirror: Mirror, signal: AbortSignal): Promise<Outcome<string>> =>
    new Promise(resolve => {
      asked.push(mirror.name)
      const script = scripts[mirror.name]
      const answer = (): void => {
        if ('ok' in script)
          resolve({ kind: 'ok', value: mirror.name, serial: script.ok, latencyMs: script.ms })
        else if ('missing' in script) resolve({ kind: 'missing' })
        else resolve({ kind: 'failed', reason: script.fails })
      }
      const timer = script.gated ? undefined : setTimeout(answer, script.ms)
      if (script.gated) void gate.then(answer)
      signal.addEventListener('abort', () => {
        clearTimeout(timer)
        aborted.push(mirror.name)
        resolve({ kind: 'failed', reason: 'cancelled' })
      })
    })
  const result = await hedgedRace({
    mirrors: Object.keys(scripts).map(mirrorNamed),
    ask,
    fanOut: options.fanOut ?? false,
    hedgeDelay: () => options.hedgeMs ?? 60_000,
    counts,
    gather: options.gather
  })
  const summary = result.ok
    ? { winner: result.value, hedged: result.hedged, failovers: result.failovers }
    : { missing: result.missing, reason: result.reason, asked: result.asked }
  const answers = result.ok ? result.answers.map(answer => answer.value) : []
  return { summary, answers, asked, aborted: aborted.sort(), counts }
}

describe('hedgedRace, ranked', () => {
  it.each<[string, Record<string, Script>, number | undefined, object, string[], object]>([
    [
      'serves the leader alone when it answers',
      { a: { ms: 5, ok: 1 }, b: { ms: 5, ok: 9 } },
      undefined,
      { winner: 'a', hedged: false, failovers: 0 },
      ['a'],
      { failovers: 0, hedged: 0, hedgesWon: 0 }
    ],
    [
      'falls through a 404 and a failure, in order',
      { a: { ms: 5, missing: true }, b: { ms: 5, fails: 'HTTP 503' }, c: { ms: 5, ok: 1 } },
      undefined,
      { winner: 'c', hedged: false, failovers: 2 },
      ['a', 'b', 'c'],
      { failovers: 2, hedged: 0, hedgesWon: 0 }
    ],
    [
      'hedges past a slow leader, which is cancelled',
      { a: { ms: 5000, ok: 1 }, b: { ms: 5, ok: 1 } },
      30,
      { winner: 'b', hedged: true, failovers: 0 },
      ['a', 'b'],
      { failovers: 0, hedged: 1, hedgesWon: 1 }
    ],
    [
      'waits for the slow leader when the hedge fails',
      { a: { ms: 150, ok: 1 }, b: { ms: 5, fails: 'reset' } },
      30,
      { winner: 'a', hedged: false, failovers: 1 },
      ['a', 'b'],
      { failovers: 0, hedged: 1, hedgesWon: 0 }
    ],
    [
      'says missing only when every mirror answers 404',
      { a: { ms: 5, missing: true }, b: { ms: 5, missing: true } },
      undefined,
      { missing: true, reason: 'a: 404; b: 404', asked: 2 },
      ['a', 'b'],
      { failovers: 1, hedged: 0, hedgesWon: 0 }
    ],
    [
      'says failed when any mirror failed',
      { a: { ms: 5, fails: 'timed out' }, b: { ms: 5, missing: true } },
      undefined,
      { missing: false, reason: 'a: timed out; b: 404', asked: 2 },
      ['a', 'b'],
      { failovers: 1, hedged: 0, hedgesWon: 0 }
    ],
    [
      'says missing with no mirror to ask',
      {},
      undefined,
      { missing: true, reason: 'no mirrors', asked: 0 },
      [],
      { failovers: 0, hedged: 0, hedgesWon: 0 }
    ]
  ])('%s', async (_what, scripts, hedgeMs, summary, asked, counts) => {
    const result = await race(scripts, { hedgeMs })
    expect(result.summary).toEqual(summary)
    expect(result.asked).toEqual(asked)
    expect(result.counts).toEqual(counts)
  })

  it('serves the freshest of the answers in hand together', async () => {
    const result = await race(
      { a: { ms: 0, gated: true, ok: 5 }, b: { ms: 0, gated: true, ok: 9 } },
      { hedgeMs: 20, gateMs: 200 }
    )
    expect(result.asked).toEqual(['a', 'b'])
    expect(result.summary).toMatchObject({ winner: 'b', hedged: true })
  })
})

describe('hedgedRace, fanned out', () => {
  it.each<[string, Record<string, Script>, string, string[]]>([
    [
      'serves a fresher answer that comes within the grace',
      { stale: { ms: 5, ok: 1 }, fresh: { ms: 15, ok: 2 }, hole: { ms: 60_000, ok: 3 } },
      'fresh',
      ['hole']
    ],
    [
      'does not wait past the grace for a fresher one',
      { stale: { ms: 5, ok: 1 }, late: { ms: 2000, ok: 2 } },
      'stale',
      ['late']
    ],
    [
      'serves the one that answers when the others fail',
      { a: { ms: 5, fails: 'HTTP 500' }, b: { ms: 5, missing: true }, c: { ms: 30, ok: 1 } },
      'c',
      []
    ]
  ])('%s', async (_what, scripts, winner, aborted) => {
    const result = await race(scripts, { fanOut: true })
    expect(result.asked.sort()).toEqual(Object.keys(scripts).sort())
    expect(result.summary).toMatchObject({ winner, hedged: false })
    expect(result.aborted).toEqual(aborted)
    expect(result.counts).toEqual({ failovers: 0, hedged: 0, hedgesWon: 0 })
  })
})

describe('hedgedRace, gathering', () => {
  it.each<[string, Record<string, Script>, number, string, string[], string[], string[]]>([
    [
      'asks the first few at once and keeps every good answer, the freshest served',
      { a: { ms: 5, ok: 1 }, b: { ms: 20, ok: 2 }, c: { ms: 5, ok: 3 } },
      2,
      'b',
      ['a', 'b'],
      ['a', 'b'],
      []
    ],
    [
      'replaces a member that fails with the next mirror',
      { a: { ms: 5, fails: 'HTTP 503' }, b: { ms: 5, ok: 1 }, c: { ms: 10, ok: 2 } },
      2,
      'c',
      ['b', 'c'],
      ['a', 'b', 'c'],
      []
    ],
    [
      'does not replace a member that answers 404: it has spoken',
      { a: { ms: 5, missing: true }, b: { ms: 5, ok: 1 }, c: { ms: 5, ok: 2 } },
      2,
      'b',
      ['b'],
      ['a', 'b'],
      []
    ],
    [
      'stops waiting for a member past its hedge delay, and cancels it',
      { a: { ms: 5, ok: 1 }, hole: { ms: 60_000, ok: 9 } },
      2,
      'a',
      ['a'],
      ['a', 'hole'],
      ['hole']
    ],
    [
      'asks every mirror when told to gather more than there are',
      { a: { ms: 5, ok: 1 }, b: { ms: 5, ok: 1 } },
      5,
      'a',
      ['a', 'b'],
      ['a', 'b'],
      []
    ]
  ])('%s', async (_what, scripts, gather, winner, answers, asked, aborted) => {
    const result = await race(scripts, { gather, hedgeMs: 100 })
    expect(result.summary).toMatchObject({ winner })
    expect(result.answers).toEqual(answers)
    expect(result.asked).toEqual(asked)
    expect(result.aborted).toEqual(aborted)
  })
})
