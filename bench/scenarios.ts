/**
 * The benchmark's world: mirrors with region-like profiles, a workload shaped like a real
 * project's dependencies, and scenarios that break the default index or a mirror in the ways
 * CI meets them.
 */
import type { Faults } from '../test-support/mirror-server.js'

export type Role = 'default' | 'near' | 'far' | 'edge'

/**
 * Round trip and bandwidth of each mirror when nothing is wrong with it. Every one honours
 * Range requests, as real mirrors behind CDNs do.
 */
export const PROFILES: Record<Role, Partial<Faults>> = {
  // The default index, far from the runner.
  default: { latencyMs: 120, bandwidthBytesPerSec: 6_000_000, ranges: true },
  // A mirror in the runner's region.
  near: { latencyMs: 15, bandwidthBytesPerSec: 25_000_000, ranges: true },
  // A mirror in another region.
  far: { latencyMs: 80, bandwidthBytesPerSec: 10_000_000, ranges: true },
  // A CDN edge: the fastest of all, when it works.
  edge: { latencyMs: 5, bandwidthBytesPerSec: 40_000_000, ranges: true }
}

export interface Scenario {
  name: string
  description: string
  /** Faults added to each role's profile. */
  faults: Partial<Record<Role, Partial<Faults>>>
  /** The mirror a hand-written `pip install || pip install -i <mirror>` falls back to. */
  fixedMirror: Role
  /** Where pip should point in this scenario: the best mirror that works throughout. */
  oracle: Role
  /**
   * The job's install steps, each the workload's packages (by index) it pins; by default one
   * step that pins them all.
   */
  steps?: number[][]
  /** A mirror that goes down after the first install step, before the later ones run. */
  closeBetweenSteps?: Role
  /** The target: the router's median at most this many times the reference oracle's. */
  maxOracleRatio?: number
  /**
   * The scenario whose oracle median the router's is compared with; by default this one. A
   * fault that no choice of mirror avoids is measured against the same job without it.
   */
  referenceOracle?: string
}

/** Packages whose newest version the stale mirror lacks. */
export const STALE_PACKAGES = ['pkg-03', 'pkg-17', 'pkg-29']

const KB = 1000
const MB = 1_000_000

const HEALTHY = 'good default index'

export const SCENARIOS: Scenario[] = [
  {
    name: HEALTHY,
    description: 'every index healthy',
    faults: {},
    fixedMirror: 'near',
    oracle: 'edge',
    maxOracleRatio: 1
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
    name: 'one mirror stale, and clearly the fastest',
    description:
      'default index down; the mirror that lacks the newest versions answers in a tenth of the time of the next',
    faults: {
      default: { reset: 'all' },
      edge: { latencyMs: 30 },
      near: {
        latencyMs: 3,
        bandwidthBytesPerSec: 60_000_000,
        hiddenVersions: Object.fromEntries(STALE_PACKAGES.map(name => [name, ['2.0']]))
      }
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
  },
  {
    name: 'best mirror dies mid-job',
    description:
      'two install steps of half the packages each; the fastest mirror goes down between them',
    faults: {},
    steps: halves(),
    closeBetweenSteps: 'edge',
    fixedMirror: 'near',
    oracle: 'near',
    maxOracleRatio: 1
  },
  {
    name: 'best mirror stalls on a large file',
    description:
      'the fastest mirror stops sending each file body after 15 MB and keeps the connection open',
    faults: { edge: { stallAfterBytes: 15 * MB } },
    fixedMirror: 'edge',
    oracle: 'near',
    maxOracleRatio: 1.3,
    referenceOracle: HEALTHY
  },
  {
    name: 'two healthy mirrors, large files',
    description:
      'only the wheels of 10 MB and more; the default index and the far mirror down, the fastest two healthy',
    faults: { default: { reset: 'all' }, far: { reset: 'all' } },
    steps: [largeWheels()],
    fixedMirror: 'near',
    oracle: 'edge',
    maxOracleRatio: 1
  }
]

export interface PackageSpec {
  name: string
  /** Bytes of the wheel of version 2.0, the one the requirements pin. */
  sizeBytes: number
}

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

/** Every other package in each half, so both halves have large wheels. */
function halves(): number[][] {
  const indexes = workload(1).map((_, index) => index)
  return [0, 1].map(half => indexes.filter(index => index % 2 === half))
}

function largeWheels(): number[] {
  return workload(1).flatMap((spec, index) => (spec.sizeBytes >= 10 * MB ? [index] : []))
}
