import { type ProbeClient, headerText, httpFailure, probeConcurrently } from './http-probe.js'
import { ACCEPT_HEADER, parseIndexPage } from './index-page.js'
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
      ? { latencyMs }
      : { latencyMs, failure: { kind: 'content', message: parsed.reason } }
  } catch (error) {
    // The body can still time out or be cut off after the head arrived.
    return { latencyMs, failure: failureFromError(error, timeoutMs) }
  }
}
