/**
 * One run per key while it is in flight, shared by every caller that asks for the same key in
 * the meantime: 40 clients asking for one page make one upstream request. A caller leaves when
 * its own signal aborts; the run is cancelled once every caller has left. A finished run is
 * forgotten at once: nothing is cached.
 */
export class InFlight<T> {
  private readonly runs = new Map<string, Run<T>>()

  /** The result of the run for `key`, started with `start` if none is in flight. */
  join(key: string, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    const run = this.runs.get(key) ?? this.begin(key, start)
    run.callers++
    if (!signal) return run.promise
    return new Promise<T>((resolve, reject) => {
      const leave = (): void => {
        reject(signal.reason as Error)
        if (--run.callers === 0) this.cancel(key, run)
      }
      signal.addEventListener('abort', leave, { once: true })
      void run.promise
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', leave))
    })
  }

  /** Runs in flight, for tests. */
  get size(): number {
    return this.runs.size
  }

  private begin(key: string, start: (signal: AbortSignal) => Promise<T>): Run<T> {
    const controller = new AbortController()
    const run: Run<T> = { controller, callers: 0, promise: start(controller.signal) }
    this.runs.set(key, run)
    const forget = (): void => this.forget(key, run)
    run.promise.then(forget, forget)
    return run
  }

  private cancel(key: string, run: Run<T>): void {
    this.forget(key, run)
    run.controller.abort()
  }

  private forget(key: string, run: Run<T>): void {
    // A later caller may already have started another run under the same key.
    if (this.runs.get(key) === run) this.runs.delete(key)
  }
}

interface Run<T> {
  promise: Promise<T>
  controller: AbortController
  /** Callers still waiting for it. */
  callers: number
}
