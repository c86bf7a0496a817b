import { mkdtemp, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { RouterLog, routerLogTail } from '../../src/router-process/log.js'

async function logFile(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'router-log-')), 'router.log')
}

describe('RouterLog', () => {
  it('keeps lines in order, private to the user; the tail shows the last ones', async () => {
    const file = await logFile()
    const log = new RouterLog(file)
    for (let index = 0; index < 30; index++) log.write(`line ${index}`)
    log.error('GET /x', new Error('boom'))
    const tail = await routerLogTail(file, 3)
    expect(tail[0]).toMatch(/line 29$/)
    expect(tail[1]).toMatch(/GET \/x: Error: boom$/)
    expect(tail[2]).toMatch(/^\s+at /)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
  })

  it('stops at 1 MiB and says so', async () => {
    const file = await logFile()
    const log = new RouterLog(file)
    for (let index = 0; index < 20_000; index++) log.write(`a failing request ${'x'.repeat(80)}`)
    expect((await stat(file)).size).toBeLessThan(1024 * 1024 + 200)
    expect(await routerLogTail(file, 1)).toEqual(['(log full: later lines dropped)'])
  })

  it('has no tail when the router logged nothing', async () => {
    expect(await routerLogTail(await logFile(), 20)).toEqual([])
  })
})
