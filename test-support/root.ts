import { type Gate, gate } from './gates.js'

/**
 * `it` where the tests run as root; elsewhere the test is skipped, and its name in the test
 * output says why: it needs root to `reason`.
 */
export function asRoot(reason: string): Gate['it'] {
  return gate(process.getuid?.() === 0, `root to ${reason}`).it
}
