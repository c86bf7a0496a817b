import { describe, expect, it } from '@jest/globals'
import type { Declared } from '../../src/prefetch/declared-files.js'
import { parsePrefetchPlan, planPrefetch } from '../../src/prefetch/plan.js'

const LINUX = {
  tags: ['cp312-cp312-manylinux_2_17_x86_64', 'py3-none-any'],
  environment: {
    python_version: '3.12',
    python_full_version: '3.12.4',
    sys_platform: 'linux',
    os_name: 'posix',
    platform_machine: 'x86_64',
    platform_system: 'Linux',
    platform_release: '6.1.0',
    platform_version: '#1 SMP',
    platform_python_implementation: 'CPython',
    implementation_name: 'cpython',
    implementation_version: '3.12.4'
  }
}

const declared = (project: string, extra: Partial<Declared> = {}): Declared => ({
  project,
  specifier: '',
  extras: [],
  hashes: [],
  from: 'requirements.txt',
  ...extra
})

describe('planPrefetch', () => {
  it.each([
    ['a marker that holds', [declared('a', { marker: 'sys_platform == "linux"' })], ['a']],
    ['a marker that does not', [declared('a', { marker: 'sys_platform == "win32"' })], []],
    ['a marker it cannot read: kept', [declared('a', { marker: 'sys_platform ===' })], ['a']],
    [
      'the same project and version twice: once',
      [declared('a', { version: '1.0' }), declared('a', { version: '1.0', from: 'uv.lock' })],
      ['a']
    ],
    [
      'two versions of one project (a fork): both',
      [declared('a', { version: '1.0' }), declared('a', { version: '2.0' })],
      ['a', 'a']
    ]
  ])('%s', (_name, entries, projects) => {
    const plan = planPrefetch(entries, LINUX, ['requirements.txt'])
    expect(plan.wants.map(want => want.project)).toEqual(projects)
    expect(plan.tags).toEqual(LINUX.tags)
  })
})

describe('parsePrefetchPlan', () => {
  const good = planPrefetch(
    [
      declared('a', {
        version: '1.0',
        hashes: ['ab'.repeat(32)],
        files: [{ filename: 'a-1.0.tar.gz' }]
      })
    ],
    LINUX,
    ['requirements.txt']
  )

  it('takes a plan as it was sent', () => {
    expect(parsePrefetchPlan(JSON.parse(JSON.stringify(good)))).toEqual(good)
  })

  it.each([
    ['nothing', undefined],
    ['tags that are not strings', { ...good, tags: [1] }],
    ['an environment value that is not a string', { ...good, environment: { python_version: 3 } }],
    ['a want without a project', { ...good, wants: [{ ...good.wants[0], project: undefined }] }],
    ['a file without a name', { ...good, wants: [{ ...good.wants[0], files: [{}] }] }],
    ['too many tags', { ...good, tags: Array.from({ length: 5001 }, () => 'py3-none-any') }]
  ])('refuses %s', (_name, value) => {
    expect(parsePrefetchPlan(value)).toBeUndefined()
  })
})
