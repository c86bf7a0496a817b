import { createHash } from 'node:crypto'
import path from 'node:path'

/**
 * The operating system's own trust store, for the bundle: where no PEM file holds it (the
 * Windows certificate store, the macOS keychains), a root a company installed there would
 * otherwise be lost to uv and requests-based tools, which read the bundle alone.
 */

/**
 * How to read the store. Node 22.15+/23.10+ reads it itself (`tls.getCACertificates('system')`,
 * with Chromium's policy for locally trusted certificates: the trust settings on macOS; the
 * Trusted Root and Trusted People stores of the machine, its group policy and the user on
 * Windows). Older Nodes ask the system's own tools. Elsewhere the store is the PEM files OpenSSL
 * reads, which the bundle has already.
 */
export type StoreReader = 'node' | 'macos-keychains' | 'windows-root-store' | 'pem-files'

export function storeReader(platform: NodeJS.Platform, nodeReadsStore: boolean): StoreReader {
  if (platform !== 'darwin' && platform !== 'win32') return 'pem-files'
  if (nodeReadsStore) return 'node'
  return platform === 'darwin' ? 'macos-keychains' : 'windows-root-store'
}

export interface Command {
  file: string
  args: string[]
}

/** Apple's roots: trusted unless an administrator says otherwise. */
export const MACOS_SYSTEM_ROOTS = '/System/Library/Keychains/SystemRootCertificates.keychain'
/** Where an administrator (or a device management profile) adds roots to every user's trust. */
export const MACOS_ADMIN_KEYCHAIN = '/Library/Keychains/System.keychain'

const SECURITY = '/usr/bin/security'

/** Every certificate of a keychain, as PEM blocks. */
export function keychainCertificatesCommand(keychain: string): Command {
  return { file: SECURITY, args: ['find-certificate', '-a', '-p', keychain] }
}

/** The administrator's trust settings, as an XML property list written to `file`. */
export function adminTrustSettingsCommand(file: string): Command {
  return { file: SECURITY, args: ['trust-settings-export', '-d', file] }
}

/**
 * The machine's and the user's trusted roots, one base64 DER per line. Windows PowerShell, at its
 * path under the system folder: every Windows has it, and pwsh is optional. .NET's X509Store
 * rather than the `Cert:` drive, which needs a module that a pwsh-set PSModulePath breaks. The
 * store "Root" of each location is Windows' merged view, group policy's roots included. Base64 is
 * ASCII, whatever the console's code page.
 */
export function windowsRootStoreCommand(systemRoot = 'C:\\Windows'): Command {
  // One line, and each location on its own: a store one account lacks leaves the other's roots.
  const script = [
    "foreach ($location in 'LocalMachine', 'CurrentUser') { try {",
    "$store = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', $location);",
    "$store.Open('ReadOnly, OpenExistingOnly');",
    'foreach ($certificate in $store.Certificates) { [Convert]::ToBase64String($certificate.RawData) };',
    '$store.Close()',
    '} catch { [Console]::Error.WriteLine($_) } }'
  ].join(' ')
  return {
    file: path.win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script]
  }
}

const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g

/** The PEM certificates in `text`, in order. */
export function pemCertificates(text: string): string[] {
  return text.match(CERTIFICATE) ?? []
}

/** A base64 DER certificate: a SEQUENCE (0x30) with a long length, `MII…`, and nothing else. */
const BASE64_CERTIFICATE = /^MI[A-Za-z0-9+/]{60,}={0,2}$/

/**
 * The certificates in PowerShell's output, one base64 DER per line, as PEM. Other lines (a
 * `#< CLIXML` error record, a blank line) are no certificate.
 */
export function certificatesFromBase64Lines(output: string): string[] {
  return output
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => BASE64_CERTIFICATE.test(line))
    .map(toPem)
}

function toPem(base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? []
  return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n')
}

/** A certificate's SHA-1 over its DER, in upper-case hex: how macOS keys trust settings. */
export function sha1Fingerprint(pem: string): string {
  const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '')
  return createHash('sha1').update(Buffer.from(base64, 'base64')).digest('hex').toUpperCase()
}

/**
 * The roots macOS trusts machine-wide: Apple's, and those in the System keychain that the
 * administrator's trust settings make roots for TLS, less those the administrator set to "Never
 * Trust". A certificate in that keychain without such a setting (a device identity, an
 * intermediate) stays out: listing a certificate in a bundle makes it a root. The user's own
 * keychain and settings are left out.
 */
export function macosTrustedRoots(
  systemRootsPem: string,
  adminKeychainPem: string,
  adminTrustSettings: string
): string[] {
  const decisions = adminTlsTrust(adminTrustSettings)
  return [
    ...pemCertificates(systemRootsPem).filter(
      pem => decisions.get(sha1Fingerprint(pem)) !== 'deny'
    ),
    ...pemCertificates(adminKeychainPem).filter(
      pem => decisions.get(sha1Fingerprint(pem)) === 'trust'
    )
  ]
}

/** The SSL policy's object identifier, 1.2.840.113635.100.1.3, as a plist's base64 data. */
const SSL_POLICY_OID = 'KoZIhvdjZAED'
const RESULT_TRUST_ROOT = 1
const RESULT_TRUST_AS_ROOT = 2
const RESULT_DENY = 3

export type TlsTrust = 'trust' | 'deny'

/**
 * What the exported trust settings (`security trust-settings-export`) decide for TLS, by
 * certificate SHA-1, as Chromium and Node read them: an empty list of settings trusts as a root
 * for everything; else the first setting that applies to TLS and decides (trust as a root, or
 * deny) wins. A setting tied to one application or one host name, or to another policy, does not
 * apply. A certificate they decide nothing for is absent.
 */
export function adminTlsTrust(plistXml: string): Map<string, TlsTrust> {
  const decisions = new Map<string, TlsTrust>()
  let root: PlistValue
  try {
    root = parsePlist(plistXml)
  } catch {
    return decisions
  }
  const list = isDict(root) ? root.trustList : undefined
  if (!isDict(list)) return decisions
  for (const [fingerprint, entry] of Object.entries(list)) {
    const settings = isDict(entry) ? entry.trustSettings : undefined
    const decision = Array.isArray(settings) ? tlsTrust(settings) : undefined
    if (decision) decisions.set(fingerprint.toUpperCase(), decision)
  }
  return decisions
}

function tlsTrust(settings: PlistValue[]): TlsTrust | undefined {
  if (settings.length === 0) return 'trust'
  for (const setting of settings) {
    if (!isDict(setting) || !appliesToTls(setting)) continue
    const result = setting.kSecTrustSettingsResult ?? RESULT_TRUST_ROOT
    if (result === RESULT_DENY) return 'deny'
    if (result === RESULT_TRUST_ROOT || result === RESULT_TRUST_AS_ROOT) return 'trust'
  }
  return undefined
}

function appliesToTls(setting: PlistDict): boolean {
  if ('kSecTrustSettingsApplication' in setting || 'kSecTrustSettingsPolicyString' in setting) {
    return false
  }
  const oid = setting.kSecTrustSettingsPolicy
  if (oid !== undefined) return oid === SSL_POLICY_OID
  const name = setting.kSecTrustSettingsPolicyName
  return name === undefined || name === 'sslServer'
}

type PlistValue = string | number | boolean | PlistValue[] | PlistDict
interface PlistDict {
  [key: string]: PlistValue
}

function isDict(value: PlistValue | undefined): value is PlistDict {
  return typeof value === 'object' && !Array.isArray(value)
}

const PLIST_TOKEN =
  /<(dict|array)\/>|<(dict|array)>|<\/(dict|array)>|<(key|string|data|date|integer|real)>([^<]*)<\/\4>|<(true|false)\/>/g

/**
 * An XML property list, as far as trust settings use it: dictionaries, arrays, keys, strings,
 * base64 data (spaces dropped), dates (as text), numbers and booleans. Throws on a shape it does
 * not know.
 */
export function parsePlist(xml: string): PlistValue {
  const tokens = [...xml.matchAll(PLIST_TOKEN)]
  let next = 0
  const value = (): PlistValue => {
    const token = tokens[next++]
    if (!token) throw new Error('the property list ends early')
    const [, empty, open, close, scalar, text = '', flag] = token
    if (empty) return empty === 'dict' ? {} : []
    if (flag) return flag === 'true'
    if (scalar === 'integer' || scalar === 'real') return Number(text)
    if (scalar === 'data') return text.replace(/\s+/g, '')
    if (scalar && scalar !== 'key') return unescapeXml(text)
    if (open === 'array') {
      const items: PlistValue[] = []
      while (tokens[next]?.[3] !== 'array') items.push(value())
      next++
      return items
    }
    if (open === 'dict') {
      const dict: PlistDict = {}
      while (tokens[next]?.[3] !== 'dict') {
        const key = tokens[next++]
        if (key?.[4] !== 'key')
          throw new Error(`a dictionary holds ${key?.[0]} where a key belongs`)
        dict[unescapeXml(key[5] ?? '')] = value()
      }
      next++
      return dict
    }
    throw new Error(`unexpected ${close ? `</${close}>` : token[0]} in the property list`)
  }
  return value()
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}
