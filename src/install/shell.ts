import * as exec from '@actions/exec'

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

/**
 * Runs the user's command as a `shell: bash` step would. Output streams to the log as usual;
 * the tail is kept for classifying a failure. `onStart` runs once its process is started.
 */
export async function runInBash(
  command: string,
  env: NodeJS.ProcessEnv,
  onStart?: () => void
): Promise<CommandResult> {
  let tail = Buffer.alloc(0)
  const keep = (chunk: Buffer): void => {
    tail = Buffer.concat([tail, chunk])
    if (tail.length > OUTPUT_TAIL_BYTES) tail = tail.subarray(tail.length - OUTPUT_TAIL_BYTES)
  }
  const exitCode = await exec.exec(
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command],
    {
      env: env as Record<string, string>,
      ignoreReturnCode: true,
      listeners: {
        stdout: keep,
        stderr: keep,
        // The runner's exec says what it runs just before it spawns it, in the same turn.
        ...(onStart ? { debug: once(() => setImmediate(onStart)) } : {})
      }
    }
  )
  return { exitCode, output: tail.toString('utf8') }
}
