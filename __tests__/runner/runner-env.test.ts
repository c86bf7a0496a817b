import { describe, expect, it } from '@jest/globals'
import os from 'node:os'
import { runFile, runFileInBackground } from '../../src/runner/runner-env.js'

const PRINT_PRIORITY = ['-e', 'process.stdout.write(String(require("node:os").getPriority()))']

describe('runFileInBackground', () => {
  it('runs the program at the lowest CPU priority, and runFile at the caller’s', async () => {
    const own = os.getPriority()
    const background = await runFileInBackground(process.execPath, PRINT_PRIORITY, {})
    const foreground = await runFile(process.execPath, PRINT_PRIORITY)
    expect(Number(background.stdout)).toBe(os.constants.priority.PRIORITY_LOW)
    expect(Number(foreground.stdout)).toBe(own)
  })

  it('rejects as runFile does when the program fails', async () => {
    await expect(
      runFileInBackground(process.execPath, ['-e', 'process.exit(3)'], {})
    ).rejects.toMatchObject({ code: 3 })
  })
})
