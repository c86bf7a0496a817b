import type { Mirror } from '../mirrors/mirror.js'

/** One mirror's answer to one request. */
export type Outcome<T> =
  | { kind: 'ok'; value: T; serial?: number; latencyMs: number }
  | { kind: 'missing' }
  | { kind: 'failed'; reason: string }

/** A good answer, and the mirror that gave it. */
export interface Answer<T> {
  mirror: Mirror
  value: T
  serial?: number
}

export type RaceResult<T> =
  | {
      ok: true
      /** The freshest good answer (highest serial, then best-ranked). */
      value: T
      mirror: Mirror
      hedged: boolean
      failovers: number
      /** Every good answer in hand, in the order the mirrors were asked. */
      answers: Answer<T>[]
    }
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
  /**
   * Ranked: how many mirrors are asked at once (default 1). Each is waited for until its hedge
   * delay has passed, and one that fails is replaced by the next: the answers in hand then are
   * what a merge of the freshest pages has.
   */
  gather?: number
}

/**
 * Unranked, the first good answer waits about its own latency, within these bounds, for the
 * others: a fast but stale mirror must not win on speed alone.
 */
const FRESHNESS_GRACE_MS = { min: 20, max: 250 }

interface Attempt {
  mirror: Mirror
  controller: AbortController
  /** When a gathering race stops waiting for it (performance.now() time). */
  deadline: number
  /** Sent while a better-ranked mirror was still answering. */
  hedge: boolean
  done: boolean
  /** Until it fires, this attempt is the one that brings in the next mirror. */
  hedgeTimer?: NodeJS.Timeout
}

interface GoodAnswer<T> {
  attempt: Attempt
  value: T
  serial?: number
}

/**
 * Asks `mirrors` in order: the next one after a failure or a 404, or once the latest has been
 * slower than its hedge delay. Good answers in hand together go by serial, freshest first.
 * Fanned out, all are asked at once, and the first good answer waits a little for the others.
 * Gathering, the first few are asked at once and waited for (see `gather`). The losers are
 * cancelled.
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
      const atOnce = fanOut ? mirrors.length : Math.min(this.gather(), mirrors.length)
      if (mirrors.length === 0)
        this.finish({ ok: false, missing: true, reason: 'no mirrors', asked: 0 })
      else for (let launched = 0; launched < atOnce; launched++) this.launch(false)
    })
  }

  /** Asks the next mirror. */
  private launch(hedge: boolean): void {
    const { mirrors, fanOut, counts } = this.options
    const mirror = mirrors[this.attempts.length]
    const deadline = performance.now() + this.options.hedgeDelay(mirror)
    const attempt: Attempt = {
      mirror,
      controller: new AbortController(),
      deadline,
      hedge,
      done: false
    }
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
    const more = this.attempts.length < this.options.mirrors.length
    if (!this.finished && this.good.length === 0 && more) this.launch(true)
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
    this.good.push({ attempt, value, serial })
    // Answers that arrive in the same turn (or, fanned out, soon) are in hand before the pick.
    if (this.allDone()) this.pickAfter(0)
    else if (this.gather() > 1) this.pickAfter(this.pendingWaitMs())
    else if (this.good.length === 1) this.pickAfter(this.options.fanOut ? grace(latencyMs) : 0)
  }

  /** How long the pending attempts of a gathering race are still waited for. */
  private pendingWaitMs(): number {
    const now = performance.now()
    const pending = this.attempts.filter(attempt => !attempt.done)
    return Math.max(0, ...pending.map(attempt => attempt.deadline - now))
  }

  private gather(): number {
    return this.options.fanOut ? 1 : Math.max(1, this.options.gather ?? 1)
  }

  private reject(attempt: Attempt, outcome: Outcome<T> & { kind: 'missing' | 'failed' }): void {
    if (outcome.kind === 'missing') this.missing++
    const why = outcome.kind === 'missing' ? '404' : outcome.reason
    this.reasons.push(`${attempt.mirror.name}: ${why}`)
    const asking = this.attempts.filter(other => !other.done).length + this.good.length
    if (
      outcome.kind === 'failed' &&
      asking < this.gather() &&
      this.attempts.length < this.options.mirrors.length
    ) {
      // A gathering race keeps as many mirrors as it gathers: a failed one is replaced.
      this.options.counts.failovers++
      this.launch(false)
    }
    if (this.good.length > 0) {
      if (this.allDone()) this.pickAfter(0)
      else if (this.gather() > 1) this.pickAfter(this.pendingWaitMs())
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
    const best = this.good.reduce((a, b) => ((b.serial ?? -1) > (a.serial ?? -1) ? b : a))
    const answered = new Set(this.good.map(answer => answer.attempt))
    const failovers = this.attempts.filter(other => other.done && !answered.has(other)).length
    const { mirror, hedge } = best.attempt
    if (hedge) this.options.counts.hedgesWon++
    const answers = [...this.good]
      .sort((a, b) => this.attempts.indexOf(a.attempt) - this.attempts.indexOf(b.attempt))
      .map(({ attempt, value, serial }) => ({
        mirror: attempt.mirror,
        value,
        ...(serial !== undefined ? { serial } : {})
      }))
    this.finish({ ok: true, value: best.value, mirror, hedged: hedge, failovers, answers })
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
