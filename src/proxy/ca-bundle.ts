import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { rootCertificates } from 'node:tls'
import type { Environment } from '../net/proxy-env.js'

/** Where Linux distributions and macOS keep the system's roots, as OpenSSL builds look for them. */
const SYSTEM_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem'
]

/** The bundles the job pointed its tools at before the router: a company's own roots, say. */
const JOB_BUNDLE_VARIABLES = ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'PIP_CERT', 'CURL_CA_BUNDLE']

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/**
 * The bundle every tool of the job trusts once the router is its HTTPS proxy: the bundles the job
 * already named, the system's roots, Node's copy of Mozilla's roots (certifi's, and webpki's,
 * which tools use where there is no system bundle), and the job's authority, last. Tools that
 * trusted only certifi before now also trust the system's roots, as pip does since 24.2.
 */
export function composeBundle(sources: string[], authorityPem: string): string {
  return `${certificatesOnce([...sources, authorityPem]).join('\n')}\n`
}

/** The certificates in `pems`, in order, each once. */
function certificatesOnce(pems: string[]): string[] {
  const seen = new Set<string>()
  const certificates: string[] = []
  for (const pem of pems) {
    for (const certificate of pem.match(CERTIFICATE) ?? []) {
      const key = certificate.replace(/\s+/g, '')
      if (seen.has(key)) continue
      seen.add(key)
      certificates.push(certificate)
    }
  }
  return certificates
}

/**
 * The roots this machine's tools trusted before the router: the bundles the job named, the
 * system's, and Node's copy of Mozilla's, each certificate once. The router verifies PyPI's own
 * hosts against them when it passes a request on, as the tools would have.
 */
export async function trustedRoots(env: Environment): Promise<string[]> {
  const named = JOB_BUNDLE_VARIABLES.map(name => env[name]).filter(
    (path): path is string => path !== undefined && path !== ''
  )
  const files = await Promise.all(
    [...new Set([...named, ...SYSTEM_BUNDLES])].map(path => readFile(path, 'utf8').catch(() => ''))
  )
  return certificatesOnce([...files, rootCertificates.join('\n')])
}

/**
 * Writes the bundle with the job's authority to `file`. Readable by all, in a folder readable by
 * all: it holds public certificates only, and a container step may run as another user.
 */
export async function writeCaBundle(
  file: string,
  authorityPem: string,
  env: Environment
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o755 })
  const roots = await trustedRoots(env)
  await writeFile(file, composeBundle(roots, authorityPem), { mode: 0o644 })
}
