import { describe, expect, it } from '@jest/globals'
import { InFlight } from '../../src/router/in-flight.js'

/** A run that waits for `finish`, and notes whether it was cancelled. */
function gatedRun() {
  let finish!: (value: string) => void
  const state = { starts: 0, cancelled: false }
  const start = (signal: AbortSignal): Promise<string> => {
    state.starts++
    signal.addEventListener('abort', () => (state.cancelled = true))
    return new Promise(resolve => (finish = resolve))
  }
  return { start, state, finish: (value: string) => finish(value) }
}

describe('InFlight', () => {
  it('shares one run among concurrent callers and forgets it once done', async () => {
    const flights = new InFlight<string>()
    const run = gatedRun()
    const answers = Array.from({ length: 40 }, () => flights.join('page', run.start))
    run.finish('done')
    expect(await Promise.all(answers)).toEqual(Array(40).fill('done'))
    expect(run.state.starts).toBe(1)
    expect(flights.size).toBe(0)
    // Finished is forgotten: the next caller starts afresh.
    const again = flights.join('page', run.start)
    run.finish('again')
    expect(await again).toBe('again')
    expect(run.state.starts).toBe(2)
  })

  it('keeps separate keys apart', async () => {
    const flights = new InFlight<string>()
    const [one, two] = [gatedRun(), gatedRun()]
    const answers = [flights.join('one', one.start), flights.join('two', two.start)]
    one.finish('1')
    two.finish('2')
    expect(await Promise.all(answers)).toEqual(['1', '2'])
  })

  it.each([
    ['goes on while one caller stays', [true, false], false],
    ['is cancelled once every caller has left', [true, true], true]
  ])('%s', async (_what, leaving, cancelled) => {
    const flights = new InFlight<string>()
    const run = gatedRun()
    const callers = leaving.map(() => new AbortController())
    const answers = callers.map(caller =>
      flights.join('page', run.start, caller.signal).catch(() => 'left')
    )
    callers.forEach((caller, index) => leaving[index] && caller.abort())
    await Promise.resolve()
    expect(run.state.cancelled).toBe(cancelled)
    expect(flights.size).toBe(cancelled ? 0 : 1)
    run.finish('done')
    expect(await Promise.all(answers)).toEqual(leaving.map(left => (left ? 'left' : 'done')))
  })

  it('refuses a caller whose signal has already aborted, starting nothing', async () => {
    const flights = new InFlight<string>()
    const run = gatedRun()
    await expect(flights.join('page', run.start, AbortSignal.abort())).rejects.toBeDefined()
    expect(run.state.starts).toBe(0)
  })
})
