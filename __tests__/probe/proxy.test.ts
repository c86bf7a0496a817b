import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { expect, it } from '@jest/globals'
import { runStep } from '../../test-support/action-runner.js'
import { mirrorPool, type Mirror } from '../../test-support/mirror-server.js'
import {
  createVenv,
  isolatedPipEnv,
  pipInstallCommand,
  runPipInstall
} from '../../test-support/python.js'
import { type Squid, startSilentProxy, startSquid, freePort } from '../../test-support/squid.js'
import { buildWheel } from '../../test-support/wheel.js'
import { withSquid } from '../../test-support/gates.js'

/**
 * Behind a real squid, the probe must take the route pip takes: wherever pip can install
 * through a route, the probe reaches the mirror through it, and the reverse.
 */

const pool = mirrorPool([
  buildWheel({ name: 'demo-pkg', version: '1.0' }),
  buildWheel({ name: 'demo-pkg', version: '1.1' })
])
/** A name only squid resolves: the mirror is reachable through the proxy and nowhere else. */
const PROXIED_HOST = 'mirror-a.test'
const PASSWORD = 'proxy-secret-123'

let squid: Squid
let authSquid: Squid
let proxiedMirror: Mirror
let directMirror: Mirror
let venv: string

withSquid.beforeAll(async () => {
  const hosts = { [PROXIED_HOST]: '127.0.0.1' }
  ;[squid, authSquid, proxiedMirror, directMirror] = await Promise.all([
    startSquid({ hosts }),
    startSquid({ hosts, auth: { user: 'builder', password: PASSWORD } }),
    pool.start(),
    pool.start()
  ])
  venv = await createVenv(path.join(await mkdtemp(path.join(tmpdir(), 'venv-')), 'venv'))
})

withSquid.afterAll(async () => {
  await Promise.all([squid?.stop(), authSquid?.stop(), pool.closeAll()])
})

const proxiedUrl = () => `http://${PROXIED_HOST}:${new URL(proxiedMirror.indexUrl).port}/simple`

/** This machine's environment without any proxy setting, plus the case's own. */
function networkEnv(proxyEnv: Record<string, string>): NodeJS.ProcessEnv {
  const env = isolatedPipEnv()
  for (const name of Object.keys(env)) if (/_proxy$/i.test(name)) delete env[name]
  return { ...env, ...proxyEnv }
}

async function probe(candidates: string[], proxyEnv: Record<string, string>, timeoutMs = 3000) {
  const dir = await mkdtemp(path.join(tmpdir(), 'workspace-'))
  const started = performance.now()
  const step = await runStep('main', {
    inputs: {
      mirrors: candidates.join('\n'),
      'probe-project': 'demo-pkg',
      'probe-timeout': String(timeoutMs),
      cache: 'false',
      mode: 'direct'
    },
    env: { ...networkEnv(proxyEnv), GITHUB_WORKSPACE: dir },
    cwd: dir
  })
  const ranking = JSON.parse(step.outputs.ranking) as { url: string; ok: boolean; error: string }[]
  return { step, ranking, seconds: (performance.now() - started) / 1000 }
}

/** pip pointed at one mirror as the action points it: plain-http hosts are trusted hosts. */
async function pipInstalls(indexUrl: string, proxyEnv: Record<string, string>) {
  const trust = indexUrl.startsWith('http:') ? ['--trusted-host', new URL(indexUrl).host] : []
  const run = await runPipInstall(
    venv,
    ['--dry-run', '--no-cache-dir', ...trust, '--index-url', indexUrl, 'demo-pkg==1.0'],
    // A retry and a generous timeout: on a loaded machine a working route must not look broken.
    { env: { ...networkEnv(proxyEnv), PIP_TIMEOUT: '15', PIP_RETRIES: '1' } }
  )
  return run.exitCode === 0
}

withSquid.describe('behind a stock squid', () => {
  // [NO_PROXY, whether the mirror only squid can reach is reachable]
  it.each([
    ['', true],
    [PROXIED_HOST, false],
    ['.test', false],
    // requests matches plain string suffixes: pip goes direct, and so must the probe.
    ['a.test', false],
    ['test', false],
    ['other.test', true],
    ['mirror-a.test:PORT', false],
    ['mirror-a.test:1', true],
    ['*', false],
    ['127.0.0.1', true]
  ])(
    'NO_PROXY=%s: the probe reaches each mirror exactly when pip does',
    async (noProxy, viaSquid) => {
      const port = new URL(proxiedMirror.indexUrl).port
      const proxyEnv = { HTTP_PROXY: squid.url, NO_PROXY: noProxy.replace('PORT', port) }
      const candidates = [proxiedUrl(), directMirror.indexUrl]
      const [{ ranking }, ...pip] = await Promise.all([
        probe(candidates, proxyEnv),
        ...candidates.map(url => pipInstalls(url, proxyEnv))
      ])
      const probeOk = candidates.map(url => ranking.find(entry => entry.url === url)?.ok)
      expect(probeOk).toEqual(pip)
      expect(probeOk).toEqual([viaSquid, true])
    }
  )

  it('sends plain GETs for http mirrors, as pip does, never CONNECT', async () => {
    const { ranking, step } = await probe([proxiedUrl()], { HTTP_PROXY: squid.url })
    expect(ranking[0].ok).toBe(true)
    const asked = (line: string): boolean => line.includes(`GET ${proxiedUrl()}/demo-pkg/`)
    const log = await squid.loggedSoon(asked)
    expect(log.some(asked)).toBe(true)
    expect(log.some(line => / CONNECT /.test(line))).toBe(false)
    // No Node warning (EnvHttpProxyAgent and the like) in the user's log.
    expect(step.log).not.toMatch(/Warning|experimental/i)
  })

  it('names a CONNECT the proxy refuses, and pip cannot use that route either', async () => {
    // Stock squid allows CONNECT to port 443 only.
    const https = proxiedUrl().replace('http:', 'https:')
    const proxyEnv = { HTTPS_PROXY: squid.url }
    const [{ ranking }, pip] = await Promise.all([
      probe([https], proxyEnv),
      pipInstalls(https, proxyEnv)
    ])
    expect(ranking[0]).toMatchObject({
      ok: false,
      error: `proxy 127.0.0.1:${squid.port} answered 403 to CONNECT (the proxy does not allow this destination)`
    })
    expect(pip).toBe(false)
  })

  it('bounds a candidate the proxy cannot get an answer from by probe-timeout', async () => {
    const hanging = await pool.start({ hang: 'all' })
    const hangingUrl = `http://${PROXIED_HOST}:${new URL(hanging.indexUrl).port}/simple`
    const { ranking, seconds } = await probe(
      [proxiedUrl(), hangingUrl],
      { HTTP_PROXY: squid.url },
      1000
    )
    expect(ranking.map(entry => entry.ok)).toEqual([true, false])
    expect(ranking[1].error).toMatch(
      new RegExp(`^no answer from the proxy 127\\.0\\.0\\.1:${squid.port} within \\d+ ms$`)
    )
    // Node's start, the probe (at most 1 s) and the step's own work; squid alone would wait 60 s.
    expect(seconds).toBeLessThan(8)
  })
})

withSquid.describe('the router behind a stock squid', () => {
  it.each([
    [
      'HTTP_PROXY',
      (url: string) => ({ HTTP_PROXY: url }),
      { no_proxy: '127.0.0.1', NO_PROXY: '127.0.0.1' }
    ],
    [
      'PIP_PROXY and a NO_PROXY list',
      (url: string) => ({ PIP_PROXY: url, NO_PROXY: 'other.test' }),
      { PIP_PROXY: '', NO_PROXY: 'other.test,127.0.0.1' }
    ]
  ])(
    'with %s: pip reaches the router on loopback and the router reaches the mirror through squid',
    async (_what, proxyEnv, exported) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'workspace-'))
      const env = { ...networkEnv(proxyEnv(squid.url)), GITHUB_WORKSPACE: dir }
      const main = await runStep('main', {
        inputs: {
          mirrors: proxiedUrl(),
          'probe-project': 'demo-pkg',
          cache: 'false',
          install: pipInstallCommand(venv, ['--no-cache-dir', '--dry-run', 'demo-pkg==1.1'])
        },
        env,
        cwd: dir
      })
      try {
        expect(main.exitCode).toBe(0)
        expect(main.outputs['router-url']).toMatch(/^http:\/\/127\.0\.0\.1:/)
        expect(main.env).toMatchObject(exported)
        // A later step: pip with the job's environment, the proxy settings included.
        const later = await runPipInstall(venv, ['--no-cache-dir', '--dry-run', 'demo-pkg==1.0'], {
          env: { ...env, ...main.env }
        })
        expect(later.exitCode).toBe(0)
        const asked = (line: string): boolean => line.includes(`GET ${proxiedUrl()}/demo-pkg/`)
        const log = await squid.loggedSoon(asked)
        expect(log.some(asked)).toBe(true)
        // pip never asked squid for the router.
        const router = new URL(main.outputs['router-url']).host
        expect(log.some(line => line.includes(router))).toBe(false)
      } finally {
        await runStep('post', { state: main.state, env, cwd: dir })
        // As the job's proxy, the router outlives the post step until the job ends: here, now.
        if (main.state.router) process.kill((JSON.parse(main.state.router) as { pid: number }).pid)
      }
    }
  )
})

withSquid.describe('a broken proxy', () => {
  it('one that accepts and never answers ends the probe within probe-timeout, and is named', async () => {
    const silent = await startSilentProxy()
    try {
      const { ranking, seconds, step } = await probe(
        [proxiedUrl(), directMirror.indexUrl],
        { HTTP_PROXY: silent.url },
        1000
      )
      const port = new URL(silent.url).port
      for (const entry of ranking) {
        expect(entry).toMatchObject({
          ok: false,
          error: `no answer from the proxy 127.0.0.1:${port} within 1000 ms`
        })
      }
      expect(seconds).toBeLessThan(8)
      expect(step.exitCode).toBe(0)
    } finally {
      await silent.stop()
    }
  })

  it('one that is down is named as the proxy, not as the mirror', async () => {
    const port = await freePort()
    const { ranking, step } = await probe([proxiedUrl()], {
      HTTP_PROXY: `http://127.0.0.1:${port}`
    })
    expect(ranking[0]).toMatchObject({
      ok: false,
      error: `proxy 127.0.0.1:${port} refused the connection`
    })
    expect(step.log).toContain('No mirror passed the probe')
    expect(step.exitCode).toBe(0)
  })
})

withSquid.describe('a proxy requiring Basic authentication', () => {
  it('without credentials: both the probe and pip are refused, and the reason says 407', async () => {
    const proxyEnv = { HTTP_PROXY: authSquid.url }
    const [{ ranking }, pip] = await Promise.all([
      probe([proxiedUrl()], proxyEnv),
      pipInstalls(proxiedUrl(), proxyEnv)
    ])
    expect(ranking[0].ok).toBe(false)
    expect(ranking[0].error).toContain(`proxy 127.0.0.1:${authSquid.port} answered 407`)
    expect(pip).toBe(false)
  })

  it('with credentials in the proxy URL: both get through, and the password is never printed', async () => {
    const proxyEnv = { HTTP_PROXY: `http://builder:${PASSWORD}@127.0.0.1:${authSquid.port}` }
    const [{ ranking, step }, pip] = await Promise.all([
      probe([proxiedUrl()], proxyEnv),
      pipInstalls(proxiedUrl(), proxyEnv)
    ])
    expect(ranking[0].ok).toBe(true)
    expect(pip).toBe(true)
    // Masked for the runner, and written nowhere else.
    expect(step.log).toContain(`::add-mask::${PASSWORD}`)
    const shown = step.log.replace(`::add-mask::${PASSWORD}`, '')
    expect(shown + step.summary + JSON.stringify(step.outputs)).not.toContain(PASSWORD)
  })
})
