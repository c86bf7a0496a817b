import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { classifyFailure } from '../src/classify.js'

/** Output of real pip runs against the test mirror with faults, written by scripts/capture-pip-output.ts. */
const captured = (name: string): string =>
  readFileSync(new URL(`./fixtures/pip-output/${name}.txt`, import.meta.url), 'utf8')

describe('classifyFailure on real pip output', () => {
  it.each([
    ['read-timeout', 'transient', 'Max retries exceeded with url'],
    ['connection-reset', 'transient', 'Max retries exceeded with url'],
    ['http-503-file', 'transient', 'too many 503 error responses'],
    ['http-404-file', 'mirror', 'HTTP error 404 while getting'],
    ['hash-mismatch', 'mirror', 'THESE PACKAGES DO NOT MATCH THE HASHES'],
    ['stale-version-missing', 'mirror', '(from versions: 1.0, 1.1)'],
    ['tls-error', 'mirror', 'CERTIFICATE_VERIFY_FAILED'],
    ['index-unreachable', 'ambiguous', '(from versions: none)'],
    ['index-404', 'ambiguous', '(from versions: none)'],
    ['http-403-page', 'ambiguous', '(from versions: none)'],
    ['http-503-page', 'ambiguous', '(from versions: none)'],
    ['resolution-conflict', 'permanent', 'conflicting dependencies'],
    ['requires-python', 'permanent', 'requires a different Python'],
    ['build-failure', 'permanent', 'subprocess-exited-with-error']
  ])('%s is %s', (fixture, kind, line) => {
    const classification = classifyFailure(captured(fixture))
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
      'uv: a server error',
      'error: Failed to fetch: `http://m/simple/demo/`\n  Caused by: HTTP status server error (503 Service Unavailable) for url (http://m/simple/demo/)',
      'transient'
    ],
    [
      'uv: a timeout',
      'error: Failed to download `demo==1.0`\n  Caused by: operation timed out',
      'transient'
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
