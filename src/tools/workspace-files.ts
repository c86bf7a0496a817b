import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/** What tells which tools a workspace uses: its top folder's names and its pyproject.toml. */
export interface WorkspaceTop {
  fileNames: string[]
  pyproject?: string
}

/** Reads the workspace's top folder; an unreadable one has no files. */
export async function readWorkspaceTop(dir: string): Promise<WorkspaceTop> {
  const [fileNames, pyproject] = await Promise.all([
    readdir(dir).catch(() => []),
    readFile(path.join(dir, 'pyproject.toml'), 'utf8').catch(() => undefined)
  ])
  return { fileNames, ...(pyproject === undefined ? {} : { pyproject }) }
}
