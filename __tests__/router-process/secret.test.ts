import { chmod, chown, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { isRouterSecret } from '../../src/router-process/address.js'
import { loadRouterSecret } from '../../src/router-process/secret.js'
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
    await expect(loadRouterSecret(dir)).rejects.toThrow('unusable')
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

  it('refuses a folder that is not a folder', async () => {
    const dir = await scratch()
    await writeFile(dir, '')
    await expect(loadRouterSecret(dir)).rejects.toThrow()
  })
})
