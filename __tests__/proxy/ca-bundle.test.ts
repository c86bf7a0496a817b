import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { rootCertificates } from 'node:tls'
import { describe, expect, it } from '@jest/globals'
import { composeBundle, writeCaBundle } from '../../src/proxy/ca-bundle.js'

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
    // Compared without line breaks: the system's copy of a root may wrap its lines otherwise.
    const flat = (pem: string): string => pem.replace(/\s+/g, '')
    expect(flat(text)).toContain(flat(rootCertificates[0]))
  })
})
