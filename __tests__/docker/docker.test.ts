import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runStep } from '../../test-support/action-runner.js'
import {
  type Dockerd,
  type Registry,
  seedImage,
  startDockerd,
  startRegistry
} from '../../test-support/docker.js'
import { type Mirror, refusedIndexUrl, startMirror } from '../../test-support/mirror-server.js'
import { isolatedPipEnv } from '../../test-support/python.js'
import { buildWheel } from '../../test-support/wheel.js'

/**
 * The bundled action against a real dockerd and a real registry serving as a Docker Hub
 * mirror, with no internet: a pull of a Docker Hub name can only succeed through the mirror.
 */

let dockerd: Dockerd
let registry: Registry
let pypi: Mirror

beforeAll(async () => {
  ;[dockerd, registry, pypi] = await Promise.all([
    startDockerd({ labels: ['keep=me'], 'log-level': 'warn' }),
    startRegistry(),
    startMirror({ packages: [buildWheel({ name: 'demo-pkg', version: '1.0' })] })
  ])
  await seedImage(dockerd, registry, 'tiny')
}, 120_000)

afterAll(async () => {
  await Promise.all([dockerd?.stop(), registry?.stop(), pypi?.close()])
})

async function runJob(inputs: Record<string, string>, env: Record<string, string> = dockerd.env) {
  const workspace = await mkdtemp(path.join(tmpdir(), 'docker-job-'))
  const stepEnv = { ...isolatedPipEnv(), ...env, GITHUB_WORKSPACE: workspace }
  const main = await runStep('main', {
    cwd: workspace,
    env: stepEnv,
    inputs: {
      mirrors: pypi.indexUrl,
      'probe-project': 'demo-pkg',
      cache: 'false',
      'docker-probe-image': 'library/tiny:latest',
      'docker-daemon-config': dockerd.configFile,
      mode: 'direct',
      ...inputs
    }
  })
  const post = () => runStep('post', { cwd: workspace, env: stepEnv, state: main.state })
  return { main, post }
}

const daemonMirrors = async (): Promise<string[]> =>
  JSON.parse(
    await dockerd.docker(['info', '--format', '{{json .RegistryConfig.Mirrors}}'])
  ) as string[]

/** Back to the original config with no mirrors (a reload ignores a removed key, so clear it first). */
async function resetDaemon(original: Buffer): Promise<void> {
  await writeFile(
    dockerd.configFile,
    JSON.stringify({ ...JSON.parse(original.toString()), 'registry-mirrors': [] })
  )
  process.kill(dockerd.pid, 'SIGHUP')
  for (let tries = 0; (await daemonMirrors()).length > 0 && tries < 50; tries++) {
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  await writeFile(dockerd.configFile, original)
}

describe('Docker mirrors', () => {
  it('skips a dead mirror, merges the config, reloads without a restart, and restores it after the job', async () => {
    const original = await readFile(dockerd.configFile)
    const dead = await refusedIndexUrl()
    const deadMirror = new URL(dead).origin

    const { main, post } = await runJob({ 'docker-mirrors': `${deadMirror}\n${registry.url}` })
    expect(main.exitCode).toBe(0)
    expect(main.outputs['docker-mirror']).toBe(registry.url)
    expect(JSON.parse(main.outputs['docker-mirrors'])).toEqual([registry.url])

    const merged = JSON.parse(await readFile(dockerd.configFile, 'utf8'))
    expect(merged).toEqual({
      ...JSON.parse(original.toString()),
      'registry-mirrors': [registry.url]
    })
    expect(await daemonMirrors()).toEqual([`${registry.url}/`])
    expect(main.log).toContain(`dockerd (pid ${dockerd.pid}) reloaded its config without a restart`)
    // Same process: reloaded, not restarted.
    expect((await stat(`/proc/${dockerd.pid}`)).isDirectory()).toBe(true)

    // A Docker Hub name, pulled with no internet: only the mirror can serve it.
    await dockerd.docker(['pull', 'tiny'])
    expect(await dockerd.docker(['images', '--format', '{{.Repository}}:{{.Tag}}'])).toContain(
      'tiny:latest'
    )

    const buildkitd = await readFile(main.outputs['buildkitd-config'], 'utf8')
    expect(buildkitd).toBe(
      `[registry."docker.io"]\n  mirrors = ["${registry.host}"]\n\n[registry."${registry.host}"]\n  http = true\n`
    )
    expect(main.summary).toContain('### Docker mirrors')
    expect(main.summary).toMatch(
      /\| 2 \| 127\.0\.0\.1:\d+ \| 127\.0\.0\.1:\d+ \| failed \| - \| 0\/1 ok \| connection refused \|/
    )
    expect(main.summary).toContain('reloaded without a restart')

    const restored = await post()
    expect(restored.exitCode).toBe(0)
    expect(await readFile(dockerd.configFile)).toEqual(original)
    expect(await daemonMirrors()).toEqual([])
    expect((await stat(`/proc/${dockerd.pid}`)).isDirectory()).toBe(true)
  })

  it('creates a missing config file and removes it after the job', async () => {
    const saved = await readFile(dockerd.configFile)
    await rm(dockerd.configFile)
    try {
      const { main, post } = await runJob({ 'docker-mirrors': registry.url })
      expect(main.exitCode).toBe(0)
      expect(JSON.parse(await readFile(dockerd.configFile, 'utf8'))).toEqual({
        'registry-mirrors': [registry.url]
      })
      await post()
      await expect(stat(dockerd.configFile)).rejects.toThrow('ENOENT')
    } finally {
      await writeFile(dockerd.configFile, saved)
      await dockerd.docker(['info']).catch(() => undefined)
    }
  })

  it('fails clearly on a malformed config file and leaves it untouched', async () => {
    const saved = await readFile(dockerd.configFile)
    const malformed = '{"storage-driver": "vfs",, }\n'
    await writeFile(dockerd.configFile, malformed)
    try {
      const { main, post } = await runJob({ 'docker-mirrors': registry.url })
      expect(main.exitCode).toBe(1)
      expect(main.log).toContain(
        `::error::Docker daemon config ${dockerd.configFile} cannot be updated: it is not valid JSON (`
      )
      expect(await readFile(dockerd.configFile, 'utf8')).toBe(malformed)
      // The Python side still did its work.
      expect(main.env.PIP_INDEX_URL).toBe(pypi.indexUrl)
      expect(main.state['docker-restore']).toBeUndefined()
      expect((await post()).exitCode).toBe(0)
      expect(await readFile(dockerd.configFile, 'utf8')).toBe(malformed)
    } finally {
      await writeFile(dockerd.configFile, saved)
    }
  })

  it('leaves Docker alone when no mirror is healthy', async () => {
    const before = await readFile(dockerd.configFile)
    const { main } = await runJob({ 'docker-mirrors': new URL(await refusedIndexUrl()).origin })
    expect(main.exitCode).toBe(0)
    expect(main.log).toContain(
      'No Docker mirror passed the probe: the Docker daemon was left unchanged.'
    )
    expect(await readFile(dockerd.configFile)).toEqual(before)
    expect(main.outputs['docker-mirrors']).toBe('[]')
  })

  it('restarts Docker, with a warning, only when no reload can apply the mirrors', async () => {
    // The action edits a copy that no running dockerd reads, so a reload cannot take; the
    // stand-in for `systemctl` (no systemd here) "restarts" by moving the copy into place.
    const dir = await mkdtemp(path.join(tmpdir(), 'restart-'))
    const copy = path.join(dir, 'daemon.json')
    const original = await readFile(dockerd.configFile)
    await writeFile(copy, original)
    const calls = path.join(dir, 'calls')
    await writeFile(
      path.join(dir, 'systemctl'),
      `#!/bin/sh\necho "$@" >> '${calls}'\ncp '${copy}' '${dockerd.configFile}'\nkill -HUP ${dockerd.pid}\n`,
      { mode: 0o755 }
    )
    try {
      const { main } = await runJob(
        { 'docker-mirrors': registry.url, 'docker-daemon-config': copy },
        { ...dockerd.env, PATH: `${dir}:${process.env.PATH}` }
      )
      expect(main.exitCode).toBe(0)
      expect(main.log).toContain(
        `::warning title=pip-mirror-action%3A Docker::No running dockerd reads ${copy}: restarting Docker`
      )
      expect(await readFile(calls, 'utf8')).toBe('restart docker\n')
      expect(main.summary).toContain('restarted to apply the mirrors')
      expect(await daemonMirrors()).toEqual([`${registry.url}/`])
      expect(JSON.parse(main.outputs['docker-mirrors'])).toEqual([registry.url])
    } finally {
      await resetDaemon(original)
    }
  })

  it('names no mirror in its outputs that the daemon does not report, and goes on', async () => {
    // No running dockerd reads the copy, and the restart fails: the daemon never gets them.
    const dir = await mkdtemp(path.join(tmpdir(), 'unconfirmed-'))
    const copy = path.join(dir, 'daemon.json')
    await writeFile(copy, '{}\n')
    await writeFile(
      path.join(dir, 'systemctl'),
      '#!/bin/sh\necho "no systemd here" >&2\nexit 1\n',
      {
        mode: 0o755
      }
    )
    const { main, post } = await runJob(
      { 'docker-mirrors': registry.url, 'docker-daemon-config': copy },
      { ...dockerd.env, PATH: `${dir}:${process.env.PATH}` }
    )
    expect(main.exitCode).toBe(0)
    expect(main.log).toContain(
      '::warning title=pip-mirror-action%3A Docker::Restarting Docker failed'
    )
    expect(main.log).toContain(
      `::warning title=pip-mirror-action%3A Docker::The Docker daemon does not report the mirrors in ${copy}: docker-mirror and docker-mirrors name none.`
    )
    expect(main.outputs['docker-mirror']).toBe('')
    expect(main.outputs['docker-mirrors']).toBe('[]')
    expect(main.summary).toContain(
      `Nothing configured: ${copy} lists them, but reload and restart failed`
    )
    expect(await daemonMirrors()).toEqual([])
    expect((await post()).exitCode).toBe(0)
    expect(await readFile(copy, 'utf8')).toBe('{}\n')
  })

  it('warns, and does not fail the step, when it cannot read the daemon config', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'unreadable-'))
    // Read through a file as if it were a folder: ENOTDIR, even for root.
    const notAFolder = path.join(dir, 'docker')
    await writeFile(notAFolder, '')
    const config = path.join(notAFolder, 'daemon.json')
    const { main } = await runJob({
      'docker-mirrors': registry.url,
      'docker-daemon-config': config
    })
    expect(main.exitCode).toBe(0)
    expect(main.log).toContain(
      `::warning title=pip-mirror-action%3A Docker::Could not read the Docker daemon config ${config}: `
    )
    expect(main.outputs['docker-mirrors']).toBe('[]')
    expect(main.state['docker-restore']).toBeUndefined()
    expect(main.env.PIP_INDEX_URL).toBe(pypi.indexUrl)
  })

  it('is a notice, not a failure, on a runner without Docker', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'no-docker-'))
    const config = path.join(dir, 'daemon.json')
    const { main } = await runJob(
      { 'docker-mirrors': registry.url, 'docker-daemon-config': config },
      { DOCKER_HOST: `unix://${path.join(dir, 'missing.sock')}` }
    )
    expect(main.exitCode).toBe(0)
    expect(main.log).toContain(
      '::notice title=pip-mirror-action%3A Docker::No Docker daemon answers on this runner'
    )
    await expect(stat(config)).rejects.toThrow('ENOENT')
    expect(main.env.PIP_INDEX_URL).toBe(pypi.indexUrl)
  })
})
