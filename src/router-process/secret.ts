import { randomBytes } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import { chmod, lstat, mkdir, open, realpath, rename, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { isRouterSecret } from './address.js'

const SECRET_FILE = 'router-secret'

/** 192 random bits, base64url: a path segment, or a proxy password, no one can guess. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url')
}

/** What `lstat` and `stat` say of the secret's folder or file. */
export interface PathFacts {
  kind: 'folder' | 'file' | 'link' | 'other'
  uid: number
  mode: number
}

/**
 * What to do with the folder the secret is kept in:
 * - `private`: keep it there;
 * - `make-private`: keep it there once others' permissions are taken away (0700);
 * - `not-private`: others may read it, and nothing here can change that: the job makes a
 *   secret of its own and writes it nowhere;
 * - `refuse`: another user owns it, or it is not a folder: they could know or choose the secret.
 *
 * Linux and macOS: the folder must be the user's (its uid), and 0700.
 *
 * Windows has neither: libuv reports uid 0 and mode 0666 (0444 when read-only) for every file
 * and folder, so no uid or mode can be checked. What protects the secret there is the
 * folder's access list: under the user's profile (`%USERPROFILE%\.cache\pip-mirror-action` by
 * default), it inherits the profile's, which lets in only that user, SYSTEM and the
 * Administrators. So on Windows the secret is kept only inside `profile` (the user's), the
 * folder's real path, links and junctions resolved. Not protected there: from administrators
 * (on a GitHub-hosted runner the job's own user is one, but the machine runs one job), from
 * other processes of the same account (on a self-hosted runner running as NETWORK SERVICE,
 * every service of that account), and from a profile whose access list was widened.
 */
export function judgeSecretFolder(
  platform: string,
  folder: PathFacts & { realPath: string },
  ownUid: number,
  profile: string
): 'private' | 'make-private' | 'not-private' | 'refuse' {
  if (folder.kind !== 'folder') return 'refuse'
  if (platform === 'win32')
    return insideWindowsFolder(folder.realPath, profile) ? 'private' : 'not-private'
  if (folder.uid !== ownUid) return 'refuse'
  return (folder.mode & 0o077) === 0 ? 'private' : 'make-private'
}

/**
 * Whether the kept secret can be used again: `reuse` when the file is a regular file holding
 * a well-formed secret and, on Linux and macOS, is 0600; `renew` when it is not; `refuse` with
 * the reason when it is a link (it could point the secret elsewhere) or, on Linux and macOS,
 * another user's. Windows reports no owner or permissions (see `judgeSecretFolder`): its folder
 * is what keeps the file private.
 */
export function judgeSecretFile(
  platform: string,
  file: PathFacts,
  ownUid: number,
  text: string
): { verdict: 'reuse' | 'renew' } | { verdict: 'refuse'; reason: string } {
  if (file.kind === 'link') return { verdict: 'refuse', reason: 'it is a link' }
  const posix = platform !== 'win32'
  if (posix && file.uid !== ownUid)
    return { verdict: 'refuse', reason: 'it belongs to another user' }
  const othersShutOut = !posix || (file.mode & 0o077) === 0
  const reusable = file.kind === 'file' && othersShutOut && isRouterSecret(text)
  return { verdict: reusable ? 'reuse' : 'renew' }
}

/**
 * The router's secret path segment, kept in `dir` (the user's cache folder) so that later jobs
 * on this runner reuse it; a new one when there is none or it may have been read by others.
 * Refuses a folder or file that another user owns: they could know or choose it. Where `dir`
 * cannot be kept private (see `judgeSecretFolder`), a new secret for this job only.
 */
export async function loadRouterSecret(
  dir: string,
  system: { platform: string; home: string } = { platform: process.platform, home: os.homedir() }
): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const folder = await lstat(dir)
  const place = judgeSecretFolder(
    system.platform,
    { ...pathFacts(folder), realPath: await real(dir) },
    ownUid(),
    await real(system.home)
  )
  if (place === 'refuse')
    throw new Error(`${dir} is not a folder of this user's: not keeping the router's secret there`)
  if (place === 'not-private') return newSecret()
  if (place === 'make-private') await chmod(dir, 0o700)
  const file = path.join(dir, SECRET_FILE)
  const kept = await readOwnSecret(file, system.platform)
  if (kept !== undefined) return kept
  const secret = newSecret()
  // Written whole, then renamed: a job starting meanwhile reads the old secret or the new one.
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, secret, { mode: 0o600, flag: 'wx' })
  await rename(temporary, file)
  return secret
}

/** The secret in `file` when `judgeSecretFile` lets it be reused; else undefined. */
async function readOwnSecret(file: string, platform: string): Promise<string | undefined> {
  const unusable = (reason: string): Error =>
    new Error(`the router's secret in ${file} is unusable: ${reason}`)
  let seen: Stats
  let handle
  try {
    seen = await lstat(file)
    // A link planted in the folder must not point the secret elsewhere: judged as lstat sees
    // it, and, where the system has O_NOFOLLOW (not Windows), refused when swapped in later.
    if (!seen.isSymbolicLink())
      handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw unusable((error as Error).message)
  }
  try {
    const text = handle ? (await handle.readFile('utf8')).trim() : ''
    const facts = pathFacts(handle ? await handle.stat() : seen)
    const judged = judgeSecretFile(platform, facts, ownUid(), text)
    if (judged.verdict === 'refuse') throw unusable(judged.reason)
    return judged.verdict === 'reuse' ? text : undefined
  } finally {
    await handle?.close()
  }
}

function pathFacts(stats: Stats): PathFacts {
  const kind = stats.isSymbolicLink()
    ? 'link'
    : stats.isDirectory()
      ? 'folder'
      : stats.isFile()
        ? 'file'
        : 'other'
  return { kind, uid: stats.uid, mode: stats.mode }
}

/** Windows paths compare without case; a sibling that shares a prefix is not inside. */
function insideWindowsFolder(candidate: string, root: string): boolean {
  const relative = path.win32.relative(root, candidate)
  return !path.win32.isAbsolute(relative) && relative.split(path.win32.sep)[0] !== '..'
}

async function real(file: string): Promise<string> {
  return realpath(file).catch(() => path.resolve(file))
}

function ownUid(): number {
  return process.getuid?.() ?? 0
}
