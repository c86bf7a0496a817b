import { performance } from 'node:perf_hooks'
import { HttpClient } from './http-client.js'
import { headerText, httpFailure, probeConcurrently } from './http-probe.js'
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
  client: HttpClient,
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
      return { latencyMs, failure: httpFailure(response) }
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
    return { latencyMs, failure: failureFromError(error, timeoutMs, response.proxy) }
  }
}

/** Throughput is measured on this many of the fastest healthy mirrors, one at a time. */
export const THROUGHPUT_MIRRORS = 3
/** Each download stops at this many bytes or this long, and the phase at its budget. */
export const THROUGHPUT_MAX_BYTES = 2 * 1024 * 1024
export const THROUGHPUT_MAX_MS = 750
export const THROUGHPUT_BUDGET_MS = THROUGHPUT_MIRRORS * THROUGHPUT_MAX_MS
const THROUGHPUT_MIN_BYTES = 64 * 1024

export interface DownloadSample {
  /** Bytes per second, first byte to last; absent when the file was too small to time. */
  bytesPerSecond?: number
  /** A file that arrived whole with a sha256 other than the one its page lists. */
  corruptFile?: string
}

/**
 * Downloads a file each mirror itself lists for the probe project (never a guessed path), one
 * mirror at a time since parallel downloads contend for the runner's bandwidth. A file that
 * fits the limit is also checked against the sha256 the page lists: a mirror serving broken
 * files is caught here, before pip meets it.
 */
export async function sampleDownloads(
  candidates: { mirror: Mirror; page: IndexPage }[],
  project: string
): Promise<Map<Mirror, DownloadSample>> {
  const results = new Map<Mirror, DownloadSample>()
  const client = new HttpClient(THROUGHPUT_MAX_MS)
  const deadline = performance.now() + THROUGHPUT_BUDGET_MS
  try {
    for (const { mirror, page } of candidates.slice(0, THROUGHPUT_MIRRORS)) {
      const allowance = Math.floor(Math.min(THROUGHPUT_MAX_MS, deadline - performance.now()))
      if (allowance < 50) break
      const file = sampleFile(page)
      const pageUrl = `${mirror.url}/${normalizeProjectName(project)}/`
      const fileUrl = new URL(file.url, pageUrl)
      fileUrl.hash = ''
      const sent = await client.send(withCredentials(fileUrl, mirror.url), { timeoutMs: allowance })
      if ('failure' in sent || sent.response.status !== 200) continue
      const body = await sent.response.measure(THROUGHPUT_MAX_BYTES, allowance)
      results.set(mirror, {
        // A tiny file arrives in one piece: its timing says nothing about bandwidth.
        bytesPerSecond: body.bytes >= THROUGHPUT_MIN_BYTES ? body.bytes / body.seconds : undefined,
        corruptFile:
          body.sha256 && file.sha256 && body.sha256 !== file.sha256.toLowerCase()
            ? file.filename
            : undefined
      })
    }
  } finally {
    await client.destroy()
  }
  return results
}

/**
 * The largest file that fits the download limit, so it both times well and can be hashed;
 * without sizes on the page (HTML), the newest wheel.
 */
function sampleFile(page: IndexPage): IndexFile {
  const fitting = page.files.filter(
    file => file.size !== undefined && file.size <= THROUGHPUT_MAX_BYTES
  )
  if (fitting.length > 0) return fitting.reduce((a, b) => ((b.size ?? 0) > (a.size ?? 0) ? b : a))
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
