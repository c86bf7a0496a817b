import { performance } from 'node:perf_hooks'
import { HttpClient } from '../net/http-client.js'
import { type MirrorProbe, type ProbeSample, type RunningProbe, startProbes } from './http-probe.js'
import { headerText, httpFailure } from '../net/probe-failure.js'
import { ACCEPT_HEADER, type IndexFile, type IndexPage, parseIndexPage } from '../net/index-page.js'
import type { Mirror } from '../mirrors/mirror.js'
import { failureFromError } from '../net/probe-failure.js'
import { normalizeProjectName } from '../mirrors/project-name.js'
import { canStillWin, predict, UPSTREAM_NAME, waitLimitMs } from '../rank/quality.js'
import { rankMirrors } from '../rank/ranking.js'
import type { Workload } from '../rank/workload.js'

export interface ProbeOptions {
  project: string
  timeoutMs: number
  samples: number
  /**
   * This job's workload. With it, the fastest mirrors' downloads are sampled as soon as their
   * pages are in, and the probe stops waiting for mirrors that can no longer win.
   */
  workload?: Promise<Workload>
}

export interface ProbeOutcome {
  probes: MirrorProbe[]
  downloads: Map<Mirror, DownloadSample>
}

const MAX_PAGE_BYTES = 16 * 1024 * 1024

/**
 * Probes PyPI mirrors: a sample is the probe project's page, parsed and checked for files.
 * Each mirror whose samples pass and that can still win gets a download sample at once (one
 * at a time), while slower mirrors are still answering. Once a mirror's predicted install
 * time is known, a mirror whose requests alone would cost more cannot win: the probe stops
 * waiting for it. PyPI itself is the exception, as the reference for hashes.
 */
export async function probeMirrors(
  mirrors: Mirror[],
  options: ProbeOptions
): Promise<ProbeOutcome> {
  const project = normalizeProjectName(options.project)
  const { running, done } = startProbes(
    mirrors,
    options,
    (mirror, client) => (timeoutMs, stop) =>
      fetchProjectPage(client, `${mirror.url}/${project}/`, timeoutMs, stop)
  )
  const downloads = new Map<Mirror, DownloadSample>()
  // A single candidate has nothing to be compared with or to outrun.
  if (!options.workload || mirrors.length < 2) return { probes: await done, downloads }

  const workload = await options.workload
  const client = new HttpClient(THROUGHPUT_MAX_MS)
  const cutTimers: NodeJS.Timeout[] = []
  let leaderSeconds = Number.POSITIVE_INFINITY
  let sampled = 0
  let queue = Promise.resolve()

  const stopHopeless = (): void => {
    const limit = waitLimitMs(leaderSeconds, workload)
    for (const probe of running.filter(probe => probe.mirror.name !== UPSTREAM_NAME)) {
      const wait = probe.startedAt + limit - performance.now()
      cutTimers.push(setTimeout(probe.stop, Math.max(0, wait)))
    }
  }
  const sampleWhenAnswered = async (probe: RunningProbe): Promise<void> => {
    const samples = await probe.samples
    const [ranked] = rankMirrors([{ mirror: probe.mirror, samples }])
    const page = samples.find(sample => sample.page)?.page
    if (!ranked.ok || !page || sampled >= THROUGHPUT_MIRRORS) return
    if (!canStillWin(ranked.latencyMs ?? 0, leaderSeconds, workload)) return
    sampled++
    queue = queue.then(async () => {
      if (!canStillWin(ranked.latencyMs ?? 0, leaderSeconds, workload)) return
      const sample = await sampleDownload(client, probe.mirror, page, project)
      downloads.set(probe.mirror, sample)
      // Only a measured throughput bounds a leader's time; a corrupt mirror leads nothing.
      if (sample.bytesPerSecond === undefined || sample.corruptFile) return
      const seconds = predict(ranked, workload, sample.bytesPerSecond).seconds
      if (seconds < leaderSeconds) {
        leaderSeconds = seconds
        stopHopeless()
      }
    })
  }
  try {
    await Promise.all(running.map(sampleWhenAnswered))
    const probes = await done
    await queue
    return { probes, downloads }
  } finally {
    cutTimers.forEach(clearTimeout)
    await client.destroy()
  }
}

async function fetchProjectPage(
  client: HttpClient,
  pageUrl: string,
  timeoutMs: number,
  stop: AbortSignal
): Promise<ProbeSample> {
  const sent = await client.send(pageUrl, {
    headers: { accept: ACCEPT_HEADER },
    timeoutMs,
    signal: stop
  })
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

/** Throughput is measured on at most this many mirrors, one at a time. */
export const THROUGHPUT_MIRRORS = 3
/** Each download stops at this many bytes or this long. */
export const THROUGHPUT_MAX_BYTES = 2 * 1024 * 1024
export const THROUGHPUT_MAX_MS = 750
const THROUGHPUT_MIN_BYTES = 64 * 1024

export interface DownloadSample {
  /** Bytes per second, first byte to last; absent when the file was too small to time. */
  bytesPerSecond?: number
  /** A file that arrived whole with a sha256 other than the one its page lists. */
  corruptFile?: string
}

/**
 * Downloads a file the mirror itself lists for the probe project (never a guessed path). A
 * file that fits the limit is also checked against the sha256 the page lists: a mirror
 * serving broken files is caught here, before pip meets it.
 */
async function sampleDownload(
  client: HttpClient,
  mirror: Mirror,
  page: IndexPage,
  project: string
): Promise<DownloadSample> {
  const file = sampleFile(page)
  const fileUrl = new URL(file.url, `${mirror.url}/${project}/`)
  fileUrl.hash = ''
  const sent = await client.send(withCredentials(fileUrl, mirror.url), {
    timeoutMs: THROUGHPUT_MAX_MS
  })
  if ('failure' in sent) return {}
  if (sent.response.status !== 200) {
    await sent.response.discard()
    return {}
  }
  const body = await sent.response.measure(THROUGHPUT_MAX_BYTES, THROUGHPUT_MAX_MS)
  return {
    // A tiny file arrives in one piece: its timing says nothing about bandwidth.
    bytesPerSecond: body.bytes >= THROUGHPUT_MIN_BYTES ? body.bytes / body.seconds : undefined,
    corruptFile:
      body.sha256 && file.sha256 && body.sha256 !== file.sha256.toLowerCase()
        ? file.filename
        : undefined
  }
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
