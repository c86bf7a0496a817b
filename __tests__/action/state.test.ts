import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { runStep } from '../../test-support/action-runner.js'

/** @actions/core with state kept in a map, as a runner keeps it from main to post. */
const stored = new Map<string, string>()
const warning = jest.fn<(message: string, properties?: { title?: string }) => void>()
jest.unstable_mockModule('@actions/core', () => ({
  saveState: (name: string, value: string) => stored.set(name, value),
  getState: (name: string) => stored.get(name) ?? '',
  warning
}))
const { loadState, saveState, State } = await import('../../src/action/state.js')
type StateName = (typeof State)[keyof typeof State]

beforeEach(() => {
  stored.clear()
  warning.mockClear()
})

const plan = {
  directories: [
    { tool: 'pip', dir: '/home/runner/.cache/pip' },
    { tool: 'uv', dir: '/home/runner/.cache/uv' }
  ],
  saveKey: 'pip-mirror-Linux-abc',
  matchedKey: 'pip-mirror-Linux-',
  readOnly: false,
  install: 'succeeded'
} as const
const restore = {
  file: '/etc/docker/daemon.json',
  original: Buffer.from('{"storage-driver": "vfs"}\n').toString('base64')
}

describe('state names', () => {
  // A post step reads what the main step of the same run wrote: the names are fixed here.
  it('are the constants', () => {
    expect(State).toEqual({
      CachePlan: 'cache-plan',
      DockerRestore: 'docker-restore',
      Router: 'router'
    })
  })
})

describe('round trip', () => {
  const cases: [string, StateName, object][] = [
    ['the cache plan', State.CachePlan, plan],
    ['a cache plan with no restored key', State.CachePlan, { ...plan, matchedKey: undefined }],
    [
      'a cache plan on an untrusted event',
      State.CachePlan,
      { ...plan, untrustedEvent: 'pull_request_target' }
    ],
    ['a cache plan with no directories', State.CachePlan, { ...plan, directories: [] }],
    ['a Docker restore record', State.DockerRestore, restore],
    [
      'a running router',
      State.Router,
      {
        pid: 4242,
        statsFile: '/tmp/router/stats.json',
        logFile: '/tmp/router/router.log',
        stopUrl: 'http://127.0.0.1:4000/job-secret/stop'
      }
    ],
    [
      'a Docker restore record for a missing file',
      State.DockerRestore,
      { ...restore, original: null }
    ],
    ['a Docker restore record for an empty file', State.DockerRestore, { ...restore, original: '' }]
  ]
  it.each(cases)('%s', (_label, name, value) => {
    saveState(name, value as never)
    expect([...stored.keys()]).toEqual([name])
    expect(loadState(name)).toEqual(value)
    expect(warning).not.toHaveBeenCalled()
  })
})

describe('no state', () => {
  it.each(Object.values(State))('%s: undefined, without a warning', name => {
    expect(loadState(name)).toBeUndefined()
    expect(warning).not.toHaveBeenCalled()
  })
})

describe('a bad state is a warning naming it, and undefined', () => {
  const json = (value: unknown) => JSON.stringify(value)
  const cases: [string, StateName, string, string][] = [
    ['malformed JSON', State.CachePlan, '{"saveKey": ', 'not JSON ('],
    ['JSON null', State.CachePlan, 'null', 'not a JSON object'],
    ['a JSON list', State.DockerRestore, json([restore]), 'not a JSON object'],
    ['a JSON string', State.DockerRestore, json(json(restore)), 'not a JSON object'],
    [
      'a missing field',
      State.CachePlan,
      json({ ...plan, directories: undefined }),
      'directories: expected a list of { tool: "pip" | "uv" | "poetry" | "pdm" | "pipenv" | "store", dir }'
    ],
    [
      'an older plan with one directory',
      State.CachePlan,
      json({ ...plan, directories: undefined, directory: '/home/runner/.cache/pip' }),
      'directories: expected'
    ],
    [
      'an unknown tool',
      State.CachePlan,
      json({ ...plan, directories: [{ tool: 'conda', dir: '/x' }] }),
      'directories: expected'
    ],
    ['an empty key', State.CachePlan, json({ ...plan, saveKey: '' }), 'saveKey: expected'],
    ['a numeric key', State.CachePlan, json({ ...plan, matchedKey: 3 }), 'matchedKey: expected'],
    [
      'a non-text event',
      State.CachePlan,
      json({ ...plan, untrustedEvent: true }),
      'untrustedEvent: expected'
    ],
    ['a router without a pid', State.Router, json({ statsFile: '/tmp/s.json' }), 'pid: expected'],
    ['a router with pid 0', State.Router, json({ pid: 0, statsFile: '/tmp/s' }), 'pid: expected'],
    [
      'a router without its log',
      State.Router,
      json({ pid: 1, statsFile: '/tmp/s' }),
      'logFile: expected'
    ],
    [
      'a string for a boolean',
      State.CachePlan,
      json({ ...plan, readOnly: 'false' }),
      'readOnly: expected true or false'
    ],
    [
      'an unknown install outcome',
      State.CachePlan,
      json({ ...plan, install: 'skipped' }),
      'install: expected one of "none", "succeeded", "failed"'
    ],
    ['a missing file', State.DockerRestore, json({ original: null }), 'file: expected'],
    [
      'an unencoded original',
      State.DockerRestore,
      json({ ...restore, original: '{"storage-driver": "vfs"}' }),
      'original: expected base64 text, or null'
    ],
    [
      'a missing original',
      State.DockerRestore,
      json({ file: restore.file }),
      'original: expected base64 text, or null'
    ]
  ]
  it.each(cases)('%s (%s)', (_label, name, text, problem) => {
    stored.set(name, text)
    expect(loadState(name)).toBeUndefined()
    expect(warning).toHaveBeenCalledTimes(1)
    const [message, properties] = warning.mock.calls[0]
    expect(message).toContain(`State ${name} from the main step is unusable (${problem}`)
    expect(properties).toEqual({ title: 'pip-mirror-action: post step' })
  })

  it('says what the post step skips', () => {
    stored.set(State.CachePlan, '[]')
    stored.set(State.DockerRestore, '[]')
    loadState(State.CachePlan)
    loadState(State.DockerRestore)
    expect(warning.mock.calls.map(([message]) => message)).toEqual([
      'State cache-plan from the main step is unusable (not a JSON object): not saving the cache.',
      'State docker-restore from the main step is unusable (not a JSON object): not restoring the Docker daemon config.'
    ])
  })
})

describe('the bundled post step', () => {
  it('skips a corrupt state with a warning naming it, and exits 0', async () => {
    // Trusted, this record would write garbage to the file: a scratch path, in case it is.
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'corrupt-state-')), 'daemon.json')
    const post = await runStep('post', {
      state: {
        [State.DockerRestore]: JSON.stringify({ file, original: '{not base64}' }),
        [State.CachePlan]: '{"saveKey": '
      }
    })
    expect(post.exitCode).toBe(0)
    expect(post.log).toContain(
      '::warning title=pip-mirror-action%3A post step::State docker-restore from the main step is unusable (original: expected base64 text, or null): not restoring the Docker daemon config.'
    )
    expect(post.log).toMatch(
      /::warning title=pip-mirror-action%3A post step::State cache-plan from the main step is unusable \(not JSON \(.+\)\): not saving the cache\./
    )
    expect(post.log).not.toContain('Restore the Docker daemon config')
    expect(post.log).not.toContain('Save pip cache')
    expect(post.summary).toBe('')
    await expect(stat(file)).rejects.toThrow('ENOENT')
  })
})
