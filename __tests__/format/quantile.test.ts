import { describe, expect, it } from '@jest/globals'
import { quantile } from '../../src/format/quantile.js'

describe('quantile', () => {
  it.each([
    [[3, 1, 2], 0.5, 2],
    [[1, 2, 3, 4], 0.5, 2.5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95, 9.55],
    [[7], 0.95, 7]
  ])('%j at %d', (values, q, expected) => expect(quantile(values, q)).toBeCloseTo(expected))
})
