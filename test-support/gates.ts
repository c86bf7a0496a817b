import { existsSync } from 'node:fs'
import { beforeAll, afterAll, describe, it } from '@jest/globals'

/**
 * Tests that need what only some machines have (root, a Linux package, `/proc`). Where it is
 * missing they are skipped, and the test output names each one and what it needs, so that a run
 * on macOS or Windows says what it did not check instead of passing quietly.
 */
export interface Gate {
  it: (name: string, test: () => Promise<void> | void, timeoutMs?: number) => void
  describe: (name: string, tests: () => void) => void
  /** Hooks for the gated tests only: elsewhere they would start what is missing. */
  beforeAll: (hook: () => Promise<void> | void, timeoutMs?: number) => void
  afterAll: (hook: () => Promise<void> | void, timeoutMs?: number) => void
}

export function gate(open: boolean, needs: string): Gate {
  const skipped = (name: string): string => `${name} (skipped: needs ${needs})`
  return {
    it: (name, test, timeoutMs) =>
      open ? it(name, test, timeoutMs) : it.skip(skipped(name), test),
    describe: (name, tests) => (open ? describe(name, tests) : describe.skip(skipped(name), tests)),
    beforeAll: (hook, timeoutMs) => (open ? beforeAll(hook, timeoutMs) : undefined),
    afterAll: (hook, timeoutMs) => (open ? afterAll(hook, timeoutMs) : undefined)
  }
}

const LINUX = process.platform === 'linux'

/** Debian's squid, started unprivileged on loopback: a Linux runner's package. */
export const withSquid = gate(LINUX, 'squid, from the Linux packages the CI installs')

/** A real dockerd with its bridge and iptables: Linux only here. */
export const withDockerd = gate(LINUX, 'dockerd with a bridge, from the Linux packages')

/** `/proc`: process facts that only Linux gives this way. */
export const withProc = gate(LINUX, "Linux's /proc")

/** A `ps` at /bin/ps, where macOS has it: procps prints the fields its branch reads alike. */
export const withPs = gate(existsSync('/bin/ps'), 'a ps at /bin/ps')
