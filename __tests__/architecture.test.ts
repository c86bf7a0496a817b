import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from '@jest/globals'

// README's "Architecture" section names every folder of src/ and every module at its root; lint
// enforces the dependency rules it states (eslint.config.js). This keeps the section and the
// tree from drifting apart, and keeps __tests__/ mirroring src/.

const root = new URL('../', import.meta.url)
const readme = readFileSync(new URL('README.md', root), 'utf8')

/** The section's text: from its heading to the next heading of the same or a higher level. */
function architectureSection(markdown: string): string {
  const lines = markdown.split('\n')
  const start = lines.findIndex(line => /^#{2,3} Architecture\s*$/.test(line))
  if (start === -1) return ''
  const level = lines[start].indexOf(' ')
  const end = lines.findIndex(
    (line, index) => index > start && /^#+ /.test(line) && line.indexOf(' ') <= level
  )
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n')
}

/** Every `src/…` path the section names in backticks, without the `src/`. */
function namedPaths(section: string): string[] {
  return [...section.matchAll(/`src\/([^`\s]*)`/g)].map(match => match[1])
}

/** Folders under `top` (recursively), relative to it, each with a trailing slash. */
function folders(top: string): string[] {
  const base = fileURLToPath(new URL(`${top}/`, root))
  return readdirSync(base, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => `${path.relative(base, path.join(entry.parentPath, entry.name))}/`)
    .sort()
}

const section = architectureSection(readme)
const named = namedPaths(section)
const srcFolders = folders('src')
const rootModules = readdirSync(new URL('src/', root))
  .filter(name => name.endsWith('.ts'))
  .sort()

describe('README Architecture section', () => {
  it('exists in README', () => {
    expect(section.trim()).not.toBe('')
  })

  it('names every folder of src/, and no folder that is gone', () => {
    const namedFolders = named.filter(path => path.endsWith('/'))
    expect({
      notInReadme: srcFolders.filter(folder => !namedFolders.includes(folder)),
      goneFromSrc: namedFolders.filter(folder => !srcFolders.includes(folder))
    }).toEqual({ notInReadme: [], goneFromSrc: [] })
  })

  it('names every module at the root of src/, and none that is gone', () => {
    const namedRoot = named.filter(path => /^[^/]+\.ts$/.test(path))
    expect({
      notInReadme: rootModules.filter(file => !namedRoot.includes(file)),
      goneFromSrc: namedRoot.filter(file => !rootModules.includes(file))
    }).toEqual({ notInReadme: [], goneFromSrc: [] })
  })

  it('names only paths that exist', () => {
    const gone = named.filter(path => !existsSync(new URL(`src/${path}`, root)))
    expect(gone).toEqual([])
  })
})

describe('eslint.config.js', () => {
  it('lists in PURE_MODULES only paths that match a module', () => {
    const config = readFileSync(new URL('eslint.config.js', root), 'utf8')
    const list = /const PURE_MODULES = \[([^\]]*)\]/.exec(config)?.[1] ?? ''
    const entries = [...list.matchAll(/'([^']+)'/g)].map(match => match[1])
    const modules = readdirSync(new URL('src/', root), { recursive: true })
      .map(name => `src/${String(name)}`)
      .filter(name => name.endsWith('.ts'))
    // The entries are paths, or globs whose only wildcard is `*` within one folder.
    const pattern = (glob: string) =>
      new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`)
    const stale = entries.filter(entry => !modules.some(module => pattern(entry).test(module)))
    expect(entries.length).toBeGreaterThan(0)
    expect(stale).toEqual([])
  })
})

describe('__tests__/ mirrors src/', () => {
  it.each(srcFolders)('src/%s has tests in __tests__/ under the same path', folder => {
    const mirror = new URL(`__tests__/${folder}`, root)
    const tests = existsSync(mirror)
      ? readdirSync(mirror, { recursive: true }).filter(name => String(name).endsWith('.test.ts'))
      : []
    expect(tests.length).toBeGreaterThan(0)
  })
})

/**
 * Every import of each module of src/, type-only ones included: lint's import/no-cycle skips
 * `import type`, but a cycle through types still ties the modules' designs together.
 */
function importGraph(): Map<string, string[]> {
  const base = fileURLToPath(new URL('src/', root))
  const modules = readdirSync(base, { recursive: true })
    .map(String)
    .filter(name => name.endsWith('.ts'))
  const specifier = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)\.js['"]/g
  return new Map(
    modules.map(module => {
      const text = readFileSync(path.join(base, module), 'utf8')
      const targets = [...text.matchAll(specifier)].map(match =>
        path.normalize(path.join(path.dirname(module), `${match[1]}.ts`))
      )
      return [module, [...new Set(targets)]]
    })
  )
}

/** The cycles of a graph: each strongly connected set of two modules or more (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const found: string[][] = []
  const visit = (node: string): void => {
    index.set(node, index.size)
    low.set(node, index.get(node)!)
    stack.push(node)
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!))
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    let member: string | undefined
    do {
      member = stack.pop()!
      component.push(member)
    } while (member !== node)
    if (component.length > 1) found.push(component.sort())
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return found
}

describe('imports', () => {
  it('finds a cycle where there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']]
    ])
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })

  it('form no cycle in src/, counting type-only imports', () => {
    const graph = importGraph()
    expect(graph.get('router/server.ts')).toContain('router/request.ts')
    expect(cycles(graph)).toEqual([])
  })
})
