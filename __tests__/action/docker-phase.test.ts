import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { dockerPhase, startDockerProbe } from '../../src/action/docker-phase.js'
import { parseInputs } from '../../src/inputs.js'
import type { Log } from '../../src/format/log.js'

/** A Docker mirror that counts what it is asked. */
let mirror: Server
let mirrorUrl: string
let requests = 0

beforeAll(async () => {
  mirror = createServer((_request, response) => {
    requests += 1
    response.writeHead(200).end('{}')
  })
  await new Promise<void>(resolve => mirror.listen(0, '127.0.0.1', resolve))
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`
})

afterAll(() => new Promise(resolve => mirror.close(resolve)))

afterEach(() => {
  jest.restoreAllMocks()
})

async function dockerInputs(daemonConfig: string) {
  return parseInputs(
    name =>
      ({
        'docker-mirrors': mirrorUrl,
        'docker-daemon-config': daemonConfig,
        'probe-timeout': '2'
      })[name] ?? ''
  )
}

/** What @actions/core writes to the step log (its workflow commands), while `run` runs. */
async function stepLog<T>(run: () => Promise<T>): Promise<{ result: T; log: string }> {
  let log = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    log += String(chunk)
    return true
  })
  const result = await run()
  jest.restoreAllMocks()
  return { result, log }
}

/** A Log that keeps what it is told. */
function phaseLog(): Log & { text(): string } {
  const lines: string[] = []
  return {
    info: message => lines.push(message),
    warning: (message, title) => lines.push(`warning ${title}: ${message}`),
    text: () => lines.join('\n')
  }
}

describe('dockerPhase off Linux', () => {
  it.each([
    ['win32', 'Windows', 'C:\\ProgramData\\docker\\config\\daemon.json'],
    ['darwin', 'macOS', 'Settings > Docker Engine']
  ])(
    'on %s: a notice naming %s and what to do, no probe, no file, no mirror claimed',
    async (platform, system, advice) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'docker-phase-'))
      // What `/etc/docker/daemon.json` becomes on Windows: D:\etc\docker\daemon.json.
      const config = path.join(dir, 'etc', 'docker', 'daemon.json')
      const inputs = await dockerInputs(config)
      requests = 0
      const { result, log } = await stepLog(async () =>
        dockerPhase(inputs, startDockerProbe(inputs, platform), phaseLog())
      )
      expect(log).toContain(
        `::notice title=pip-mirror-action%3A Docker::docker-mirrors is applied on Linux runners only: on ${system} the Docker daemon was left as it was and no file was written.`
      )
      expect(log).toContain(advice)
      expect(result.error).toBeUndefined()
      expect(result.report.configured).toEqual([])
      expect(result.report.buildkitdConfig).toBeUndefined()
      expect(result.report.restore).toBeUndefined()
      expect(requests).toBe(0)
      await expect(stat(path.join(dir, 'etc'))).rejects.toThrow('ENOENT')
    }
  )
})

describe('dockerPhase on Linux', () => {
  const healthy = (inputs: Awaited<ReturnType<typeof dockerInputs>>) => ({
    probes: Promise.resolve([{ mirror: inputs.docker.mirrors[0], samples: [{ latencyMs: 5 }] }]),
    present: Promise.resolve(true)
  })

  it('fails the step for a malformed daemon config, naming it, and leaves it as it was', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'docker-phase-'))
    const config = path.join(dir, 'daemon.json')
    await writeFile(config, '{"debug": true,')
    const inputs = await dockerInputs(config)
    const { result } = await stepLog(() => dockerPhase(inputs, healthy(inputs), phaseLog()))
    expect(result.error).toMatch(`Docker daemon config ${config} cannot be updated`)
    expect(await readFile(config, 'utf8')).toBe('{"debug": true,')
  })

  it("warns, and does not fail the step, for the action's own trouble", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'docker-phase-'))
    const config = path.join(dir, 'daemon.json')
    await writeFile(config, '{}')
    const inputs = await dockerInputs(config)
    // No folder can be made for buildkitd.toml under a file.
    const runnerTemp = path.join(dir, 'not-a-folder')
    await writeFile(runnerTemp, '')
    const saved = process.env.RUNNER_TEMP
    process.env.RUNNER_TEMP = runnerTemp
    const log = phaseLog()
    try {
      const { result } = await stepLog(() => dockerPhase(inputs, healthy(inputs), log))
      expect(result.error).toBeUndefined()
      expect(result.report.configured).toEqual([])
      expect(log.text()).toContain(
        'warning pip-mirror-action: Docker: Docker mirrors not configured: '
      )
      expect(await readFile(config, 'utf8')).toBe('{}')
    } finally {
      process.env.RUNNER_TEMP = saved
    }
  })
})
