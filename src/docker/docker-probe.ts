import { parseBearerChallenge } from './docker-config.js'
import { type ImageReference } from './docker-inputs.js'
import type { HttpClient } from '../net/http-client.js'
import {
  probeConcurrently,
  type SamplingOptions,
  type MirrorProbe,
  type ProbeSample
} from '../probe/http-probe.js'
import { headerText, httpFailure } from '../net/probe-failure.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { ProbeFailure } from '../net/probe-failure.js'

/** Manifest types a pull accepts; a mirror that knows none of them cannot serve the image. */
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

const MAX_TOKEN_BYTES = 64 * 1024

type FailedSample = ProbeSample & { failure: ProbeFailure }

/**
 * Probes registry mirrors of Docker Hub. `/v2/` answering proves nothing, so a sample is a
 * `HEAD` of the probe image's manifest (which does not count against Docker Hub's pull
 * limits), after the token flow where the mirror asks for one. Latency is the manifest's.
 */
export async function probeDockerMirrors(
  mirrors: Mirror[],
  image: ImageReference,
  options: SamplingOptions
): Promise<MirrorProbe[]> {
  return probeConcurrently(mirrors, options, (mirror, client) => {
    let authorization: string | undefined
    return async timeoutMs => {
      if (authorization === undefined) {
        const auth = await authorize(client, mirror, image, timeoutMs)
        if ('failure' in auth) return auth
        authorization = auth.authorization
      }
      return headManifest(client, mirror, image, authorization, timeoutMs)
    }
  })
}

/** `GET /v2/`: 200 needs nothing, 401 names where to get a token. */
async function authorize(
  client: HttpClient,
  mirror: Mirror,
  image: ImageReference,
  timeoutMs: number
): Promise<{ authorization: string } | FailedSample> {
  const sent = await client.send(`${mirror.url}/v2/`, { timeoutMs })
  if ('failure' in sent) return sent
  const { response } = sent
  await response.discard()
  if (response.status === 200) return { authorization: '' }
  const challenge = parseBearerChallenge(headerText(response.headers['www-authenticate']))
  if (response.status !== 401 || !challenge) {
    return { latencyMs: response.latencyMs, failure: httpFailure(response, 'on /v2/') }
  }
  const tokenUrl = new URL(challenge.realm)
  if (challenge.service) tokenUrl.searchParams.set('service', challenge.service)
  tokenUrl.searchParams.set('scope', `repository:${image.repository}:pull`)
  const token = await client.send(tokenUrl.toString(), { timeoutMs })
  if ('failure' in token) return token
  const body =
    token.response.status === 200 ? await token.response.text(MAX_TOKEN_BYTES) : undefined
  if (token.response.status !== 200) await token.response.discard()
  const value = readToken(body)
  if (!value) {
    return {
      latencyMs: token.response.latencyMs,
      failure: {
        kind: 'content',
        message: `no token from ${tokenUrl.host} (HTTP ${token.response.status})`
      }
    }
  }
  return { authorization: `Bearer ${value}` }
}

function readToken(body: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body ?? '') as { token?: unknown; access_token?: unknown }
    const token = parsed.token ?? parsed.access_token
    return typeof token === 'string' && token !== '' ? token : undefined
  } catch {
    return undefined
  }
}

async function headManifest(
  client: HttpClient,
  mirror: Mirror,
  image: ImageReference,
  authorization: string,
  timeoutMs: number
): Promise<ProbeSample> {
  const sent = await client.send(
    `${mirror.url}/v2/${image.repository}/manifests/${image.reference}`,
    {
      method: 'HEAD',
      timeoutMs,
      headers: { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) }
    }
  )
  if ('failure' in sent) return sent
  await sent.response.discard()
  const { status, latencyMs } = sent.response
  return status === 200
    ? { latencyMs }
    : {
        latencyMs,
        failure: httpFailure(
          sent.response,
          `for the manifest of ${image.repository}:${image.reference}`
        )
      }
}
