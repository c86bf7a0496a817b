import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as tls from 'node:tls'
import { errorMessage } from '../format/format.js'
import type { Environment } from '../net/proxy-env.js'
import {
  adminTrustSettingsCommand,
  certificatesFromBase64Lines,
  type Command,
  keychainCertificatesCommand,
  MACOS_ADMIN_KEYCHAIN,
  MACOS_SYSTEM_ROOTS,
  pemCertificates,
  storeReader,
  windowsRootStoreCommand
} from './ca-bundle-system-store.js'
import { runFile } from '../runner/runner-env.js'

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
    for (const certificate of pemCertificates(pem)) {
      const key = certificate.replace(/\s+/g, '')
      if (seen.has(key)) continue
      seen.add(key)
      certificates.push(certificate)
    }
  }
  return certificates
}

export interface TrustOptions {
  /** Told why the system's trust store could not be read, when it could not. */
  log?: (message: string) => void
  /** The system trust store's certificates; by default, this machine's. */
  systemStore?: () => Promise<string[]>
}

/**
 * The roots this machine's tools trusted before the router: the bundles the job named, the
 * system's (its PEM files, and the store of macOS or Windows), and Node's copy of Mozilla's,
 * each certificate once. The router verifies PyPI's own hosts against them when it passes a
 * request on, as the tools would have.
 */
export async function trustedRoots(
  env: Environment,
  options: TrustOptions = {}
): Promise<string[]> {
  const named = JOB_BUNDLE_VARIABLES.map(name => env[name]).filter(
    (path): path is string => path !== undefined && path !== ''
  )
  const readStore =
    options.systemStore ?? (() => systemStoreCertificates(machineStore(options.log ?? ignore)))
  const [files, store] = await Promise.all([
    Promise.all(
      [...new Set([...named, ...SYSTEM_BUNDLES])].map(path =>
        readFile(path, 'utf8').catch(() => '')
      )
    ),
    readStore()
  ])
  return certificatesOnce([...files, ...store, tls.rootCertificates.join('\n')])
}

/**
 * Writes the bundle with the job's authority to `file`. Readable by all, in a folder readable by
 * all: it holds public certificates only, and a container step may run as another user.
 */
export async function writeCaBundle(
  file: string,
  authorityPem: string,
  env: Environment,
  log?: (message: string) => void
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o755 })
  const roots = await trustedRoots(env, { log })
  await writeFile(file, composeBundle(roots, authorityPem), { mode: 0o644 })
}

/** What reading the system's trust store needs of the machine. */
export interface StoreAccess {
  platform: NodeJS.Platform
  /** Node's own reading of the store, where this Node has one. */
  nodeStore?: () => string[]
  /** The environment that tells Windows' folder (`SystemRoot`), where its PowerShell is. */
  env: Environment
  /** Runs a command and gives its standard output; rejects on a failure or at the timeout. */
  run: (command: Command, timeoutMs: number) => Promise<string>
  log: (message: string) => void
}

const SECURITY_TIMEOUT_MS = 10_000
/** Windows PowerShell can take seconds to start on a cold runner. */
const POWERSHELL_TIMEOUT_MS = 30_000

const STORE_NAMES = {
  node: 'the system trust store',
  'macos-keychains': 'the macOS keychains',
  'windows-root-store': 'the Windows certificate store',
  'pem-files': 'the PEM files'
} as const

/**
 * The certificates of the system's trust store where it is no PEM file (macOS, Windows); none
 * elsewhere. Never fails: a store that cannot be read is left out, and `log` says so.
 */
export async function systemStoreCertificates(access: StoreAccess): Promise<string[]> {
  const reader = storeReader(access.platform, access.nodeStore !== undefined)
  try {
    switch (reader) {
      case 'pem-files':
        return []
      case 'node':
        return access.nodeStore?.() ?? []
      case 'windows-root-store':
        return certificatesFromBase64Lines(
          await access.run(windowsRootStoreCommand(access.env), POWERSHELL_TIMEOUT_MS)
        )
      case 'macos-keychains':
        return await macosKeychainRoots(access)
    }
  } catch (error) {
    access.log(
      `The CA bundle goes without ${STORE_NAMES[reader]} (${errorMessage(error)}): a root kept only there, a company's say, is not in it.`
    )
    return []
  }
}

/**
 * Apple's roots, and the System keychain's roots that the administrator's trust settings make
 * roots. Without administrator trust settings (`security` then says "No Trust Settings were
 * found" and fails), Apple's roots alone.
 */
async function macosKeychainRoots(access: StoreAccess): Promise<string[]> {
  const folder = await mkdtemp(path.join(tmpdir(), 'trust-settings-'))
  const settingsFile = path.join(folder, 'admin.plist')
  const admin = async (): Promise<[string, string]> => {
    try {
      const [pems] = await Promise.all([
        access.run(keychainCertificatesCommand(MACOS_ADMIN_KEYCHAIN), SECURITY_TIMEOUT_MS),
        access.run(adminTrustSettingsCommand(settingsFile), SECURITY_TIMEOUT_MS)
      ])
      return [pems, await readFile(settingsFile, 'utf8')]
    } catch (error) {
      if (!/No Trust Settings were found/i.test(errorMessage(error))) {
        access.log(
          `The CA bundle goes without the roots an administrator added to ${MACOS_ADMIN_KEYCHAIN} (${errorMessage(error)}).`
        )
      }
      return ['', '']
    }
  }
  try {
    const [systemRoots, [adminPems, adminSettings]] = await Promise.all([
      access.run(keychainCertificatesCommand(MACOS_SYSTEM_ROOTS), SECURITY_TIMEOUT_MS),
      admin()
    ])
    // Loaded here only, on macOS with a Node that cannot read the store: the XML parser stays out
    // of the code every step loads.
    const { macosTrustedRoots } = await import('./macos-trust-settings.js')
    return macosTrustedRoots(systemRoots, adminPems, adminSettings)
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}

/** This machine: Node's reading of the store where Node has one, else the system's commands. */
function machineStore(log: (message: string) => void): StoreAccess {
  // Node 22.15+ and 23.10+; undefined before (the action's node24 runtime has it).
  const nodeReader = (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates
  return {
    platform: process.platform,
    ...(nodeReader ? { nodeStore: () => nodeReader('system') } : {}),
    env: process.env,
    run: runCommand,
    log
  }
}

const COMMAND_OUTPUT_BYTES = 32 * 1024 * 1024

/** Runs a command, its arguments as given (no shell), and gives its standard output. */
export async function runCommand(command: Command, timeoutMs: number): Promise<string> {
  try {
    const options = { timeout: timeoutMs, maxBuffer: COMMAND_OUTPUT_BYTES, windowsHide: true }
    return (await runFile(command.file, command.args, options)).stdout
  } catch (error) {
    const { killed, stderr } = error as { killed?: boolean; stderr?: string }
    const what = `${path.basename(command.file)} ${command.args[0]}`
    const why = killed ? `no answer within ${timeoutMs} ms` : stderr?.trim() || errorMessage(error)
    throw new Error(`${what}: ${why}`)
  }
}

function ignore(): void {}
