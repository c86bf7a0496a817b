import { runnerOsName } from '../runner/runner-os.js'

/** Why the Docker daemon is left as it was, and what the user can do instead. */
export interface DaemonLeftAlone {
  /** For the job summary, after "Nothing configured: ". */
  outcome: string
  notice: string
}

/**
 * The action sets `registry-mirrors` on Linux only, where dockerd reads a JSON file, reloads on
 * SIGHUP and runs as a systemd service. Elsewhere it changes nothing, probes nothing and says
 * so: on Windows the Docker service runs Windows containers from its own config file and
 * restarts only as a Windows service; on macOS the daemon runs in Docker Desktop's (or
 * Colima's) virtual machine, configured through that application. Undefined on Linux.
 */
export function daemonLeftAlone(platform: string): DaemonLeftAlone | undefined {
  if (platform === 'linux') return undefined
  const system = runnerOsName(platform)
  const instead = ADVICE[platform] ?? `Leave docker-mirrors empty on ${system}.`
  return {
    outcome: `the Docker daemon on ${system} was left as it was: mirrors are set on Linux only`,
    notice: `docker-mirrors is applied on Linux runners only: on ${system} the Docker daemon was left as it was and no file was written. ${instead}`
  }
}

const ADVICE: Record<string, string> = {
  win32:
    'To use a mirror with the Windows Docker service, add registry-mirrors to C:\\ProgramData\\docker\\config\\daemon.json and run Restart-Service docker as an administrator, or leave docker-mirrors empty on Windows.',
  darwin:
    'To use a mirror with Docker Desktop, add registry-mirrors in its Settings > Docker Engine (Colima: the docker section of colima.yaml), or leave docker-mirrors empty on macOS.'
}
