import { chmod, chown, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { isRouterSecret } from '../../src/router-process/address.js'
import {
  judgeSecretFile,
  judgeSecretFolder,
  loadRouterSecret,
  type PathFacts
} from '../../src/router-process/secret.js'
import { asRoot } from '../../test-support/root.js'

async function scratch(): Promise<string> {
  return path.join(await mkdtemp(path.join(tmpdir(), 'secret-')), 'pip-mirror-action')
}

describe('loadRouterSecret', () => {
  it('makes a secret once, private to the user, and gives it to every later job', async () => {
    const dir = await scratch()
    const secret = await loadRouterSecret(dir)
    expect(isRouterSecret(secret)).toBe(true)
    expect(await loadRouterSecret(dir)).toBe(secret)
    expect((await stat(dir)).mode & 0o777).toBe(0o700)
    expect((await stat(path.join(dir, 'router-secret'))).mode & 0o777).toBe(0o600)
  })

  it('makes a new one when the file could have been read by others', async () => {
    const dir = await scratch()
    const secret = await loadRouterSecret(dir)
    await chmod(path.join(dir, 'router-secret'), 0o644)
    const renewed = await loadRouterSecret(dir)
    expect(renewed).not.toBe(secret)
    expect((await stat(path.join(dir, 'router-secret'))).mode & 0o777).toBe(0o600)
  })

  it('never follows a link planted in its place', async () => {
    const dir = await scratch()
    await loadRouterSecret(dir)
    const elsewhere = path.join(path.dirname(dir), 'chosen-by-someone')
    await writeFile(elsewhere, 'x'.repeat(32), { mode: 0o600 })
    const file = path.join(dir, 'router-secret')
    await rm(file)
    await symlink(elsewhere, file)
    await expect(loadRouterSecret(dir)).rejects.toThrow('unusable: it is a link')
    expect(await readFile(elsewhere, 'utf8')).toBe('x'.repeat(32))
  })

  asRoot('give a folder to another user')(
    'refuses a secret or a folder that another user owns',
    async () => {
      const dir = await scratch()
      await loadRouterSecret(dir)
      await chown(path.join(dir, 'router-secret'), 12345, 12345)
      await expect(loadRouterSecret(dir)).rejects.toThrow('belongs to another user')
      await chown(dir, 12345, 12345)
      await expect(loadRouterSecret(dir)).rejects.toThrow("not a folder of this user's")
    }
  )

  it('refuses a folder that is not a folder: a file, or a link to a folder elsewhere', async () => {
    const dir = await scratch()
    await writeFile(dir, '')
    await expect(loadRouterSecret(dir)).rejects.toThrow('EEXIST')
    const linked = await scratch()
    const elsewhere = await mkdtemp(path.join(tmpdir(), 'chosen-by-someone-'))
    await symlink(elsewhere, linked)
    await expect(loadRouterSecret(linked)).rejects.toThrow("not a folder of this user's")
    await expect(stat(path.join(elsewhere, 'router-secret'))).rejects.toThrow('ENOENT')
  })

  describe('judged as on Windows, where every mode reads 0666', () => {
    it('keeps the secret inside the profile, whatever the mode says', async () => {
      const dir = await scratch()
      const windows = { platform: 'win32', home: path.dirname(dir) }
      const secret = await loadRouterSecret(dir, windows)
      await chmod(path.join(dir, 'router-secret'), 0o666)
      expect(await loadRouterSecret(dir, windows)).toBe(secret)
    })

    it('writes no secret outside the profile, and makes one for each job', async () => {
      const dir = await scratch()
      const windows = { platform: 'win32', home: await mkdtemp(path.join(tmpdir(), 'profile-')) }
      const first = await loadRouterSecret(dir, windows)
      expect(isRouterSecret(first)).toBe(true)
      expect(await loadRouterSecret(dir, windows)).not.toBe(first)
      await expect(stat(path.join(dir, 'router-secret'))).rejects.toThrow('ENOENT')
    })

    it('never follows a link planted in its place', async () => {
      const dir = await scratch()
      const windows = { platform: 'win32', home: path.dirname(dir) }
      await loadRouterSecret(dir, windows)
      const elsewhere = path.join(path.dirname(dir), 'chosen-by-someone')
      await writeFile(elsewhere, 'x'.repeat(32))
      const file = path.join(dir, 'router-secret')
      await rm(file)
      await symlink(elsewhere, file)
      await expect(loadRouterSecret(dir, windows)).rejects.toThrow('unusable: it is a link')
    })
  })
})

const WINDOWS_HOME = 'C:\\Users\\runneradmin'
const facts = (kind: PathFacts['kind'], uid: number, mode: number): PathFacts => ({
  kind,
  uid,
  mode
})

describe('judgeSecretFolder', () => {
  const folder = (uid: number, mode: number, realPath: string) => ({
    ...facts('folder', uid, mode),
    realPath
  })
  const LINUX = '/home/runner/.cache/pip-mirror-action'
  const MAC = '/Users/runner/.cache/pip-mirror-action'
  it.each([
    ['linux', "the user's, 0700", 'private', folder(1001, 0o40700, LINUX), 1001],
    ['linux', "the user's, 0755", 'make-private', folder(1001, 0o40755, LINUX), 1001],
    ['linux', "root's", 'refuse', folder(0, 0o40700, LINUX), 1001],
    ['linux', 'a link', 'refuse', { ...facts('link', 1001, 0o120777), realPath: LINUX }, 1001],
    ['linux', 'a file', 'refuse', { ...facts('file', 1001, 0o100600), realPath: LINUX }, 1001],
    ['darwin', "the user's, 0700", 'private', folder(501, 0o40700, MAC), 501],
    ['darwin', "the user's, 0750", 'make-private', folder(501, 0o40750, MAC), 501],
    ['darwin', "root's", 'refuse', folder(0, 0o40700, MAC), 501],
    // libuv on Windows: uid 0 and mode 0666 for every folder, whoever may read it.
    ['win32', 'in the profile', 'private', folder(0, 0o40666, `${WINDOWS_HOME}\\.cache\\x`), 0],
    [
      'win32',
      'in the profile, spelt in another case',
      'private',
      folder(0, 0o40666, 'c:\\users\\RUNNERADMIN\\.cache\\x'),
      0
    ],
    [
      'win32',
      'read-only, in the profile',
      'private',
      folder(0, 0o40444, `${WINDOWS_HOME}\\AppData\\Local\\x`),
      0
    ],
    ['win32', 'on another drive', 'not-private', folder(0, 0o40666, 'D:\\cache\\x'), 0],
    [
      'win32',
      "in another user's profile that shares the name's start",
      'not-private',
      folder(0, 0o40666, 'C:\\Users\\runneradmin2\\.cache\\x'),
      0
    ],
    [
      'win32',
      'in the public profile',
      'not-private',
      folder(0, 0o40666, 'C:\\Users\\Public\\.cache\\x'),
      0
    ],
    [
      'win32',
      'a junction',
      'refuse',
      { ...facts('link', 0, 0o120666), realPath: `${WINDOWS_HOME}\\.cache\\x` },
      0
    ]
  ])('%s, %s: %s', (platform, _what, verdict, judged, ownUid) => {
    expect(judgeSecretFolder(platform, judged, ownUid, WINDOWS_HOME)).toBe(verdict)
  })

  it('trusts the profile of the account a self-hosted Windows runner runs as', () => {
    const profile = 'C:\\Windows\\ServiceProfiles\\NetworkService'
    const judged = folder(0, 0o40666, `${profile}\\.cache\\pip-mirror-action`)
    expect(judgeSecretFolder('win32', judged, 0, profile)).toBe('private')
    expect(judgeSecretFolder('win32', judged, 0, WINDOWS_HOME)).toBe('not-private')
  })
})

describe('judgeSecretFile', () => {
  const SECRET = 'Yk3n0dV6bq2wX9sLr4T1uA8eJc5Hf7Gz'
  it.each([
    ['linux', "the user's, 0600", 'reuse', facts('file', 1001, 0o100600), 1001, SECRET],
    ['linux', "the user's, 0644", 'renew', facts('file', 1001, 0o100644), 1001, SECRET],
    ['linux', 'too short a secret', 'renew', facts('file', 1001, 0o100600), 1001, 'short'],
    ['linux', 'a fifo', 'renew', facts('other', 1001, 0o10600), 1001, SECRET],
    ['linux', "another user's", 'refuse', facts('file', 12345, 0o100600), 1001, SECRET],
    ['linux', 'a link', 'refuse', facts('link', 1001, 0o120777), 1001, ''],
    ['darwin', "the user's, 0600", 'reuse', facts('file', 501, 0o100600), 501, SECRET],
    ['darwin', "the user's, 0640", 'renew', facts('file', 501, 0o100640), 501, SECRET],
    ['darwin', "root's", 'refuse', facts('file', 0, 0o100600), 501, SECRET],
    // What libuv reports on Windows, for a file the profile keeps private.
    ['win32', 'mode 0666', 'reuse', facts('file', 0, 0o100666), 0, SECRET],
    ['win32', 'read-only, 0444', 'reuse', facts('file', 0, 0o100444), 0, SECRET],
    ['win32', 'not a secret', 'renew', facts('file', 0, 0o100666), 0, 'not a secret!'],
    ['win32', 'a folder', 'renew', facts('folder', 0, 0o40666), 0, SECRET],
    ['win32', 'a link', 'refuse', facts('link', 0, 0o120666), 0, '']
  ])('%s, %s: %s', (platform, _what, verdict, file, ownUid, text) => {
    expect(judgeSecretFile(platform, file, ownUid, text).verdict).toBe(verdict)
  })

  it('says why it refuses', () => {
    expect(judgeSecretFile('linux', facts('file', 0, 0o100600), 1001, SECRET)).toEqual({
      verdict: 'refuse',
      reason: 'it belongs to another user'
    })
    expect(judgeSecretFile('win32', facts('link', 0, 0o120666), 0, '')).toEqual({
      verdict: 'refuse',
      reason: 'it is a link'
    })
  })
})
