/**
 * Lets tasks wait for the next change of a state they share: each `notify` wakes every task
 * waiting at that moment, which then looks at the state again.
 */
export class Changes {
  private waiting: (() => void)[] = []

  next(): Promise<void> {
    return new Promise(resolve => this.waiting.push(resolve))
  }

  notify(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resolve of waiting) resolve()
  }
}
