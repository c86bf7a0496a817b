/** Where the engine reports: the step log in the action, stderr on the command line. */
export interface Log {
  info(message: string): void
  warning(message: string, title: string): void
}
