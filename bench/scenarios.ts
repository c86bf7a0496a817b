/**
 * The benchmark's world: mirrors with region-like profiles, a workload shaped like a real
 * project's dependencies, and scenarios that break the default index or a mirror in the ways
 * CI meets them.
 */
import type { Faults } from '../test-support/mirror-server.js'

export type Role = 'default' | 'near' | 'far' | 'edge'

/** Round trip and bandwidth of each mirror when nothing is wrong with it. */
export const PROFILES: Record<Role, Partial<Faults>> = {
  // The default index, far from the runner.
  default: { latencyMs: 120, bandwidthBytesPerSec: 6_000_000 },
  // A mirror in the runner's region.
  near: { latencyMs: 15, bandwidthBytesPerSec: 25_000_000 },
  // A mirror in another region.
  far: { latencyMs: 80, bandwidthBytesPerSec: 10_000_000 },
  // A CDN edge: the fastest of all, when it works.
  edge: { latencyMs: 5, bandwidthBytesPerSec: 40_000_000 }
}

export interface Scenario {
  name: string
  description: string
  /** Faults added to each role's profile. */
  faults: Partial<Record<Role, Partial<Faults>>>
  /** The mirror a hand-written `pip install || pip install -i <mirror>` falls back to. */
  fixedMirror: Role
  /** Where pip should point in this scenario: the best healthy mirror. */
  oracle: Role
}

/** Packages whose newest version the stale mirror lacks. */
export const STALE_PACKAGES = ['pkg-03', 'pkg-17', 'pkg-29']

export const SCENARIOS: Scenario[] = [
  {
    name: 'good default index',
    description: 'every index healthy',
    faults: {},
    fixedMirror: 'near',
    oracle: 'edge'
  },
  {
    name: 'flaky default index',
    description: 'the default index answers 40% of requests with 503',
    faults: { default: { failRate: 0.4 } },
    fixedMirror: 'near',
    oracle: 'edge'
  },
  {
    name: 'default index down',
    description: 'the default index resets every connection',
    faults: { default: { reset: 'all' } },
    fixedMirror: 'near',
    oracle: 'edge'
  },
  {
    name: 'one mirror stale',
    description: 'default index down; the fixed fallback mirror lacks the newest versions',
    faults: {
      default: { reset: 'all' },
      near: { hiddenVersions: Object.fromEntries(STALE_PACKAGES.map(name => [name, ['2.0']])) }
    },
    fixedMirror: 'near',
    oracle: 'edge'
  },
  {
    name: 'fast mirror with broken files',
    description: 'the fastest mirror serves files that do not match their hashes',
    faults: { edge: { corruptFiles: true } },
    fixedMirror: 'edge',
    oracle: 'near'
  }
]

export interface PackageSpec {
  name: string
  /** Bytes of the wheel of version 2.0, the one the requirements pin. */
  sizeBytes: number
}

const KB = 1000
const MB = 1_000_000

/**
 * 40 packages with the spread of a typical web-and-data project: most wheels are tens to
 * hundreds of KB, a handful a few MB, and three tens of MB (think numpy, pandas, scipy).
 */
export function workload(scale: number): PackageSpec[] {
  const sizes = [
    30 * MB,
    20 * MB,
    12 * MB,
    5 * MB,
    3 * MB,
    2 * MB,
    2 * MB,
    1.5 * MB,
    1 * MB,
    ...Array.from({ length: 31 }, (_, index) => (20 + ((index * 37) % 280)) * KB)
  ]
  return sizes.map((size, index) => ({
    name: `pkg-${String(index).padStart(2, '0')}`,
    sizeBytes: Math.max(4 * KB, Math.round(size * scale))
  }))
}
