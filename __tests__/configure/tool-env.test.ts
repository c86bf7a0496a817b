import { describe, expect, it } from '@jest/globals'
import { parseMirror } from '../../src/mirrors/mirror.js'
import { renderToolEnv } from '../../src/configure/tool-env.js'

describe('renderToolEnv', () => {
  it('points pip and uv at an https mirror without disabling TLS checks', () => {
    const env = renderToolEnv(parseMirror('tuna'), { pip: true, uv: true })
    expect(env).toEqual({
      PIP_INDEX_URL: 'https://pypi.tuna.tsinghua.edu.cn/simple',
      PIP_TIMEOUT: '10',
      PIP_RETRIES: '2',
      PIP_RESUME_RETRIES: '3',
      UV_DEFAULT_INDEX: 'https://pypi.tuna.tsinghua.edu.cn/simple',
      UV_HTTP_TIMEOUT: '15',
      UV_HTTP_RETRIES: '2'
    })
  })

  it('trusts only the host of a plain-http mirror', () => {
    const env = renderToolEnv(parseMirror('http://10.0.0.5:3141/root/pypi/+simple'), {
      pip: true,
      uv: true
    })
    expect(env.PIP_TRUSTED_HOST).toBe('10.0.0.5:3141')
    expect(env.UV_INSECURE_HOST).toBe('10.0.0.5:3141')
  })

  it.each([
    [
      { pip: true, uv: false },
      ['PIP_INDEX_URL', 'PIP_RESUME_RETRIES', 'PIP_RETRIES', 'PIP_TIMEOUT']
    ],
    [{ pip: false, uv: true }, ['UV_DEFAULT_INDEX', 'UV_HTTP_RETRIES', 'UV_HTTP_TIMEOUT']],
    [{ pip: false, uv: false }, []]
  ])('sets only the selected tools: %j', (tools, names) => {
    expect(Object.keys(renderToolEnv(parseMirror('pypi'), tools)).sort()).toEqual(names)
  })

  it('never adds an extra index', () => {
    const env = renderToolEnv(parseMirror('http://127.0.0.1:1/simple'), { pip: true, uv: true })
    expect(Object.keys(env).filter(name => /EXTRA|UV_INDEX$/.test(name))).toEqual([])
  })
})
