// Live drift check: every pip and uv that scripts/setup-test-tools.sh installs runs a few fault
// cases against the test mirror now, and their output must classify as the stored fixture of
// that tool does (which classify.test.ts checks against its table). A tool whose wording
// changed, or one added to the setup script without fixtures, fails here.
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { CASES, FIXTURES_DIR, PACKAGES, runCase } from '../../scripts/capture-pip-output.js'
import { classifyFailure } from '../../src/install/classify.js'
import { parseMirror } from '../../src/mirrors/mirror.js'
import { PIP_RESUME_RETRIES, renderToolEnv } from '../../src/configure/tool-env.js'
import { mirrorPool } from '../../test-support/mirror-server.js'
import {
  createToolVenv,
  findTool,
  runToolInstall,
  TOOLS_DIR,
  type Tool
} from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

const TOOL_NAMES = readdirSync(FIXTURES_DIR, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && /^(pip|uv)-/.test(entry.name))
  .map(entry => entry.name)
  .sort()
const PIP_NAMES = TOOL_NAMES.filter(name => name.startsWith('pip-'))

/** Fast cases (no timeouts to wait for) that cover pages, files and pip's own checks. */
const LIVE_CASES = [
  'index-404',
  'hash-mismatch',
  'requires-python-listed',
  'file-reset-mid-body',
  'success'
]

/** pip 25.1 added --resume-retries (PIP_RESUME_RETRIES). */
const resumes = (tool: Tool): boolean => {
  const [major = 0, minor = 0] = tool.version.split('.').map(Number)
  return major > 25 || (major === 25 && minor >= 1)
}

let work: string
const tools = new Map<string, Tool>()

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pip-versions-'))
  for (const name of TOOL_NAMES) {
    try {
      tools.set(name, await findTool(name))
    } catch {
      // Reported by the first test; the others fail on the missing tool by name.
    }
  }
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

const tool = (name: string): Tool => {
  const found = tools.get(name)
  if (!found) throw new Error(`${name} missing: run scripts/setup-test-tools.sh`)
  return found
}

describe('the tools of scripts/setup-test-tools.sh', () => {
  it('are installed, and each has fixtures', async () => {
    const listed = await readFile(join(TOOLS_DIR, 'tools.txt'), 'utf8').catch(() => '')
    expect(listed.split('\n').filter(Boolean).sort()).toEqual(TOOL_NAMES)
    expect([...tools.keys()]).toEqual(TOOL_NAMES)
  })
})

describe('live output classifies as the fixtures do', () => {
  it.each(TOOL_NAMES)('%s', async name => {
    const live = await Promise.all(
      LIVE_CASES.map(async caseName => {
        const testCase = CASES.find(c => c.name === caseName)!
        const { exitCode, output } = await runCase(tool(name), testCase, work)
        return { caseName, exitCode, output }
      })
    )
    for (const { caseName, exitCode, output } of live) {
      const fixture = readFileSync(join(FIXTURES_DIR, name, `${caseName}.txt`), 'utf8')
      const codes = JSON.parse(
        readFileSync(join(FIXTURES_DIR, name, 'exit-codes.json'), 'utf8')
      ) as Record<string, number>
      expect({ caseName, exitCode }).toEqual({ caseName, exitCode: codes[caseName] })
      if (caseName === 'success') continue
      expect({ caseName, ...classifyFailure(output) }).toEqual({
        caseName,
        ...classifyFailure(fixture)
      })
    }
  })
})

describe('PIP_RESUME_RETRIES', () => {
  // A mirror that cuts every response after 24 KiB but serves ranges: a 64 KiB wheel arrives
  // only by resuming, twice.
  const big = PACKAGES.find(file => file.name === 'big-pkg')!
  const pool = mirrorPool([big, buildWheel({ name: 'demo-pkg', version: '1.0' })])
  afterAll(() => pool.closeAll())

  const install = async (
    name: string,
    requirement: string,
    faults: Parameters<typeof pool.start>[0],
    env: (indexUrl: string) => NodeJS.ProcessEnv
  ) => {
    const mirror = await pool.start(faults)
    const venv = await createToolVenv(tool(name), await mkdtemp(join(work, 'venv-')))
    const run = await runToolInstall(tool(name), venv, ['--no-cache-dir', requirement], {
      env: env(mirror.indexUrl)
    })
    return { ...run, fileRequests: mirror.fileRequests() }
  }
  const actionEnv = (indexUrl: string): NodeJS.ProcessEnv =>
    renderToolEnv(parseMirror(indexUrl), { pip: true, uv: false })
  const cutting = { ranges: true, resetAfterBytes: 24 * 1024 }

  it.each(PIP_NAMES)('%s installs with every variable the action sets', async name => {
    const run = await install(name, 'demo-pkg==1.0', {}, actionEnv)
    expect(actionEnv('http://127.0.0.1:1/simple').PIP_RESUME_RETRIES).toBe(
      String(PIP_RESUME_RETRIES)
    )
    expect(run.output).toContain('Successfully installed demo-pkg-1.0')
    expect(run.exitCode).toBe(0)
  })

  it.each(PIP_NAMES)('%s resumes a cut download only if it knows how', async name => {
    const run = await install(name, 'big-pkg==1.0', cutting, actionEnv)
    if (resumes(tool(name))) {
      expect(run.output).toContain('Attempting to resume incomplete download')
      expect(run.exitCode).toBe(0)
      expect(run.fileRequests).toBe(3)
      // The variable is what made it resume: with 0, the same download fails.
      const without = await install(name, 'big-pkg==1.0', cutting, indexUrl => ({
        ...actionEnv(indexUrl),
        PIP_RESUME_RETRIES: '0'
      }))
      expect(without.exitCode).not.toBe(0)
      expect(classifyFailure(without.output)).toMatchObject({
        kind: 'mirror',
        line: 'error: incomplete-download'
      })
    } else {
      expect(run.exitCode).not.toBe(0)
      expect(run.fileRequests).toBe(1)
      expect(classifyFailure(run.output).kind).toBe('mirror')
    }
  })
})
