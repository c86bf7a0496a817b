import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { isPrivateProject } from '../../src/install/private-index.js'
import { type Mirror, mirrorFromUrl } from '../../src/mirrors/mirror.js'
import type { HttpResponse } from '../../src/net/http-client.js'
import { JSON_CONTENT_TYPE } from '../../src/net/index-page.js'
import type { FileListing } from '../../src/router/page-merge.js'
import { PageSource, type PageSourceOptions, type ProjectAnswer } from '../../src/router/pages.js'

/**
 * Dependency confusion, as a property: whatever the mirrors answer, however they are ranked or
 * hedged, a project that is private never reaches a public mirror, by name or by file, and no
 * answer for it comes from one.
 */

const PROJECTS = ['corp-a', 'corp-b', 'demo', 'lib-x']
/** What a mirror does when asked for a project's page. */
const BEHAVIOURS = ['lists', 'missing', 'fails', 'slow'] as const
type Behaviour = (typeof BEHAVIOURS)[number]

interface World {
  mirrors: { private: boolean; behaviour: Record<string, Behaviour> }[]
  privateProjects: string[]
  hedgeAfterMs: number | undefined
  /** When the ranking arrives, if it does. */
  rankAt: 'never' | 'start' | 'midway'
  /** A shuffle of the mirrors, and which of them the ranking keeps. */
  rankOrder: number[]
  kept: boolean[]
  /** Whether a private index left out is listed as failed or only left out. */
  listExcluded: boolean
  batches: Operation[][]
}

type Operation =
  | { kind: 'project'; project: string }
  | { kind: 'projectOn'; mirror: number; project: string }
  /** With a public listing of the same file, as another project's public page could give. */
  | { kind: 'metadata'; project: string; withPublicListing: boolean }

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')
const metadataBody = (project: string): string => `Metadata-Version: 2.1\nName: ${project}\n`

const world: fc.Arbitrary<World> = fc.integer({ min: 1, max: 4 }).chain(count =>
  fc.record({
    mirrors: fc.array(
      fc.record({
        private: fc.boolean(),
        behaviour: fc.record(
          Object.fromEntries(PROJECTS.map(project => [project, fc.constantFrom(...BEHAVIOURS)]))
        )
      }),
      { minLength: count, maxLength: count }
    ),
    privateProjects: fc.subarray(['corp-*', 'demo', 'lib-?', 'nothing-*']),
    hedgeAfterMs: fc.constantFrom(undefined, 0, 3),
    rankAt: fc.constantFrom('never' as const, 'start' as const, 'midway' as const),
    rankOrder: fc.shuffledSubarray(
      Array.from({ length: count }, (_, index) => index),
      { minLength: count, maxLength: count }
    ),
    kept: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
    listExcluded: fc.boolean(),
    batches: fc.array(
      fc.array(
        fc.oneof(
          fc.record({
            kind: fc.constant('project' as const),
            project: fc.constantFrom(...PROJECTS)
          }),
          fc.record({
            kind: fc.constant('projectOn' as const),
            mirror: fc.nat({ max: count - 1 }),
            project: fc.constantFrom(...PROJECTS)
          }),
          fc.record({
            kind: fc.constant('metadata' as const),
            project: fc.constantFrom(...PROJECTS),
            withPublicListing: fc.boolean()
          })
        ),
        { minLength: 1, maxLength: 4 }
      ),
      { minLength: 1, maxLength: 3 }
    )
  })
)

interface Sent {
  mirror: Mirror
  project: string
  /** Sent after the ranking arrived. */
  ranked: boolean
}

/** Mirrors in memory: each answers each project as its behaviour says, soon. */
function fakeClient(mirrors: Mirror[], spec: World, state: { ranked: boolean }) {
  const sent: Sent[] = []
  const client: PageSourceOptions['client'] = {
    send(url, init) {
      const { hostname, pathname } = new URL(url)
      const index = mirrors.findIndex(mirror => new URL(mirror.url).hostname === hostname)
      const metadata = /^\/files\/(.+)-1\.0\.tar\.gz\.metadata$/.exec(pathname)
      const project = metadata?.[1] ?? pathname.split('/')[2]
      sent.push({ mirror: mirrors[index], project, ranked: state.ranked })
      const behaviour = spec.mirrors[index].behaviour[project] ?? 'missing'
      const status = behaviour === 'fails' ? 503 : behaviour === 'missing' ? 404 : 200
      const body = metadata ? metadataBody(project) : pageBody(project)
      const response = {
        status,
        headers: { 'content-type': metadata ? 'text/plain' : JSON_CONTENT_TYPE },
        latencyMs: 1,
        bytes: async () => Buffer.from(body),
        discard: async () => undefined
      } as unknown as HttpResponse
      return new Promise(resolve => {
        const timer = setTimeout(() => resolve({ response }), behaviour === 'slow' ? 6 : 1)
        init.signal?.addEventListener('abort', () => {
          clearTimeout(timer)
          resolve({ failure: { kind: 'timeout', message: 'cancelled' }, latencyMs: 0 })
        })
      })
    }
  }
  return { client, sent }
}

function pageBody(project: string): string {
  const filename = `${project}-1.0.tar.gz`
  return JSON.stringify({
    meta: { 'api-version': '1.1', '_last-serial': 1 },
    files: [
      {
        filename,
        url: `/files/${filename}`,
        hashes: { sha256: sha256(filename) },
        'core-metadata': { sha256: sha256(metadataBody(project)) }
      }
    ]
  })
}

/** Whether `project` must stay off public mirrors for a request sent when `ranked` says. */
function isPrivate(spec: World, project: string, ranked: boolean): boolean {
  if (isPrivateProject(project, spec.privateProjects)) return true
  const excluded = (index: number) => spec.rankAt !== 'never' && !spec.kept[index]
  const privates = spec.mirrors.flatMap((mirror, index) => (mirror.private ? [index] : []))
  // Private indexes the ranking keeps are asked all along, before any public mirror.
  const askable = privates.filter(index => !excluded(index))
  const says = (index: number) => spec.mirrors[index].behaviour[project]
  if (askable.some(index => says(index) === 'lists' || says(index) === 'slow')) return true
  if (spec.privateProjects.length > 0) return false
  // Without private-projects, a private index that fails or is excluded leaves nothing public.
  return askable.some(index => says(index) === 'fails') || (ranked && privates.some(excluded))
}

async function run(spec: World): Promise<void> {
  const mirrors = spec.mirrors.map((mirror, index) => ({
    ...mirrorFromUrl(`m${index}`, `http://m${index}.example/simple`),
    private: mirror.private
  }))
  const state = { ranked: false }
  const { client, sent } = fakeClient(mirrors, spec, state)
  const pages = new PageSource(mirrors, {
    client,
    timeoutMs: 5000,
    privateProjects: spec.privateProjects,
    ranked: false,
    ...(spec.hedgeAfterMs !== undefined ? { hedgeAfterMs: () => spec.hedgeAfterMs as number } : {})
  })
  const rank = (): void => {
    const order = spec.rankOrder.filter(index => spec.kept[index]).map(index => mirrors[index])
    const leftOut = mirrors.filter((mirror, index) => mirror.private && !spec.kept[index])
    state.ranked = true
    pages.rank(order, spec.listExcluded ? leftOut : [])
  }
  /** Every page answer so far, by project: what metadata requests are built from. */
  const listings = new Map<string, FileListing[]>()
  const answers: { project: string; answer: ProjectAnswer | { ok: true; mirror: Mirror } }[] = []
  const note = (project: string, answer: ProjectAnswer): void => {
    answers.push({ project, answer })
    if (answer.ok)
      listings.set(project, [
        ...(listings.get(project) ?? []),
        { mirror: answer.mirror, file: answer.page.files[0] }
      ])
  }
  const perform = async (operation: Operation): Promise<void> => {
    const { project } = operation
    if (operation.kind === 'project') return note(project, await pages.project(project))
    if (operation.kind === 'projectOn')
      return note(project, await pages.projectOn(mirrors[operation.mirror], project))
    const sources = [...(listings.get(project) ?? [])]
    const publicMirror = mirrors.find(mirror => !mirror.private)
    if (operation.withPublicListing && sources.length > 0 && publicMirror) {
      const file = {
        ...sources[0].file,
        url: `http://${publicMirror.host}/files/${project}-1.0.tar.gz`
      }
      sources.unshift({ mirror: publicMirror, file })
    }
    if (sources.length === 0) return
    const answer = await pages.metadata(sources)
    if (answer.ok) answers.push({ project, answer })
  }

  if (spec.rankAt === 'start') rank()
  for (const [index, batch] of spec.batches.entries()) {
    if (spec.rankAt === 'midway' && index === 1) rank()
    await Promise.all(batch.map(perform))
  }

  for (const request of sent) {
    if (request.mirror.private) continue
    expect({ leaked: request.project, ranked: request.ranked }).toEqual({
      leaked: isPrivate(spec, request.project, request.ranked) ? 'never' : request.project,
      ranked: request.ranked
    })
  }
  // An answer from a public mirror must stem from a request that was allowed.
  for (const { project, answer } of answers) {
    if (!answer.ok || answer.mirror.private) continue
    const allowed = sent.some(
      request =>
        request.mirror === answer.mirror &&
        request.project === project &&
        !isPrivate(spec, project, request.ranked)
    )
    expect({ project, servedBy: answer.mirror.name, allowed }).toMatchObject({ allowed: true })
  }
}

describe('private projects stay off public mirrors (property)', () => {
  it('holds for random mirrors, answers, rankings, hedges, lookups and metadata', async () => {
    await fc.assert(fc.asyncProperty(world, run), { numRuns: 300 })
  })
})
