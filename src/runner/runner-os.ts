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
 * `ubuntu-24.04` on Linux (from /etc/os-release), `macos-15` on macOS (see `macosName`),
 * `win32-10.0.26100` on Windows (the build names the image).
 */
export function osReleaseName(
  platform: string,
  kernelRelease: string,
  osReleaseFile: string
): string {
  if (platform === 'linux') return osReleaseFromFile(osReleaseFile) || `linux-${kernelRelease}`
  if (platform === 'darwin') return macosName(kernelRelease)
  return `${platform}-${kernelRelease}`
}

/**
 * The macOS release of a Darwin kernel, as runner images name it. Darwin 20 to 24 are macOS 11
 * to 15 (nine apart); from Darwin 25 Apple numbers macOS by the year (Darwin 25 is macOS 26,
 * Tahoe), one above the kernel's major. Before Darwin 20 it was 10.x, x four below it.
 */
function macosName(kernelRelease: string): string {
  const darwin = Number(/^(\d+)(?:\.|$)/.exec(kernelRelease)?.[1])
  if (!Number.isInteger(darwin) || darwin < 5) return `darwin-${kernelRelease}`
  if (darwin >= 25) return `macos-${darwin + 1}`
  if (darwin >= 20) return `macos-${darwin - 9}`
  return `macos-10.${darwin - 4}`
}
