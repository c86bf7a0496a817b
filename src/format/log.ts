/** Where the engine reports: the step log in the action, stderr on the command line. */
export interface Log {
  info(message: string): void
  warning(message: string, title: string): void
}

type Entry =
  { level: 'info'; message: string } | { level: 'warning'; message: string; title: string }

/**
 * Holds a phase's messages while other phases write the step log, so that each phase's lines
 * stay together under its own heading.
 */
export class LogBuffer implements Log {
  private readonly entries: Entry[] = []

  info(message: string): void {
    this.entries.push({ level: 'info', message })
  }

  warning(message: string, title: string): void {
    this.entries.push({ level: 'warning', message, title })
  }

  /** Writes what it holds to `log`, in order, and forgets it. */
  replay(log: Log): void {
    for (const entry of this.entries.splice(0)) {
      if (entry.level === 'info') log.info(entry.message)
      else log.warning(entry.message, entry.title)
    }
  }
}
