/** The runner's OS and its image release, as cache keys and rankings name them. */

/** `ubuntu-24.04` from the text of /etc/os-release; empty when it says neither. */
export function osReleaseFromFile(text: string): string {
  const field = (name: string): string =>
    new RegExp(`^${name}=["']?([^"'\\n]*)["']?$`, 'm').exec(text)?.[1]?.trim() ?? ''
  return [field('ID'), field('VERSION_ID')].filter(Boolean).join('-')
}

/** The runner's OS as `RUNNER_OS` names it. */
export function runnerOsName(platform: string): string {
  return { linux: 'Linux', darwin: 'macOS', win32: 'Windows' }[platform] ?? platform
}

/**
 * `ubuntu-24.04` on Linux (from /etc/os-release), `macos-15` on macOS (Darwin 24: the major
 * follows the kernel's, 9 apart), `win32-10.0.26100` on Windows (the build names the image).
 */
export function osReleaseName(
  platform: string,
  kernelRelease: string,
  osReleaseFile: string
): string {
  if (platform === 'linux') return osReleaseFromFile(osReleaseFile) || `linux-${kernelRelease}`
  if (platform === 'darwin') return `macos-${Number(kernelRelease.split('.')[0]) - 9}`
  return `${platform}-${kernelRelease}`
}
