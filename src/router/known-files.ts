import type { FileRequest, FileSource } from '../files/file-types.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { FileListing } from './page-merge.js'
import { authenticatedUrl } from './mirror-requests.js'
import type { ProjectAnswer } from './pages.js'

/** A file the router has listed to a client: where each mirror keeps it. */
interface KnownFile {
  project: string
  /** The name the first listing gave it: the only name it is served under. */
  filename: string
  /** Each mirror's listing of it, the mirror that served the page first. */
  sources: FileListing[]
  /** Other mirrors' listings, asked for once, when the first source fails. */
  others?: Promise<void>
}

export interface KnownFilesOptions {
  /** The healthy mirrors in use, best first: where other listings of a file are looked for. */
  mirrors: () => Mirror[]
  /** One mirror's page for a project. */
  projectOn: (mirror: Mirror, project: string) => Promise<ProjectAnswer>
  /** Download speed a mirror showed, when known. */
  expectedSpeed: (mirror: Mirror) => number | undefined
}

/**
 * Files remembered at most: far more than the pages of any job list, but a bound on the memory
 * of a router that a client feeds page after page. The oldest are forgotten first; clients ask
 * for a file soon after its page.
 */
const MAX_KNOWN_FILES = 200_000

/**
 * The files of every page the router served, by sha256: a file URL names one of these or is
 * refused, so the router never fetches anything a candidate's page did not list. Each file
 * knows the mirrors that list it; others are asked once, when a download needs them.
 */
export class KnownFiles {
  private readonly files = new Map<string, KnownFile>()
  /**
   * The sha256 of each file name, as the latest page served listed it: a URL of PyPI's own file
   * host names a file by its name (unique on PyPI forever), not by its sha256.
   */
  private readonly names = new Map<string, string>()

  constructor(private readonly options: KnownFilesOptions) {}

  /**
   * Takes note of the files of a page and of every mirror's listing of them (those with a sha256:
   * the others cannot be checked).
   */
  remember(project: string, listings: FileListing[]): void {
    for (const { mirror, file } of listings) {
      if (!file.sha256) continue
      const entry = this.files.get(file.sha256) ?? {
        project,
        filename: file.filename,
        sources: []
      }
      // Most recently listed last, so that the first in the map is the one to forget.
      this.files.delete(file.sha256)
      this.files.set(file.sha256, entry)
      this.addSource(entry, { mirror, file })
      this.names.delete(file.filename)
      this.names.set(file.filename, file.sha256)
    }
    for (const oldest of this.files.keys()) {
      if (this.files.size <= MAX_KNOWN_FILES) break
      this.files.delete(oldest)
    }
    for (const [name, sha256] of this.names) {
      if (this.names.size <= MAX_KNOWN_FILES) break
      this.names.delete(name)
      if (this.files.get(sha256)?.filename === name) this.files.delete(sha256)
    }
  }

  /** The listings of `sha256` under `filename`; undefined when no page listed it so. */
  listings(sha256: string, filename: string): FileListing[] | undefined {
    const entry = this.files.get(sha256)
    return entry?.filename === filename ? entry.sources : undefined
  }

  /** The sha256 of the file a served page listed under `filename`. */
  sha256Named(filename: string): string | undefined {
    return this.names.get(filename)
  }

  /** What a download of `sha256` needs: its name, size and sources, and how to find more. */
  request(sha256: string): FileRequest | undefined {
    const entry = this.files.get(sha256)
    if (!entry) return undefined
    const { file } = entry.sources[0]
    return {
      sha256,
      filename: file.filename,
      size: file.size,
      sources: this.downloads(entry),
      moreSources: () => this.withOthers(sha256)
    }
  }

  /** Whether only one mirror is known to list the file. */
  hasSingleSource(sha256: string): boolean {
    return (this.files.get(sha256)?.sources.length ?? 0) < 2
  }

  /** The file's sources once other mirrors' listings have been asked for (once per file). */
  async withOthers(sha256: string): Promise<FileSource[]> {
    const entry = this.files.get(sha256)
    if (!entry) return []
    entry.others ??= this.findOtherListings(entry, sha256)
    await entry.others
    return this.downloads(entry)
  }

  /**
   * The file's sources, `mirror`'s listing of it first where that mirror (of the same kind,
   * private or public) lists it: its own project page is asked for if need be.
   */
  async fromFirst(sha256: string, mirror: Mirror): Promise<FileSource[]> {
    const entry = this.files.get(sha256)
    if (!entry) return []
    const listed = (): boolean => entry.sources.some(source => source.mirror === mirror)
    if (!listed() && mirror.private === entry.sources[0].mirror.private) {
      const answer = await this.options.projectOn(mirror, entry.project).catch(() => undefined)
      if (answer?.ok)
        for (const file of answer.page.files.filter(f => f.sha256 === sha256))
          this.addSource(entry, { mirror, file })
    }
    const sources = this.downloads(entry)
    return [
      ...sources.filter(source => source.mirror === mirror),
      ...sources.filter(source => source.mirror !== mirror)
    ]
  }

  /** The sources as download URLs, with the speed each mirror is known for so far. */
  private downloads(entry: KnownFile): FileSource[] {
    return entry.sources.map(({ mirror, file }) => {
      const expected = this.options.expectedSpeed(mirror)
      return {
        mirror,
        url: authenticatedUrl(file.url, mirror),
        ...(expected ? { expectedBytesPerSec: expected } : {})
      }
    })
  }

  /**
   * Asks the other mirrors of the same kind (private or public) for the project's page, adding
   * each one's listing of the file as it comes. Settles at the first listing found, or when all
   * have answered: a black-holed mirror must not hold a download up for its timeout.
   */
  private findOtherListings(entry: KnownFile, sha256: string): Promise<void> {
    const served = entry.sources[0].mirror
    const others = this.options
      .mirrors()
      .filter(
        mirror => mirror.private === served.private && !entry.sources.some(s => s.mirror === mirror)
      )
    if (others.length === 0) return Promise.resolve()
    return new Promise(resolve => {
      let pending = others.length
      for (const mirror of others) {
        void this.options
          .projectOn(mirror, entry.project)
          .then(answer => {
            const listed = answer.ok ? answer.page.files.filter(f => f.sha256 === sha256) : []
            for (const file of listed) this.addSource(entry, { mirror, file })
            if (listed.length > 0) resolve()
          })
          .catch(() => undefined)
          .finally(() => {
            if (--pending === 0) resolve()
          })
      }
    })
  }

  private addSource(entry: KnownFile, source: FileListing): void {
    if (entry.sources.some(known => known.mirror === source.mirror)) return
    // Another name for the same bytes is not the same file to a client: keep the first.
    if (source.file.filename !== entry.filename) return
    entry.sources.push(source)
  }
}
