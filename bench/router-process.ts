// The router process a benchmark's job leaves behind: as the job's HTTPS proxy it outlives the
// post step, and the job's end, which stops it on a runner, comes here.
import { readFile } from 'node:fs/promises'

/**
 * Whether the router main started is still running when it should not be; it is stopped here.
 * As the job's HTTPS proxy it rightly outlives the post step (other actions' post steps use it)
 * and ends with the job: the job ends here.
 */
export async function routerLeftRunning(state: Record<string, string>): Promise<boolean> {
  if (!state.router) return false
  const { pid, statsUrl } = JSON.parse(state.router) as { pid: number; statsUrl?: string }
  if (!(await isRunning(pid))) return false
  // SIGTERM first, so that it stops its worker; SIGKILL when it has not ended in 2 s.
  process.kill(pid, 'SIGTERM')
  for (let waited = 0; waited < 2000 && (await isRunning(pid)); waited += 50) {
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  if (await isRunning(pid)) process.kill(pid, 'SIGKILL')
  // Only the job's proxy (it has a figures URL) may outlive the post step.
  return statsUrl === undefined
}

/** A process that exited but is not reaped yet (a zombie) does not count as running. */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // `pid (name) state ...`; the name may hold parentheses, so the state follows the last one.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z'
}

export interface ProcessFigures {
  /** The largest high-water mark (`VmHWM`) of the router's processes. */
  peakRssBytes: number
  /** User and system CPU time of the router's processes together. */
  cpuSeconds: number
}

/**
 * The router's supervisor and its worker, read from /proc while they run: undefined where
 * there is no router or no /proc.
 */
export async function routerFigures(
  state: Record<string, string>
): Promise<ProcessFigures | undefined> {
  if (!state.router) return undefined
  const { pid } = JSON.parse(state.router) as { pid: number }
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '')
  const pids = [pid, ...children.split(/\s+/).filter(Boolean).map(Number)]
  const ticksPerSecond = 100 // USER_HZ, the same on every Linux kernel's /proc
  let peakRssBytes = 0
  let ticks = 0
  for (const each of pids) {
    const status = await readFile(`/proc/${each}/status`, 'utf8').catch(() => '')
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)
    if (hwm) peakRssBytes = Math.max(peakRssBytes, Number(hwm[1]) * 1024)
    // `pid (name) state ppid ...`: utime and stime are the 12th and 13th fields after the name.
    const stat = await readFile(`/proc/${each}/stat`, 'utf8').catch(() => '')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0)
  }
  return peakRssBytes === 0 ? undefined : { peakRssBytes, cpuSeconds: ticks / ticksPerSecond }
}
