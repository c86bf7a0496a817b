import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import {
  classifyFailure,
  type FailureClass,
  projectsLackingRelease
} from '../../src/install/classify.js'

/**
 * Output of real pip and uv runs against the test mirror with faults, one folder per tool
 * (pip-23.2.1/, uv-0.13.9/, ...), written by scripts/capture-pip-output.ts.
 */
const FIXTURES = new URL('../fixtures/pip-output/', import.meta.url)
const TOOLS = readdirSync(FIXTURES, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && /^(pip|uv)-/.test(entry.name))
  .map(entry => entry.name)
  .sort()
const captured = (tool: string, name: string): string =>
  readFileSync(new URL(`${tool}/${name}.txt`, FIXTURES), 'utf8')

/** The class and a part of the deciding line. */
type Expected = [FailureClass, string]

interface Row {
  pip: Expected
  /** pip 25+, where it differs: named network errors, resumed downloads. */
  pip25?: Expected
  /** pip 22, where it differs: it does not say which versions it ignored for their Python. */
  pip22?: Expected
  uv: Expected
}

const FROM_NONE: Expected = ['ambiguous', '(from versions: none)']
const HASHES: Expected = ['mirror', 'THESE PACKAGES DO NOT MATCH THE HASHES']

/** Every failing case of the capture script, by what each tool prints for it. */
const EXPECTED: Record<string, Row> = {
  // No answer to a file request: pip retried it already, the mirror may answer next time.
  'read-timeout': {
    pip: ['transient', 'Max retries exceeded with url: /files/'],
    pip25: ['transient', 'error: connection-timeout'],
    uv: ['transient', 'error sending request for url (http://127.0.0.1:PORT/files/']
  },
  // No answer to the index page: pip skips the index and finds nothing.
  hang: {
    pip: FROM_NONE,
    uv: ['transient', 'error sending request for url (http://127.0.0.1:PORT/simple/']
  },
  'connection-reset': {
    pip: ['transient', 'Max retries exceeded with url: /files/'],
    pip25: ['transient', 'error: connection-failed'],
    uv: ['transient', 'error sending request for url (http://127.0.0.1:PORT/files/']
  },
  // Older pips accept the cut body and then find the hash wrong.
  'file-reset-mid-body': {
    pip: HASHES,
    pip25: ['mirror', 'error: incomplete-download'],
    uv: ['mirror', 'big-pkg==1.0 has an invalid package format']
  },
  'file-stall-mid-body': {
    pip: ['mirror', 'urllib3.exceptions.ReadTimeoutError: '],
    pip25: ['mirror', 'error: incomplete-download'],
    uv: ['mirror', 'big-pkg==1.0 has an invalid package format']
  },
  'http-503-file': {
    pip: ['transient', 'too many 503 error responses'],
    uv: ['transient', 'HTTP status server error (503 Service Unavailable)']
  },
  'http-404-file': {
    pip: ['mirror', 'HTTP error 404 while getting'],
    uv: ['mirror', 'HTTP status client error (404 Not Found)']
  },
  'hash-mismatch': { pip: HASHES, uv: ['mirror', 'Bad CRC'] },
  'stale-version-missing': {
    pip: ['mirror', 'demo-pkg==2.0 (from versions: 1.0, 1.1)'],
    uv: ['mirror', 'there is no version of demo-pkg==2.0']
  },
  'stale-version-missing-some-ignored': {
    pip: ['mirror', 'newer-py==3.0 (from versions: 1.0)'],
    uv: ['mirror', 'there is no version of newer-py==3.0']
  },
  'index-unreachable': {
    pip: FROM_NONE,
    uv: ['transient', 'error sending request for url (http://127.0.0.1:PORT/simple/']
  },
  'index-404': { pip: FROM_NONE, uv: ['mirror', 'demo-pkg was not found in the package registry'] },
  'http-503-page': {
    pip: FROM_NONE,
    uv: ['transient', 'HTTP status server error (503 Service Unavailable)']
  },
  'http-403-page': {
    pip: FROM_NONE,
    uv: ['mirror', 'demo-pkg was not found in the package registry']
  },
  'resolution-conflict': {
    pip: ['permanent', 'conflicting dependencies'],
    uv: ['permanent', 'No solution found when resolving dependencies']
  },
  'requires-python': {
    pip: ['permanent', 'requires a different Python'],
    uv: ['permanent', 'future-only==1.0 requires Python >=4']
  },
  'requires-python-listed': {
    pip: ['permanent', 'require a different python version: 1.0 Requires-Python >=4'],
    // pip 22 does not say it ignored the only version, so this looks like a missing project.
    pip22: FROM_NONE,
    uv: ['permanent', 'does not satisfy Python>=4 and future-listed==1.0 depends on Python>=4']
  },
  'requires-python-listed-some': {
    pip: ['permanent', 'require a different python version: 2.0 Requires-Python >=4'],
    // pip 22 does not list 2.0 as ignored either: it looks like a stale mirror.
    pip22: ['mirror', 'newer-py==2.0 (from versions: 1.0, 3.0)'],
    uv: ['permanent', 'does not satisfy Python>=4 and newer-py==2.0 depends on Python>=4']
  },
  'build-failure': {
    pip: ['permanent', 'subprocess-exited-with-error'],
    uv: ['permanent', 'The build backend returned an error']
  },
  // setuptools is missing from this mirror, not broken: another mirror may build it.
  'build-deps-missing': {
    pip: ['ambiguous', 'setuptools>=40.8.0 (from versions: none)'],
    uv: ['mirror', 'setuptools was not found in the package registry']
  },
  'tls-error': {
    pip: ['mirror', 'CERTIFICATE_VERIFY_FAILED'],
    uv: ['mirror', 'invalid peer certificate']
  }
}

function expectedFor(tool: string, row: Row): Expected {
  if (tool.startsWith('uv-')) return row.uv
  const major = Number(/^pip-(\d+)\./.exec(tool)?.[1])
  if (major >= 25 && row.pip25) return row.pip25
  if (major < 23 && row.pip22) return row.pip22
  return row.pip
}

describe('captured pip and uv output', () => {
  it('covers pip 22 to 26 and uv', () => {
    expect(TOOLS).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pip-22\./),
        expect.stringMatching(/^pip-26\./),
        expect.stringMatching(/^uv-/)
      ])
    )
  })

  it.each(TOOLS)('%s: every case captured, only the healthy install exits 0', tool => {
    const exitCodes = JSON.parse(
      readFileSync(new URL(`${tool}/exit-codes.json`, FIXTURES), 'utf8')
    ) as Record<string, number>
    expect(Object.keys(exitCodes).sort()).toEqual([...Object.keys(EXPECTED), 'success'].sort())
    const cases = readdirSync(new URL(`${tool}/`, FIXTURES)).filter(name => name.endsWith('.txt'))
    expect(cases.map(name => name.slice(0, -4)).sort()).toEqual(Object.keys(exitCodes).sort())
    for (const [name, code] of Object.entries(exitCodes)) {
      expect([name, code === 0]).toEqual([name, name === 'success'])
    }
  })
})

describe('classifyFailure on real pip and uv output', () => {
  const table = TOOLS.flatMap(tool =>
    Object.entries(EXPECTED).map(([name, row]) => {
      const [kind, line] = expectedFor(tool, row)
      return [tool, name, kind, line] as const
    })
  )

  it.each(table)('%s %s is %s', (tool, name, kind, line) => {
    const classification = classifyFailure(captured(tool, name))
    expect(classification.kind).toBe(kind)
    expect(classification.line).toContain(line)
  })
})

describe('classifyFailure on other output', () => {
  it.each([
    [
      'a build-dependency install that could not reach the index',
      [
        '  × pip subprocess to install build dependencies did not run successfully.',
        '  │ exit code: 1',
        '  ╰─> [3 lines of output]',
        '      ERROR: Could not find a version that satisfies the requirement setuptools>=40.8.0 (from versions: none)',
        '      ERROR: No matching distribution found for setuptools>=40.8.0',
        'error: subprocess-exited-with-error'
      ].join('\n'),
      'ambiguous'
    ],
    [
      // Real pip 26.2.1 output for the build-deps-missing case with its opt-in installer.
      'pip 26 --use-feature=inprocess-build-deps: setuptools missing from the index',
      [
        '  Installing build dependencies ... errorerror: failed-build-dependency-install',
        '',
        '× Cannot install build dependencies for needs-setuptools==0.1 from http://127.0.0.1:PORT/files/needs_setuptools-0.1.tar.gz',
        '╰─> Installing setuptools>=40.8.0',
        '    [2 lines of output]',
        '    ERROR: Could not find a version that satisfies the requirement setuptools>=40.8.0 (from versions: none)',
        '    ERROR: No matching distribution found for setuptools>=40.8.0',
        '    [end of output]'
      ].join('\n'),
      'ambiguous'
    ],
    [
      'pip 26: a build-dependency install whose log was shown earlier',
      [
        '  Installing build dependencies ... errorerror: failed-build-dependency-install',
        '',
        '× Cannot install build dependencies for x==1.0',
        '╰─> See above for more details.'
      ].join('\n'),
      'ambiguous'
    ],
    [
      'pip 26: a build-dependency install that hit a conflict',
      [
        '  × installing build dependencies for x did not run successfully.',
        '      ERROR: Cannot install a==1.0 and b==2.0 because these package versions have conflicting dependencies.',
        "ERROR: Failed to build 'x' when installing build dependencies for x"
      ].join('\n'),
      'permanent'
    ],
    [
      // Wording from pip 26's ProxyConnectionError (pip/_internal/exceptions.py).
      'pip 26: the proxy refuses',
      [
        'error: proxy-connection-failed',
        '',
        '× Failed to connect to proxy http://proxy:3128 while fetching https://m/simple/demo/',
        "╰─> ('Unable to connect to proxy', NewConnectionError('Connection refused'))"
      ].join('\n'),
      'transient'
    ],
    [
      'pip 26: a certificate the system does not trust, on a file',
      [
        'error: ssl-verification-failed',
        '',
        '× Failed to establish a secure connection to m while fetching https://m/f.whl'
      ].join('\n'),
      'mirror'
    ],
    [
      'pip: a pinned version ignored for its Python beside others',
      [
        'ERROR: Ignored the following versions that require a different python version: 1.5 Requires-Python >=3.12; 2.0 Requires-Python >=4',
        'ERROR: Could not find a version that satisfies the requirement demo==1.5 (from versions: 1.0)'
      ].join('\n'),
      'permanent'
    ],
    [
      'urllib3: a file body cut short',
      "pip._vendor.urllib3.exceptions.ProtocolError: ('Connection broken: IncompleteRead(16384 bytes read, 49152 more expected)', IncompleteRead(16384 bytes read, 49152 more expected))",
      'mirror'
    ],
    [
      'uv: a missing version',
      '  × No solution found when resolving dependencies:\n  ╰─▶ Because there is no version of demo==2.0 and you require demo==2.0, we can conclude that your requirements are unsatisfiable.',
      'mirror'
    ],
    [
      'uv: a real conflict',
      '  × No solution found when resolving dependencies:\n  ╰─▶ Because a==1.0 depends on b==1.0 and you require b==2.0, we can conclude that your requirements are unsatisfiable.',
      'permanent'
    ],
    [
      'uv: a hash mismatch',
      'error: Failed to download `demo==1.0`\n  Caused by: Hash mismatch for `demo==1.0`',
      'mirror'
    ],
    ['a missing command', 'bash: line 1: pipp: command not found', 'unknown'],
    ['nothing at all', '', 'unknown']
  ])('%s', (_name, output, kind) => {
    expect(classifyFailure(output).kind).toBe(kind)
  })

  it('names the last line of an unrecognised failure', () => {
    expect(classifyFailure('collecting\n\nFAILED tests/test_x.py::test_y\n\n').line).toBe(
      'FAILED tests/test_x.py::test_y'
    )
  })

  it('shortens very long lines', () => {
    expect(classifyFailure(`Read timed out ${'x'.repeat(500)}`).line).toHaveLength(240)
  })
})

describe('projectsLackingRelease', () => {
  it.each(TOOLS)('%s names the project a stale mirror lacks a release of', tool => {
    expect(projectsLackingRelease(captured(tool, 'stale-version-missing'))).toEqual(['demo-pkg'])
  })

  it.each(TOOLS)('%s names none for a failure that is not a missing release', tool => {
    for (const name of ['hash-mismatch', 'connection-reset', 'resolution-conflict', 'success'])
      expect([name, projectsLackingRelease(captured(tool, name))]).toEqual([name, []])
  })

  it.each([
    [
      'uv: only older releases',
      '  ╰─▶ Because only fresh.pkg<=1.0 is available and you require fresh.pkg>=2.0, we can conclude...',
      ['fresh.pkg']
    ],
    [
      'uv: not in the registry',
      '  ╰─▶ Because new_pkg was not found in the package registry',
      ['new_pkg']
    ],
    [
      'pip: one project named twice',
      'ERROR: Could not find a version that satisfies the requirement a-b>=2 (from versions: 1.0)\nERROR: No matching distribution found for a-b>=2',
      ['a-b']
    ]
  ])('%s', (_what, output, expected) => {
    expect(projectsLackingRelease(output)).toEqual(expected)
  })
})
