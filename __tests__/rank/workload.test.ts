import { describe, expect, it } from '@jest/globals'
import { DEFAULT_WORKLOAD, estimateWorkload } from '../../src/rank/workload.js'

describe('estimateWorkload', () => {
  it('falls back to a typical project without requirements', () => {
    expect(estimateWorkload([])).toBe(DEFAULT_WORKLOAD)
    expect(
      estimateWorkload([{ path: 'requirements.txt', text: '# nothing\n-r other.txt\n' }])
    ).toBe(DEFAULT_WORKLOAD)
  })

  it('counts named requirements once, with their likely dependencies', () => {
    const workload = estimateWorkload([
      {
        path: 'requirements.txt',
        text: 'requests==2.32.3\nurllib3>=2  # pinned\n-i https://x.example/simple\n\nRequests\n'
      },
      { path: 'requirements-dev.txt', text: 'pytest\n' }
    ])
    expect(workload).toEqual({
      requests: 12,
      bytes: 6 * 150 * 1024,
      basis: '3 requirement(s) in requirements.txt, requirements-dev.txt'
    })
  })

  it('counts heavy packages at their size', () => {
    const workload = estimateWorkload([{ path: 'requirements.txt', text: 'torch==2.5.0\nnumpy\n' }])
    expect(workload.bytes).toBe(816 * 1024 * 1024 + 4 * 150 * 1024)
    expect(workload.requests).toBe(8)
  })
})
