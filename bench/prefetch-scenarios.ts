/**
 * The prefetch benchmark's world: three mirrors that share their bandwidth between the downloads
 * they serve at once, the workload of bench/scenarios.ts, a dependency tree for unpinned
 * installs, and the scenarios: pinned with hashes, a uv.lock, unpinned, and an AI stack (the
 * same pins plus one wheel of torch's size, where PyPI is slow).
 */
import type { Faults } from '../test-support/mirror-server.js'
import { buildWheel, type Wheel } from '../test-support/wheel.js'
import { type PackageSpec, workload } from './scenarios.js'

export type MirrorRole = 'best' | 'second' | 'third'
export type ToolName = 'pip' | 'uv'
export type ScenarioKind = 'pinned' | 'lock' | 'unpinned'

export const MIRROR_ROLES: MirrorRole[] = ['best', 'second', 'third']

/**
 * Each mirror's link, as the issue measured them from one runner: a rate shared by all the
 * downloads it serves at once (so parallel requests to one mirror gain nothing), and a round trip.
 * All list core metadata (PEP 658) and honour ranges, as PyPI and CDN-fronted mirrors do.
 */
export const MIRROR_PROFILES: Record<MirrorRole, Partial<Faults>> = {
  best: { latencyMs: 15, bandwidthBytesPerSec: 8_000_000 },
  second: { latencyMs: 40, bandwidthBytesPerSec: 5_000_000 },
  third: { latencyMs: 80, bandwidthBytesPerSec: 1_500_000 }
}
export const COMMON_FAULTS: Partial<Faults> = {
  sharedBandwidth: true,
  ranges: true,
  coreMetadata: true
}

/**
 * A region where PyPI is slow, as the AI-stack case has it: two mirrors at 8 and 5 MB/s,
 * and the default index at 150 KB/s, far away, cutting three bodies in ten halfway.
 */
export const SLOW_PYPI_PROFILES: Record<MirrorRole, Partial<Faults>> = {
  best: { latencyMs: 15, bandwidthBytesPerSec: 8_000_000 },
  second: { latencyMs: 40, bandwidthBytesPerSec: 5_000_000 },
  third: { latencyMs: 150, bandwidthBytesPerSec: 150_000, resetShare: 0.3 }
}

/** What each role stands for in a world, for the report. */
export const ROLE_NAMES: Record<MirrorRole, string> = {
  best: 'best mirror',
  second: 'second mirror',
  third: 'third mirror'
}

/** The sum of the mirrors' rates: no strategy downloads faster than this. */
export function totalBytesPerSec(profiles: Record<MirrorRole, Partial<Faults>>): number {
  return MIRROR_ROLES.reduce((sum, role) => sum + Number(profiles[role].bandwidthBytesPerSec), 0)
}

export interface PrefetchScenario {
  name: string
  kind: ScenarioKind
  /** The tools measured; the others get a row saying why not. */
  tools: ToolName[]
  /** Why a tool is not measured, for its row. */
  notApplicable?: Partial<Record<ToolName, string>>
  /** The 2.0 wheels require each other (the dependency tree) instead of nothing. */
  tree: boolean
  /** The mirrors' links; MIRROR_PROFILES unless set. */
  profiles?: Record<MirrorRole, Partial<Faults>>
  /** What the third mirror stands for, when not a third mirror. */
  thirdIs?: string
  /** One more pinned wheel of this size (at full scale), the size of torch's with CUDA. */
  bigWheelBytes?: number
  /** A trial that runs longer, at full scale, is stopped and counted as a failure. */
  capSeconds?: number
}

/** The name of the AI stack's large wheel. */
export const BIG_WHEEL_NAME = 'aistack-torch'

export const PREFETCH_SCENARIOS: PrefetchScenario[] = [
  { name: 'pinned with hashes, cold', kind: 'pinned', tools: ['pip', 'uv'], tree: false },
  {
    name: 'lock file, cold',
    kind: 'lock',
    tools: ['uv'],
    notApplicable: { pip: 'n/a: pip 26 installs no lock file' },
    tree: false
  },
  { name: 'unpinned, cold', kind: 'unpinned', tools: ['pip', 'uv'], tree: true },
  {
    name: 'AI stack: pinned with hashes plus a 1.1 GB wheel, PyPI slow',
    kind: 'pinned',
    tools: ['pip', 'uv'],
    tree: false,
    profiles: SLOW_PYPI_PROFILES,
    thirdIs: 'the default index',
    bigWheelBytes: 1.1e9,
    capSeconds: 600
  }
]

/**
 * The workload's packages by depth in the dependency tree: 5 top-level projects, then 10, 13 and
 * 12 below them, so the tree is 4 levels deep. The three wheels of tens of MB sit at depths 3,
 * 2 and 1 (pkg-00, pkg-01, pkg-02): the largest is found last by a resolver that walks the tree.
 */
export const TREE_LEVELS: number[][] = (() => {
  const top = [3, 9, 14, 22, 31]
  const second = [2, 4, 8, 10, 16, 19, 24, 27, 33, 37]
  const third = [1, 5, 6, 11, 13, 17, 20, 25, 28, 30, 34, 36, 38]
  const placed = new Set([...top, ...second, ...third])
  const fourth = Array.from({ length: 40 }, (_, index) => index).filter(index => !placed.has(index))
  return [top, second, third, fourth]
})()

/**
 * Each package's dependencies (by index): every package below the top has a parent one level up,
 * every other one a second parent, and three top-level projects also reach two levels down
 * (to small wheels: the large ones stay deep).
 */
export function dependencyTree(): Map<number, number[]> {
  const children = new Map<number, number[]>()
  const add = (parent: number, child: number): void => {
    const list = children.get(parent) ?? []
    if (!list.includes(child)) children.set(parent, [...list, child])
  }
  for (let depth = 1; depth < TREE_LEVELS.length; depth++) {
    const parents = TREE_LEVELS[depth - 1]
    TREE_LEVELS[depth].forEach((child, at) => {
      add(parents[at % parents.length], child)
      if (at % 2 === 1) add(parents[(at + 1) % parents.length], child)
    })
  }
  TREE_LEVELS[0].forEach((parent, at) => {
    if (at % 2 === 0) add(parent, TREE_LEVELS[2][(at * 3 + 2) % TREE_LEVELS[2].length])
  })
  return children
}

export interface World {
  specs: PackageSpec[]
  /** The project the action probes, with a wheel of pip's size; no requirement names it. */
  probeWheel: Wheel
  /** The 2.0 wheels, the ones every install needs, by workload index. */
  needed: Wheel[]
  /** What every mirror serves. */
  packages: Wheel[]
  /** The top-level projects of the unpinned requirements (empty when the wheels need nothing). */
  topLevel: string[]
}

/**
 * The mirrors' packages: each project at 1.0 (small) and 2.0 (the workload's size), and the large
 * wheel at 2.0 when the scenario has one.
 */
export function buildWorld(scale: number, tree: boolean, bigWheelBytes?: number): World {
  const specs = [
    ...workload(scale),
    ...(bigWheelBytes
      ? [{ name: BIG_WHEEL_NAME, sizeBytes: Math.round(bigWheelBytes * scale) }]
      : [])
  ]
  const dependencies = tree ? dependencyTree() : new Map<number, number[]>()
  const probeWheel = buildWheel({
    name: 'pip',
    version: '25.0',
    sizeBytes: Math.round(2e6 * scale)
  })
  const needed = specs.map((spec, index) =>
    buildWheel({
      name: spec.name,
      version: '2.0',
      sizeBytes: spec.sizeBytes,
      requires: (dependencies.get(index) ?? []).map(child => `${specs[child].name}>=1.0`)
    })
  )
  const packages = [
    probeWheel,
    ...specs.flatMap((spec, index) => [
      buildWheel({ name: spec.name, version: '1.0' }),
      needed[index]
    ])
  ]
  const topLevel = tree ? TREE_LEVELS[0].map(index => specs[index].name) : []
  return { specs, probeWheel, needed, packages, topLevel }
}
