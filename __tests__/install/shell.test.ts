import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
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

/** Quotes of both kinds, backslashes, `$`, two heredocs, a continued line, no final newline. */
const TRICKY_COMMAND = String.raw`printf '%s|\n' 'single "double" \back\slash $GREETING' "double 'single' \\ \$ $GREETING"
cat <<'END'
quoted heredoc: $GREETING \n "q" 'q' \\
END
cat <<END
plain heredoc: $GREETING \$GREETING \\ back\slash
END
for word in one \
  two; do printf '[%s]' "$word"; done
printf '\n%s' "no newline at the end"`

const TRICKY_OUTPUT = String.raw`single "double" \back\slash $GREETING|
double 'single' \ $ a "b" \c|
quoted heredoc: $GREETING \n "q" 'q' \\
plain heredoc: a "b" \c $GREETING \ back\slash
[one][two]
no newline at the end`

describe('runInBash', () => {
  it('runs the command in bash with its environment, keeping the output and the exit code', async () => {
    const result = await runInBash('echo "$GREETING"; echo oops >&2; exit 3', {
      PATH: process.env.PATH,
      RUNNER_TEMP: dir,
      GREETING: 'hello from the env'
    })
    expect(result.exitCode).toBe(3)
    expect(result.output).toContain('hello from the env')
    expect(result.output).toContain('oops')
    expect(await readdir(dir)).toEqual([])
  })

  it('runs quotes, backslashes, dollars, heredocs and continued lines exactly as written', async () => {
    const result = await runInBash(TRICKY_COMMAND, {
      PATH: process.env.PATH,
      RUNNER_TEMP: dir,
      GREETING: 'a "b" \\c'
    })
    expect(result).toEqual({ exitCode: 0, output: TRICKY_OUTPUT })
  })

  it('runs the command from a script file in the runner’s temporary folder, byte for byte, and removes it', async () => {
    const command = 'printf \'%s\\n\' "$0"\ncat "$0"\n# ünïcödé, and a last line without a newline'
    const result = await runInBash(command, { PATH: process.env.PATH, RUNNER_TEMP: dir })
    expect(result.exitCode).toBe(0)
    const [script, ...text] = result.output.split('\n')
    expect(path.dirname(script!)).toBe(dir)
    expect(script).toMatch(/\.sh$/)
    expect(text.join('\n')).toBe(command)
    expect(await readdir(dir)).toEqual([])
  })

  it('writes the script readable and writable by its owner only: it may carry a token', async () => {
    const result = await runInBash('ls -l "$0"', { PATH: process.env.PATH, RUNNER_TEMP: dir })
    expect(result.exitCode).toBe(0)
    expect(result.output).toMatch(/^-rw------- /)
  })

  it('fails a pipeline on its first failing command, as a bash step does', async () => {
    const result = await runInBash('false | cat; echo not reached', {
      PATH: process.env.PATH,
      RUNNER_TEMP: dir
    })
    expect(result.exitCode).toBe(1)
    expect(result.output).not.toContain('not reached')
  })

  it('tells once, while the command is running, that it started', async () => {
    const marker = path.join(dir, 'started')
    const calls: number[] = []
    const started = performance.now()
    const result = await runInBash(
      `echo $$ > '${marker}'; sleep 0.5`,
      { PATH: process.env.PATH, RUNNER_TEMP: dir },
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
