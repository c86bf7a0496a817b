import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { Output } from '../../src/action/outputs.js'
import { Input } from '../../src/inputs.js'
import { DEFAULTS } from '../../src/inputs.js'

interface ActionYml {
  inputs: Record<string, { description: string; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post: string; 'post-if': string }
}

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const documented = (table: string): string[] => {
  const section = readme.split(/^## /m).find(part => part.startsWith(table)) ?? ''
  return [...section.matchAll(/^\| `([a-z-]+)` +\|/gm)].map(match => match[1])
}

const action = parse(
  readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')
) as ActionYml

describe('action.yml', () => {
  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(Input).sort())
  })

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(Output).sort())
  })

  it("gives each input the code's own default, since a runner passes the declared one", () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect([name, (input.default ?? '').trim()]).toEqual([
        name,
        DEFAULTS[name as keyof typeof DEFAULTS].trim()
      ])
    }
  })

  it('describes every input and output', () => {
    for (const entry of [...Object.values(action.inputs), ...Object.values(action.outputs)]) {
      expect(entry.description.length).toBeGreaterThan(10)
    }
  })

  it('runs the bundles on node24 with a post step', () => {
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'dist/main/index.js',
      post: 'dist/post/index.js',
      'post-if': 'always()'
    })
  })

  it('is documented in the README, input for input and output for output', () => {
    expect(documented('Inputs').sort()).toEqual(Object.keys(action.inputs).sort())
    expect(documented('Outputs').sort()).toEqual(Object.keys(action.outputs).sort())
  })
})
