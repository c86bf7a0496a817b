import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import {
  adminTrustSettingsCommand,
  certificatesFromBase64Lines,
  keychainCertificatesCommand,
  pemCertificates,
  sha1Fingerprint,
  storeReader,
  windowsRootStoreCommand
} from '../../src/proxy/ca-bundle-system-store.js'
import {
  adminTlsTrust,
  macosTrustedRoots,
  readPlist
} from '../../src/proxy/macos-trust-settings.js'
import {
  APPLE_ROOT,
  BASIC_POLICY,
  COMPANY_ROOT,
  der64,
  DEVICE_IDENTITY,
  findCertificateOutput,
  flat,
  OTHER_APPLE_ROOT,
  result,
  setting,
  SSL_POLICY,
  trustSettings,
  trustSettingsPlist
} from './trust-store-fixtures.js'

describe('storeReader', () => {
  it.each<[NodeJS.Platform, boolean, string]>([
    ['linux', true, 'pem-files'],
    ['linux', false, 'pem-files'],
    ['freebsd', false, 'pem-files'],
    ['darwin', true, 'node'],
    ['darwin', false, 'macos-keychains'],
    ['win32', true, 'node'],
    ['win32', false, 'windows-root-store']
  ])('on %s, with Node reading the store: %s, reads %s', (platform, nodeReads, reader) => {
    expect(storeReader(platform, nodeReads)).toBe(reader)
  })
})

describe('the commands', () => {
  it('ask macOS’s security tool for a keychain’s certificates and the administrator’s trust', () => {
    expect(keychainCertificatesCommand('/Library/Keychains/System.keychain')).toEqual({
      file: '/usr/bin/security',
      args: ['find-certificate', '-a', '-p', '/Library/Keychains/System.keychain']
    })
    expect(adminTrustSettingsCommand('/tmp/trust-settings-x/admin.plist')).toEqual({
      file: '/usr/bin/security',
      args: ['trust-settings-export', '-d', '/tmp/trust-settings-x/admin.plist']
    })
  })

  it.each([
    [
      'C:\\Windows, by default',
      undefined,
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'
    ],
    ['D:\\WINDOWS', 'D:\\WINDOWS', 'D:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe']
  ])(
    'run Windows PowerShell from the system folder %s, reading both Root stores',
    (_name, root, file) => {
      const command = windowsRootStoreCommand(root === undefined ? {} : { SystemRoot: root })
      expect(command.file).toBe(file)
      expect(command.args.slice(0, 4)).toEqual([
        '-NoLogo',
        '-NoProfile',
        '-NonInteractive',
        '-Command'
      ])
      const script = command.args[4]!
      expect(script).not.toContain('\n')
      expect(script).toContain("foreach ($location in 'LocalMachine', 'CurrentUser')")
      expect(script).toContain("X509Store('Root', $location)")
      expect(script).toContain("$store.Open('ReadOnly, OpenExistingOnly')")
      expect(script).toContain('[Convert]::ToBase64String($certificate.RawData)')
    }
  )
})

describe('pemCertificates', () => {
  it('takes each PEM block of the security tool’s output', () => {
    const output = findCertificateOutput(APPLE_ROOT, OTHER_APPLE_ROOT)
    expect(pemCertificates(output)).toEqual([APPLE_ROOT.trim(), OTHER_APPLE_ROOT.trim()])
    expect(pemCertificates('')).toEqual([])
  })
})

describe('certificatesFromBase64Lines', () => {
  it.each([
    {
      name: 'lines ended with CRLF, a blank line last',
      output: `${der64(APPLE_ROOT)}\r\n${der64(COMPANY_ROOT)}\r\n\r\n`,
      certificates: [APPLE_ROOT, COMPANY_ROOT]
    },
    {
      name: 'an error record and a short base64 word among them',
      output: [
        '#< CLIXML',
        der64(COMPANY_ROOT),
        '<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04"><S S="Error">Exception calling "Open"</S></Objs>',
        'MIIBAAA=',
        `  ${der64(APPLE_ROOT)}  `
      ].join('\r\n'),
      certificates: [COMPANY_ROOT, APPLE_ROOT]
    },
    { name: 'nothing', output: '', certificates: [] }
  ])('reads $name', ({ output, certificates }) => {
    const pems = certificatesFromBase64Lines(output)
    expect(pems.map(flat)).toEqual(certificates.map(flat))
    for (const pem of pems) {
      // As OpenSSL writes PEM: 64 characters a line.
      expect(pem.split('\n').every(line => line.length <= 64)).toBe(true)
      expect(new X509Certificate(pem).ca).toBe(true)
    }
  })
})

describe('sha1Fingerprint', () => {
  it('is the SHA-1 over the DER, in upper-case hex', () => {
    expect(sha1Fingerprint(COMPANY_ROOT)).toBe(
      new X509Certificate(COMPANY_ROOT).fingerprint.replace(/:/g, '')
    )
  })
})

describe('adminTlsTrust', () => {
  const A = 'A'.repeat(40)
  it.each([
    {
      name: 'an empty list of settings (trusted for everything)',
      settings: trustSettings(),
      decision: 'trust' as const
    },
    {
      name: 'the SSL policy trusted as a root',
      settings: trustSettings(setting(`${SSL_POLICY}\n${result(1)}`)),
      decision: 'trust' as const
    },
    {
      name: 'Keychain Access’s "Always Trust", one setting per policy',
      settings: trustSettings(
        setting(`${BASIC_POLICY}\n${result(1)}`),
        setting(`${SSL_POLICY}\n${result(1)}`),
        setting(`<key>kSecTrustSettingsPolicyName</key>\n<string>SMIME</string>\n${result(1)}`)
      ),
      decision: 'trust' as const
    },
    {
      name: 'a setting for every policy with no result (a root by default)',
      settings: trustSettings(
        setting('<key>kSecTrustSettingsAllowedError</key>\n<integer>-2147408896</integer>')
      ),
      decision: 'trust' as const
    },
    {
      name: 'the SSL policy trusted as a root that is not self-issued (TrustAsRoot)',
      settings: trustSettings(setting(`${SSL_POLICY}\n${result(2)}`)),
      decision: 'trust' as const
    },
    {
      name: 'an unspecified setting, then the SSL policy trusted',
      settings: trustSettings(setting(result(4)), setting(`${SSL_POLICY}\n${result(1)}`)),
      decision: 'trust' as const
    },
    {
      name: '"Never Trust" for SSL',
      settings: trustSettings(setting(`${SSL_POLICY}\n${result(3)}`), setting(result(1))),
      decision: 'deny' as const
    },
    {
      name: 'trust for the basic X.509 policy alone',
      settings: trustSettings(setting(`${BASIC_POLICY}\n${result(1)}`)),
      decision: undefined
    },
    {
      name: 'trust for one host name only',
      settings: trustSettings(
        setting(
          `${SSL_POLICY}\n<key>kSecTrustSettingsPolicyString</key>\n<string>intranet.example</string>\n${result(1)}`
        )
      ),
      decision: undefined
    },
    {
      name: 'trust for one application only',
      settings: trustSettings(
        setting(`<key>kSecTrustSettingsApplication</key>\n<data>AAAA</data>\n${result(1)}`)
      ),
      decision: undefined
    },
    { name: 'an entry with no settings at all', settings: '', decision: undefined }
  ])('$name: $decision', ({ settings, decision }) => {
    const decisions = adminTlsTrust(trustSettingsPlist({ [A.toLowerCase()]: settings }))
    expect(decisions.get(A)).toBe(decision)
  })

  it.each([
    ['an empty file', ''],
    ['a property list with no trust list', '<plist version="1.0"><dict/></plist>'],
    ['a truncated property list', trustSettingsPlist({ [A]: trustSettings() }).slice(0, 400)],
    [
      'text that is no property list',
      'SecTrustSettingsCreateExternalRepresentation: No Trust Settings were found.'
    ]
  ])('decides nothing from %s', (_name, xml) => {
    expect(adminTlsTrust(xml).size).toBe(0)
  })
})

describe('macosTrustedRoots', () => {
  it('keeps Apple’s roots and the System keychain’s the administrator trusts for TLS, less those denied', () => {
    const plist = trustSettingsPlist({
      [sha1Fingerprint(COMPANY_ROOT)]: trustSettings(setting(`${SSL_POLICY}\n${result(1)}`)),
      [sha1Fingerprint(OTHER_APPLE_ROOT)]: trustSettings(setting(`${SSL_POLICY}\n${result(3)}`))
    })
    const roots = macosTrustedRoots(
      findCertificateOutput(APPLE_ROOT, OTHER_APPLE_ROOT),
      findCertificateOutput(DEVICE_IDENTITY, COMPANY_ROOT),
      plist
    )
    // The administrator set one of Apple's roots to "Never Trust".
    expect(roots.map(flat)).toEqual([APPLE_ROOT, COMPANY_ROOT].map(flat))
  })

  it('keeps Apple’s roots alone without administrator trust settings', () => {
    const roots = macosTrustedRoots(
      findCertificateOutput(APPLE_ROOT),
      findCertificateOutput(COMPANY_ROOT),
      ''
    )
    expect(roots.map(flat)).toEqual([flat(APPLE_ROOT)])
  })
})

describe('readPlist', () => {
  it('reads dictionaries, arrays, keys, strings, data, dates, numbers and booleans', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
  <key>a &amp; b</key><string>&lt;x&gt;</string>
  <key>list</key><array><integer>-3</integer><real>1.5</real><true/><false/><array/><dict/></array>
  <key>data</key><data>
  AAEC
  AwQ=
  </data>
  <key>when</key><date>2026-03-02T09:14:55Z</date>
</dict></plist>`
    expect(readPlist(xml)).toEqual({
      'a & b': '<x>',
      list: [-3, 1.5, true, false, [], {}],
      data: 'AAECAwQ=',
      when: '2026-03-02T09:14:55Z'
    })
  })

  it.each([
    [
      'a value where a key belongs',
      '<plist><dict><string>x</string></dict></plist>',
      /where a key belongs/
    ],
    [
      'a key without its value',
      '<plist><dict><key>x</key></dict></plist>',
      /the key x has no value/
    ],
    ['an early end', '<plist><dict><key>x</key>', /ends early/],
    ['no value', '<plist></plist>', /no value/],
    ['an unknown element', '<plist><set/></plist>', /<set> in a property list/]
  ])('throws on %s', (_name, xml, message) => {
    expect(() => readPlist(xml)).toThrow(message)
  })
})
