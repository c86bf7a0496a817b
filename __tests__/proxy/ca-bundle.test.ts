import { existsSync } from 'node:fs'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { rootCertificates } from 'node:tls'
import { describe, expect, it } from '@jest/globals'
import {
  composeBundle,
  runCommand,
  type StoreAccess,
  systemStoreCertificates,
  trustedRoots,
  writeCaBundle
} from '../../src/proxy/ca-bundle.js'
import { type Command, sha1Fingerprint } from '../../src/proxy/ca-bundle-system-store.js'
import {
  APPLE_ROOT,
  COMPANY_ROOT,
  der64,
  DEVICE_IDENTITY,
  findCertificateOutput,
  flat,
  trustSettings,
  trustSettingsPlist
} from './trust-store-fixtures.js'

const cert = (body: string): string =>
  `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----`

describe('composeBundle', () => {
  it('keeps every certificate once, in order, the authority last, and nothing else', () => {
    const bundle = composeBundle(
      [`# comment\n${cert('AAAA')}\n${cert('BBBB')}`, `${cert('AAAA')}\ngarbage`],
      cert('CCCC')
    )
    expect(bundle).toBe(`${cert('AAAA')}\n${cert('BBBB')}\n${cert('CCCC')}\n`)
  })
})

describe('writeCaBundle', () => {
  it('adds the job’s own bundle, the system’s and Mozilla’s roots to the authority', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bundle-'))
    const company = path.join(dir, 'company.pem')
    await writeFile(company, cert('Q09NUEFOWQ=='))
    const file = path.join(dir, 'bundle.pem')
    await writeCaBundle(file, cert('Sk9C'), { REQUESTS_CA_BUNDLE: company, SSL_CERT_FILE: '' })
    const text = await readFile(file, 'utf8')
    expect(text.startsWith(cert('Q09NUEFOWQ=='))).toBe(true)
    expect(text.trimEnd().endsWith(cert('Sk9C'))).toBe(true)
    expect(flat(text)).toContain(flat(rootCertificates[0]!))
  })
})

describe('trustedRoots', () => {
  it('adds the system store’s roots, each once among the bundles’ and Mozilla’s', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'bundle-'))
    const company = path.join(dir, 'company.pem')
    await writeFile(company, `${cert('Q09NUEFOWQ==')}\n`)
    const roots = await trustedRoots(
      { SSL_CERT_FILE: company },
      // The store holds the company's root (again), one root of its own, and one of Mozilla's.
      { systemStore: async () => [cert('Q09NUEFOWQ=='), cert('U1RPUkU='), APPLE_ROOT] }
    )
    const flatRoots = roots.map(flat)
    expect(flatRoots[0]).toBe(flat(cert('Q09NUEFOWQ==')))
    expect(flatRoots).toContain(flat(cert('U1RPUkU=')))
    expect(new Set(flatRoots).size).toBe(flatRoots.length)
    expect(flatRoots).toContain(flat(APPLE_ROOT))
  })
})

/** The machine a test plays: which commands answer what, and what was asked and told. */
function machine(
  platform: NodeJS.Platform,
  answers: (command: Command) => string | Promise<string>,
  nodeStore?: () => string[]
): { access: StoreAccess; commands: Command[]; lines: string[] } {
  const commands: Command[] = []
  const lines: string[] = []
  const access: StoreAccess = {
    platform,
    env: {},
    ...(nodeStore ? { nodeStore } : {}),
    run: async command => {
      commands.push(command)
      return answers(command)
    },
    log: line => lines.push(line)
  }
  return { access, commands, lines }
}

/** macOS's security tool: two keychains, and the administrator's trust settings, or an error. */
const macos =
  (adminTrust: 'company root' | 'none' | 'broken keychain') =>
  async (command: Command): Promise<string> => {
    const [verb, , , keychain] = command.args
    if (verb === 'find-certificate' && keychain?.startsWith('/System/'))
      return findCertificateOutput(APPLE_ROOT)
    if (verb === 'find-certificate') {
      if (adminTrust === 'broken keychain') {
        throw new Error(
          'security find-certificate: SecKeychainSearchCopyNext: The specified keychain could not be found.'
        )
      }
      return findCertificateOutput(DEVICE_IDENTITY, COMPANY_ROOT)
    }
    if (adminTrust === 'none') {
      throw new Error(
        'security trust-settings-export: SecTrustSettingsCreateExternalRepresentation: No Trust Settings were found.'
      )
    }
    await writeFile(
      command.args[2]!,
      trustSettingsPlist({ [sha1Fingerprint(COMPANY_ROOT)]: trustSettings() })
    )
    return ''
  }

describe('systemStoreCertificates', () => {
  it('reads nothing more on Linux, where the store is the PEM files', async () => {
    const { access, commands, lines } = machine('linux', () => 'unexpected')
    expect(await systemStoreCertificates(access)).toEqual([])
    expect(commands).toEqual([])
    expect(lines).toEqual([])
  })

  it.each<NodeJS.Platform>(['darwin', 'win32'])(
    'on %s takes Node’s reading of the store where Node has one',
    async platform => {
      const { access, commands } = machine(
        platform,
        () => 'unexpected',
        () => [COMPANY_ROOT]
      )
      expect(await systemStoreCertificates(access)).toEqual([COMPANY_ROOT])
      expect(commands).toEqual([])
    }
  )

  it('reads the Windows Root stores through PowerShell without it', async () => {
    const { access, commands, lines } = machine(
      'win32',
      () => `${der64(APPLE_ROOT)}\r\n${der64(COMPANY_ROOT)}\r\n`
    )
    const certificates = await systemStoreCertificates({
      ...access,
      env: { SYSTEMROOT: 'C:\\WINDOWS' }
    })
    expect(certificates.map(flat)).toEqual([APPLE_ROOT, COMPANY_ROOT].map(flat))
    expect(commands.map(command => command.file)).toEqual([
      'C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'
    ])
    expect(lines).toEqual([])
  })

  it.each([
    {
      name: 'Apple’s roots and the root the administrator trusts, not the device’s identity',
      adminTrust: 'company root' as const,
      roots: [APPLE_ROOT, COMPANY_ROOT],
      said: []
    },
    {
      name: 'Apple’s roots alone, quietly, where the administrator trusts nothing',
      adminTrust: 'none' as const,
      roots: [APPLE_ROOT],
      said: []
    },
    {
      name: 'Apple’s roots alone, saying so, where the System keychain cannot be read',
      adminTrust: 'broken keychain' as const,
      roots: [APPLE_ROOT],
      said: [
        'The CA bundle goes without the roots an administrator added to /Library/Keychains/System.keychain (security find-certificate: SecKeychainSearchCopyNext: The specified keychain could not be found.).'
      ]
    }
  ])('reads the macOS keychains without it: $name', async ({ adminTrust, roots, said }) => {
    const { access, commands, lines } = machine('darwin', macos(adminTrust))
    const certificates = await systemStoreCertificates(access)
    expect(certificates.map(flat)).toEqual(roots.map(flat))
    expect(lines).toEqual(said)
    const exported = commands.find(command => command.args[0] === 'trust-settings-export')
    expect(existsSync(path.dirname(exported!.args[2]!))).toBe(false)
  })

  it.each([
    {
      name: 'PowerShell gives no answer',
      platform: 'win32' as const,
      answers: (): Promise<string> =>
        Promise.reject(new Error('powershell.exe -NoLogo: no answer within 30000 ms')),
      said: "The CA bundle goes without the Windows certificate store (powershell.exe -NoLogo: no answer within 30000 ms): a root kept only there, a company's say, is not in it."
    },
    {
      name: 'Apple’s roots cannot be read',
      platform: 'darwin' as const,
      answers: (command: Command): Promise<string> =>
        command.args[3]?.startsWith('/System/')
          ? Promise.reject(new Error('security find-certificate: no such file'))
          : macos('none')(command),
      said: "The CA bundle goes without the macOS keychains (security find-certificate: no such file): a root kept only there, a company's say, is not in it."
    }
  ])('goes on without the store, saying why, when $name', async ({ platform, answers, said }) => {
    const { access, lines } = machine(platform, answers)
    expect(await systemStoreCertificates(access)).toEqual([])
    expect(lines).toEqual([said])
  })

  it('goes on without the store when Node’s reading of it throws', async () => {
    const { access, lines } = machine(
      'win32',
      () => '',
      () => {
        throw new Error('CertOpenStore failed')
      }
    )
    expect(await systemStoreCertificates(access)).toEqual([])
    expect(lines).toEqual([
      "The CA bundle goes without the system trust store (CertOpenStore failed): a root kept only there, a company's say, is not in it."
    ])
  })
})

describe('runCommand', () => {
  it('gives the standard output of a command run with its arguments as given', async () => {
    const output = await runCommand({ file: 'printf', args: ['%s|', 'a b', "'c'", '$HOME'] }, 5000)
    expect(output).toBe("a b|'c'|$HOME|")
  })

  it('names the command and what it said when it fails', async () => {
    await expect(
      runCommand({ file: 'sh', args: ['-c', 'echo "keychain not found" >&2; exit 44'] }, 5000)
    ).rejects.toThrow('sh -c: keychain not found')
  })

  it('stops a command at the timeout', async () => {
    const started = performance.now()
    await expect(runCommand({ file: 'sleep', args: ['5'] }, 200)).rejects.toThrow(
      'sleep 5: no answer within 200 ms'
    )
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
