import { describe, expect, it } from '@jest/globals'
import {
  type CachePlan,
  decideSave,
  isTransientCacheFile,
  selectEvictions,
  selectUnused,
  untrustedCacheEvent
} from '../../src/cache/cache-policy.js'

const plan = (overrides: Partial<CachePlan>): CachePlan => ({
  directories: [{ tool: 'pip', dir: '/home/runner/.cache/pip' }],
  saveKey: 'key-b',
  matchedKey: 'key-a',
  readOnly: false,
  install: 'succeeded',
  ...overrides
})

describe('decideSave', () => {
  it.each([
    ['a successful install after a partial hit', {}, true, true],
    ['a successful install after a miss', { matchedKey: undefined }, true, true],
    ['no install, with content', { install: 'none' as const }, true, true],
    ['no install and an empty cache', { install: 'none' as const }, false, false],
    ['a failed install', { install: 'failed' as const }, true, false],
    ['an exact hit', { matchedKey: 'key-b' }, true, false],
    ['read-only', { readOnly: true }, true, false],
    ['pull_request_target', { untrustedEvent: 'pull_request_target' }, true, false],
    ['workflow_run', { untrustedEvent: 'workflow_run' }, true, false]
  ])('%s', (_name, overrides, hasContent, save) => {
    expect(decideSave(plan(overrides), hasContent).save).toBe(save)
  })

  it('says why it does not save', () => {
    expect(decideSave(plan({ matchedKey: 'key-b' }), true)).toEqual({
      save: false,
      level: 'info',
      reason: 'exact hit on key-b: nothing new to save'
    })
    expect(decideSave(plan({ install: 'none' }), false)).toMatchObject({ level: 'notice' })
  })
})

describe('untrustedCacheEvent', () => {
  it.each([
    ['pull_request_target', 'pull_request_target'],
    ['workflow_run', 'workflow_run'],
    ['pull_request', undefined],
    ['push', undefined],
    ['schedule', undefined],
    [undefined, undefined]
  ])('%s', (event, expected) => {
    expect(untrustedCacheEvent(event)).toBe(expected)
  })
})

describe('selectEvictions', () => {
  const files = [
    { path: 'new', size: 50, mtimeMs: 300 },
    { path: 'old', size: 40, mtimeMs: 100 },
    { path: 'middle', size: 30, mtimeMs: 200 }
  ]

  it.each([
    [200, []],
    [120, []],
    [100, ['old']],
    [50, ['old', 'middle']],
    [10, ['old', 'middle', 'new']]
  ])('under a limit of %d drops %j', (limit, evicted) => {
    expect(selectEvictions(files, limit).map(file => file.path)).toEqual(evicted)
  })
})

describe('selectUnused', () => {
  const files = [
    { path: 'used', size: 50, mtimeMs: 1000 },
    { path: 'restored', size: 40, mtimeMs: 400 },
    { path: 'at-start', size: 30, mtimeMs: 500 }
  ]

  it.each([
    [500, ['restored']],
    [1001, ['used', 'restored', 'at-start']],
    [0, []]
  ])('used since %d leaves out %j', (since, unused) => {
    expect(selectUnused(files, since).map(file => file.path)).toEqual(unused)
  })
})

describe('isTransientCacheFile', () => {
  it.each([
    ['selfcheck/8a3c.json', true],
    ['http-v2/a/b/c/d/e/abcdef.body', false],
    ['http-v2/a/b/c/d/e/abcdef.tmp', true],
    ['wheels/ab/cd/ef/x-1.0-py3-none-any.whl', false],
    ['http/a/b/c.lock', true],
    ['wheels\\ab\\x.lock', true]
  ])('%s', (file, transient) => expect(isTransientCacheFile(file)).toBe(transient))
})
