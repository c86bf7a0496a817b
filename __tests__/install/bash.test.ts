import { describe, expect, it } from '@jest/globals'
import { bashArguments, findBash, isWslLauncher, scriptText } from '../../src/install/bash.js'

describe('bashArguments', () => {
  it('gives the runner’s `shell: bash` flags, then the script file', () => {
    expect(bashArguments('D:\\a\\_temp\\0f1e.sh')).toEqual([
      '--noprofile',
      '--norc',
      '-e',
      '-o',
      'pipefail',
      'D:\\a\\_temp\\0f1e.sh'
    ])
  })
})

describe('scriptText', () => {
  it.each<[NodeJS.Platform, string, string]>([
    ['linux', 'a\nb\r\nc', 'a\nb\r\nc'],
    ['darwin', 'echo "x"\n', 'echo "x"\n'],
    ['win32', 'a\nb\r\nc\n', 'a\r\nb\r\nc\r\n'],
    ['win32', 'one line', 'one line']
  ])('on %s writes %j as %j', (platform, command, text) => {
    expect(scriptText(command, platform)).toBe(text)
  })
})

const GIT_BIN = 'C:\\Program Files\\Git\\bin'
const HOSTED_PATH = [
  GIT_BIN,
  'C:\\Windows\\system32',
  'C:\\Windows',
  'C:\\Program Files\\Git\\cmd',
  'C:\\hostedtoolcache\\windows\\Python\\3.13.1\\x64'
].join(';')

describe('findBash', () => {
  it.each([
    {
      name: 'off Windows, bash on PATH, as the runner takes it',
      platform: 'linux',
      env: { PATH: '/usr/bin:/bin' },
      files: [],
      bash: 'bash'
    },
    {
      name: 'on macOS too',
      platform: 'darwin',
      env: { PATH: '/opt/homebrew/bin:/bin' },
      files: [],
      bash: 'bash'
    },
    {
      name: 'on a hosted Windows runner, Git’s bin folder, first on PATH',
      platform: 'win32',
      env: { Path: HOSTED_PATH, SystemRoot: 'C:\\Windows' },
      files: [`${GIT_BIN}\\bash.exe`, 'C:\\Windows\\system32\\bash.exe'],
      bash: `${GIT_BIN}\\bash.exe`
    },
    {
      name: 'past WSL’s launcher earlier on PATH, to the next bash on PATH',
      platform: 'win32',
      env: { PATH: `C:\\WINDOWS\\System32;C:\\msys64\\usr\\bin`, SystemRoot: 'C:\\WINDOWS' },
      files: ['C:\\WINDOWS\\System32\\bash.exe', 'C:\\msys64\\usr\\bin\\bash.exe'],
      bash: 'C:\\msys64\\usr\\bin\\bash.exe'
    },
    {
      name: 'past WSL’s launcher named through %SystemRoot%, to Git’s bash beside git.exe in cmd',
      platform: 'win32',
      env: {
        Path: '%SystemRoot%\\system32;"D:\\Tools\\Git\\cmd"',
        SystemRoot: 'C:\\Windows'
      },
      files: [
        'C:\\Windows\\system32\\bash.exe',
        'D:\\Tools\\Git\\cmd\\git.exe',
        'D:\\Tools\\Git\\bin\\bash.exe'
      ],
      bash: 'D:\\Tools\\Git\\bin\\bash.exe'
    },
    {
      name: 'past a WindowsApps alias, to Git’s bash two folders above mingw64\\bin\\git.exe',
      platform: 'win32',
      env: {
        PATH: 'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps;C:\\Git\\mingw64\\bin'
      },
      files: [
        'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\bash.exe',
        'C:\\Git\\mingw64\\bin\\git.exe',
        'C:\\Git\\bin\\bash.exe'
      ],
      bash: 'C:\\Git\\bin\\bash.exe'
    },
    {
      name: 'with no git on PATH, Git for Windows where it installs',
      platform: 'win32',
      env: { Path: 'C:\\Windows\\system32', ProgramFiles: 'C:\\Program Files' },
      files: ['C:\\Windows\\system32\\bash.exe', `${GIT_BIN}\\bash.exe`],
      bash: `${GIT_BIN}\\bash.exe`
    },
    {
      name: 'or where it installs for one user',
      platform: 'win32',
      env: { PATH: '', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' },
      files: ['C:\\Users\\me\\AppData\\Local\\Programs\\Git\\bin\\bash.exe'],
      bash: 'C:\\Users\\me\\AppData\\Local\\Programs\\Git\\bin\\bash.exe'
    },
    {
      name: 'none when only WSL has a bash',
      platform: 'win32',
      env: { Path: 'C:\\Windows\\system32', ProgramFiles: 'C:\\Program Files' },
      files: ['C:\\Windows\\system32\\bash.exe'],
      bash: undefined
    }
  ] as const)('$name', ({ platform, env, files, bash }) => {
    const existing = new Set<string>(files)
    expect(findBash(platform, env, file => existing.has(file))).toBe(bash)
  })
})

describe('isWslLauncher', () => {
  it.each([
    ['C:\\Windows\\System32\\bash.exe', { SystemRoot: 'C:\\Windows' }, true],
    ['c:\\windows\\sysnative\\bash.exe', {}, true],
    ['C:\\WINNT\\SysWOW64\\bash.exe', { windir: 'C:\\WINNT\\' }, true],
    ['C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\bash.exe', {}, true],
    ['C:\\Program Files\\Git\\bin\\bash.exe', { SystemRoot: 'C:\\Windows' }, false],
    ['C:\\Windows\\System32\\tools\\bash.exe', { SystemRoot: 'C:\\Windows' }, false]
  ])('%s (with %j) is WSL’s launcher: %s', (file, env, expected) => {
    expect(isWslLauncher(file, env)).toBe(expected)
  })
})
