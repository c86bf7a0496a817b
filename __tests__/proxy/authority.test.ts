import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { connect } from 'node:tls'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  authorityLifetimeMs,
  createJobAuthority,
  issueServerCertificate,
  type KeyedCertificate
} from '../../src/proxy/authority.js'
import { findTool, isolatedToolEnv, PYTHON, uvExecutable } from '../../test-support/python.js'

const run = promisify(execFile)
const HOSTS = ['pypi.org', 'files.pythonhosted.org']

let authority: KeyedCertificate
let dir: string
let caFile: string
beforeAll(async () => {
  authority = createJobAuthority(HOSTS, 60 * 60 * 1000)
  dir = await mkdtemp(path.join(tmpdir(), 'authority-'))
  caFile = path.join(dir, 'ca.pem')
  await writeFile(caFile, authority.certPem)
})

const servers: https.Server[] = []
afterAll(() => servers.forEach(server => server.close()))

/** An HTTPS server on loopback with `certificate`, answering `ok`. */
async function serve(certificate: KeyedCertificate): Promise<number> {
  const server = https.createServer(
    { key: certificate.keyPem, cert: certificate.certPem },
    (_, res) => res.end('ok')
  )
  servers.push(server)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

/** Node's (OpenSSL's) verdict on the server at `port` for `servername`. */
function nodeVerdict(port: number, servername: string): Promise<string> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port, servername, ca: authority.certPem }, () => {
      resolve('trusted')
      socket.end()
    })
    socket.on('error', error => resolve(error.message))
  })
}

describe('the job authority', () => {
  it('is a CA limited to PyPI’s hosts, valid for as long as a job may run', async () => {
    // OpenSSL's own reading of the certificate.
    const { stdout } = await run('openssl', ['x509', '-in', caFile, '-noout', '-text'])
    expect(stdout).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/)
    expect(stdout).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/)
    expect(stdout).toMatch(
      /X509v3 Name Constraints: critical\s+Permitted:\s+DNS:pypi\.org\s+DNS:files\.pythonhosted\.org\s*\n/
    )
    expect(stdout).toContain('Signature Algorithm: ecdsa-with-SHA256')
    expect(authorityLifetimeMs({ RUNNER_ENVIRONMENT: 'github-hosted' })).toBe(6 * 3600_000)
    expect(authorityLifetimeMs({ RUNNER_ENVIRONMENT: 'self-hosted' })).toBe(120 * 3600_000)
  })

  it('signs a server certificate that OpenSSL trusts for PyPI’s hosts', async () => {
    const port = await serve(issueServerCertificate(authority, HOSTS))
    expect(await nodeVerdict(port, 'pypi.org')).toBe('trusted')
    expect(await nodeVerdict(port, 'files.pythonhosted.org')).toBe('trusted')
    expect(await nodeVerdict(port, 'example.org')).toMatch(/altnames/i)
  })

  it('cannot vouch for any other host, even with its key: OpenSSL (Node, Python) and rustls (uv) refuse', async () => {
    // What a leaked key could sign: a certificate for another host.
    const forged = issueServerCertificate(authority, ['localhost'])
    const port = await serve(forged)
    expect(await nodeVerdict(port, 'localhost')).toMatch(/permitted subtree violation/i)

    const script = [
      'import socket, ssl, sys',
      'ctx = ssl.create_default_context(cafile=sys.argv[1])',
      'try:',
      "    ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(sys.argv[2]))), server_hostname='localhost')",
      "    print('trusted')",
      'except ssl.SSLError as error:',
      '    print(error)'
    ].join('\n')
    const python = await run(PYTHON, ['-c', script, caFile, String(port)])
    expect(python.stdout).toMatch(/permitted subtree violation/)

    const uv = uvExecutable(await findTool('uv-0.13.9'))
    await writeFile(path.join(dir, 'requirements.in'), 'anything\n')
    const attempt = await run(
      uv,
      [
        'pip',
        'compile',
        'requirements.in',
        '--index-url',
        `https://localhost:${port}/simple`,
        '--no-cache'
      ],
      {
        env: { ...isolatedToolEnv(), SSL_CERT_FILE: caFile, UV_HTTP_RETRIES: '0' },
        cwd: dir,
        timeout: 30_000
      }
    ).then(
      () => 'trusted',
      (error: { stderr?: string }) => error.stderr ?? ''
    )
    expect(attempt).not.toBe('trusted')
    expect(attempt).toMatch(/NameConstraintViolation/)
  }, 60_000)
})
