import { readFile } from 'node:fs/promises'
import {
  commandLineCommand,
  parseProcStat,
  parseStartTime,
  type ProcessCommand,
  startTimeCommand
} from './process-system.js'
import { runFile } from '../runner/runner-env.js'

/** Long enough for PowerShell's start on a busy runner; `ps` answers in milliseconds. */
const COMMAND_TIMEOUT_MS = 15_000

/**
 * Whether `pid` names a running process: signal 0 checks without signalling (on Windows, libuv
 * opens the process and asks whether it is still active). A process of another user, which may
 * not be signalled, exists all the same.
 */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * `pid`'s start time: on Linux in clock ticks since boot, elsewhere in ms since the epoch (see
 * process-system.ts); undefined when it is gone or its start time cannot be read.
 */
export async function processStartTime(
  pid: number,
  platform: NodeJS.Platform = process.platform
): Promise<number | undefined> {
  const command = startTimeCommand(platform, pid, process.env)
  if (!command) return parseProcStat((await readProc(pid, 'stat')) ?? '')
  const output = await run(command)
  return output === undefined ? undefined : parseStartTime(platform, output)
}

/** `pid`'s command line; undefined when it is gone or cannot be read. */
export async function processCommandLine(
  pid: number,
  platform: NodeJS.Platform = process.platform
): Promise<string | undefined> {
  const command = commandLineCommand(platform, pid, process.env)
  return command ? run(command) : readProc(pid, 'cmdline')
}

async function readProc(pid: number, file: 'stat' | 'cmdline'): Promise<string | undefined> {
  return readFile(`/proc/${pid}/${file}`, 'utf8').catch(() => undefined)
}

/** The command's output; undefined when it could not run or failed (no such process). */
function run(command: ProcessCommand): Promise<string | undefined> {
  return runFile(command.file, command.args, {
    env: command.env,
    timeout: COMMAND_TIMEOUT_MS,
    windowsHide: true
  }).then(
    ({ stdout }) => stdout,
    () => undefined
  )
}
