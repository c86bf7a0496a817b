// Which file of a project page the client will download on this runner, for a project the job
// declared or a dependency it is about to resolve: pip's choice, made ahead of pip.
import { compare, explain, satisfies } from '@renovatebot/pep440'
import { versionFromFilename } from '../mirrors/distribution-file.js'
import type { IndexFile } from '../net/index-page.js'
import type { Want } from './plan.js'
import { chooseFile } from './wheel-tags.js'

export type Choice =
  | { kind: 'file'; file: IndexFile; version: string }
  /** The index lists no release that the want accepts. */
  | { kind: 'not-listed' }
  /** No file of the release fits this interpreter: wheels for other platforms only. */
  | { kind: 'no-fit'; version: string }
  /** The file the client would pick has another sha256 on the index than the job allows. */
  | { kind: 'hash-mismatch'; filename: string }

export interface Interpreter {
  tags: readonly string[]
  /** `python_full_version`, for Requires-Python. */
  pythonVersion: string
}

type Wanted = Pick<Want, 'version' | 'specifier' | 'hashes' | 'files'>

/**
 * The file for `want` among a project page's `files`: the exact version when pinned, else the
 * newest final release the specifier accepts (pre-releases only when no final one does), as
 * pip resolves an unconstrained dependency; within it, pip's order (chooseFile). A lock that
 * names the release's files limits the choice to them, each checked against its own hash.
 */
export function chooseRelease(
  files: readonly IndexFile[],
  want: Wanted,
  python: Interpreter
): Choice {
  const releases = byVersion(files)
  if (want.version !== undefined) {
    const release = [...releases].find(([version]) => sameVersion(version, want.version as string))
    return release ? chooseWithin(release[0], release[1], want, python) : { kind: 'not-listed' }
  }
  const versions = [...releases.keys()].filter(version => accepts(want.specifier, version))
  versions.sort((a, b) => safeCompare(b, a))
  const finals = versions.filter(version => !isPrerelease(version))
  let lastNoFit: Choice | undefined
  for (const version of finals.length > 0 ? finals : versions) {
    // An unpinned requirement never resolves to a yanked file (PEP 592).
    const usable = (releases.get(version) ?? []).filter(file => !file.yanked)
    const choice = chooseWithin(version, usable, want, python)
    if (choice.kind !== 'no-fit') return choice
    lastNoFit ??= choice
  }
  return lastNoFit ?? { kind: 'not-listed' }
}

function chooseWithin(
  version: string,
  files: readonly IndexFile[],
  want: Wanted,
  python: Interpreter
): Choice {
  const locked = want.files && new Map(want.files.map(file => [file.filename, file.sha256]))
  const candidates = locked ? files.filter(file => locked.has(file.filename)) : files
  const allowed = locked ? undefined : want.hashes
  const file = chooseFile(
    candidates.map(listing => ({
      listing,
      filename: listing.filename,
      ...(listing.sha256 ? { sha256: listing.sha256 } : {}),
      ...(listing.size !== undefined ? { size: listing.size } : {}),
      ...(listing.requiresPython ? { requiresPython: listing.requiresPython } : {}),
      ...(listing.yanked ? { yanked: true } : {})
    })),
    python.tags,
    python.pythonVersion,
    allowed
  )?.listing
  if (!file) return { kind: 'no-fit', version }
  const expected = locked?.get(file.filename)
  const mismatch = expected
    ? file.sha256 !== expected
    : want.hashes.length > 0 && !want.hashes.includes(file.sha256 ?? '')
  return mismatch
    ? { kind: 'hash-mismatch', filename: file.filename }
    : { kind: 'file', file, version }
}

function byVersion(files: readonly IndexFile[]): Map<string, IndexFile[]> {
  const releases = new Map<string, IndexFile[]>()
  for (const file of files) {
    const version = versionFromFilename(file.filename)
    if (version === undefined) continue
    releases.set(version, [...(releases.get(version) ?? []), file])
  }
  return releases
}

function sameVersion(a: string, b: string): boolean {
  return a === b || safeCompare(a, b) === 0
}

function safeCompare(a: string, b: string): number {
  try {
    return compare(a, b)
  } catch {
    return a < b ? -1 : a > b ? 1 : 0
  }
}

function accepts(specifier: string, version: string): boolean {
  if (specifier.trim() === '') return true
  try {
    return satisfies(version, specifier, { prereleases: true })
  } catch {
    return false
  }
}

function isPrerelease(version: string): boolean {
  return explain(version)?.is_prerelease ?? false
}
