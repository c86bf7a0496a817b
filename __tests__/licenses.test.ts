import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'

// dist/ is what users run: each bundle's licenses.txt must name every package it may hold, not
// only one lazily loaded chunk's (ncc's own file, once a bundle has chunks).
const root = new URL('../', import.meta.url)
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { dev?: boolean; optional?: boolean }>
}
const production = [
  ...new Set(
    Object.entries(lock.packages)
      .filter(([where, pkg]) => where.startsWith('node_modules/') && !pkg.dev && !pkg.optional)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length))
  )
]

describe('dist licenses', () => {
  it.each(['main', 'post', 'cli', 'router'])(
    'dist/%s/licenses.txt names every production package',
    entry => {
      const text = readFileSync(new URL(`dist/${entry}/licenses.txt`, root), 'utf8')
      const named = new Set(text.split('\n'))
      expect(production.length).toBeGreaterThan(10)
      expect(production.filter(name => !named.has(name))).toEqual([])
    }
  )
})
