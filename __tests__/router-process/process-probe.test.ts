import { spawn } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import {
  processCommandLine,
  processExists,
  processStartTime
} from '../../src/router-process/process-probe.js'
import { type Gate, withProc, withPs } from '../../test-support/gates.js'

/**
 * The macOS branch runs this system's ps where it has one: procps prints `lstart` and `command`
 * in the same formats as macOS's ps (strftime's %c in the C locale; the arguments, space-joined).
 */

async function gone(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  await new Promise(resolve => child.once('exit', resolve))
  return child.pid as number
}

describe('processExists', () => {
  it('is true for a running process and false for one that has ended', async () => {
    expect(processExists(process.pid)).toBe(true)
    expect(processExists(await gone())).toBe(false)
  })
})

describe.each<[NodeJS.Platform, Gate]>([
  ['linux', withProc],
  ['darwin', withPs]
])('on %s', (platform, available) => {
  available.it(
    "reads a process's start time, the same each time, and none once it is gone",
    async () => {
      const child = spawn('sleep', ['30'])
      const pid = child.pid as number
      const startTime = await processStartTime(pid, platform)
      expect(startTime).toEqual(expect.any(Number))
      expect(await processStartTime(pid, platform)).toBe(startTime)
      expect(startTime).toBeGreaterThanOrEqual(
        (await processStartTime(process.pid, platform)) ?? Infinity
      )
      child.kill('SIGKILL')
      await new Promise(resolve => child.once('exit', resolve))
      expect(await processStartTime(pid, platform)).toBeUndefined()
    }
  )

  available.it("reads a process's command line, and none once it is gone", async () => {
    const child = spawn('sleep', ['30.5'])
    expect(await processCommandLine(child.pid as number, platform)).toContain('30.5')
    child.kill('SIGKILL')
    await new Promise(resolve => child.once('exit', resolve))
    expect(await processCommandLine(child.pid as number, platform)).toBeUndefined()
  })
})

withPs.it('reads the start time through ps in UTC, whatever the time zone', async () => {
  const startedMs = (await processStartTime(process.pid, 'darwin')) as number
  expect(Math.abs(startedMs - performance.timeOrigin)).toBeLessThan(2000)
})
