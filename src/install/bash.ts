import path from 'node:path'
import type { Environment } from '../net/proxy-env.js'
import { windowsSystemRoot, windowsVariable } from '../runner/powershell.js'

/**
 * How the runner runs a `shell: bash` step (ScriptHandler, ScriptHandlerHelpers): the step's
 * script goes to a file, and bash runs that file. Nothing of the script passes through a command
 * line, so no Windows quoting and no MSYS2 argument parsing can touch its quotes or backslashes.
 */

/** The runner's arguments for `shell: bash`, with the script file in place of `{0}`. */
export function bashArguments(scriptFile: string): string[] {
  return ['--noprofile', '--norc', '-e', '-o', 'pipefail', scriptFile]
}

/**
 * The script file's text: the command as written. On Windows the runner writes CRLF line ends
 * (Git for Windows' bash reads them as line ends), and a step's script and the install should
 * read alike.
 */
export function scriptText(command: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? command.replace(/\r?\n/g, '\r\n') : command
}

/**
 * The bash that runs the install. Off Windows, `bash` on PATH, as the runner takes it. On
 * Windows, the first `bash.exe` on PATH, as the runner takes it, except WSL's launcher: it
 * starts a Linux system that cannot open a Windows path to the script, nor run the job's
 * Windows Python. Without a bash on PATH, Git for Windows' (whose installer puts only its `cmd`
 * folder on PATH by default): beside the `git.exe` on PATH, then where it installs. Undefined
 * when there is none. `isFile` says whether a path is an existing file.
 */
export function findBash(
  platform: NodeJS.Platform,
  env: Environment,
  isFile: (file: string) => boolean
): string | undefined {
  if (platform !== 'win32') return 'bash'
  const { join } = path.win32
  const folders = pathFolders(env)
  const onPath = folders
    .map(folder => join(folder, 'bash.exe'))
    .find(file => !isWslLauncher(file, env) && isFile(file))
  if (onPath) return onPath
  // Git's own layout: <root>\cmd\git.exe or <root>\mingw64\bin\git.exe, and <root>\bin\bash.exe.
  const besideGit = folders
    .filter(folder => isFile(join(folder, 'git.exe')))
    .flatMap(folder => [join(folder, '..', 'bin'), join(folder, '..', '..', 'bin')])
  const installed = ['ProgramW6432', 'ProgramFiles', 'ProgramFiles(x86)']
    .map(name => windowsVariable(env, name))
    .filter((root): root is string => root !== undefined)
    .map(root => join(root, 'Git', 'bin'))
  const local = windowsVariable(env, 'LOCALAPPDATA')
  if (local) installed.push(join(local, 'Programs', 'Git', 'bin'))
  return [...besideGit, ...installed].map(folder => join(folder, 'bash.exe')).find(isFile)
}

/**
 * Whether a Windows `bash.exe` is WSL's launcher: the one in the system folder, or an app
 * execution alias under WindowsApps.
 */
export function isWslLauncher(file: string, env: Environment): boolean {
  const folder = path.win32.dirname(path.win32.normalize(file)).toLowerCase()
  const systemRoot = windowsSystemRoot(env).replace(/\\+$/, '').toLowerCase()
  const systemFolders = ['system32', 'sysnative', 'syswow64'].map(name => `${systemRoot}\\${name}`)
  return systemFolders.includes(folder) || folder.endsWith('\\microsoft\\windowsapps')
}

/** The folders of a Windows PATH, in order, with `%NAME%` expanded as the runner expands them. */
function pathFolders(env: Environment): string[] {
  return (windowsVariable(env, 'PATH') ?? '')
    .split(';')
    .map(entry => expand(entry.trim().replace(/^"(.*)"$/, '$1'), env))
    .filter(entry => entry !== '')
}

function expand(text: string, env: Environment): string {
  return text.replace(/%([^%]+)%/g, (whole, name: string) => windowsVariable(env, name) ?? whole)
}
