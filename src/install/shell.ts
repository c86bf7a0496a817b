import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import * as exec from '@actions/exec'
import { runnerTempPath } from '../runner/runner-env.js'
import { bashArguments, findBash, scriptText } from './bash.js'

export interface CommandResult {
  exitCode: number
  /** Combined stdout and stderr, or its tail for a long run. */
  output: string
}

const OUTPUT_TAIL_BYTES = 256 * 1024

function once(action: () => void): () => void {
  let done = false
  return () => {
    if (done) return
    done = true
    action()
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * Runs the user's command as a `shell: bash` step would: written to a script file in the
 * runner's temporary folder, which bash runs and which is removed afterwards. Output streams to
 * the log as usual; the tail is kept for classifying a failure. `onStart` runs once its process
 * is started.
 */
export async function runInBash(
  command: string,
  env: NodeJS.ProcessEnv,
  onStart?: () => void
): Promise<CommandResult> {
  const bash = findBash(process.platform, env, isFile)
  if (!bash) {
    throw new Error(
      'No bash to run the install: none on PATH but WSL’s, and no Git for Windows beside git.exe or under Program Files'
    )
  }
  const script = runnerTempPath(`${randomUUID()}.sh`, env)
  // Owner-only: the command may carry a token the workflow put in it.
  await writeFile(script, scriptText(command, process.platform), { mode: 0o600, flag: 'wx' })
  try {
    let tail = Buffer.alloc(0)
    const keep = (chunk: Buffer): void => {
      tail = Buffer.concat([tail, chunk])
      if (tail.length > OUTPUT_TAIL_BYTES) tail = tail.subarray(tail.length - OUTPUT_TAIL_BYTES)
    }
    const exitCode = await exec.exec(bash, bashArguments(script), {
      env: env as Record<string, string>,
      ignoreReturnCode: true,
      listeners: {
        stdout: keep,
        stderr: keep,
        // The runner's exec says what it runs just before it spawns it, in the same turn.
        ...(onStart ? { debug: once(() => setImmediate(onStart)) } : {})
      }
    })
    return { exitCode, output: tail.toString('utf8') }
  } finally {
    await rm(script, { force: true })
  }
}
