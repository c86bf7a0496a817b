import { readFile } from 'node:fs/promises'
import type { IncomingHttpHeaders } from 'node:http'
import https from 'node:https'
import { connect as tlsConnect } from 'node:tls'
import { getOverTls, sendConnect } from '../../test-support/proxy-client.js'
import {
  echoPattern,
  startPypiUpstream,
  type PypiUpstream
} from '../../test-support/pypi-upstream.js'

let upstream: PypiUpstream
let proxyPort: number

beforeEach(async () => {
  upstream = await startPypiUpstream()
  proxyPort = Number(new URL(upstream.proxyUrl).port)
})

afterEach(async () => {
  await upstream.close()
})

/** A tunnel to `host:443` through the stand-in's proxy. */
async function tunnel(host: string): ReturnType<typeof sendConnect> {
  const connected = await sendConnect(proxyPort, `${host}:443`)
  if (connected.status !== 'HTTP/1.1 200 Connection Established') throw new Error(connected.status)
  return connected
}

/** An HTTPS request to `host` with node:https through the proxy, trusting the test CA only. */
async function request(
  host: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer }
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const { socket } = await tunnel(host)
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host,
        // Without an agent, node:https would name port 80 in the Host header.
        defaultPort: 443,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers ?? {},
        createConnection: () => tlsConnect({ socket, servername: host, ca: upstream.caPem })
      },
      res => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks)
          })
        )
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('PyPI stand-in', () => {
  it('names the proxy and its CA in a job environment', async () => {
    expect(upstream.env).toEqual({
      HTTPS_PROXY: upstream.proxyUrl,
      https_proxy: upstream.proxyUrl,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
      SSL_CERT_FILE: upstream.caFile
    })
    expect(await readFile(upstream.caFile, 'utf8')).toBe(upstream.caPem)
  })

  it('answers a JSON document set with setJson', async () => {
    const project = { info: { name: 'Demo_Pkg', version: '2.0' }, vulnerabilities: [] }
    const release = { info: { name: 'Demo_Pkg', version: '1.0' }, vulnerabilities: [] }
    upstream.setJson('Demo_Pkg', undefined, project)
    upstream.setJson('demo-pkg', '1.0', release)

    for (const [path, document] of [
      ['/pypi/demo-pkg/json', project],
      ['/pypi/Demo.Pkg/1.0/json', release]
    ] as const) {
      const { socket } = await tunnel('pypi.org')
      const answer = await getOverTls(socket, 'pypi.org', upstream.caPem, path)
      const [head = '', body = ''] = answer.split('\r\n\r\n')
      expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
      expect(head).toMatch(/\r\ncontent-type: application\/json\r\n/i)
      expect(JSON.parse(body)).toEqual(document)
    }
    expect(upstream.requests.map(r => `${r.host} ${r.method} ${r.path}`)).toEqual([
      'pypi.org GET /pypi/demo-pkg/json',
      'pypi.org GET /pypi/Demo.Pkg/1.0/json'
    ])
    expect(upstream.connects).toEqual(['pypi.org:443', 'pypi.org:443'])
  })

  it('echoes method, path, headers, body and the status asked for', async () => {
    const body = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from('upload')])
    const answer = await request('files.pythonhosted.org', {
      method: 'POST',
      path: '/legacy/?a=1&b=two',
      headers: { 'X-Test': 'kept', 'X-Echo-Status': '418', 'Content-Type': 'application/x-test' },
      body
    })
    expect(answer.status).toBe(418)
    expect(answer.headers['x-stand-in']).toBe('pypi')
    const echo = JSON.parse(answer.body.toString()) as {
      host: string
      method: string
      path: string
      headers: Record<string, string>
      bodyBase64: string
    }
    expect(echo).toMatchObject({
      host: 'files.pythonhosted.org',
      method: 'POST',
      path: '/legacy/?a=1&b=two',
      headers: {
        host: 'files.pythonhosted.org',
        'x-test': 'kept',
        'content-type': 'application/x-test',
        'content-length': String(body.length)
      }
    })
    expect(Buffer.from(echo.bodyBase64, 'base64').equals(body)).toBe(true)
    expect(upstream.requests[0]?.body.equals(body)).toBe(true)
  })

  it('streams x-echo-bytes of its pattern', async () => {
    const answer = await request('files.pythonhosted.org', {
      path: '/packages/big.whl',
      headers: { 'X-Echo-Bytes': '1000000' }
    })
    expect([answer.status, answer.headers['content-length']]).toEqual([200, '1000000'])
    expect(answer.body.equals(echoPattern(1_000_000))).toBe(true)
  })

  it('answers with the handler respond sets', async () => {
    upstream.respond((request, res) => {
      res.writeHead(503, { 'Retry-After': '1' })
      res.end(`busy: ${request.path}`)
    })
    const answer = await request('pypi.org', { path: '/simple/demo/' })
    expect([answer.status, answer.headers['retry-after'], answer.body.toString()]).toEqual([
      503,
      '1',
      'busy: /simple/demo/'
    ])
  })

  it('refuses CONNECTs to other hosts and plain requests', async () => {
    for (const target of ['example.com:443', 'pypi.org:80']) {
      const { status, socket } = await sendConnect(proxyPort, target)
      socket.destroy()
      expect(status).toBe('HTTP/1.1 403 Forbidden')
    }
    expect(upstream.connects).toEqual(['example.com:443', 'pypi.org:80'])
    expect((await fetch(`${upstream.proxyUrl}/simple/`)).status).toBe(405)
    expect(upstream.requests).toEqual([])
  })
})
