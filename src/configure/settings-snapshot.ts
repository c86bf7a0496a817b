import { readFile } from 'node:fs/promises'
import path from 'node:path'
import * as glob from '@actions/glob'
import { runPython } from '../runner/python-env.js'

export interface SettingsSnapshot {
  env: Record<string, string | undefined>
  /** The output of `pip config list`, empty when pip is not available. */
  pipConfigList: string
  requirementFiles: { path: string; text: string }[]
  uvLockFiles: string[]
}

const MAX_FILES = 50
const SKIPPED_DIRECTORIES = ['node_modules', '.git', '.venv', 'venv', '.tox', 'site-packages']

/** Reads what decides where pip and uv look for packages on this runner, as they report it. */
export async function readSettingsSnapshot(
  workspace: string,
  requirementFiles: Promise<SettingsSnapshot['requirementFiles']>
): Promise<SettingsSnapshot> {
  const [pipConfigList, uvLockFiles] = await Promise.all([
    // A whole pip start, about a third of a CPU second, beside the install's own: it runs in the
    // cores' idle time, as nothing waits for it before the install ends.
    runPython(['-m', 'pip', 'config', 'list'], { background: true }).then(output => output ?? ''),
    findWorkspaceFiles(workspace, ['**/uv.lock'])
  ])
  return { env: process.env, pipConfigList, requirementFiles: await requirementFiles, uvLockFiles }
}

/** The workspace's requirements files, for index options in them and the workload estimate. */
export async function readRequirementFiles(
  workspace: string
): Promise<SettingsSnapshot['requirementFiles']> {
  const paths = await findWorkspaceFiles(workspace, ['**/requirements*.txt'])
  return Promise.all(
    paths.map(async file => ({
      path: file,
      text: await readFile(path.join(workspace, file), 'utf8').catch(() => '')
    }))
  )
}

/**
 * Files under the workspace matching any of `patterns` (relative globs), at most `limit`,
 * relative to it; installed packages and other projects' trees are skipped.
 */
export async function findWorkspaceFiles(
  workspace: string,
  patterns: string[],
  limit = MAX_FILES
): Promise<string[]> {
  const globs = [
    ...patterns.map(pattern => path.join(workspace, pattern)),
    ...SKIPPED_DIRECTORIES.map(directory => `!${path.join(workspace, '**', directory, '**')}`)
  ]
  const globber = await glob.create(globs.join('\n'), {
    followSymbolicLinks: false,
    implicitDescendants: false
  })
  const found: string[] = []
  for await (const file of globber.globGenerator()) {
    found.push(path.relative(workspace, file))
    if (found.length >= limit) break
  }
  return found.sort()
}
