import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { chmod, lstat, mkdir, open, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isRouterSecret } from './address.js'

const SECRET_FILE = 'router-secret'

/** 192 random bits, base64url: a path segment, or a proxy password, no one can guess. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url')
}

/**
 * The router's secret path segment, kept in `dir` (the user's cache folder, 0700, file 0600) so
 * that later jobs on this runner reuse it; a new one when there is none or it may have been read
 * by others. Refuses a folder or file that another user owns: they could know or choose it.
 */
export async function loadRouterSecret(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const folder = await lstat(dir)
  if (!folder.isDirectory() || folder.uid !== ownUid())
    throw new Error(`${dir} is not a folder of this user's: not keeping the router's secret there`)
  if ((folder.mode & 0o077) !== 0) await chmod(dir, 0o700)
  const file = path.join(dir, SECRET_FILE)
  const kept = await readOwnSecret(file)
  if (kept !== undefined) return kept
  const secret = newSecret()
  // Written whole, then renamed: a job starting meanwhile reads the old secret or the new one.
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, secret, { mode: 0o600, flag: 'wx' })
  await rename(temporary, file)
  return secret
}

/** The secret in `file` when it is this user's, private and well formed; else undefined. */
async function readOwnSecret(file: string): Promise<string | undefined> {
  let handle
  try {
    // O_NOFOLLOW: a link planted in the folder must not point the secret elsewhere.
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`the router's secret in ${file} is unusable: ${(error as Error).message}`)
  }
  try {
    const stat = await handle.stat()
    if (stat.uid !== ownUid()) throw new Error(`${file} belongs to another user`)
    const text = (await handle.readFile('utf8')).trim()
    return stat.isFile() && (stat.mode & 0o077) === 0 && isRouterSecret(text) ? text : undefined
  } finally {
    await handle.close()
  }
}

function ownUid(): number {
  return process.getuid?.() ?? 0
}
