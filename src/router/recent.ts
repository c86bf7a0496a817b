/**
 * Answers kept for a short while, so that the router asks a mirror once for what a prefetch
 * and then its client both need. Bounded by age and by a total weight (what an entry costs in
 * memory): the least recently kept go first.
 */
export class Recent<V> {
  private readonly entries = new Map<string, { value: V; weight: number; keptAt: number }>()
  private weight = 0

  constructor(
    private readonly options: {
      maxAgeMs: number
      maxWeight: number
      weigh: (value: V) => number
      now?: () => number
    }
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (this.now() - entry.keptAt <= this.options.maxAgeMs) return entry.value
    this.forget(key)
    return undefined
  }

  set(key: string, value: V): void {
    this.forget(key)
    const weight = this.options.weigh(value)
    if (weight > this.options.maxWeight || this.options.maxAgeMs <= 0) return
    this.entries.set(key, { value, weight, keptAt: this.now() })
    this.weight += weight
    for (const oldest of this.entries.keys()) {
      if (this.weight <= this.options.maxWeight) break
      this.forget(oldest)
    }
  }

  /** Forgets the entry: the next asker fetches afresh. */
  delete(key: string): void {
    this.forget(key)
  }

  private forget(key: string): void {
    const entry = this.entries.get(key)
    if (!entry) return
    this.entries.delete(key)
    this.weight -= entry.weight
  }

  private now(): number {
    return (this.options.now ?? Date.now)()
  }
}
