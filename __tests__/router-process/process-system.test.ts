import { describe, expect, it } from '@jest/globals'
import {
  isProcessId,
  commandLineCommand,
  inheritsStrayDescriptors,
  isRouterCommandLine,
  type JobWatchPlan,
  jobWatchPlan,
  judgeJobReading,
  parseProcStat,
  parseStartTime,
  startTimeCommand
} from '../../src/router-process/process-system.js'

/** What each system's commands print, as they print it. */
const MAC_LSTART = 'Mon Jan  6 10:23:45 2025    \n'
const WINDOWS_FILE_TIME = '133806326251234567\r\n'
const STARTED_MS = Date.UTC(2025, 0, 6, 10, 23, 45)

describe('jobWatchPlan', () => {
  it.each<[NodeJS.Platform, JobWatchPlan]>([
    // Every poll: not every other one, as a reading due after exactly one poll's time would be.
    ['linux', { exactStart: true, identityEveryMs: 0 }],
    ['darwin', { exactStart: false, identityEveryMs: 10_000 }],
    ['win32', { exactStart: false, identityEveryMs: 30_000 }]
  ])('%s: %j', (platform, plan) => {
    expect(jobWatchPlan(platform)).toEqual(plan)
  })
})

describe('judgeJobReading', () => {
  // Linux: the main step read the exact start; elsewhere it gave its own start as a bound.
  const exact = { pid: 4242, startTime: 98_765_432 }
  const bound = { pid: 4242, startTime: STARTED_MS + 60_000 }
  it.each([
    [
      'exact, the same start',
      exact,
      exact.startTime,
      exact.startTime,
      { ended: false, known: exact.startTime }
    ],
    [
      'exact, another start: the pid was reused',
      exact,
      exact.startTime,
      exact.startTime + 1,
      { ended: true }
    ],
    [
      'exact, unreadable',
      exact,
      exact.startTime,
      undefined,
      { ended: false, known: exact.startTime }
    ],
    [
      'bound, first reading before the main step',
      bound,
      undefined,
      STARTED_MS,
      { ended: false, known: STARTED_MS }
    ],
    [
      'bound, first reading at the bound',
      bound,
      undefined,
      bound.startTime,
      { ended: false, known: bound.startTime }
    ],
    [
      'bound, first reading after the main step: reused',
      bound,
      undefined,
      bound.startTime + 1000,
      { ended: true }
    ],
    ['bound, unreadable so far', bound, undefined, undefined, { ended: false, known: undefined }],
    [
      'bound, later reading the same',
      bound,
      STARTED_MS,
      STARTED_MS,
      { ended: false, known: STARTED_MS }
    ],
    // Even one that started before the main step: the pid changed hands since the first reading.
    ['bound, later reading another', bound, STARTED_MS, STARTED_MS - 1000, { ended: true }]
  ])('%s', (_what, job, known, started, verdict) => {
    expect(judgeJobReading(job, known, started)).toEqual(verdict)
  })
})

describe('parseProcStat', () => {
  it.each([
    [
      'a command name with spaces and parentheses',
      '4242 (node (router) x) S 4200 4242 4242 0 -1 4194560 1234 0 0 0 12 3 0 0 20 0 11 0 98765432 1234567 890',
      98_765_432
    ],
    ['a cut line', '4242 (node) S 4200 4242', undefined],
    ['nothing', '', undefined]
  ])('%s', (_what, stat, startTime) => {
    expect(parseProcStat(stat)).toBe(startTime)
  })
})

describe('startTimeCommand and commandLineCommand', () => {
  const env = { PATH: '/usr/bin', SystemRoot: 'D:\\Windows' }
  it('macOS: ps, in the C locale and UTC', () => {
    expect(startTimeCommand('darwin', 4242, env)).toEqual({
      file: '/bin/ps',
      args: ['-o', 'lstart=', '-p', '4242'],
      env: { ...env, LC_ALL: 'C', TZ: 'UTC0' }
    })
    expect(commandLineCommand('darwin', 4242, env)).toMatchObject({
      file: '/bin/ps',
      args: ['-ww', '-o', 'command=', '-p', '4242']
    })
  })

  it("Windows: Windows PowerShell from the system's own folder", () => {
    const start = startTimeCommand('win32', 4242, env)
    expect(start?.file).toBe('D:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe')
    expect(start?.args.slice(0, 4)).toEqual([
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-Command'
    ])
    expect(start?.args[4]).toBe(
      "$ErrorActionPreference = 'Stop'; (Get-Process -Id 4242).StartTime.ToUniversalTime().ToFileTimeUtc()"
    )
    expect(commandLineCommand('win32', 4242, env)?.args[4]).toBe(
      "$ErrorActionPreference = 'Stop'; (Get-CimInstance -ClassName Win32_Process -Filter 'ProcessId=4242').CommandLine"
    )
    expect(startTimeCommand('win32', 4242, { windir: 'E:\\WINDOWS' })?.file).toBe(
      'E:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'
    )
    expect(startTimeCommand('win32', 4242, {})?.file).toBe(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'
    )
  })

  it('Linux: none, /proc has both', () => {
    expect(startTimeCommand('linux', 4242, env)).toBeUndefined()
    expect(commandLineCommand('linux', 4242, env)).toBeUndefined()
  })

  it.each([0, -1, 1.5, Number.NaN])('refuses the pid %p', pid => {
    expect(() => startTimeCommand('win32', pid, env)).toThrow(`not a process id: ${pid}`)
    expect(() => commandLineCommand('darwin', pid, env)).toThrow(`not a process id: ${pid}`)
  })
})

describe('parseStartTime', () => {
  it.each<[NodeJS.Platform, string, number | undefined]>([
    ['darwin', MAC_LSTART, STARTED_MS],
    ['darwin', 'Thu Dec 18 09:05:01 2025\n', Date.UTC(2025, 11, 18, 9, 5, 1)],
    ['darwin', 'Sat Feb 29 23:59:59 2024', Date.UTC(2024, 1, 29, 23, 59, 59)],
    // No such process: ps prints nothing.
    ['darwin', '', undefined],
    ['darwin', 'Fri Feb 30 10:00:00 2024', undefined],
    ['darwin', 'Mon Jan  6 24:00:00 2025', undefined],
    ['darwin', 'Mon Jan  6 10:60:00 2025', undefined],
    // Another locale's %c: never guessed at.
    ['darwin', 'lun.  6 janv. 10:23:45 2025', undefined],
    ['darwin', 'Mon Foo  6 10:23:45 2025', undefined],
    ['win32', WINDOWS_FILE_TIME, STARTED_MS + 123],
    ['win32', '', undefined],
    ['win32', 'Get-Process : Cannot find a process with the process identifier 4242.', undefined],
    ['win32', '6.01.2025 10:23:45', undefined],
    ['win32', '0', undefined],
    ['linux', MAC_LSTART, undefined]
  ])('%s: %j', (platform, output, ms) => {
    expect(parseStartTime(platform, output)).toBe(ms)
  })
})

describe('isRouterCommandLine', () => {
  const linuxConfig = '/home/runner/work/_temp/pip-mirror-router-Ab12Cd/config.json'
  const macConfig = '/Users/runner/work/_temp/pip-mirror-router-Ab12Cd/config.json'
  const windowsConfig = 'D:\\a\\_temp\\pip-mirror-router-Ab12Cd\\config.json'
  const spacedConfig =
    'C:\\Users\\John Doe\\AppData\\Local\\Temp\\pip-mirror-router-Ab12Cd\\config.json'
  it.each([
    [
      'Linux /proc/<pid>/cmdline',
      `/usr/bin/node\0/home/runner/work/_actions/o/r/v1/dist/router/index.js\0supervisor\0${linuxConfig}\0`,
      linuxConfig,
      true
    ],
    [
      "macOS ps's command",
      `/Users/runner/actions-runner/cached/externals/node20/bin/node /Users/runner/work/_actions/o/r/v1/dist/router/index.js supervisor ${macConfig}\n`,
      macConfig,
      true
    ],
    [
      "Windows's command line",
      `C:\\actions-runner\\externals\\node20\\bin\\node.exe D:\\a\\_actions\\o\\r\\v1\\dist\\router\\index.js supervisor ${windowsConfig}\r\n`,
      windowsConfig,
      true
    ],
    [
      "Windows's command line, the path quoted for its space",
      `"C:\\Program Files\\nodejs\\node.exe" C:\\r\\dist\\router\\index.js supervisor "${spacedConfig}"\r\n`,
      spacedConfig,
      true
    ],
    [
      "another job's router",
      `/usr/bin/node\0/r/dist/router/index.js\0supervisor\0/home/runner/work/_temp/pip-mirror-router-Zz99Yy/config.json\0`,
      linuxConfig,
      false
    ],
    [
      'a process that took the pid',
      'C:\\Windows\\System32\\svchost.exe -k netsvcs -p',
      windowsConfig,
      false
    ],
    // The process is gone, or its command line is not ours to read: never a yes.
    ['no command line', undefined, linuxConfig, false],
    ['an empty one', '', linuxConfig, false],
    ['no config to look for', 'anything', '', false]
  ])('%s', (_what, commandLine, configFile, expected) => {
    expect(isRouterCommandLine(commandLine, configFile)).toBe(expected)
  })
})

describe('isProcessId', () => {
  it.each([
    [4242, true],
    [1, true],
    // A process that docker exec started sees no parent in its namespace.
    [0, false],
    [-1, false],
    [1.5, false],
    [Number.NaN, false]
  ])('%s: %s', (pid, valid) => expect(isProcessId(pid)).toBe(valid))
})

describe('inheritsStrayDescriptors', () => {
  it.each<[NodeJS.Platform, boolean]>([
    ['linux', true],
    // posix_spawn with POSIX_SPAWN_CLOEXEC_DEFAULT: only the stdio it names reaches the child.
    ['darwin', false],
    // Handles, not descriptors; Node keeps its standard handles from being inherited.
    ['win32', false]
  ])('%s: %s', (platform, inherits) => {
    expect(inheritsStrayDescriptors(platform)).toBe(inherits)
  })
})
