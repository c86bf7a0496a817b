import { describe, expect, it } from '@jest/globals'
import { osReleaseFromFile, osReleaseName, runnerOsName } from '../../src/runner/runner-os.js'

describe('osReleaseFromFile', () => {
  it.each([
    ['NAME="Ubuntu"\nVERSION_ID="24.04"\nID=ubuntu\n', 'ubuntu-24.04'],
    ["ID='debian'\nVERSION_ID='12'\n", 'debian-12'],
    ['ID=arch\n', 'arch'],
    ['', '']
  ])('%j', (text, expected) => expect(osReleaseFromFile(text)).toBe(expected))
})

describe('per-OS names', () => {
  it.each([
    ['linux', '6.8.0-1017-azure', 'ID=ubuntu\nVERSION_ID="24.04"\n', 'Linux', 'ubuntu-24.04'],
    ['linux', '6.1.0', '', 'Linux', 'linux-6.1.0'],
    ['darwin', '24.1.0', '', 'macOS', 'macos-15'],
    ['darwin', '23.6.0', '', 'macOS', 'macos-14'],
    ['darwin', '25.0.0', '', 'macOS', 'macos-26'],
    ['win32', '10.0.26100', '', 'Windows', 'win32-10.0.26100']
  ])('%s %s', (platform, kernel, file, runner, release) => {
    expect(runnerOsName(platform)).toBe(runner)
    expect(osReleaseName(platform, kernel, file)).toBe(release)
  })
})

describe('macOS from its Darwin kernel', () => {
  it.each([
    ['19.6.0', 'macos-10.15'],
    ['20.6.0', 'macos-11'],
    ['21.6.0', 'macos-12'],
    ['22.6.0', 'macos-13'],
    ['23.6.0', 'macos-14'],
    ['24.6.0', 'macos-15'],
    // Apple numbers macOS by the year from here: Tahoe is macOS 26.
    ['25.0.0', 'macos-26'],
    ['25.2.0', 'macos-26'],
    ['26.0.0', 'macos-27'],
    ['27.1.0', 'macos-28'],
    ['25', 'macos-26'],
    ['unknown', 'darwin-unknown'],
    ['', 'darwin-']
  ])('Darwin %j is %s', (kernel, release) => {
    expect(osReleaseName('darwin', kernel, '')).toBe(release)
  })
})
