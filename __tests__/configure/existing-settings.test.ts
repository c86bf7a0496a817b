import { describe, expect, it } from '@jest/globals'
import { findIndexSettings } from '../../src/configure/existing-settings.js'
import type { SettingsSnapshot } from '../../src/configure/settings-snapshot.js'

const snapshot = (overrides: Partial<SettingsSnapshot>): SettingsSnapshot => ({
  env: {},
  pipConfigList: '',
  requirementFiles: [],
  uvLockFiles: [],
  ...overrides
})
const BOTH = { pip: true, uv: true }

describe('findIndexSettings', () => {
  it('finds nothing on a clean runner', () => {
    expect(findIndexSettings(snapshot({ env: { PATH: '/usr/bin' } }), BOTH)).toEqual([])
  })

  it('reports index variables, hiding credentials', () => {
    const findings = findIndexSettings(
      snapshot({
        env: {
          PIP_INDEX_URL: 'https://user:pw@corp.example/simple',
          PIP_EXTRA_INDEX_URL: 'https://extra.example/simple',
          UV_INDEX_URL: 'https://old.example/simple'
        }
      }),
      BOTH
    )
    expect(findings.map(f => [f.level, f.source])).toEqual([
      ['notice', 'PIP_INDEX_URL'],
      ['warning', 'PIP_EXTRA_INDEX_URL'],
      ['warning', 'UV_INDEX_URL']
    ])
    expect(findings[0].message).toBe(
      'PIP_INDEX_URL=https://***@corp.example/simple: replaced by the chosen mirror for the rest of the job'
    )
    expect(findings[1].message).toContain('dependency confusion')
  })

  it("reads pip's own report of its config files, leaving its environment entries to the variables", () => {
    const findings = findIndexSettings(
      snapshot({
        pipConfigList: [
          "global.index-url='https://corp.example/simple'",
          "global.extra-index-url='file:///opt/a file:///opt/b'",
          "user.timeout='60'",
          ":env:.find-links='/opt/wheels'"
        ].join('\n')
      }),
      BOTH
    )
    expect(findings.map(f => [f.level, f.source, f.message.split(':')[0]])).toEqual([
      ['notice', 'pip config global.index-url', 'index-url = https'],
      ['warning', 'pip config global.extra-index-url', 'extra-index-url = file']
    ])
  })

  it('points at index options inside requirements files, by file and line', () => {
    const findings = findIndexSettings(
      snapshot({
        requirementFiles: [
          {
            path: 'requirements.txt',
            text: 'requests==2.32.3\n-i https://tok@corp.example/simple\n--extra-index-url=https://x.example/simple\n'
          },
          {
            path: 'sub/requirements-dev.txt',
            text: '--find-links ./wheels\n# -i https://commented.example\n--no-index\n'
          }
        ]
      }),
      BOTH
    )
    expect(findings.map(f => [f.level, f.source, f.message.split(': ')[0]])).toEqual([
      ['warning', 'requirements.txt:2', '--index-url https://***@corp.example/simple'],
      ['warning', 'requirements.txt:3', '--extra-index-url https://x.example/simple'],
      ['notice', 'sub/requirements-dev.txt:1', '--find-links ./wheels'],
      ['warning', 'sub/requirements-dev.txt:3', '--no-index']
    ])
  })

  it('looks only at the tools being configured', () => {
    const env = {
      PIP_INDEX_URL: 'https://a.example/simple',
      UV_DEFAULT_INDEX: 'https://b.example/simple'
    }
    const onlyUv = findIndexSettings(
      snapshot({ env, pipConfigList: "global.index-url='x'", uvLockFiles: ['uv.lock'] }),
      { pip: false, uv: true }
    )
    expect(onlyUv.map(f => f.source)).toEqual(['UV_DEFAULT_INDEX', 'uv.lock'])
  })
})
