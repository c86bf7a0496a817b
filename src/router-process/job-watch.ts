import { closeSync, readdirSync, readFileSync } from 'node:fs'

/** The process that started the job's steps, as the main step saw it. */
export interface JobProcess {
  pid: number
  /** Its start time (clock ticks since boot, /proc/<pid>/stat field 22): tells pid reuse apart. */
  startTime: number
}

/** How often the router checks that its job goes on. */
const JOB_POLL_MS = 1000

/** `pid`'s start time; undefined when it is gone or the system has no /proc. */
export function processStartTime(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count from after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const startTime = Number(fields[19])
    return Number.isSafeInteger(startTime) ? startTime : undefined
  } catch {
    return undefined
  }
}

/** The process that started this one: on a runner, the runner's worker for the main step. */
export function jobProcess(): JobProcess | undefined {
  const startTime = processStartTime(process.ppid)
  return startTime === undefined ? undefined : { pid: process.ppid, startTime }
}

/**
 * Calls `gone` once the job's process has ended (or its pid now names another process), so that
 * a router whose post step never ran (a cancelled job, a killed runner) ends with its job.
 */
export function watchJob(job: JobProcess, gone: () => void): void {
  const timer = setInterval(() => {
    if (processStartTime(job.pid) !== job.startTime) {
      clearInterval(timer)
      gone()
    }
  }, JOB_POLL_MS)
  timer.unref()
}

/** Set on every descriptor libuv opens itself; inherited ones mostly lack it. */
const O_CLOEXEC = 0o2000000
/**
 * Standard input, output and error, the IPC channel the starting step gave (fd 3), and the
 * listening socket it passed down (fd 4, see `INHERITED_SOCKET_FD`).
 */
const KEPT_DESCRIPTORS = 5

/**
 * Where the router's processes find the listening socket the main step opened, where it can
 * pass a descriptor down (not on Windows, which gets it over IPC): the main step's copy closes
 * as soon as the router's process exists, without waiting for its Node to start.
 */
export const INHERITED_SOCKET_FD = 4

/**
 * Closes every descriptor this process inherited without opening it: the write end of a pipe a
 * wrapper reads the step's output from (process substitution) would otherwise stay open for as
 * long as the router runs, and the wrapper would wait for its end until the job's timeout. Node
 * does not close what it inherits; libuv opens its own descriptors close-on-exec, so those
 * without the flag are the inherited ones. Linux only; elsewhere nothing is closed.
 */
export function closeInheritedDescriptors(): number[] {
  let descriptors: number[]
  try {
    descriptors = readdirSync('/proc/self/fd').map(Number)
  } catch {
    return []
  }
  return descriptors.filter(fd => {
    if (!(fd >= KEPT_DESCRIPTORS)) return false
    try {
      const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))
      if (!flags || (parseInt(flags[1], 8) & O_CLOEXEC) !== 0) return false
      closeSync(fd)
      return true
    } catch {
      // Gone meanwhile (the descriptor that listed /proc/self/fd).
      return false
    }
  })
}
