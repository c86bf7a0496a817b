import { it } from '@jest/globals'

/**
 * `it` where the tests run as root; elsewhere the test is skipped, and its name in the test
 * output says why: it needs root to `reason`.
 */
export function asRoot(reason: string) {
  return (name: string, test: () => Promise<void> | void, timeoutMs?: number): void => {
    if (process.getuid?.() === 0) it(name, test, timeoutMs)
    else it.skip(`${name} (skipped: needs root to ${reason})`, test)
  }
}
