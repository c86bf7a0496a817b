import { performance } from 'node:perf_hooks'
import { headerText, httpFailure, ProbeClient, probeConcurrently } from './http-probe.js'
import { ACCEPT_HEADER, type IndexFile, type IndexPage, parseIndexPage } from './index-page.js'
import type { Mirror } from './mirror.js'
import { failureFromError } from './probe-failure.js'
import { normalizeProjectName } from './project-name.js'
import type { MirrorProbe, ProbeSample } from './ranking.js'

export interface ProbeOptions {
  project: string
  timeoutMs: number
  samples: number
}

const MAX_PAGE_BYTES = 16 * 1024 * 1024

/** Probes PyPI mirrors: a sample is the probe project's page, parsed and checked for files. */
export async function probeMirrors(
  mirrors: Mirror[],
  options: ProbeOptions
): Promise<MirrorProbe[]> {
  const project = normalizeProjectName(options.project)
  return probeConcurrently(
    mirrors,
    options,
    (mirror, client) => timeoutMs =>
      fetchProjectPage(client, `${mirror.url}/${project}/`, timeoutMs)
  )
}

async function fetchProjectPage(
  client: ProbeClient,
  pageUrl: string,
  timeoutMs: number
): Promise<ProbeSample> {
  const sent = await client.send(pageUrl, { headers: { accept: ACCEPT_HEADER }, timeoutMs })
  if ('failure' in sent) return sent
  const { response } = sent
  const latencyMs = response.latencyMs
  try {
    if (response.status !== 200) {
      await response.discard()
      return { latencyMs, failure: httpFailure(response.status) }
    }
    const body = await response.text(MAX_PAGE_BYTES)
    if (body === undefined) {
      return {
        latencyMs,
        failure: { kind: 'content', message: `page larger than ${MAX_PAGE_BYTES} bytes` }
      }
    }
    const parsed = parseIndexPage(
      headerText(response.headers['content-type']),
      body,
      headerText(response.headers['x-pypi-last-serial'])
    )
    return parsed.ok
      ? { latencyMs, page: parsed.page }
      : { latencyMs, failure: { kind: 'content', message: parsed.reason } }
  } catch (error) {
    // The body can still time out or be cut off after the head arrived.
    return { latencyMs, failure: failureFromError(error, timeoutMs) }
  }
}

/** Throughput is measured on this many of the fastest healthy mirrors, one at a time. */
export const THROUGHPUT_MIRRORS = 3
/** Each download stops at this many bytes or this long, and the phase at its budget. */
export const THROUGHPUT_MAX_BYTES = 4 * 1024 * 1024
export const THROUGHPUT_MAX_MS = 1000
const THROUGHPUT_MIN_BYTES = 64 * 1024
export const THROUGHPUT_BUDGET_MS = THROUGHPUT_MIRRORS * THROUGHPUT_MAX_MS

/**
 * Downloads a file each mirror itself lists for the probe project (never a guessed path), one
 * mirror at a time since parallel downloads contend for the runner's bandwidth.
 */
export async function measureThroughput(
  candidates: { mirror: Mirror; page: IndexPage }[],
  project: string
): Promise<Map<Mirror, number>> {
  const results = new Map<Mirror, number>()
  const client = new ProbeClient(THROUGHPUT_MAX_MS)
  const deadline = performance.now() + THROUGHPUT_BUDGET_MS
  try {
    for (const { mirror, page } of candidates.slice(0, THROUGHPUT_MIRRORS)) {
      const allowance = Math.floor(Math.min(THROUGHPUT_MAX_MS, deadline - performance.now()))
      if (allowance < 50) break
      const file = largestFile(page)
      const pageUrl = `${mirror.url}/${normalizeProjectName(project)}/`
      const fileUrl = new URL(file.url, new URL(pageUrl).toString())
      fileUrl.hash = ''
      const sent = await client.send(withCredentials(fileUrl, mirror.url), { timeoutMs: allowance })
      if ('failure' in sent || sent.response.status !== 200) continue
      const { bytes, seconds } = await sent.response.measure(THROUGHPUT_MAX_BYTES, allowance)
      // A tiny file arrives in one piece: its timing says nothing about bandwidth.
      if (bytes >= THROUGHPUT_MIN_BYTES) results.set(mirror, bytes / seconds)
    }
  } finally {
    await client.destroy()
  }
  return results
}

/** The biggest file where the page gives sizes, else the newest wheel: it measures best. */
function largestFile(page: IndexPage): IndexFile {
  const sized = page.files.filter(file => file.size !== undefined)
  if (sized.length > 0) return sized.reduce((a, b) => ((b.size ?? 0) > (a.size ?? 0) ? b : a))
  return (
    [...page.files].reverse().find(file => file.filename.endsWith('.whl')) ??
    page.files[page.files.length - 1]
  )
}

/** Files on the mirror's own host need its credentials too. */
function withCredentials(fileUrl: URL, indexUrl: string): string {
  const index = new URL(indexUrl)
  if (fileUrl.host === index.host && (index.username || index.password)) {
    fileUrl.username = index.username
    fileUrl.password = index.password
  }
  return fileUrl.toString()
}
