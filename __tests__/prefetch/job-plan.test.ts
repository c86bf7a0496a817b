import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { pythonFacts, readJobPlan } from '../../src/prefetch/job-plan.js'

/** The main step's reading of a workspace, with the Python on PATH, as a job would have it. */

const HASH = 'ab'.repeat(32)

async function workspace(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'job-plan-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text)
  }
  return dir
}

const wanted = (plan: Awaited<ReturnType<typeof readJobPlan>>) =>
  plan?.wants.map(want => `${want.project} ${want.version ?? want.specifier} ${want.from}`)

/** What pip's own packaging says of `python`: its tags and its default marker environment. */
function packagingFacts(python: string): unknown {
  const script = [
    'import json',
    'try:',
    '    from pip._vendor.packaging import markers, tags',
    'except Exception:',
    '    from packaging import markers, tags',
    'print(json.dumps({"tags": [str(t) for t in tags.sys_tags()], "environment": markers.default_environment()}))'
  ].join('\n')
  return JSON.parse(execFileSync(python, ['-c', script], { encoding: 'utf8' }))
}

/** python3 on PATH, and the CPython 3.7+ builds pyenv keeps on this machine, if any. */
function interpreters(): string[] {
  const versions = path.join(process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv'), 'versions')
  const pyenv = existsSync(versions)
    ? readdirSync(versions)
        .filter(version => /^3\.(?:[7-9]|1\d)\.\d+$/.test(version))
        .map(version => path.join(versions, version, 'bin', 'python3'))
        .filter(python => existsSync(python))
    : []
  return ['python3', ...pyenv]
}

describe('pythonFacts', () => {
  it.each(interpreters())(
    "gives the tags and marker values pip's packaging gives, for %s",
    async python => {
      const facts = await pythonFacts([python])
      expect(facts).toEqual(packagingFacts(python))
    }
  )

  it("asks the Python on PATH for pip's tags and its marker values", async () => {
    const facts = await pythonFacts()
    expect(facts?.tags).toContain('py3-none-any')
    expect(facts?.tags[0]).toMatch(/^cp3\d+-cp3\d+-/)
    expect(facts?.environment.python_full_version).toMatch(/^3\.\d+\.\d+/)
    expect(facts?.environment.sys_platform).toBe(process.platform)
  })
})

describe('readJobPlan', () => {
  it('reads the files the install command names, their includes and constraints', async () => {
    const dir = await workspace({
      'requirements.txt': 'never-read==1.0\n',
      'reqs/base.txt': `-r common.txt\n-c ../constraints.txt\nalpha\nbeta>=2 ; sys_platform == "${process.platform}"\ngamma ; sys_platform == "no-such-platform"\n`,
      'reqs/common.txt': `delta==3.1 --hash=sha256:${HASH}\n`,
      'constraints.txt': 'alpha==1.5\nunused==9\n'
    })
    const plan = await readJobPlan(dir, 'pip install -r reqs/base.txt', () => undefined)
    expect(wanted(plan)).toEqual([
      'alpha 1.5 reqs/base.txt',
      'beta >=2 reqs/base.txt',
      'delta 3.1 reqs/common.txt'
    ])
    expect(plan?.wants.find(want => want.project === 'delta')?.hashes).toEqual([HASH])
    expect(plan?.read).toEqual(['reqs/base.txt', 'reqs/common.txt', 'constraints.txt'])
  })

  it("without files in the command, the top folder's requirements*.txt and lock files", async () => {
    const dir = await workspace({
      'requirements.txt': 'alpha==1.0\n',
      'requirements-dev.txt': 'beta==2.0\n',
      'docs/requirements.txt': 'sphinx==8.0\n',
      'Pipfile.lock': JSON.stringify({
        _meta: {},
        default: { gamma: { version: '==3.0', hashes: [`sha256:${HASH}`] } },
        develop: { pytest: { version: '==8.0' } }
      })
    })
    const plan = await readJobPlan(dir, '', () => undefined)
    expect(wanted(plan)).toEqual([
      'beta 2.0 requirements-dev.txt',
      'alpha 1.0 requirements.txt',
      'gamma 3.0 Pipfile.lock'
    ])
  })

  it('reads no file outside the workspace', async () => {
    const outside = await workspace({ 'secret.txt': 'alpha==1.0\n' })
    const dir = await workspace({})
    const plan = await readJobPlan(
      dir,
      `pip install -r ${path.join(outside, 'secret.txt')} -r ../x.txt`,
      () => undefined
    )
    expect(plan?.read).toEqual([])
    expect(plan?.wants).toEqual([])
  })

  it('says so, and plans nothing, without a Python on PATH', async () => {
    const saved = process.env.PATH
    const said: string[] = []
    process.env.PATH = '/nonexistent'
    try {
      expect(await readJobPlan(await workspace({}), '', message => said.push(message))).toBe(
        undefined
      )
    } finally {
      process.env.PATH = saved
    }
    expect(said).toEqual([expect.stringContaining('No Python on PATH')])
  })
})
