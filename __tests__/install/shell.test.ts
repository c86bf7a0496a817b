import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { runInBash } from '../../src/install/shell.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shell-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('runInBash', () => {
  it('runs the command in bash with its environment, keeping the output and the exit code', async () => {
    const result = await runInBash('echo "$GREETING"; echo oops >&2; exit 3', {
      PATH: process.env.PATH,
      GREETING: 'hello from the env'
    })
    expect(result.exitCode).toBe(3)
    expect(result.output).toContain('hello from the env')
    expect(result.output).toContain('oops')
  })

  it('fails a pipeline on its first failing command, as a bash step does', async () => {
    const result = await runInBash('false | cat; echo not reached', { PATH: process.env.PATH })
    expect(result.exitCode).toBe(1)
    expect(result.output).not.toContain('not reached')
  })

  it('tells once, while the command is running, that it started', async () => {
    const marker = path.join(dir, 'started')
    const calls: number[] = []
    const started = performance.now()
    const result = await runInBash(
      `echo $$ > '${marker}'; sleep 0.5`,
      { PATH: process.env.PATH },
      () => calls.push(performance.now() - started)
    )
    const ended = performance.now() - started
    expect(result.exitCode).toBe(0)
    expect(calls).toHaveLength(1)
    // Well before the command's end, which the half-second sleep holds off.
    expect(ended - calls[0]!).toBeGreaterThan(300)
    expect(Number(await readFile(marker, 'utf8'))).toBeGreaterThan(0)
  })
})
