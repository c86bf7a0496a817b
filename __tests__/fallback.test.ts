import { describe, expect, it } from '@jest/globals'
import type { FailureClass } from '../src/classify.js'
import {
  backoffMs,
  type CommandResult,
  installWithFallback,
  type NextStep,
  nextStep
} from '../src/fallback.js'
import { parseMirror } from '../src/mirror.js'

const mirrors = ['a', 'b', 'c'].map(name => parseMirror(`${name}=https://${name}.example/simple`))

const OUTPUT = {
  ok: { exitCode: 0, output: 'Successfully installed demo-1.0' },
  transient: {
    exitCode: 1,
    output: 'ERROR: HTTP error 503 while getting https://a.example/files/demo-1.0.whl'
  },
  mirror: {
    exitCode: 1,
    output: 'ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE.'
  },
  ambiguous: {
    exitCode: 1,
    output:
      'ERROR: Could not find a version that satisfies the requirement demo (from versions: none)'
  },
  permanent: {
    exitCode: 1,
    output: 'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io'
  },
  unknown: { exitCode: 127, output: 'bash: pipp: command not found' }
} satisfies Record<string, CommandResult>

/** Runs the loop with a script of results per mirror and records what it did. */
async function simulate(script: Record<string, (keyof typeof OUTPUT)[]>, attemptsPerMirror = 2) {
  const sleeps: number[] = []
  let clock = 0
  const result = await installWithFallback(mirrors, {
    attemptsPerMirror,
    backoffBaseMs: 1000,
    run: async mirror => {
      clock += 10
      const next = script[mirror.name]?.shift()
      if (!next) throw new Error(`unexpected attempt on ${mirror.name}`)
      return OUTPUT[next]
    },
    sleep: async ms => {
      sleeps.push(ms)
    },
    now: () => clock,
    log: () => undefined
  })
  const trail = result.attempts.map(a => `${a.mirror.name}:${a.exitCode === 0 ? 'ok' : a.kind}`)
  return { result, trail, sleeps }
}

describe('installWithFallback', () => {
  it('succeeds at once on the first mirror', async () => {
    const { result, trail } = await simulate({ a: ['ok'] })
    expect(result.succeeded).toBe(true)
    expect(result.mirror?.name).toBe('a')
    expect(trail).toEqual(['a:ok'])
    expect(result.attempts[0].durationMs).toBe(10)
  })

  it('retries a transient failure on the same mirror after a pause', async () => {
    const { result, trail, sleeps } = await simulate({ a: ['transient', 'ok'] })
    expect(result.mirror?.name).toBe('a')
    expect(trail).toEqual(['a:transient', 'a:ok'])
    expect(sleeps).toEqual([1000])
  })

  it('moves on once the attempts on a mirror are spent', async () => {
    const { result, trail, sleeps } = await simulate(
      { a: ['transient', 'transient', 'transient'], b: ['ok'] },
      3
    )
    expect(result.mirror?.name).toBe('b')
    expect(trail).toEqual(['a:transient', 'a:transient', 'a:transient', 'b:ok'])
    expect(sleeps).toEqual([1000, 2000])
  })

  it.each<FailureClass>(['mirror', 'ambiguous'])(
    'moves to the next mirror at once on a %s failure',
    async kind => {
      const { result, trail, sleeps } = await simulate({ a: [kind], b: [kind], c: ['ok'] })
      expect(result.mirror?.name).toBe('c')
      expect(trail).toEqual([`a:${kind}`, `b:${kind}`, 'c:ok'])
      expect(sleeps).toEqual([])
    }
  )

  it.each<FailureClass>(['permanent', 'unknown'])('stops at once on a %s failure', async kind => {
    const { result, trail } = await simulate({ a: [kind] })
    expect(result.succeeded).toBe(false)
    expect(trail).toEqual([`a:${kind}`])
    expect(result.stoppedBy?.kind).toBe(kind)
  })

  it('fails after every mirror failed, with every attempt recorded', async () => {
    const { result, trail } = await simulate({
      a: ['mirror'],
      b: ['transient', 'transient'],
      c: ['ambiguous']
    })
    expect(result.succeeded).toBe(false)
    expect(result.stoppedBy).toBeUndefined()
    expect(trail).toEqual(['a:mirror', 'b:transient', 'b:transient', 'c:ambiguous'])
    expect(result.attempts[0].line).toContain('DO NOT MATCH THE HASHES')
  })
})

describe('nextStep', () => {
  it.each<[FailureClass, number, number, NextStep]>([
    ['transient', 1, 2, 'retry'],
    ['transient', 2, 2, 'next-mirror'],
    ['mirror', 1, 5, 'next-mirror'],
    ['ambiguous', 1, 5, 'next-mirror'],
    ['permanent', 1, 5, 'stop'],
    ['unknown', 1, 5, 'stop']
  ])('%s on try %d of %d: %s', (kind, attempt, attempts, step) => {
    expect(nextStep(kind, attempt, attempts)).toBe(step)
  })
})

describe('backoffMs', () => {
  it.each([
    [1, 2000],
    [2, 4000],
    [3, 8000],
    [10, 30000]
  ])('try %d waits %d ms', (attempt, ms) => expect(backoffMs(attempt, 2000)).toBe(ms))
})
