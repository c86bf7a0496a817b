import { describe, expect, it } from '@jest/globals'
import { routerEnvironment } from '../../src/router-process/environment.js'

describe('routerEnvironment', () => {
  it.each([
    ['PATH', '/usr/bin', true],
    ['HOME', '/home/runner', true],
    ['LC_ALL', 'C.UTF-8', true],
    ['RUNNER_TEMP', '/tmp/runner', true],
    ['RUNNER_TRACKING_ID', 'github_1234', true],
    ['HTTPS_PROXY', 'http://proxy:3128', true],
    ['PIP_PROXY', 'http://user:pw@proxy:3128', true],
    ['no_proxy', 'localhost', true],
    ['SSL_CERT_FILE', '/etc/ssl/ca.pem', true],
    ['NODE_EXTRA_CA_CERTS', '/etc/ssl/extra.pem', true],
    ['ACTIONS_RUNTIME_TOKEN', 'eyJ0eXAi', false],
    ['ACTIONS_CACHE_URL', 'https://cache.example/', false],
    ['ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'token', false],
    ['GITHUB_TOKEN', 'ghs_x', false],
    ['INPUT_MIRRORS', 'private:corp=https://u:pw@corp.example/simple', false],
    ['PIP_INDEX_URL', 'https://u:pw@corp.example/simple', false],
    ['NODE_OPTIONS', '--require /tmp/evil.js', false],
    ['STATE_router', '{}', false],
    ['LD_PRELOAD', '/tmp/evil.so', false]
  ])('%s is kept: %s', (name, value, kept) => {
    const env = routerEnvironment({ [name]: value })
    expect(name in env).toBe(kept)
    if (kept) expect(env[name]).toBe(value)
  })

  it('keeps nothing but the allowed names', () => {
    expect(routerEnvironment({ PATH: '/bin', SECRET: 'x', UNSET: undefined })).toEqual({
      PATH: '/bin'
    })
  })

  it.each([
    ['Path', 'C:\\Windows\\system32', 'win32', true],
    ['SystemRoot', 'C:\\Windows', 'win32', true],
    ['USERPROFILE', 'C:\\Users\\runneradmin', 'win32', true],
    ['https_proxy', 'http://proxy:3128', 'win32', true],
    ['Github_Token', 'ghs_x', 'win32', false],
    ['NODE_OPTIONS', '--require evil.js', 'win32', false],
    ['SystemRoot', 'C:\\Windows', 'linux', false],
    ['Path', '/usr/bin', 'linux', false]
  ])('%s (%s) on %s is kept: %s', (name, value, platform, kept) => {
    const env = routerEnvironment({ [name]: value }, platform)
    expect(env[name]).toBe(kept ? value : undefined)
  })
})
