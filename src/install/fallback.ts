import { type Classification, classifyFailure, type FailureClass } from './classify.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { CommandResult } from './shell.js'
import { blockedMessage, blockedProject, type PrivateGuard, privateFirst } from './private-index.js'

export interface Attempt {
  mirror: Mirror
  /** 1-based count of the attempts on this mirror. */
  attemptOnMirror: number
  exitCode: number
  durationMs: number
  kind?: FailureClass
  line?: string
}

export interface InstallResult {
  succeeded: boolean
  /** Where the install succeeded. */
  mirror?: Mirror
  attempts: Attempt[]
  /** Why the install stopped before trying every mirror, if it did. */
  stoppedBy?: Classification
  /** Why the install did not go on to a public mirror: a private project stays private. */
  refusal?: string
}

export interface FallbackOptions {
  attemptsPerMirror: number
  backoffBaseMs: number
  run: (mirror: Mirror) => Promise<CommandResult>
  sleep: (ms: number) => Promise<void>
  now: () => number
  log: (message: string) => void
  /** Keeps private projects off public mirrors; unset when no candidate is private. */
  guard?: PrivateGuard
  /** Before the install moves on to the next mirror: what that one should know of the failure. */
  beforeNextMirror?: (output: string) => Promise<void>
}

const MAX_BACKOFF_MS = 30_000

/**
 * Runs the install on each mirror in turn, private indexes first. A transient failure retries
 * the same mirror after a growing pause; a failure tied to the mirror moves on at once; a
 * failure no mirror can fix stops, so a broken requirements file does not tour every mirror.
 * Past the private indexes, the guard may refuse the public mirrors, or stop at a private
 * project that pip or uv could not take from a public one.
 */
export async function installWithFallback(
  mirrors: Mirror[],
  options: FallbackOptions
): Promise<InstallResult> {
  const attempts: Attempt[] = []
  const { guard } = options
  const refuse = (refusal: string): InstallResult => {
    options.log(refusal)
    return { succeeded: false, attempts, refusal }
  }
  for (const mirror of privateFirst(mirrors, mirror => mirror)) {
    // With a guard, reaching a public mirror means every private index has failed.
    if (guard?.refusal && !mirror.private) return refuse(guard.refusal)
    for (let attemptOnMirror = 1; attemptOnMirror <= options.attemptsPerMirror; attemptOnMirror++) {
      options.log(
        `Attempt ${attempts.length + 1}: ${mirror.name} (${mirror.displayUrl}), try ${attemptOnMirror} of ${options.attemptsPerMirror}`
      )
      const started = options.now()
      const result = await options.run(mirror)
      const attempt: Attempt = {
        mirror,
        attemptOnMirror,
        exitCode: result.exitCode,
        durationMs: options.now() - started
      }
      attempts.push(attempt)
      if (result.exitCode === 0) return { succeeded: true, mirror, attempts }

      const classification = classifyFailure(result.output)
      Object.assign(attempt, classification)
      options.log(
        `Failed with exit code ${result.exitCode}: ${classification.kind} (${classification.line})`
      )
      const blocked = guard && !mirror.private && blockedProject(result.output, guard.patterns)
      if (blocked) return refuse(blockedMessage(blocked, mirror, guard))
      const step = nextStep(classification.kind, attemptOnMirror, options.attemptsPerMirror)
      if (step === 'stop') return { succeeded: false, attempts, stoppedBy: classification }
      if (step === 'next-mirror') {
        await options.beforeNextMirror?.(result.output)
        break
      }
      const pause = backoffMs(attemptOnMirror, options.backoffBaseMs)
      options.log(`Retrying ${mirror.name} in ${pause} ms`)
      await options.sleep(pause)
    }
  }
  return { succeeded: false, attempts }
}

export type NextStep = 'retry' | 'next-mirror' | 'stop'

export function nextStep(
  kind: FailureClass,
  attemptOnMirror: number,
  attemptsPerMirror: number
): NextStep {
  switch (kind) {
    case 'transient':
      return attemptOnMirror < attemptsPerMirror ? 'retry' : 'next-mirror'
    case 'mirror':
    case 'ambiguous':
      return 'next-mirror'
    case 'permanent':
    case 'unknown':
      return 'stop'
  }
}

export function backoffMs(attemptOnMirror: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (attemptOnMirror - 1), MAX_BACKOFF_MS)
}
