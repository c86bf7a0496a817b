import { describe, expect, it } from '@jest/globals'
import type { FailureClass } from '../../src/install/classify.js'
import {
  backoffMs,
  installWithFallback,
  type NextStep,
  nextStep
} from '../../src/install/fallback.js'
import type { CommandResult } from '../../src/install/shell.js'
import { type Mirror, parseMirror } from '../../src/mirrors/mirror.js'
import { privateGuard } from '../../src/install/private-index.js'

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
  unknown: { exitCode: 127, output: 'bash: pipp: command not found' },
  // pip 26.3 on a public mirror with `corp-lib<0,>0` among the constraints.
  guarded: {
    exitCode: 1,
    output: [
      'ERROR: Cannot install corp-lib because these package versions have conflicting dependencies.',
      '    The user requested corp-lib',
      '    The user requested (constraint) corp-lib<0,>0',
      'ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/'
    ].join('\n')
  }
} satisfies Record<string, CommandResult>

/** Runs the loop with a script of results per mirror and records what it did. */
async function simulate(
  script: Record<string, (keyof typeof OUTPUT)[]>,
  attemptsPerMirror = 2,
  options: { candidates?: Mirror[]; privateProjects?: string[] } = {}
) {
  const sleeps: number[] = []
  let clock = 0
  const candidates = options.candidates ?? mirrors
  const result = await installWithFallback(candidates, {
    guard: privateGuard(candidates, options.privateProjects ?? [], 'pip install corp-lib'),
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

describe('installWithFallback with a private index', () => {
  // The probe ranked the public mirrors first: the private index is tried first all the same.
  const candidates = [
    parseMirror('a=https://a.example/simple'),
    parseMirror('b=https://b.example/simple'),
    parseMirror('c=https://user:t0ken@c.example/simple')
  ]

  it('tries the private index first, and installs there', async () => {
    const { result, trail } = await simulate({ c: ['ok'] }, 1, { candidates })
    expect(result.mirror?.name).toBe('c')
    expect(trail).toEqual(['c:ok'])
  })

  it('does not fall back to a public mirror when the private projects are not listed', async () => {
    const { result, trail } = await simulate({ c: ['transient'] }, 1, { candidates })
    expect(result.succeeded).toBe(false)
    expect(trail).toEqual(['c:transient'])
    expect(result.refusal).toMatch(
      /^The private index c \(https:\/\/user:\*\*\*@c.example\/simple\) failed, and the install did not fall back to the public mirror\(s\) a, b: without the input 'private-projects'/
    )
  })

  it('falls back to public mirrors when the private projects are listed', async () => {
    const { result, trail } = await simulate({ c: ['ambiguous'], a: ['mirror'], b: ['ok'] }, 1, {
      candidates,
      privateProjects: ['corp-*']
    })
    expect(result.mirror?.name).toBe('b')
    expect(trail).toEqual(['c:ambiguous', 'a:mirror', 'b:ok'])
  })

  it('stops at a private project ruled out on a public mirror', async () => {
    const { result, trail } = await simulate({ c: ['transient'], a: ['guarded'] }, 1, {
      candidates,
      privateProjects: ['corp-*']
    })
    expect(result.succeeded).toBe(false)
    expect(trail).toEqual(['c:transient', 'a:permanent'])
    expect(result.refusal).toMatch(
      /^corp-lib is a private project \(private-projects\), so it was not installed from the public mirror a/
    )
  })

  it('does not read guarded names into a private index failure', async () => {
    const { result, trail } = await simulate({ c: ['guarded'] }, 1, {
      candidates,
      privateProjects: ['corp-*']
    })
    expect(trail).toEqual(['c:permanent'])
    expect(result.refusal).toBeUndefined()
    expect(result.stoppedBy?.kind).toBe('permanent')
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
