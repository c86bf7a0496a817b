import { describe, expect, it } from '@jest/globals'
import {
  MAX_QUICK_DEATHS,
  parseSupervisorMessage,
  parseWorkerMessage,
  restartDelayMs,
  startMessage
} from '../../src/router-process/supervision.js'

const config = {
  mirrors: [{ name: 'a', url: 'http://a.example/simple', private: false }],
  privateProjects: [],
  storeDir: '/s',
  timeoutMs: 1000,
  secret: 'x'.repeat(32),
  jobSecret: 'y'.repeat(32),
  statsFile: '/r/stats.json',
  logFile: '/r/router.log'
}

describe('restartDelayMs', () => {
  it.each([
    [1, 0],
    [2, 250],
    [3, 500],
    [4, 1000],
    [MAX_QUICK_DEATHS, 2000],
    [MAX_QUICK_DEATHS + 1, undefined]
  ])('after %i quick deaths: %s', (deaths, delay) => {
    expect(restartDelayMs(deaths)).toBe(delay)
  })
})

describe('parseSupervisorMessage', () => {
  it.each([
    ['a start', startMessage(config), startMessage(config)],
    [
      'a start with a ranking',
      startMessage(config, { order: [{ index: 0 }], failedPrivate: [] }),
      startMessage(config, { order: [{ index: 0 }], failedPrivate: [] })
    ],
    ['a start with a bad config', { kind: 'start', config: { ...config, mirrors: [] } }, undefined],
    [
      'a start with its job',
      startMessage({ ...config, job: { pid: 4242, startTime: 1 } }),
      startMessage({ ...config, job: { pid: 4242, startTime: 1 } })
    ],
    // Signal 0 to pid 0 or below checks a process group: a watch on it would never end.
    [
      'a start whose job is pid 0',
      { kind: 'start', config: { ...config, job: { pid: 0, startTime: 1 } } },
      undefined
    ],
    [
      'a start whose job is a negative pid',
      { kind: 'start', config: { ...config, job: { pid: -4242, startTime: 1 } } },
      undefined
    ],
    [
      'a start with a ranking out of range',
      { kind: 'start', config, ranking: { order: [{ index: 1 }] } },
      undefined
    ],
    ['a stats request', { kind: 'stats' }, { kind: 'stats' }],
    ['something else', { kind: 'exec' }, undefined],
    ['not an object', 'start', undefined]
  ])('%s', (_what, value, parsed) => {
    expect(parseSupervisorMessage(value)).toEqual(parsed)
  })
})

describe('parseWorkerMessage', () => {
  it.each([
    ['ready', { kind: 'ready' }, { kind: 'ready' }],
    ['figures', { kind: 'stats', stats: { errors: 0 } }, { kind: 'stats', stats: { errors: 0 } }],
    ['figures without figures', { kind: 'stats' }, undefined],
    ['a stop the post step asked for', { kind: 'stop' }, { kind: 'stop' }],
    ['anything else', null, undefined]
  ])('%s', (_what, value, parsed) => {
    expect(parseWorkerMessage(value)).toEqual(parsed)
  })
})
