import type { FileOutcome, FileRequest } from '../files/file-types.js'
import { projectFromFilename } from '../mirrors/distribution-file.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { IndexFile } from '../net/index-page.js'
import { chooseRelease, type Interpreter } from '../prefetch/choose.js'
import { evaluateMarker, type MarkerEnvironment } from '../prefetch/markers.js'
import type { PrefetchPlan, Want } from '../prefetch/plan.js'
import { parseRequirement, type Requirement } from '../prefetch/requirement.js'
import type { ProjectAnswer } from './pages.js'
import { parseCoreMetadata } from './pypi-json.js'

/** What fetching ahead did, for the job summary. */
export interface PrefetchStats {
  /** The workspace files the plan was read from. */
  read: string[]
  /** Files chosen ahead, by the workspace file that declared their project. */
  knownAhead: Record<string, number>
  /** Files chosen from the Requires-Dist of metadata served: dependencies not pinned anywhere. */
  followed: number
  /** Downloads made ahead of the client, and their bytes. */
  fetched: number
  fetchedBytes: number
  /** Chosen files the store held already. */
  stored: number
  /** Files fetched ahead that a client then asked for: whole, or while still downloading. */
  hitsWhole: number
  hitsInFlight: number
  /** Bytes fetched ahead that no client has asked for so far. */
  wastedBytes: number
  /** Releases whose file on the index has another sha256 than the job's lock or hashes allow. */
  hashMismatches: string[]
  /** Releases with no file for this interpreter (wheels of other platforms only). */
  noFit: number
  /** Files left out to stay within the byte budget. */
  overBudget: number
  /** Downloads ahead that failed (the client's own request fails over as usual). */
  failed: number
}

export interface PrefetcherDeps {
  /** The project's page from the ranked mirrors, its files remembered as listed. */
  page: (project: string) => Promise<ProjectAnswer>
  /** A listed file's core metadata, checked, where a mirror has it. */
  metadata: (file: IndexFile) => Promise<Buffer | undefined>
  /** A stored wheel's own METADATA. */
  wheelMetadata: (file: IndexFile) => Promise<Buffer | undefined>
  /** What a download of a listed file needs, `mirror`'s listing first where it has one. */
  request: (sha256: string, mirror: Mirror) => Promise<FileRequest | undefined>
  /** A mirror's download speed as known so far. */
  speed: (mirror: Mirror) => number | undefined
  /** Whether the probe found the mirror far from the nearest (see isDistant). */
  distant: (mirror: Mirror) => boolean
  /** Downloads a file into the store as background work (FileService.prefetch). */
  fetch: (file: FileRequest) => Promise<FileOutcome>
  /** The size of a stored file. */
  storedSize: (sha256: string) => Promise<number | undefined>
  /** Bytes that may be fetched ahead: for declared projects, and for guessed dependencies. */
  budget: { declared: number; followed: number }
}

/** A project declared or followed: the extras asked of it, and its requirements once read. */
interface ProjectState {
  extras: Set<string>
  requires?: Requirement[]
}

/** A file chosen to be fetched ahead. */
interface Entry {
  sha256: string
  filename: string
  /** Listed or, once stored, measured; 0 until known. */
  size: number
  declared: boolean
  state: 'queued' | 'fetching' | 'fetched' | 'stored' | 'failed'
  askedByClient: boolean
  /** Run once it is in the store. */
  whenStored?: () => void
}

/** Page and metadata lookups at once: each is small, and clients' own requests go first. */
const RESOLVING_AT_ONCE = 16
/** Downloads ahead at once per mirror in use. */
const DOWNLOADS_PER_MIRROR = 2
/**
 * Downloads wait this long at most for every declared file to be chosen, so that the largest go
 * first: a large file chosen last would otherwise wait for a lane behind smaller ones.
 */
const DECLARED_ORDER_WAIT_MS = 1_000
/**
 * Downloads wait this long at most for the probe's ranking: without it, they would go to every
 * candidate, black holes included, and share the link with the probe's samples.
 */
const RANKING_WAIT_MS = 10_000
/** A mirror this many times slower than the fastest takes the smallest files. */
const SLOW_MIRROR_RATIO = 3
/** A mirror this many times as far as the nearest, and this many ms farther, counts as distant. */
const DISTANT_RATIO = 3
const DISTANT_EXTRA_MS = 50

/**
 * Whether a mirror whose round trip the probe measured at `latencyMs` is far from the nearest
 * one (`nearestMs`): until its speed is measured, such a mirror is taken for a slow one. A
 * mirror a continent away is rarely the fast one, and a file it takes ahead can hold a client
 * that asks for it.
 */
export function isDistant(latencyMs: number | undefined, nearestMs: number | undefined): boolean {
  if (latencyMs === undefined || nearestMs === undefined) return false
  return latencyMs >= nearestMs * DISTANT_RATIO && latencyMs >= nearestMs + DISTANT_EXTRA_MS
}

/** Distinct projects followed at most: a bound on what a hostile metadata file can start. */
const MAX_PROJECTS = 5_000
const MAX_NAMED_MISMATCHES = 20
const MAX_ASKED_FIRST = 200_000

/**
 * Fetches what the job is about to ask for before it asks: the files the workspace declares
 * (from the main step's plan), and the dependencies each metadata file served names, resolved
 * the way pip would resolve them on this interpreter. Downloads go into the store through the
 * same one-download-per-sha256 as clients' requests (a client asking meanwhile joins it), as
 * background work that yields to clients, largest first, each mirror taking its next file when
 * it is done with one (see pump). Budgets bound the bytes; a failure is only counted: the
 * client's own request fails over as usual.
 */
export class Prefetcher {
  private plan: PrefetchPlan | undefined
  private interpreter: Interpreter | undefined
  private readonly entries = new Map<string, Entry>()
  /** Projects declared or followed, with the extras asked of each and its requirements. */
  private readonly projects = new Map<string, ProjectState>()
  private readonly queue: Entry[] = []
  /** Files a client asked for before they were chosen here: its own download has them. */
  private readonly askedFirst = new Set<string>()
  private resolving = 0
  private readonly waitingToResolve: (() => void)[] = []
  /** Downloads in flight that each mirror was chosen first for. */
  private readonly lanes = new Map<Mirror, number>()
  /** Declared projects whose file is not chosen yet; downloads wait for them (see start). */
  private declaredUnresolved = 0
  private orderWait: NodeJS.Timeout | undefined
  private rankingWait: NodeJS.Timeout | undefined
  private spent = { declared: 0, followed: 0 }
  private readonly counts: Omit<PrefetchStats, 'read' | 'wastedBytes'> = {
    knownAhead: {},
    followed: 0,
    fetched: 0,
    fetchedBytes: 0,
    stored: 0,
    hitsWhole: 0,
    hitsInFlight: 0,
    hashMismatches: [],
    noFit: 0,
    overBudget: 0,
    failed: 0
  }

  /**
   * `ranked`: whether the mirrors are in the probe's order already; if not, pages are read and
   * files chosen at once, and downloads start with `mirrorsRanked`.
   */
  constructor(
    private readonly deps: PrefetcherDeps,
    private readonly mirrors: () => Mirror[],
    private ranked = true
  ) {}

  /** Starts on the job's plan; a second plan (a restarted worker's) is ignored. */
  start(plan: PrefetchPlan): void {
    if (this.plan) return
    this.plan = plan
    this.interpreter = {
      tags: plan.tags,
      pythonVersion: plan.environment.python_full_version ?? ''
    }
    for (const want of plan.wants) this.projectState(want.project, want.extras)
    this.declaredUnresolved = plan.wants.length
    if (this.declaredUnresolved > 0) {
      this.orderWait = setTimeout(() => this.releaseQueue(), DECLARED_ORDER_WAIT_MS)
      this.orderWait.unref()
    }
    if (!this.ranked) {
      this.rankingWait = setTimeout(() => this.mirrorsRanked(), RANKING_WAIT_MS)
      this.rankingWait.unref()
    }
    for (const want of plan.wants) void this.resolve(want, true)
  }

  /** The probe's ranking came (or was waited for long enough): downloads may start. */
  mirrorsRanked(): void {
    clearTimeout(this.rankingWait)
    this.rankingWait = undefined
    this.ranked = true
    this.pump()
  }

  /** Downloads may start: every declared file is chosen, or the wait is over. */
  private releaseQueue(): void {
    clearTimeout(this.orderWait)
    this.orderWait = undefined
    this.declaredUnresolved = 0
    this.pump()
  }

  /**
   * A client read the metadata of `file`: it is about to download the file itself (unless it
   * has it already: `served`), unless its resolution backtracks, and the dependencies the
   * metadata names, which are resolved here as pip resolves them. All are fetched ahead, within
   * the budget for guesses.
   */
  follow(file: IndexFile, metadata: Buffer, served = false): void {
    const project = projectFromFilename(file.filename)
    if (!this.plan || !project) return
    if (!served && file.sha256 && !this.entries.has(file.sha256)) {
      this.counts.followed++
      this.enqueue(file, false)
    }
    this.followRequirements(project, metadata)
  }

  /** Whether the dependencies of the wheel `filename` are still to be followed. */
  follows(filename: string): boolean {
    const project = projectFromFilename(filename)
    return (
      this.plan !== undefined &&
      filename.endsWith('.whl') &&
      project !== undefined &&
      this.projects.get(project)?.requires === undefined
    )
  }

  /** A client asks for a file: a hit when it was fetched ahead. */
  clientAsked(sha256: string): void {
    if (this.askedFirst.size < MAX_ASKED_FIRST && !this.entries.has(sha256))
      this.askedFirst.add(sha256)
    const entry = this.entries.get(sha256)
    if (!entry || entry.askedByClient) return
    entry.askedByClient = true
    if (entry.state === 'fetched') this.counts.hitsWhole++
    if (entry.state === 'fetching') this.counts.hitsInFlight++
  }

  stats(): PrefetchStats {
    let wastedBytes = 0
    for (const entry of this.entries.values())
      if (entry.state === 'fetched' && !entry.askedByClient) wastedBytes += entry.size
    return { read: this.plan?.read ?? [], ...this.counts, wastedBytes }
  }

  private projectState(project: string, extras: string[]): ProjectState {
    let state = this.projects.get(project)
    if (!state) this.projects.set(project, (state = { extras: new Set() }))
    for (const extra of extras) state.extras.add(extra)
    return state
  }

  /** Finds the file `want` comes to, queues it, and follows its metadata. */
  private async resolve(want: Want, declared: boolean): Promise<void> {
    const interpreter = this.interpreter
    if (!interpreter) return
    let chosen = false
    const settle = (): void => {
      if (!declared || chosen) return
      chosen = true
      if (this.declaredUnresolved > 0 && --this.declaredUnresolved === 0) this.releaseQueue()
    }
    await this.resolveTurn()
    try {
      const answer = await this.deps.page(want.project)
      if (!answer.ok) return
      const choice = chooseRelease(answer.page.files, want, interpreter)
      if (choice.kind === 'hash-mismatch') {
        if (this.counts.hashMismatches.length < MAX_NAMED_MISMATCHES)
          this.counts.hashMismatches.push(choice.filename)
        return
      }
      if (choice.kind === 'no-fit') this.counts.noFit++
      if (choice.kind !== 'file') return
      if (declared) this.counts.knownAhead[want.from] = (this.counts.knownAhead[want.from] ?? 0) + 1
      else this.counts.followed++
      const entry = this.enqueue(choice.file, declared)
      settle()
      const { file } = choice
      if (!file.coreMetadata) {
        // Without a metadata file, the wheel says what it needs once it is here.
        if (entry && file.filename.endsWith('.whl'))
          entry.whenStored = () =>
            void this.deps
              .wheelMetadata(file)
              .then(metadata => metadata && this.followRequirements(want.project, metadata))
              .catch(() => undefined)
        return
      }
      // Its metadata goes behind the pages still waiting: every file chosen comes first.
      this.resolveDone()
      await this.resolveTurn()
      const metadata = await this.deps.metadata(file)
      if (metadata) this.followRequirements(want.project, metadata)
    } catch {
      // A guess that went wrong costs nothing but itself.
    } finally {
      settle()
      this.resolveDone()
    }
  }

  /** Resolves the requirements of a project's metadata that apply here, once per project. */
  private followRequirements(project: string, metadata: Buffer): void {
    const state = this.projectState(project, [])
    state.requires ??= parseCoreMetadata(metadata.toString('utf8'))
      .requiresDist.map(parseRequirement)
      .filter((requirement): requirement is Requirement => requirement !== undefined)
    this.followProject(state)
  }

  /**
   * Resolves each requirement of a project that applies with the extras asked of it. A project
   * met again with new extras is followed again: only what those extras add is new to it.
   */
  private followProject(state: ProjectState): void {
    const environment = this.plan?.environment
    if (!environment) return
    for (const requirement of state.requires ?? []) {
      if (requirement.marker !== undefined && !applies(requirement.marker, environment, state))
        continue
      const known = this.projects.get(requirement.project)
      if (!known && this.projects.size >= MAX_PROJECTS) continue
      if (known && requirement.extras.every(extra => known.extras.has(extra))) continue
      const dependency = this.projectState(requirement.project, requirement.extras)
      if (known) {
        this.followProject(dependency)
        continue
      }
      void this.resolve(
        {
          project: requirement.project,
          specifier: requirement.specifier,
          extras: requirement.extras,
          hashes: [],
          from: 'Requires-Dist'
        },
        false
      )
    }
  }

  /** Queues `file`, within the budget; the entry, unless it was known already or left out. */
  private enqueue(file: IndexFile, declared: boolean): Entry | undefined {
    if (!file.sha256 || this.entries.has(file.sha256) || this.askedFirst.has(file.sha256))
      return undefined
    const size = file.size ?? 0
    const kind = declared ? 'declared' : 'followed'
    if (this.spent[kind] + size > this.deps.budget[kind]) {
      this.counts.overBudget++
      return undefined
    }
    this.spent[kind] += size
    const entry: Entry = {
      sha256: file.sha256,
      filename: file.filename,
      size,
      declared,
      state: 'queued',
      askedByClient: false
    }
    this.entries.set(file.sha256, entry)
    this.queue.push(entry)
    this.pump()
    return entry
  }

  /**
   * Starts queued downloads while a mirror has a free lane (once the mirrors are ranked and the
   * declared files chosen): declared files first, the largest first, the best-ranked mirror
   * choosing first. Each mirror takes its next file when it is done with one, so the faster ones
   * take more: the files spread by the mirrors' real speeds, known or not. A large file is
   * fetched as ranges from several mirrors all the same.
   */
  private pump(): void {
    if (this.declaredUnresolved > 0 || !this.ranked) return
    const mirrors = this.mirrors()
    const fastest = Math.max(0, ...mirrors.map(mirror => this.deps.speed(mirror) ?? 0))
    for (const mirror of mirrors) {
      // A mirror far slower than the best takes the smallest files: a large one would be the
      // last to finish, and the install would wait for it. Until its speed is known, a distant
      // one is taken for slow.
      const speed = this.deps.speed(mirror)
      const slow =
        speed === undefined ? this.deps.distant(mirror) : speed < fastest / SLOW_MIRROR_RATIO
      while ((this.lanes.get(mirror) ?? 0) < DOWNLOADS_PER_MIRROR) {
        const entry = this.next(slow)
        if (!entry) return
        this.lanes.set(mirror, (this.lanes.get(mirror) ?? 0) + 1)
        void this.download(entry, mirror).finally(() => {
          this.lanes.set(mirror, (this.lanes.get(mirror) ?? 1) - 1)
          this.pump()
        })
      }
    }
  }

  /**
   * The next file to fetch, declared ones first, the largest (or the smallest) of those; none
   * a client asked for first: its own download has it.
   */
  private next(smallest: boolean): Entry | undefined {
    this.queue.sort((a, b) => Number(b.declared) - Number(a.declared) || b.size - a.size)
    const take = (): Entry | undefined => {
      if (!smallest) return this.queue.shift()
      const kind = this.queue[0]?.declared
      const last = this.queue.findLastIndex(entry => entry.declared === kind)
      return last < 0 ? undefined : this.queue.splice(last, 1)[0]
    }
    let entry = take()
    while (entry?.askedByClient) entry = take()
    return entry
  }

  /** Downloads `entry` from `mirror` first, where it lists the file. */
  private async download(entry: Entry, mirror: Mirror): Promise<void> {
    entry.state = 'fetching'
    try {
      const request = await this.deps.request(entry.sha256, mirror)
      if (!request) return void (entry.state = 'failed')
      const outcome = await this.deps.fetch(request)
      if (outcome === 'store') {
        entry.state = 'stored'
        this.counts.stored++
        return entry.whenStored?.()
      }
      if (outcome !== 'downloaded') {
        entry.state = 'failed'
        this.counts.failed++
        return
      }
      entry.size ||= (await this.deps.storedSize(entry.sha256)) ?? 0
      entry.state = 'fetched'
      this.counts.fetched++
      this.counts.fetchedBytes += entry.size
      entry.whenStored?.()
    } catch {
      entry.state = 'failed'
      this.counts.failed++
    }
  }

  private async resolveTurn(): Promise<void> {
    if (this.resolving < RESOLVING_AT_ONCE) {
      this.resolving++
      return
    }
    await new Promise<void>(resolve => this.waitingToResolve.push(resolve))
  }

  private resolveDone(): void {
    const next = this.waitingToResolve.shift()
    if (next) next()
    else this.resolving--
  }
}

/** A marker that cannot be read is not followed: a guess, not a need. */
function applies(marker: string, environment: MarkerEnvironment, state: ProjectState): boolean {
  try {
    return evaluateMarker(marker, environment, [...state.extras])
  } catch {
    return false
  }
}
