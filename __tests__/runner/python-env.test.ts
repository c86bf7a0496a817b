import { describe, expect, it } from '@jest/globals'
import { pythonCandidates } from '../../src/runner/python-env.js'

describe('pythonCandidates', () => {
  it.each([
    ['linux', ['python3', 'python']],
    ['darwin', ['python3', 'python']],
    ['win32', ['python', 'python3']]
  ])('%s', (platform, names) => expect(pythonCandidates(platform)).toEqual(names))
})
