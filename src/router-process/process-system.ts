// What each system offers the router's processes to tell one process from another: a pid alone is
// not enough, since a pid that has ended is given to the next process that starts. Linux keeps a
// process's start time and command line under /proc; macOS has neither, but its `ps` reads both;
// Windows has no `ps`, and PowerShell reads them. The commands and their outputs are decided and
// parsed here; job-watch.ts and process-probe.ts run them.
import { windowsPowerShell } from '../runner/powershell.js'

/** The process that started the job's steps, as the main step saw it: the router ends with it. */
export interface JobProcess {
  pid: number
  /**
   * What tells a reused pid apart (see `jobWatchPlan`). Where the start time is exact and cheap
   * to read (Linux), the job process's own: clock ticks since boot, /proc/<pid>/stat field 22.
   * Elsewhere reading it starts a process (ps, PowerShell), which the main step does not wait
   * for: the main step's own start, in ms since the epoch. The job process, the main step's
   * parent, started before it, and a process that took its pid later started after it: the
   * router reads the start time itself and tells the two apart by this bound.
   */
  startTime: number
}

/** A command to run, without a shell: its arguments go to the program as they are. */
export interface ProcessCommand {
  file: string
  args: string[]
  env: NodeJS.ProcessEnv
}

/** How the router watches its job's process on `platform`. */
export interface JobWatchPlan {
  /** Whether `JobProcess.startTime` is the job process's exact start (else a bound on it). */
  exactStart: boolean
  /**
   * How often the start time is read again, to catch a pid that another process took (0: at every
   * poll). Between readings the router only checks that the pid exists (a signal 0: a system
   * call, no process).
   */
  identityEveryMs: number
}

/** How often the router checks that its job goes on. */
export const JOB_POLL_MS = 1000

/**
 * Linux: reading /proc costs a file read, so every poll. macOS hands out pids in increasing
 * order (xnu's nextpid) and wraps only at 99,999, so a pid comes back after tens of thousands of
 * process starts: the existence check each second is all but exact, and `ps` (a few ms) every 10 s
 * catches the rare reuse. Windows gives a freed pid to the next process soon, so the start time
 * matters more there; but each reading starts PowerShell, hundreds of ms of processor time, which
 * every second would take a noticeable share of a core from the job: every 30 s. A job process
 * whose pid was taken at once is then noticed within 30 s instead of 1 s.
 */
export function jobWatchPlan(platform: NodeJS.Platform): JobWatchPlan {
  if (platform === 'linux') return { exactStart: true, identityEveryMs: 0 }
  if (platform === 'win32') return { exactStart: false, identityEveryMs: 30_000 }
  return { exactStart: false, identityEveryMs: 10_000 }
}

/** What one reading of the job pid's start time says. */
export type JobVerdict =
  | { ended: true }
  /** `known`: the job process's start time once read (where the main step gave a bound). */
  | { ended: false; known: number | undefined }

/**
 * Judges one reading `started` of the start time of the job's pid (undefined: it could not be
 * read, so only the existence check counts), given the start time `known` so far (the job's own
 * where it is exact; else undefined until a reading falls within the main step's bound).
 */
export function judgeJobReading(
  job: JobProcess,
  known: number | undefined,
  started: number | undefined
): JobVerdict {
  if (started === undefined) return { ended: false, known }
  if (known !== undefined) return started === known ? { ended: false, known } : { ended: true }
  return started <= job.startTime ? { ended: false, known: started } : { ended: true }
}

/** The start time in a /proc/<pid>/stat line (field 22, clock ticks since boot). */
export function parseProcStat(stat: string): number | undefined {
  // The command name (field 2) may hold spaces and parentheses: count from after its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const startTime = Number(fields[19])
  return fields[19] !== undefined && Number.isSafeInteger(startTime) ? startTime : undefined
}

/**
 * The command that prints `pid`'s start time on `platform`; undefined where /proc has it (Linux)
 * or no command is known.
 * - macOS: `ps -o lstart=`, the start to the second (macOS's ps has no `etimes`, and `etime`
 *   counts from now, so it drifts between readings). It prints `strftime("%c", localtime())`:
 *   the C locale and UTC make that one fixed format.
 * - Windows: Get-Process's StartTime (the process's creation time, GetProcessTimes), as a file
 *   time: digits whatever the culture. Get-Process asks the system directly; Win32_Process
 *   through CIM would add a WMI round trip. wmic is gone from recent Windows images.
 */
export function startTimeCommand(
  platform: NodeJS.Platform,
  pid: number,
  env: NodeJS.ProcessEnv
): ProcessCommand | undefined {
  return processQuery(
    platform,
    pid,
    env,
    ['-o', 'lstart='],
    id => `(Get-Process -Id ${id}).StartTime.ToUniversalTime().ToFileTimeUtc()`
  )
}

/**
 * The command that prints `pid`'s command line on `platform`; undefined where /proc has it.
 * macOS: `ps -ww -o command=` (two `w`s: never cut to the terminal's width). Windows: the
 * command line Win32_Process keeps (through CIM: Get-Process has none in Windows PowerShell).
 */
export function commandLineCommand(
  platform: NodeJS.Platform,
  pid: number,
  env: NodeJS.ProcessEnv
): ProcessCommand | undefined {
  return processQuery(
    platform,
    pid,
    env,
    ['-ww', '-o', 'command='],
    id => `(Get-CimInstance -ClassName Win32_Process -Filter 'ProcessId=${id}').CommandLine`
  )
}

/** `ps` with `fields` on macOS, a PowerShell script on Windows; undefined where /proc answers. */
function processQuery(
  platform: NodeJS.Platform,
  pid: number,
  env: NodeJS.ProcessEnv,
  fields: string[],
  windowsScript: (id: string) => string
): ProcessCommand | undefined {
  const id = checkedPid(pid)
  if (platform === 'darwin')
    return { file: '/bin/ps', args: [...fields, '-p', id], env: { ...env, ...C_UTC } }
  if (platform === 'win32') return powerShell(env, windowsScript(id))
  return undefined
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
/** `%c` in the C locale: `Mon Jan  6 10:23:45 2025`. */
const C_LOCALE_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/
/** 100 ns intervals from 1601-01-01 (a Windows file time's origin) to 1970-01-01. */
const FILE_TIME_AT_EPOCH = 116_444_736_000_000_000n

/**
 * The start time, in ms since the epoch, in the output of `startTimeCommand(platform, …)`;
 * undefined for anything else (an empty output: no such process).
 */
export function parseStartTime(platform: NodeJS.Platform, output: string): number | undefined {
  const text = output.trim()
  if (platform === 'darwin') {
    const match = C_LOCALE_TIME.exec(text)
    if (!match) return undefined
    const [, month, day, hours, minutes, seconds, year] = match
    const parts = [year, MONTHS.indexOf(month), day, hours, minutes, seconds].map(Number)
    const date = new Date(Date.UTC(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]))
    // Date.UTC rolls Feb 30 over to March 1: only a real time reads back the same.
    const back = [
      date.getUTCFullYear(),
      date.getUTCMonth(),
      date.getUTCDate(),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds()
    ]
    return parts.every((part, index) => part === back[index]) ? date.getTime() : undefined
  }
  if (platform === 'win32') {
    if (!/^\d{1,20}$/.test(text)) return undefined
    const ms = Number((BigInt(text) - FILE_TIME_AT_EPOCH) / 10_000n)
    return ms > 0 ? ms : undefined
  }
  return undefined
}

/**
 * Whether a command line (/proc/<pid>/cmdline with its NULs, `ps`'s, or Windows's) is that of
 * the router started with `configFile`: the folder it is in is made for one router alone, so
 * no other process, not even another job's router, names it. Unknown is never a yes.
 */
export function isRouterCommandLine(commandLine: string | undefined, configFile: string): boolean {
  return configFile !== '' && commandLine !== undefined && commandLine.includes(configFile)
}

/**
 * Whether a process started by Node on `platform` can inherit descriptors its parent did not
 * mean to hand down, which it must then close itself.
 * - Linux: libuv starts a process with fork and exec, so every descriptor of the parent that is
 *   not close-on-exec goes along (at its start Node marks 0 to 15 so, and those after them up
 *   to the first gap: uv_disable_stdio_inheritance), such as a wrapper's pipe at fd 63.
 * - macOS: libuv (1.46 in Node 20, 1.50 and later in Node 24) starts processes with posix_spawn
 *   and POSIX_SPAWN_CLOEXEC_DEFAULT (src/unix/process.c): the child gets only the descriptors
 *   its stdio names, so the router cannot inherit a stray one. (libuv falls back to fork only
 *   for a uid or gid to set, or before macOS 10.15 for a detached process or a working folder:
 *   the router's processes are started with none, on a macOS Node 20 runs on.)
 * - Windows: a process has handles, not descriptors. libuv passes the child its stdio handles,
 *   and CreateProcess also hands down every other handle marked inheritable; Node marks its own
 *   standard handles (the step's output pipes) not inheritable at its start
 *   (uv_disable_stdio_inheritance), so those do not reach the router. Another inheritable handle
 *   the main step got from its parent would; Node offers no way to list those.
 */
export function inheritsStrayDescriptors(platform: NodeJS.Platform): boolean {
  return platform === 'linux'
}

/** `ps` prints dates in the C locale's format and in UTC, whatever the runner's settings. */
const C_UTC = { LC_ALL: 'C', TZ: 'UTC0' }

/**
 * Windows PowerShell, which every Windows since 10 has, by its full path: a `powershell` earlier
 * on PATH must not answer. The pid in `script` is a checked number, never text from elsewhere.
 */
function powerShell(env: NodeJS.ProcessEnv, script: string): ProcessCommand {
  return { ...windowsPowerShell(env, `$ErrorActionPreference = 'Stop'; ${script}`), env }
}

/** A pid a process can have: 0 is none (a parent outside the pid namespace). */
export function isProcessId(pid: number): boolean {
  return Number.isSafeInteger(pid) && pid > 0
}

function checkedPid(pid: number): string {
  if (!isProcessId(pid)) throw new Error(`not a process id: ${pid}`)
  return String(pid)
}
