import { describe, expect, it } from '@jest/globals'
import { newFileStats } from '../../src/files/file-rules.js'
import { byteSources } from '../../src/router/install-bytes.js'
import { newPageStats } from '../../src/router/pages.js'
import type { RouterStats } from '../../src/router/router-service.js'

function stats(bytesByMirror: Record<string, number>, storeBytes = 0): RouterStats {
  return {
    pages: newPageStats(),
    files: { ...newFileStats(), bytesByMirror, storeBytes },
    pagesServed: 0,
    pagesFailed: 0,
    metadataFromWheels: 0,
    errors: 0,
    containerRequests: 0,
    order: ['tuna', 'pypi'],
    ranked: true
  }
}

describe('byteSources', () => {
  it.each([
    [{ pypi: 10, tuna: 30 }, 0, 'tuna', { pypi: 10, tuna: 30 }],
    [{ pypi: 10 }, 50, 'store', { pypi: 10, store: 50 }],
    [{ pypi: 0 }, 0, 'tuna', { pypi: 0 }],
    [{}, 0, 'tuna', {}]
  ])('%p with %d bytes from the store: %s', (byMirror, store, top, bytes) => {
    expect(byteSources(stats(byMirror, store))).toEqual({ top, bytes })
  })
})
