import { closeSync, readdirSync, readFileSync } from 'node:fs'
import { processExists, processStartTime } from './process-probe.js'
import {
  JOB_POLL_MS,
  type JobProcess,
  type JobWatchPlan,
  jobWatchPlan,
  judgeJobReading,
  inheritsStrayDescriptors,
  isProcessId
} from './process-system.js'

/**
 * The process that started this one: on a runner, the runner's worker for the main step. Its
 * start time where reading it is cheap (Linux); elsewhere this step's own start, which the
 * router checks the job's start time against (see `JobProcess`).
 */
export async function jobProcess(
  platform: NodeJS.Platform = process.platform
): Promise<JobProcess | undefined> {
  const pid = process.ppid
  // `docker exec` (a `container:` job's steps) starts a process with no parent in its namespace.
  if (!isProcessId(pid)) return undefined
  if (!jobWatchPlan(platform).exactStart)
    return { pid, startTime: Math.floor(performance.timeOrigin) }
  const startTime = await processStartTime(pid, platform)
  return startTime === undefined ? undefined : { pid, startTime }
}

/**
 * Calls `gone` once the job's process has ended (or its pid now names another process), so that
 * a router whose post step never ran (a cancelled job, a killed runner) ends with its job. Every
 * second it checks that the pid exists; every `plan.identityEveryMs` it reads the pid's start
 * time again, to tell the job's process from one that took its pid.
 */
export function watchJob(
  job: JobProcess,
  gone: () => void,
  platform: NodeJS.Platform = process.platform,
  plan: JobWatchPlan = jobWatchPlan(platform)
): void {
  let known = plan.exactStart ? job.startTime : undefined
  let readAt = Date.now()
  let reading = false
  let ended = false
  const end = (): void => {
    if (ended) return
    ended = true
    clearInterval(timer)
    gone()
  }
  const timer = setInterval(() => {
    if (!processExists(job.pid)) return end()
    if (reading || Date.now() - readAt < plan.identityEveryMs) return
    reading = true
    // From the reading's start: the next poll must not find the interval short by its length.
    readAt = Date.now()
    void processStartTime(job.pid, platform).then(started => {
      reading = false
      const verdict = judgeJobReading(job, known, started)
      if (verdict.ended) end()
      else known = verdict.known
    })
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
 * without the flag are the inherited ones: /proc/self/fd lists them, /proc/self/fdinfo has the
 * flags. Only where a process can inherit strays at all (`inheritsStrayDescriptors`: Linux).
 */
export function closeInheritedDescriptors(platform: NodeJS.Platform = process.platform): number[] {
  if (!inheritsStrayDescriptors(platform)) return []
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
