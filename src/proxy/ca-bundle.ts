import { readFile, writeFile } from 'node:fs/promises'
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
  const seen = new Set<string>()
  const certificates: string[] = []
  for (const pem of [...sources, authorityPem]) {
    for (const certificate of pem.match(CERTIFICATE) ?? []) {
      const key = certificate.replace(/\s+/g, '')
      if (seen.has(key)) continue
      seen.add(key)
      certificates.push(certificate)
    }
  }
  return `${certificates.join('\n')}\n`
}

/**
 * Writes the bundle to `file` from what this machine has. Readable by all: it holds public
 * certificates only, and a container step may run as another user.
 */
export async function writeCaBundle(
  file: string,
  authorityPem: string,
  env: Environment
): Promise<void> {
  const named = JOB_BUNDLE_VARIABLES.map(name => env[name]).filter(
    (path): path is string => path !== undefined && path !== ''
  )
  const files = await Promise.all(
    [...new Set([...named, ...SYSTEM_BUNDLES])].map(path => readFile(path, 'utf8').catch(() => ''))
  )
  await writeFile(file, composeBundle([...files, rootCertificates.join('\n')], authorityPem), {
    mode: 0o644
  })
}
