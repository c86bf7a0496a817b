import type { Mirror } from '../mirrors/mirror.js'

/** One mirror's answer to one request. */
export type Outcome<T> =
  | { kind: 'ok'; value: T; serial?: number; latencyMs: number }
  | { kind: 'missing' }
  | { kind: 'failed'; reason: string }

export type RaceResult<T> =
  | { ok: true; value: T; mirror: Mirror; hedged: boolean; failovers: number }
  /** `asked`: how many mirrors were asked. */
  | { ok: false; missing: boolean; reason: string; asked: number }

/** What races add to the router's figures. */
export interface RaceCounts {
  /** Requests that fell through to the next mirror after a failure or a 404. */
  failovers: number
  /** Requests sent to a second mirror because the first was slow. */
  hedged: number
  /** Answers served from such a request. */
  hedgesWon: number
}

export interface RaceOptions<T> {
  /** Best first. */
  mirrors: Mirror[]
  ask: (mirror: Mirror, signal: AbortSignal) => Promise<Outcome<T>>
  /** All mirrors at once (before the ranking arrives) rather than best first with hedges. */
  fanOut: boolean
  /** How long a mirror may take before the next one is asked too. */
  hedgeDelay: (mirror: Mirror) => number
  counts: RaceCounts
}

/**
 * Unranked, the first good answer waits about its own latency, within these bounds, for the
 * others: a fast but stale mirror must not win on speed alone.
 */
const FRESHNESS_GRACE_MS = { min: 20, max: 250 }

interface Attempt {
  mirror: Mirror
  controller: AbortController
  /** Sent while a better-ranked mirror was still answering. */
  hedge: boolean
  done: boolean
  /** Until it fires, this attempt is the one that brings in the next mirror. */
  hedgeTimer?: NodeJS.Timeout
}

interface GoodAnswer<T> {
  attempt: Attempt
  value: T
  serial: number
}

/**
 * Asks `mirrors` in order: the next one after a failure or a 404, or once the latest has been
 * slower than its hedge delay. Good answers in hand together go by serial, freshest first.
 * Fanned out, all are asked at once, and the first good answer waits a little for the others.
 * The losers are cancelled.
 */
export function hedgedRace<T>(options: RaceOptions<T>): Promise<RaceResult<T>> {
  return new HedgedRace(options).run()
}

class HedgedRace<T> {
  private readonly attempts: Attempt[] = []
  private readonly good: GoodAnswer<T>[] = []
  private readonly reasons: string[] = []
  private missing = 0
  private graceTimer?: NodeJS.Timeout
  private finished = false
  private resolve!: (result: RaceResult<T>) => void

  constructor(private readonly options: RaceOptions<T>) {}

  run(): Promise<RaceResult<T>> {
    return new Promise(resolve => {
      this.resolve = resolve
      const { mirrors, fanOut } = this.options
      if (mirrors.length === 0)
        this.finish({ ok: false, missing: true, reason: 'no mirrors', asked: 0 })
      else if (fanOut) mirrors.forEach(() => this.launch(false))
      else this.launch(false)
    })
  }

  /** Asks the next mirror. */
  private launch(hedge: boolean): void {
    const { mirrors, fanOut, counts } = this.options
    const mirror = mirrors[this.attempts.length]
    const attempt: Attempt = { mirror, controller: new AbortController(), hedge, done: false }
    this.attempts.push(attempt)
    if (hedge) counts.hedged++
    if (!fanOut && this.attempts.length < mirrors.length) {
      attempt.hedgeTimer = setTimeout(() => this.hedge(attempt), this.options.hedgeDelay(mirror))
    }
    void this.options
      .ask(mirror, attempt.controller.signal)
      .catch((error: unknown): Outcome<T> => ({ kind: 'failed', reason: String(error) }))
      .then(outcome => this.settle(attempt, outcome))
  }

  /** `attempt` is slower than usual: the next mirror is asked too. */
  private hedge(attempt: Attempt): void {
    attempt.hedgeTimer = undefined
    if (!this.finished && this.good.length === 0) this.launch(true)
  }

  private settle(attempt: Attempt, outcome: Outcome<T>): void {
    attempt.done = true
    clearTimeout(attempt.hedgeTimer)
    attempt.hedgeTimer = undefined
    if (this.finished) return // a loser, cancelled or late
    if (outcome.kind === 'ok') this.accept(attempt, outcome)
    else this.reject(attempt, outcome)
  }

  private accept(
    attempt: Attempt,
    { value, serial, latencyMs }: Outcome<T> & { kind: 'ok' }
  ): void {
    this.good.push({ attempt, value, serial: serial ?? -1 })
    // Answers that arrive in the same turn (or, fanned out, soon) are in hand before the pick.
    if (this.allDone()) this.pickAfter(0)
    else if (this.good.length === 1) this.pickAfter(this.options.fanOut ? grace(latencyMs) : 0)
  }

  private reject(attempt: Attempt, outcome: Outcome<T> & { kind: 'missing' | 'failed' }): void {
    if (outcome.kind === 'missing') this.missing++
    const why = outcome.kind === 'missing' ? '404' : outcome.reason
    this.reasons.push(`${attempt.mirror.name}: ${why}`)
    if (this.good.length > 0) {
      if (this.allDone()) this.pickAfter(0)
      return
    }
    // A pending request whose hedge timer still runs brings in the next mirror itself.
    if (this.attempts.some(other => !other.done && other.hedgeTimer)) return
    if (this.attempts.length < this.options.mirrors.length) {
      this.options.counts.failovers++
      this.launch(false)
    } else if (this.allDone()) {
      const asked = this.attempts.length
      const reason = this.reasons.join('; ')
      this.finish({ ok: false, missing: this.missing === asked, reason, asked })
    }
  }

  /** Serves the freshest good answer in hand after `ms` (0: in the next turn). */
  private pickAfter(ms: number): void {
    clearTimeout(this.graceTimer)
    this.graceTimer = ms > 0 ? setTimeout(() => this.pick(), ms) : undefined
    if (ms === 0) setImmediate(() => this.pick())
  }

  private pick(): void {
    if (this.finished) return
    const best = this.good.reduce((a, b) => (b.serial > a.serial ? b : a))
    const answered = new Set(this.good.map(answer => answer.attempt))
    const failovers = this.attempts.filter(other => other.done && !answered.has(other)).length
    const { mirror, hedge } = best.attempt
    if (hedge) this.options.counts.hedgesWon++
    this.finish({ ok: true, value: best.value, mirror, hedged: hedge, failovers })
  }

  private finish(result: RaceResult<T>): void {
    this.finished = true
    clearTimeout(this.graceTimer)
    for (const attempt of this.attempts) {
      clearTimeout(attempt.hedgeTimer)
      if (!attempt.done) attempt.controller.abort()
    }
    this.resolve(result)
  }

  private allDone(): boolean {
    return this.attempts.every(attempt => attempt.done)
  }
}

function grace(latencyMs: number): number {
  return Math.min(FRESHNESS_GRACE_MS.max, Math.max(FRESHNESS_GRACE_MS.min, latencyMs))
}
