import { DomUtils, parseDocument } from 'htmlparser2'
import { pemCertificates, sha1Fingerprint } from './ca-bundle-system-store.js'

// The macOS keychains' roots as an administrator's trust settings make them, for a Node too old
// to read the system's store itself.

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
    root = readPlist(plistXml)
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

type PlistNode = ReturnType<typeof parseDocument>['children'][number]
type PlistTag = Extract<PlistNode, { name: string }>

function tagsIn(node: PlistNode | ReturnType<typeof parseDocument>): PlistTag[] {
  return DomUtils.getChildren(node).filter(DomUtils.isTag)
}

/**
 * An XML property list, as far as trust settings use it: dictionaries, arrays, keys, strings,
 * base64 data (spaces dropped), dates (as text), numbers and booleans. htmlparser2 reads the XML
 * (entities included); a document cut short, or a shape it does not know, throws: settings half
 * read must decide nothing.
 */
export function readPlist(xml: string): PlistValue {
  if (!xml.trimEnd().endsWith('</plist>')) throw new Error('the property list ends early')
  const plist = tagsIn(parseDocument(xml, { xmlMode: true })).find(tag => tag.name === 'plist')
  const [top] = plist ? tagsIn(plist) : []
  if (!top) throw new Error('no value in the property list')
  return plistValue(top)
}

function plistValue(tag: PlistTag): PlistValue {
  switch (tag.name) {
    case 'dict': {
      const dict: PlistDict = {}
      const entries = tagsIn(tag)
      for (let index = 0; index < entries.length; index += 2) {
        const key = entries[index]
        const value = entries[index + 1]
        if (key.name !== 'key')
          throw new Error(`a dictionary holds <${key.name}> where a key belongs`)
        const name = DomUtils.textContent(key)
        if (!value) throw new Error(`the key ${name} has no value`)
        dict[name] = plistValue(value)
      }
      return dict
    }
    case 'array':
      return tagsIn(tag).map(plistValue)
    case 'data':
      return DomUtils.textContent(tag).replace(/\s+/g, '')
    case 'integer':
    case 'real':
      return Number(DomUtils.textContent(tag))
    case 'true':
    case 'false':
      return tag.name === 'true'
    case 'string':
    case 'date':
      return DomUtils.textContent(tag)
    default:
      throw new Error(`<${tag.name}> in a property list`)
  }
}
