import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import * as core from '@actions/core'
import { configuredMirrors, mergeDaemonConfig, renderBuildkitdToml } from './docker-config.js'
import { type DockerInputs, MAX_DOCKER_MIRRORS } from './docker-inputs.js'
import {
  daemonMirrors,
  findDaemonPid,
  readConfigFile,
  replaceConfigFile,
  restartDaemon,
  signalReload,
  waitForMirrors
} from './docker-daemon.js'
import type { DaemonLeftAlone } from './docker-platform.js'
import type { Mirror } from '../mirrors/mirror.js'
import type { RankedMirror } from '../rank/ranking.js'
import { annotationTitle, errorMessage } from '../format/format.js'
import { runnerTempPath } from '../runner/runner-env.js'

const TITLE = annotationTitle('Docker')
const RELOAD_TIMEOUT_MS = 10_000
const RESTART_TIMEOUT_MS = 60_000

export interface DockerReport {
  ranking: RankedMirror[]
  /** The mirrors `docker info` reports after the reload or restart; none until it does. */
  configured: Mirror[]
  buildkitdConfig?: string
  /** What happened to the daemon, in a sentence. */
  outcome: string
  /** Set when the config file was changed: the post step needs it to put the file back. */
  restore?: DockerRestore
}

/** What the post step needs to put the daemon config back byte for byte. */
export interface DockerRestore {
  file: string
  /** The original content, base64; null when there was no file. */
  original: string | null
}

/**
 * Points the Docker daemon and BuildKit at the fastest healthy mirrors: merges
 * `registry-mirrors` into the daemon config, reloads the daemon with SIGHUP and waits until it
 * reports the new mirrors. Only mirrors the daemon reports count as configured. No Docker, a
 * file that cannot be read or written, a daemon that does not take them: each is a notice or a
 * warning, and the rest of the action goes on. Throws only while the config file is still
 * untouched: a `DaemonConfigError` for a malformed one, or what else failed before it was written
 * (BuildKit's config, say); once it changed, the result carries `restore`.
 */
export async function configureDocker(
  inputs: DockerInputs,
  ranking: RankedMirror[],
  dockerPresent: boolean
): Promise<DockerReport> {
  const report = (
    outcome: string,
    configured: Mirror[] = [],
    buildkitdConfig?: string,
    restore?: DockerRestore
  ): DockerReport => ({
    ranking,
    configured,
    buildkitdConfig,
    outcome,
    restore
  })
  const file = inputs.daemonConfig
  /** A config file the action cannot read or write: a warning, and the daemon left unchanged. */
  const unchanged = (action: string, error: Error, buildkitdConfig?: string): DockerReport => {
    core.warning(
      `Could not ${action} the Docker daemon config ${file}: ${error.message}. The daemon was left unchanged.`,
      { title: TITLE }
    )
    return report(`could not ${action} ${file}: daemon unchanged`, [], buildkitdConfig)
  }
  if (!dockerPresent) {
    core.notice('No Docker daemon answers on this runner: Docker mirrors not configured.', {
      title: TITLE
    })
    return report('no Docker daemon on this runner')
  }
  const healthy = ranking
    .filter(entry => entry.ok)
    .slice(0, MAX_DOCKER_MIRRORS)
    .map(entry => entry.mirror)
  if (healthy.length === 0) {
    core.warning('No Docker mirror passed the probe: the Docker daemon was left unchanged.', {
      title: TITLE
    })
    return report('no healthy mirror: daemon unchanged')
  }
  const urls = healthy.map(mirror => mirror.url)
  const original = await readConfigFile(file).catch((error: Error) => error)
  if (original instanceof Error) return unchanged('read', original)
  // Throws, naming the file, before anything is written.
  const merged = mergeDaemonConfig(file, original, urls)
  const buildkitdConfig = await writeBuildkitdConfig(healthy)

  let restore: DockerRestore | undefined
  if (merged === original) {
    core.info(`${file} already lists these mirrors`)
  } else {
    // A failed replace leaves the file as it was: nothing to restore.
    const failed = await replaceConfigFile(file, merged).then(
      () => undefined,
      (error: Error) => error
    )
    if (failed) return unchanged('write', failed, buildkitdConfig)
    restore = {
      file,
      original: original === undefined ? null : Buffer.from(original).toString('base64')
    }
    core.info(`Wrote registry-mirrors ${JSON.stringify(urls)} to ${file}, keeping its other keys`)
  }
  // From here a throw would lose the restore record, so a failure is a warning and an outcome.
  const applied = await applyToDaemon(file, urls).catch((error: Error) => {
    core.warning(`Applying the mirrors to the Docker daemon failed: ${error.message}`, {
      title: TITLE
    })
    return {
      confirmed: false,
      outcome: `not applied (${error.message}): the daemon may still use its old mirrors`
    }
  })
  if (applied.confirmed) return report(applied.outcome, healthy, buildkitdConfig, restore)
  core.warning(
    `The Docker daemon does not report the mirrors in ${file}: docker-mirror and docker-mirrors name none.`,
    { title: TITLE }
  )
  return report(`${file} lists them, but ${applied.outcome}`, [], buildkitdConfig, restore)
}

/**
 * Reloads the daemon that reads `file`; restarts it only when the reload did not take.
 * `confirmed` once `docker info` reports the mirrors.
 */
async function applyToDaemon(
  file: string,
  urls: string[]
): Promise<{ confirmed: boolean; outcome: string }> {
  const pid = await findDaemonPid(file)
  if (pid !== undefined) {
    await signalReload(pid)
    if (await waitForMirrors(urls, RELOAD_TIMEOUT_MS)) {
      core.info(`dockerd (pid ${pid}) reloaded its config without a restart`)
      return { confirmed: true, outcome: `reloaded without a restart (dockerd pid ${pid})` }
    }
  }
  core.warning(
    pid === undefined
      ? `No running dockerd reads ${file}: restarting Docker to apply the mirrors.`
      : `dockerd (pid ${pid}) did not take the new mirrors on reload: restarting Docker, which stops running containers.`,
    { title: TITLE }
  )
  try {
    await restartDaemon()
  } catch (error) {
    core.warning(`Restarting Docker failed: ${errorMessage(error)}`, { title: TITLE })
    return {
      confirmed: false,
      outcome: 'reload and restart failed: the daemon may still use its old mirrors'
    }
  }
  return (await waitForMirrors(urls, RESTART_TIMEOUT_MS))
    ? { confirmed: true, outcome: 'restarted to apply the mirrors' }
    : { confirmed: false, outcome: 'restarted, but the daemon does not report the new mirrors' }
}

/** Off Linux: a notice that says what to do instead; nothing probed, written or restarted. */
export function leaveDaemonAlone(leftAlone: DaemonLeftAlone): DockerReport {
  core.notice(leftAlone.notice, { title: TITLE })
  return { ranking: [], configured: [], outcome: leftAlone.outcome }
}

async function writeBuildkitdConfig(mirrors: Mirror[]): Promise<string> {
  const directory = runnerTempPath('pip-mirror-action')
  await mkdir(directory, { recursive: true })
  const file = path.join(directory, 'buildkitd.toml')
  await writeFile(file, renderBuildkitdToml(mirrors))
  core.info(`Wrote ${file} for BuildKit (docker/setup-buildx-action's buildkitd-config input)`)
  return file
}

/** Whether `docker info` answers: the Docker phase runs only then. */
export async function dockerPresent(): Promise<boolean> {
  return (await daemonMirrors()) !== undefined
}

/**
 * The post step: the daemon back on its original mirrors, and the original file back byte for
 * byte. A reload ignores a removed key, so the daemon first reloads a copy of the original
 * that names its mirrors explicitly (`[]` for none); then the original bytes return.
 */
export async function restoreDocker(restore: DockerRestore): Promise<void> {
  const original = restore.original === null ? undefined : Buffer.from(restore.original, 'base64')
  const originalText = original?.toString('utf8')
  const wanted = configuredMirrors(originalText)
  await replaceConfigFile(restore.file, mergeDaemonConfig(restore.file, originalText, wanted))
  const pid = await findDaemonPid(restore.file)
  if (pid !== undefined) await signalReload(pid)
  const reloaded = pid !== undefined && (await waitForMirrors(wanted, RELOAD_TIMEOUT_MS))
  await replaceConfigFile(restore.file, original)
  core.info(
    original === undefined
      ? `Removed ${restore.file}, which did not exist before`
      : `Restored ${restore.file}`
  )
  if (!reloaded) {
    core.warning(
      `The Docker daemon did not reload ${restore.file}; it keeps the job's mirrors until it restarts.`,
      {
        title: TITLE
      }
    )
  }
}
