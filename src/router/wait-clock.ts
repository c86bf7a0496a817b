/**
 * How long at least one client waited on the network: time during which one request or more
 * that the router had to fetch for was open, overlapping ones counted once.
 */
export class WaitClock {
  private open = 0
  private since = 0
  private total = 0

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A request starts waiting; the function returned ends its wait (once). */
  enter(): () => void {
    if (this.open++ === 0) this.since = this.now()
    let left = false
    return () => {
      if (left) return
      left = true
      if (--this.open === 0) this.total += this.now() - this.since
    }
  }

  get totalMs(): number {
    return this.total + (this.open > 0 ? this.now() - this.since : 0)
  }
}
