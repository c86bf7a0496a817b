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
