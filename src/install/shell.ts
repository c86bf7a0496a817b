import * as exec from '@actions/exec'

export interface CommandResult {
  exitCode: number
  /** Combined stdout and stderr, or its tail for a long run. */
  output: string
}

const OUTPUT_TAIL_BYTES = 256 * 1024

/**
 * Runs the user's command as a `shell: bash` step would. Output streams to the log as usual;
 * the tail is kept for classifying a failure.
 */
export async function runInBash(command: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
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
      listeners: { stdout: keep, stderr: keep }
    }
  )
  return { exitCode, output: tail.toString('utf8') }
}
