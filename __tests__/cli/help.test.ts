import { describe, expect, it } from '@jest/globals'
import { type Command, commandUsage, runCli, USAGE } from '../../src/cli/run-cli.js'

/** `--help`, `-h` and `help <command>`, through runCli itself: no bundle, no mirror. */

async function run(argv: string[]) {
  const printed = { stdout: '', stderr: '' }
  const code = await runCli(argv, {
    stdout: text => (printed.stdout += text),
    stderr: text => (printed.stderr += text)
  })
  return { code, ...printed }
}

const COMMANDS: Command[] = ['probe', 'env', 'install', 'serve']

describe('help', () => {
  it.each<[string[], string]>([
    [['--help'], USAGE],
    [['-h'], USAGE],
    [['help'], USAGE],
    [['help', '--help'], USAGE],
    // No command before the flag: the options alone name none.
    [['--mirrors', 'pypi', '--help'], USAGE],
    [['help', 'probe'], commandUsage('probe')],
    [['help', 'env'], commandUsage('env')],
    [['help', 'install'], commandUsage('install')],
    [['help', 'serve'], commandUsage('serve')],
    [['probe', '--help'], commandUsage('probe')],
    [['env', '--format', 'gitlab', '-h'], commandUsage('env')],
    [['--help', 'serve', '--port', '3141'], commandUsage('serve')],
    [['-h', 'help', 'install'], commandUsage('install')],
    [['install', '--help', '--', 'pip', 'install', 'demo-pkg'], commandUsage('install')]
  ])('%j prints the usage on stdout and exits 0', async (argv, usage) => {
    expect(await run(argv)).toEqual({ code: 0, stdout: usage, stderr: '' })
  })

  it.each<[string[], string]>([
    [['help', 'bogus'], `Unknown command 'bogus'.\n\n${USAGE}`],
    [['bogus', '--help'], `Unknown command 'bogus'.\n\n${USAGE}`],
    // After -- it is the install's command's own flag, not a request for help.
    [['bogus', '--', '--help'], `Unknown command 'bogus'.\n\n${USAGE}`],
    [[], USAGE]
  ])('%j prints the usage on stderr and exits 2', async (argv, message) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr: message })
  })

  it.each(COMMANDS)('%s has its own usage, listed in the general one', command => {
    const usage = commandUsage(command)
    expect(usage).toMatch(new RegExp(`^Usage: pip-mirror-action ${command} \\[options\\]`))
    expect(usage).toContain('--mirrors LIST')
    expect(USAGE).toMatch(new RegExp(`^  ${command}\\b`, 'm'))
    const others = COMMANDS.filter(other => other !== command).map(commandUsage)
    expect(others).not.toContain(usage)
  })

  it.each<[Command, string[]]>([
    ['env', ['--format sh', '--format gitlab', '--format dotenv']],
    ['install', ['--install-attempts', 'private indexes first']],
    ['serve', ['--port N', '--store DIR', 'SIGTERM', 'not an HTTPS proxy']]
  ])("%s's usage describes its own options", (command, phrases) => {
    for (const phrase of phrases) expect(commandUsage(command)).toContain(phrase)
  })
})
