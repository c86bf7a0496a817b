import { spawn } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import { processStartTime, watchJob } from '../../src/router-process/job-watch.js'

describe('processStartTime', () => {
  it("reads a process's start time, the same each time, and none for a process that is gone", async () => {
    const child = spawn('sleep', ['30'])
    const pid = child.pid as number
    const startTime = processStartTime(pid)
    expect(startTime).toEqual(expect.any(Number))
    expect(processStartTime(pid)).toBe(startTime)
    expect(startTime).toBeGreaterThanOrEqual(processStartTime(process.pid) as number)
    child.kill('SIGKILL')
    await new Promise(resolve => child.once('exit', resolve))
    expect(processStartTime(pid)).toBeUndefined()
  })
})

describe('watchJob', () => {
  it('says when the job process ends, and not before', async () => {
    const child = spawn('sleep', ['30'])
    const job = { pid: child.pid as number, startTime: processStartTime(child.pid as number) ?? 0 }
    let goneAt: number | undefined
    watchJob(job, () => (goneAt = Date.now()))
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect(goneAt).toBeUndefined()
    const killedAt = Date.now()
    child.kill('SIGKILL')
    while (goneAt === undefined && Date.now() - killedAt < 10_000)
      await new Promise(resolve => setTimeout(resolve, 100))
    expect((goneAt ?? Infinity) - killedAt).toBeLessThan(5000)
  })

  it('tells a reused pid apart by its start time', async () => {
    let gone = false
    watchJob({ pid: process.pid, startTime: -1 }, () => (gone = true))
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect(gone).toBe(true)
  })
})
