// One page from several mirrors' pages of a project: what the freshest of them lists, and every
// file any of them lists, so that a release one mirror has not synced yet is never missing.
import type { Mirror } from '../mirrors/mirror.js'
import type { IndexFile, IndexPage } from '../net/index-page.js'

/** One mirror's page of a project. */
export interface MirrorPage {
  mirror: Mirror
  page: IndexPage
}

/** One mirror's listing of a file: the same filename and sha256 on every source of a file. */
export interface FileListing {
  mirror: Mirror
  /** As that mirror's page lists it. */
  file: IndexFile
}

/** A file name two mirrors list with different sha256s: one of them rewrote history. */
export interface HashConflict {
  filename: string
  /** The mirrors that disagree, by name. */
  mirrors: string[]
  /** The mirror whose listing was kept: the one with the higher serial; none when no serial decides. */
  kept?: string
}

export interface MergedPage {
  page: IndexPage
  /** The mirror of the freshest page (highest serial, then rank). */
  freshest: Mirror
  /** Every mirror's listing of each file the page lists, freshest mirror first. */
  listings: FileListing[]
  /** The mirror whose listing of each file the page carries. */
  listedBy: Map<IndexFile, Mirror>
  conflicts: HashConflict[]
  /** Mirrors whose page lacks a file that another one lists. */
  behind: Mirror[]
}

/**
 * Merges mirrors' pages of one project (given best-ranked first): each file by its name, from
 * the freshest page that lists it (highest serial, then rank), so its yanked status and
 * metadata are the freshest's, and every mirror that lists it with the same sha256 is a source
 * of it. A name listed with different sha256s is never merged: the higher serial's listing is
 * kept, and where no serial tells them apart the file is left out, since neither can be vouched
 * for. PyPI's files never change, so such a disagreement is a fault, not freshness.
 */
export function mergePages(pages: MirrorPage[]): MergedPage {
  const bySerial = pages
    .map((entry, rank) => ({ ...entry, rank, serial: entry.page.serial ?? -1 }))
    .sort((a, b) => b.serial - a.serial || a.rank - b.rank)
  const chosen = new Map<string, { file: IndexFile; mirror: Mirror; serial: number }>()
  const conflicted = new Map<string, HashConflict>()
  for (const { mirror, page, serial } of bySerial) {
    for (const file of page.files) {
      const first = chosen.get(file.filename)
      if (!first) {
        chosen.set(file.filename, { file, mirror, serial })
        continue
      }
      if (!file.sha256 || !first.file.sha256 || file.sha256 === first.file.sha256) continue
      const conflict = conflicted.get(file.filename) ?? {
        filename: file.filename,
        mirrors: [first.mirror.name],
        ...(first.serial > serial ? { kept: first.mirror.name } : {})
      }
      if (!conflict.mirrors.includes(mirror.name)) conflict.mirrors.push(mirror.name)
      // A disagreement among the freshest pages leaves none of them to take.
      if (first.serial === serial) delete conflict.kept
      conflicted.set(file.filename, conflict)
    }
  }
  const conflicts = [...conflicted.values()]
  const dropped = new Set(conflicts.filter(c => c.kept === undefined).map(c => c.filename))
  const named = bySerial.map(({ mirror, page }) => ({
    mirror,
    files: new Map(page.files.map(file => [file.filename, file]))
  }))
  const files: IndexFile[] = []
  const listedBy = new Map<IndexFile, Mirror>()
  const listings: FileListing[] = []
  for (const [filename, { file, mirror }] of chosen) {
    if (dropped.has(filename)) continue
    files.push(file)
    listedBy.set(file, mirror)
    for (const entry of named) {
      const other = entry.files.get(filename)
      if (other && sameFile(other, file)) listings.push({ mirror: entry.mirror, file: other })
    }
  }
  const behind = named
    .filter(entry => files.some(file => !entry.files.has(file.filename)))
    .map(entry => entry.mirror)
  return {
    page: mergedPage(bySerial, files),
    freshest: bySerial[0].mirror,
    listings,
    listedBy,
    conflicts,
    behind
  }
}

/** The same file: the same sha256, or no sha256 to tell them apart on either side. */
function sameFile(a: IndexFile, b: IndexFile): boolean {
  return a.sha256 === b.sha256 || !a.sha256 || !b.sha256
}

function mergedPage(bySerial: (MirrorPage & { serial: number })[], files: IndexFile[]): IndexPage {
  const [freshest] = bySerial
  const serial = freshest?.page.serial
  const versions = bySerial.flatMap(({ page }) => page.versions ?? [])
  return {
    files,
    ...(serial !== undefined ? { serial } : {}),
    ...(versions.length > 0 ? { versions: [...new Set(versions)] } : {})
  }
}
