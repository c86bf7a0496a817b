// The job's certificate authority: made in the router's process, its key kept in memory only
// (never written, handed to the router's workers over their IPC channel), limited by X.509 name
// constraints to the hosts the router answers for, so that it can vouch for nothing else even
// if it leaked.
import 'reflect-metadata'
import { webcrypto } from 'node:crypto'
import {
  GeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  id_ce_nameConstraints,
  NameConstraints
} from '@peculiar/asn1-x509'
import { AsnConvert } from '@peculiar/asn1-schema'
import * as x509 from '@peculiar/x509'

// Node's WebCrypto; the library's types name the DOM's, which this project does not load.
x509.cryptoProvider.set(webcrypto as never)

/** A certificate and its private key, both PEM. */
export interface KeyedCertificate {
  certPem: string
  keyPem: string
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const
/** Clocks of runners and their containers drift: a certificate valid from a little earlier. */
const CLOCK_SKEW_MS = 60 * 60 * 1000

export const AUTHORITY_NAME = 'pip-mirror-action job CA'

/**
 * How long the authority is valid: the longest a job may run, 6 hours on GitHub's runners and 5
 * days on self-hosted ones. Its key dies with the router anyway, at the end of the job.
 */
export function authorityLifetimeMs(env: Record<string, string | undefined>): number {
  const hours = env.RUNNER_ENVIRONMENT === 'github-hosted' ? 6 : 5 * 24
  return hours * 60 * 60 * 1000
}

/**
 * A self-signed authority that may sign server certificates for `hosts` (and, as RFC 5280's
 * dNSName constraints go, their subdomains) only, for `validMs` from now, with no
 * intermediates below it (path length 0).
 */
export async function createJobAuthority(
  hosts: readonly string[],
  validMs: number,
  now = new Date()
): Promise<KeyedCertificate> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const constraints = new NameConstraints({
    permittedSubtrees: new GeneralSubtrees(
      hosts.map(host => new GeneralSubtree({ base: new GeneralName({ dNSName: host }) }))
    )
  })
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${AUTHORITY_NAME} ${now.toISOString()}`,
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + validMs),
    keys: keys as never,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true
      ),
      new x509.Extension(id_ce_nameConstraints, true, AsnConvert.serialize(constraints)),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never)
    ]
  })
  return { certPem: certificate.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) }
}

/** A server certificate for `hosts`, signed by `authority`, valid as long as the authority. */
export async function issueServerCertificate(
  authority: KeyedCertificate,
  hosts: readonly string[]
): Promise<KeyedCertificate> {
  const issuer = new x509.X509Certificate(authority.certPem)
  const signingKey = await webcrypto.subtle.importKey(
    'pkcs8',
    pemBody(authority.keyPem),
    ALGORITHM,
    false,
    ['sign']
  )
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${hosts[0]}`,
    issuer: issuer.subject,
    notBefore: issuer.notBefore,
    notAfter: issuer.notAfter,
    signingKey: signingKey as never,
    publicKey: keys.publicKey as never,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map(host => ({ type: 'dns', value: host }))),
      await x509.AuthorityKeyIdentifierExtension.create(issuer)
    ]
  })
  return { certPem: certificate.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) }
}

/** The hosts an authority may sign for, as its name constraints say: for the tests and SECURITY.md. */
export function permittedHosts(certPem: string): string[] {
  const extension = new x509.X509Certificate(certPem).getExtension(id_ce_nameConstraints)
  if (!extension) return []
  const constraints = AsnConvert.parse(extension.value, NameConstraints)
  return (constraints.permittedSubtrees ?? []).map(subtree => subtree.base.dNSName ?? '')
}

/** 16 random bytes, positive (the top bit clear), as X.509 serial numbers should be. */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16))
  bytes[0] &= 0x7f
  return Buffer.from(bytes).toString('hex')
}

async function privateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key))
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return ['-----BEGIN PRIVATE KEY-----', ...lines, '-----END PRIVATE KEY-----', ''].join('\n')
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')
}
