import { createHash } from 'node:crypto'
import { windowsPowerShell } from '../runner/powershell.js'

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
export function windowsRootStoreCommand(env: Record<string, string | undefined>): Command {
  // One line, and each location on its own: a store one account lacks leaves the other's roots.
  const script = [
    "foreach ($location in 'LocalMachine', 'CurrentUser') { try {",
    "$store = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', $location);",
    "$store.Open('ReadOnly, OpenExistingOnly');",
    'foreach ($certificate in $store.Certificates) { [Convert]::ToBase64String($certificate.RawData) };',
    '$store.Close()',
    '} catch { [Console]::Error.WriteLine($_) } }'
  ].join(' ')
  return windowsPowerShell(env, script)
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
