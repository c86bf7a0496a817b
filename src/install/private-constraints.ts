import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Log } from '../format/log.js'
import { findWorkspaceFiles } from '../configure/settings-snapshot.js'
import { annotationTitle } from '../format/format.js'
import { runnerTempPath, workspaceDir } from '../runner/runner-env.js'
import {
  constraintEnv,
  guardedProjects,
  referencedFiles,
  renderConstraints
} from './private-index.js'

/** Where projects are named: requirement, constraint and project files, and lock files. */
const DEPENDENCY_FILES = [
  '**/*requirements*.txt',
  '**/*requirements*.in',
  '**/requirements/**/*.txt',
  '**/requirements/**/*.in',
  '**/*constraints*.txt',
  '**/pyproject.toml',
  '**/setup.cfg',
  '**/setup.py',
  '**/Pipfile',
  '**/Pipfile.lock',
  '**/poetry.lock',
  '**/uv.lock',
  '**/pdm.lock',
  '**/pylock*.toml'
]

/**
 * Writes the constraints file that rules the private projects out on public mirrors, and
 * returns the variables that hand it to pip and uv. Globs are expanded over the names in the
 * workspace's dependency files and the install command.
 */
export async function writePrivateConstraints(
  patterns: string[],
  install: string,
  log: Log
): Promise<Record<string, string>> {
  const workspace = workspaceDir()
  const texts = patterns.some(pattern => pattern.includes('*'))
    ? [install, ...(await readDependencyFiles(workspace, install, log))]
    : []
  const { names, unmatchedGlobs } = guardedProjects(patterns, texts)
  const dir = await mkdtemp(runnerTempPath('pip-mirror-private-'))
  const file = path.join(dir, 'constraints.txt')
  await writeFile(file, renderConstraints(names))
  log.info(
    `Public mirrors get ${file}, which rules out the private project(s) ${names.join(', ') || '(none found)'}`
  )
  for (const unmatched of unmatchedGlobs) {
    log.warning(
      `'${unmatched}' in private-projects matches no name in the dependency files or the install command: a private project it covers that is only another package's dependency is not kept off public mirrors. List such projects by name.`,
      annotationTitle('private projects')
    )
  }
  return constraintEnv(file, process.env)
}

async function readDependencyFiles(
  workspace: string,
  install: string,
  log: Log
): Promise<string[]> {
  const found = (await findWorkspaceFiles(workspace, DEPENDENCY_FILES, 5000)).map(file =>
    path.join(workspace, file)
  )
  const referenced = referencedFiles(install).map(file => path.resolve(workspace, file))
  return Promise.all(
    [...new Set([...found, ...referenced])].map(file =>
      readFile(file, 'utf8').catch((error: Error) => {
        log.info(`Not matched against private-projects globs: ${file} (${error.message})`)
        return ''
      })
    )
  )
}
