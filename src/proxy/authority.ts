// The job's certificate authority: made by the main step as it starts the router, its key kept
// in memory only (never written: handed to the router, and on to its workers, over their IPC
// channels), limited by X.509 name constraints to the hosts the router answers for, so that it
// can vouch for nothing else even if it leaked.
import {
  createPrivateKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
  X509Certificate
} from 'node:crypto'
import {
  bitString,
  boolean,
  certificatePem,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  tagged,
  time,
  tlv,
  unsignedInteger,
  utf8String
} from './der.js'

/** A certificate and its private key, both PEM. */
export interface KeyedCertificate {
  certPem: string
  keyPem: string
}

/** A certificate and key from a message, checked for their shape; undefined for anything else. */
export function keyedCertificate(value: unknown): KeyedCertificate | undefined {
  const pair = value as { certPem?: unknown; keyPem?: unknown } | undefined
  return typeof pair?.certPem === 'string' &&
    pair.certPem.startsWith('-----BEGIN CERTIFICATE-----') &&
    typeof pair.keyPem === 'string' &&
    pair.keyPem.startsWith('-----BEGIN PRIVATE KEY-----')
    ? { certPem: pair.certPem, keyPem: pair.keyPem }
    : undefined
}

/** Clocks of runners and their containers drift: a certificate valid from a little earlier. */
const CLOCK_SKEW_MS = 60 * 60 * 1000

const AUTHORITY_NAME = 'pip-mirror-action job CA'

/**
 * How long the authority is valid: the longest a job may run, 6 hours on GitHub's runners and 5
 * days on self-hosted ones. Its key dies with the router anyway, at the end of the job.
 */
export function authorityLifetimeMs(env: Record<string, string | undefined>): number {
  const hours = env.RUNNER_ENVIRONMENT === 'github-hosted' ? 6 : 5 * 24
  return hours * 60 * 60 * 1000
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  nameConstraints: '2.5.29.30',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1'
}

/**
 * A self-signed ECDSA P-256 authority that may sign server certificates for `hosts` (and, as
 * RFC 5280's dNSName constraints go, their subdomains) only, for `validMs` from now, with no
 * intermediates below it (path length 0).
 */
export function createJobAuthority(
  hosts: readonly string[],
  validMs: number,
  now = new Date()
): KeyedCertificate {
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const name = `${AUTHORITY_NAME} ${now.toISOString()}`
  const permitted = hosts.map(host => sequence(dnsName(host)))
  const der = signedCertificate({
    subject: name,
    issuer: name,
    notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfter: new Date(now.getTime() + validMs),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true), smallInteger(0))),
      // keyCertSign (bit 5) and cRLSign (bit 6): one unused bit.
      extension(OID.keyUsage, true, tlv(0x03, Buffer.from([1, 0x06]))),
      extension(OID.nameConstraints, true, sequence(tagged(0, Buffer.concat(permitted))))
    ]
  })
  return { certPem: certificatePem(der), keyPem: privateKeyPem(keys.privateKey) }
}

/** A server certificate for `hosts`, signed by `authority`, valid as long as the authority. */
export function issueServerCertificate(
  authority: KeyedCertificate,
  hosts: readonly string[]
): KeyedCertificate {
  const issuer = new X509Certificate(authority.certPem)
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const der = signedCertificate({
    subject: hosts[0],
    issuer: issuer.subject.replace(/^CN=/, ''),
    notBefore: new Date(issuer.validFrom),
    notAfter: new Date(issuer.validTo),
    publicKey: keys.publicKey,
    signingKey: createPrivateKey(authority.keyPem),
    extensions: [
      extension(OID.basicConstraints, true, sequence()),
      // digitalSignature (bit 0): seven unused bits.
      extension(OID.keyUsage, true, tlv(0x03, Buffer.from([7, 0x80]))),
      extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
      extension(OID.subjectAltName, false, sequence(...hosts.map(dnsName)))
    ]
  })
  return { certPem: certificatePem(der), keyPem: privateKeyPem(keys.privateKey) }
}

interface CertificateFields {
  /** Common names: the only attribute these names carry. */
  subject: string
  issuer: string
  notBefore: Date
  notAfter: Date
  publicKey: KeyObject
  signingKey: KeyObject
  extensions: Buffer[]
}

/** RFC 5280's Certificate: the TBSCertificate, its algorithm, and its ECDSA signature. */
function signedCertificate(fields: CertificateFields): Buffer {
  const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256))
  // 16 random bytes, positive (the top bit clear), as X.509 serial numbers should be.
  const serial = randomBytes(16)
  serial[0] &= 0x7f
  const tbs = sequence(
    tagged(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    distinguishedName(fields.issuer),
    sequence(time(fields.notBefore), time(fields.notAfter)),
    distinguishedName(fields.subject),
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    tagged(3, sequence(...fields.extensions))
  )
  return sequence(tbs, algorithm, bitString(sign('sha256', tbs, fields.signingKey)))
}

function distinguishedName(commonName: string): Buffer {
  return sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))))
}

/** A GeneralName's dNSName: `[2] IMPLICIT IA5String`. */
function dnsName(host: string): Buffer {
  return tagged(2, Buffer.from(host, 'ascii'), true)
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value))
}

function privateKeyPem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString()
}
