// Which public mirrors a page is asked of, and what a merge of their pages found: a page is as
// fresh as the freshest healthy mirror's, and a mirror found behind the others moves down.
import type { Mirror } from '../mirrors/mirror.js'
import { versionFromFilename } from '../mirrors/distribution-file.js'
import type { IndexPage } from '../net/index-page.js'
import type { MirrorCounts } from './mirror-requests.js'
import { type HashConflict, type MergedPage, mergePages, type MirrorPage } from './page-merge.js'

/**
 * Public mirrors each page is asked of and merged from, the best-ranked first: a release the
 * fastest has not synced yet comes from the next. A page then waits for the slower of the two;
 * for the third too, it would wait for a mirror usually much further away (docs/benchmarks.md:
 * 10 ms more per page with two, 77 ms with three). Evidence of more brings in every mirror.
 */
export const PAGE_MIRRORS = 2
/** Projects whose pages are asked of every mirror, at most (the oldest are forgotten first). */
const MAX_WIDE_PROJECTS = 10_000
/** Disagreements about a file's sha256 named in the figures, at most. */
const MAX_NAMED_CONFLICTS = 50

/**
 * What says that a page may lack what another mirror lists: the versions the job pins, a file
 * a client asks for, or a client (or a failed install's retry) asking for a fresh page. A page
 * that falls short is asked of every mirror.
 */
export interface Evidence {
  versions?: string[]
  filename?: string
  /** `Cache-Control: no-cache`: every mirror, nothing kept. */
  fresh?: boolean
}

/** What freshness did, for the job summary. */
export interface FreshnessStats {
  /** Pages merged from more than one mirror's. */
  merged: number
  /** Projects whose pages were asked of every mirror, on evidence that pages lacked something. */
  widened: number
  /** Files two mirrors list with different sha256s (the first few named). */
  conflicts: HashConflict[]
}

export class Freshness {
  /** Projects whose pages every healthy mirror is asked for: a page fell short of the evidence. */
  private readonly wide = new Set<string>()
  /** Mirrors the probe found failing or too slow: asked when the others fail, never waited for. */
  private unhealthy = new Set<Mirror>()

  constructor(
    private readonly stats: FreshnessStats,
    private readonly counts: (mirror: Mirror) => MirrorCounts,
    /** Public mirrors each page is asked of. */
    private readonly pageMirrors = PAGE_MIRRORS
  ) {}

  /** The probe's verdict on the mirrors it found failing. */
  setUnhealthy(mirrors: Mirror[]): void {
    this.unhealthy = new Set(mirrors)
  }

  /**
   * The public mirrors in the order to ask them for `project`'s page, and how many at once: the
   * healthy ones first, those found behind others' pages moved down among them (they lag for
   * this job's projects, as a slow one is slow); two of them, or all for a project on evidence.
   */
  plan(project: string, publicMirrors: Mirror[]): { order: Mirror[]; gather: number } {
    const rank = (mirror: Mirror): number =>
      this.unhealthy.has(mirror) ? Number.MAX_SAFE_INTEGER : this.counts(mirror).behind
    const order = [...publicMirrors].sort((a, b) => rank(a) - rank(b))
    const healthy = order.filter(mirror => !this.unhealthy.has(mirror)).length
    const wanted = this.wide.has(project) ? healthy : this.pageMirrors
    return { order, gather: Math.max(1, Math.min(wanted, healthy)) }
  }

  /** Whether a public page of `project` falls short of `evidence`, so that every mirror is asked. */
  fallsShort(project: string, page: IndexPage, evidence: Evidence): boolean {
    return !this.wide.has(project) && lacks(page, evidence)
  }

  /** From now on every healthy public mirror is asked for the project's page. */
  widen(project: string): void {
    if (this.wide.has(project)) return
    this.stats.widened++
    this.wide.add(project)
    for (const oldest of this.wide) {
      if (this.wide.size <= MAX_WIDE_PROJECTS) break
      this.wide.delete(oldest)
    }
  }

  /** The pages in hand merged into one, what the merge found counted. */
  merge(pages: MirrorPage[]): MergedPage {
    const merged = mergePages(pages)
    if (pages.length > 1) {
      this.stats.merged++
      for (const mirror of merged.behind) this.counts(mirror).behind++
    }
    for (const conflict of merged.conflicts) this.noteConflict(conflict)
    return merged
  }

  private noteConflict(conflict: HashConflict): void {
    const known = this.stats.conflicts.find(c => c.filename === conflict.filename)
    if (known) known.mirrors = [...new Set([...known.mirrors, ...conflict.mirrors])]
    else if (this.stats.conflicts.length < MAX_NAMED_CONFLICTS) this.stats.conflicts.push(conflict)
  }
}

/** Whether the page lacks what `evidence` says the job needs: a pinned version, or a file. */
function lacks({ files, versions }: IndexPage, evidence: Evidence): boolean {
  if (evidence.filename !== undefined && !files.some(f => f.filename === evidence.filename))
    return true
  const listed = new Set([
    ...(versions ?? []),
    ...files.map(file => versionFromFilename(file.filename)).filter(v => v !== undefined)
  ])
  return (evidence.versions ?? []).some(version => !listed.has(version))
}
