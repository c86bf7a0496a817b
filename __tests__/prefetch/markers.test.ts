import { describe, expect, it } from '@jest/globals'
import { evaluateMarker, MarkerError, type MarkerEnvironment } from '../../src/prefetch/markers.js'

// packaging.markers.default_environment() on the two runners; the expected results below are
// what packaging 25.0's Marker.evaluate gives for them.
const LINUX: MarkerEnvironment = {
  implementation_name: 'cpython',
  implementation_version: '3.12.4',
  os_name: 'posix',
  platform_machine: 'x86_64',
  platform_release: '6.8.0-1021-azure',
  platform_system: 'Linux',
  platform_version: '#25-Ubuntu SMP Wed Jan 15 20:45:09 UTC 2025',
  python_full_version: '3.12.4',
  platform_python_implementation: 'CPython',
  python_version: '3.12',
  sys_platform: 'linux'
}
const WINDOWS: MarkerEnvironment = {
  ...LINUX,
  os_name: 'nt',
  platform_machine: 'AMD64',
  platform_release: '10',
  platform_system: 'Windows',
  platform_version: '10.0.20348',
  sys_platform: 'win32'
}

describe('evaluateMarker', () => {
  it.each<[string, boolean, boolean]>([
    // marker, on Linux, on Windows
    ['sys_platform == "win32"', false, true],
    ["sys_platform == 'linux'", true, false],
    ['python_version < "3.8"', false, false],
    ['python_version >= "3.8" and platform_machine == "x86_64"', true, false],
    ['python_version>"3.8"and os_name=="posix"', true, false],
    ['  python_version  >=  "3.8"  ', true, true],
    ['os_name == "nt" or sys_platform == "linux" and python_version < "3"', false, true],
    ['(os_name == "nt" or sys_platform == "linux") and python_version < "3"', false, false],
    ['implementation_name == "cpython" and python_full_version >= "3.12.0"', true, true],
    ['python_full_version < "3.12.4"', false, false],
    // Versions, not strings: "3.12" > "3.9" although '3.12' < '3.9' as text.
    ['python_version > "3.9"', true, true],
    ['python_version == "3.12.0"', true, true],
    ['python_version == "3.*"', true, true],
    ['python_version != "3.12.*"', false, false],
    ['python_full_version ~= "3.11"', true, true],
    ['python_full_version ~= "3.11.0"', false, false],
    ['python_version === "3.12"', true, true],
    ['python_version in "3.10 3.11 3.12"', true, true],
    ['python_version not in "3.10 3.11"', true, true],
    ['"3.8" < python_version', true, true],
    ['"linux" in sys_platform', true, false],
    ['"lin" in sys_platform', true, false],
    ['platform_machine not in "x86_64 amd64"', false, true],
    // Not a version on the right: Python's string comparison.
    ['sys_platform > "darwin"', true, true],
    ['platform_system >= "M"', false, true],
    // The legacy dotted names.
    ['os.name == "nt"', false, true],
    ['sys.platform == "linux"', true, false],
    ['platform.machine == "AMD64"', false, true],
    [
      'python_implementation == "CPython" and platform.python_implementation == "CPython"',
      true,
      true
    ],
    // packaging compares a variable on the left with the right side's text.
    ['python_version == python_full_version', false, false],
    ['extra == "x"', false, false]
  ])('%s: Linux %s, Windows %s', (marker, onLinux, onWindows) => {
    expect(evaluateMarker(marker, LINUX)).toBe(onLinux)
    expect(evaluateMarker(marker, WINDOWS)).toBe(onWindows)
  })

  it.each<[string, string[], boolean]>([
    ['extra == "socks"', ['socks'], true],
    ['extra == "socks"', ['http', 'socks'], true],
    ['extra == "socks"', [], false],
    ['extra == "Socks_Proxy"', ['socks-proxy'], true],
    ['extra == "socks.proxy"', ['Socks__Proxy'], true],
    ['extra != "socks"', ['socks'], false],
    // pip evaluates once per requested extra and takes any.
    ['extra != "socks"', ['socks', 'http'], true],
    ['(os_name == "nt" or sys_platform == "darwin") and extra == "x"', ['x'], false],
    ['(os_name == "posix" or sys_platform == "darwin") and extra == "x"', ['x'], true],
    ['"socks" in extras', ['socks', 'http'], true],
    ['"Socks" in extras', ['socks'], true],
    ['"socks" in extras', [], false],
    ['"socks" not in extras', [], true],
    ['"dev" in dependency_groups', ['dev'], false]
  ])('%s with extras %j: %s', (marker, extras, expected) => {
    expect(evaluateMarker(marker, LINUX, extras)).toBe(expected)
  })

  it('compares platform_release as a version where it is one, and throws where it is not, as packaging 24/25 does', () => {
    expect(evaluateMarker('platform_release >= "5"', WINDOWS)).toBe(true)
    expect(() => evaluateMarker('platform_release >= "5"', LINUX)).toThrow(MarkerError)
    expect(evaluateMarker('platform_release >= "5-x"', LINUX)).toBe(true)
  })

  it.each([
    'python_version',
    'python_version >= ',
    'python_version >= 3.8',
    'python_version >= "3.8" and',
    'python_version >= "3.8" or or os_name == "nt"',
    '(python_version >= "3.8"',
    'python_version >= "3.8")',
    'python_version notin "3.8"',
    'python_version => "3.8"',
    'python_versions == "3.8"',
    'foo == "bar"',
    '"a" == "b"',
    'os_name == "posix',
    'os_name == "po\\x7"',
    ''
  ])('throws a MarkerError naming %j', marker => {
    expect(() => evaluateMarker(marker, LINUX)).toThrow(MarkerError)
    expect(() => evaluateMarker(marker, LINUX)).toThrow(JSON.stringify(marker))
  })

  it.each([
    // Version operators packaging cannot apply to strings, or to a set.
    ['os_name ~= "posix"', LINUX],
    ['extras == "x"', LINUX],
    ['"x" < extras', LINUX],
    // A variable the environment does not give.
    ['python_version >= "3"', { os_name: 'posix' }]
  ])('throws a MarkerError evaluating %j', (marker, environment) => {
    expect(() => evaluateMarker(marker, environment)).toThrow(MarkerError)
  })

  it('reads Python escapes in the quoted values', () => {
    expect(evaluateMarker('os_name == "po\\x73ix"', LINUX)).toBe(true)
    expect(evaluateMarker('os_name == "\\u0070os\\151x"', LINUX)).toBe(true)
  })
})
