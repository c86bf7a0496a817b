import path from 'node:path'

type WindowsEnvironment = Record<string, string | undefined>

/** A variable of a Windows environment, whose names have no case; undefined when empty. */
export function windowsVariable(env: WindowsEnvironment, name: string): string | undefined {
  const key = Object.keys(env).find(candidate => candidate.toLowerCase() === name.toLowerCase())
  const value = key === undefined ? undefined : env[key]
  return value === '' ? undefined : value
}

/** Windows' own folder: `SystemRoot`, else `windir`, else where Windows puts it by default. */
export function windowsSystemRoot(env: WindowsEnvironment): string {
  return windowsVariable(env, 'SystemRoot') ?? windowsVariable(env, 'windir') ?? 'C:\\Windows'
}

/**
 * Windows PowerShell at its system path, running `script`: on every Windows, unlike pwsh, and
 * never a `powershell.exe` earlier on PATH. No profile, no prompt, no banner.
 */
export function windowsPowerShell(
  env: WindowsEnvironment,
  script: string
): { file: string; args: string[] } {
  return {
    file: path.win32.join(
      windowsSystemRoot(env),
      'System32',
      'WindowsPowerShell',
      'v1.0',
      'powershell.exe'
    ),
    args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script]
  }
}
