import { readFile } from 'node:fs/promises'
import path from 'node:path'
import * as glob from '@actions/glob'
import type { SettingsSnapshot } from './existing-settings.js'
import { runPython } from './python-env.js'

const MAX_FILES = 50
const SKIPPED_DIRECTORIES = ['node_modules', '.git', '.venv', 'venv', '.tox', 'site-packages']

/** Reads what decides where pip and uv look for packages on this runner, as they report it. */
export async function readSettingsSnapshot(workspace: string): Promise<SettingsSnapshot> {
  const [pipConfigList, requirementPaths, uvLockFiles] = await Promise.all([
    runPython(['-m', 'pip', 'config', 'list']).then(output => output ?? ''),
    findFiles(workspace, 'requirements*.txt'),
    findFiles(workspace, 'uv.lock')
  ])
  const requirementFiles = await Promise.all(
    requirementPaths.map(async file => ({
      path: file,
      text: await readFile(path.join(workspace, file), 'utf8').catch(() => '')
    }))
  )
  return { env: process.env, pipConfigList, requirementFiles, uvLockFiles }
}

async function findFiles(workspace: string, name: string): Promise<string[]> {
  const patterns = [
    path.join(workspace, '**', name),
    ...SKIPPED_DIRECTORIES.map(directory => `!${path.join(workspace, '**', directory, '**')}`)
  ]
  const globber = await glob.create(patterns.join('\n'), {
    followSymbolicLinks: false,
    implicitDescendants: false
  })
  const found: string[] = []
  for await (const file of globber.globGenerator()) {
    found.push(path.relative(workspace, file))
    if (found.length >= MAX_FILES) break
  }
  return found.sort()
}
