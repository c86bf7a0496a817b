import { describe, expect, it } from '@jest/globals'
import { daemonLeftAlone } from '../../src/docker/docker-platform.js'

describe('daemonLeftAlone', () => {
  it('configures the daemon on Linux', () => {
    expect(daemonLeftAlone('linux')).toBeUndefined()
  })

  it.each([
    [
      'win32',
      'Windows',
      'add registry-mirrors to C:\\ProgramData\\docker\\config\\daemon.json and run Restart-Service docker as an administrator'
    ],
    ['darwin', 'macOS', 'add registry-mirrors in its Settings > Docker Engine'],
    ['freebsd', 'freebsd', 'Leave docker-mirrors empty on freebsd.']
  ])('leaves it alone on %s, naming %s and what to do instead', (platform, system, advice) => {
    const leftAlone = daemonLeftAlone(platform)
    expect(leftAlone?.notice).toContain(
      `docker-mirrors is applied on Linux runners only: on ${system} the Docker daemon was left as it was and no file was written.`
    )
    expect(leftAlone?.notice).toContain(advice)
    expect(leftAlone?.outcome).toBe(
      `the Docker daemon on ${system} was left as it was: mirrors are set on Linux only`
    )
  })
})
