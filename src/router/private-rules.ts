// Which mirrors may serve a project: private indexes first, and a project they list, or that
// `private-projects` names, never from a public mirror (dependency confusion).
import { isPrivateProject } from '../install/private-index.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { IndexPage } from '../net/index-page.js'
import type { RaceResult } from './hedged-race.js'
import type { MirrorRequests, RaceRules } from './mirror-requests.js'

/** Why public mirrors may not serve a project. */
export interface Refusal {
  ok: false
  status: 404 | 502
  reason: string
  private: true
}

/** What the private indexes said about a project. */
export interface PrivateVerdict {
  /** The race a private index won: it lists the project. */
  listed?: RaceResult<IndexPage> & { ok: true }
  /** Why it is unknown whether they list it: a failure, or an index left out of the ranking. */
  failure?: string
  /** Private indexes that failed or did not list it. */
  fellThrough: number
}

export class PrivateRules {
  /** Projects a private index has listed: public mirrors may never serve them. */
  private readonly listed = new Set<string>()
  /** Private indexes no longer asked: they count as failed (see `refusal`). */
  private failed: Mirror[] = []

  constructor(
    /** `private-projects`, normalised: names only private indexes may serve. */
    private readonly privateProjects: string[],
    private readonly requests: MirrorRequests
  ) {}

  /** Private indexes the probe excluded, or left out: failed, never forgotten. */
  exclude(failed: Mirror[]): void {
    this.failed = failed
  }

  isExcluded(mirror: Mirror): boolean {
    return this.failed.includes(mirror)
  }

  /** A private index listed the project. */
  noteListed(project: string): void {
    this.listed.add(project)
  }

  /**
   * Asks the private indexes among `mirrors`, all of them before any public mirror. A private
   * index excluded by the ranking counts as failed, as of when public mirrors would be asked.
   */
  async ask(project: string, mirrors: Mirror[], rules: RaceRules): Promise<PrivateVerdict> {
    const privateMirrors = mirrors.filter(mirror => mirror.private)
    const answer = await this.requests.race(
      privateMirrors,
      (mirror, signal) => this.requests.page(mirror, project, signal),
      rules
    )
    if (answer.ok) {
      this.listed.add(project)
      return { listed: answer, fellThrough: answer.failovers }
    }
    const failures = [answer.missing ? undefined : answer.reason, this.excludedReason()]
    return { failure: failures.filter(Boolean).join('; ') || undefined, fellThrough: answer.asked }
  }

  /** Why the private indexes the ranking excluded count as failed; undefined without any. */
  excludedReason(): string | undefined {
    const names = this.failed.map(mirror => mirror.name)
    return names.length > 0 ? `${names.join(', ')}: excluded by the probe` : undefined
  }

  /** Why public mirrors may not serve `project` after the private indexes, if they may not. */
  refusal(project: string, privateFailure?: string): Refusal | undefined {
    const status = privateFailure ? 502 : 404
    const after = privateFailure ? `; the private indexes failed: ${privateFailure}` : ''
    if (isPrivateProject(project, this.privateProjects)) {
      const reason = `${project} is a private project (private-projects): public mirrors are never asked${after}`
      return { ok: false, status, reason, private: true }
    }
    if (this.listed.has(project)) {
      const reason = `${project} is listed by a private index, so no public mirror may serve it${after}`
      return { ok: false, status, reason, private: true }
    }
    if (privateFailure && this.privateProjects.length === 0) {
      const reason =
        `the private indexes failed (${privateFailure}), and without 'private-projects' a ` +
        `public mirror could serve a private project under its name: ${project} is not asked of one`
      return { ok: false, status: 502, reason, private: true }
    }
    return undefined
  }
}
