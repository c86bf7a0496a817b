import path from 'node:path'

/**
 * Windows PowerShell at its system path, running `script`: on every Windows, unlike pwsh, and
 * never a `powershell.exe` earlier on PATH. No profile, no prompt, no banner.
 */
export function windowsPowerShell(
  systemRoot: string,
  script: string
): { file: string; args: string[] } {
  return {
    file: path.win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script]
  }
}
