import { spawn } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import { jobProcess, watchJob } from '../../src/router-process/job-watch.js'
import { processStartTime } from '../../src/router-process/process-probe.js'
import type { JobProcess } from '../../src/router-process/process-system.js'
import { withProc, withPs } from '../../test-support/gates.js'

/** The macOS branch, with this system's ps (see process-probe.test.ts). */

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

/** When `gone` was called after the watch started on `job`, in ms; Infinity when it was not. */
function watched(job: JobProcess, platform: NodeJS.Platform, identityEveryMs?: number) {
  const startedAt = Date.now()
  let goneAt: number | undefined
  const plan = identityEveryMs === undefined ? undefined : { exactStart: false, identityEveryMs }
  watchJob(job, () => (goneAt = Date.now()), platform, plan)
  return {
    goneAt: () => goneAt,
    /** Waits up to 10 s for the end, and returns when it came. */
    async ended(): Promise<number> {
      while (goneAt === undefined && Date.now() - startedAt < 10_000) await sleep(100)
      return goneAt ?? Infinity
    }
  }
}

describe('jobProcess', () => {
  withProc.it('on Linux: the parent and its exact start time', async () => {
    expect(await jobProcess('linux')).toEqual({
      pid: process.ppid,
      startTime: await processStartTime(process.ppid, 'linux')
    })
  })

  it.each(['darwin', 'win32'] as const)(
    "on %s: the parent, and this process's own start as the bound on its start",
    async platform => {
      expect(await jobProcess(platform)).toEqual({
        pid: process.ppid,
        startTime: Math.floor(performance.timeOrigin)
      })
    }
  )
})

describe('watchJob', () => {
  withProc.it('says when the job process ends, and not before', async () => {
    const child = spawn('sleep', ['30'])
    const pid = child.pid as number
    const watch = watched({ pid, startTime: (await processStartTime(pid, 'linux')) ?? 0 }, 'linux')
    await sleep(1500)
    expect(watch.goneAt()).toBeUndefined()
    const killedAt = Date.now()
    child.kill('SIGKILL')
    expect((await watch.ended()) - killedAt).toBeLessThan(5000)
  })

  withProc.it('tells a reused pid apart by its start time', async () => {
    const watch = watched({ pid: process.pid, startTime: -1 }, 'linux')
    expect(await watch.ended()).toBeLessThan(Infinity)
  })

  it('off Linux, ends as soon as the pid is gone, by the existence check alone', async () => {
    const child = spawn('sleep', ['30'])
    // A reading every hour: only the check each second can see the end.
    const watch = watched({ pid: child.pid as number, startTime: Date.now() }, 'win32', 3_600_000)
    await sleep(1500)
    expect(watch.goneAt()).toBeUndefined()
    const killedAt = Date.now()
    child.kill('SIGKILL')
    expect((await watch.ended()) - killedAt).toBeLessThan(3000)
  })

  withPs.it(
    'on macOS, keeps to a job process that started before the main step, and ends with it',
    async () => {
      const child = spawn('sleep', ['30'])
      await sleep(1100)
      const watch = watched({ pid: child.pid as number, startTime: Date.now() }, 'darwin', 0)
      await sleep(2500)
      expect(watch.goneAt()).toBeUndefined()
      const killedAt = Date.now()
      child.kill('SIGKILL')
      expect((await watch.ended()) - killedAt).toBeLessThan(3000)
    }
  )

  withPs.it('on macOS, tells a pid that a process started after the main step took', async () => {
    // This process stands for the one that took the pid: it started after the bound.
    const watch = watched({ pid: process.pid, startTime: Date.now() - 3_600_000 }, 'darwin', 0)
    expect(await watch.ended()).toBeLessThan(Infinity)
  })
})
