import os from 'node:os'
import path from 'node:path'
import { installAcross, probeAndAssess } from '../engine.js'
import { mirrorFromUrl } from '../mirrors/mirror.js'
import { LOOPBACK, routerSettings } from '../router/config.js'
import { listeningHandle, openRouterSocket, stableRouterPort } from '../router-process/lifecycle.js'
import { actionCacheDir, routerIndexUrl } from '../router-process/address.js'
import { loadRouterSecret, newSecret } from '../router-process/secret.js'
import { startRouter } from '../router/server.js'
import type { Log } from '../format/log.js'
import { ENV_FORMATS, type EnvFormat, formatEnv } from './env-format.js'
import { InputError, parseInputs } from '../inputs.js'
import { privateFirst } from '../install/private-index.js'
import {
  errorMessage,
  noHealthyMirrorMessage,
  privateIndexFailedMessage
} from '../format/format.js'
import { formatAssessment, installFailureMessage } from '../report/report.js'
import { readRequirementFiles } from '../configure/settings-snapshot.js'
import { renderToolEnv } from '../configure/tool-env.js'
import { estimateWorkload } from '../rank/workload.js'

/** The command line's commands, each with its own help: `help <command>` or `<command> --help`. */
const COMMANDS = {
  probe: {
    synopsis: 'probe',
    summary: ['print the ranking of the candidate mirrors'],
    details: `Probes the candidate mirrors and prints their ranking, best first, then why the best one won.
It points nothing at the winner: \`env\` does. The probe options below tune what it measures.

Example: pip-mirror-action probe --mirrors tuna,ustc,pypi`
  },
  env: {
    synopsis: 'env [--format sh|gitlab|dotenv]',
    summary: ['print the settings that point pip and uv at the best mirror'],
    details: `Probes the candidate mirrors and prints the environment variables that point pip and uv
(--configure) at the best one, a private index before the public mirrors.

  --format sh                export lines, to eval or source (the default)
  --format gitlab            NAME=value lines, for GitLab's artifacts:reports:dotenv
  --format dotenv            NAME="value" lines

Example: eval "$(pip-mirror-action env --format sh)"`
  },
  install: {
    synopsis: 'install -- <command...>',
    summary: ['run a command with retries and fallback across mirrors'],
    details: `Probes the candidate mirrors, then runs the command after -- in bash, with pip and uv pointed
at one mirror after the other: private indexes first, then the rest in rank order. A transient
failure retries the same mirror (up to --install-attempts times), a failure tied to the mirror
moves on to the next one, and a failure no mirror can fix stops. Exit code 1 when it failed.

Example: pip-mirror-action install -- pip install -r requirements.txt`
  },
  serve: {
    synopsis: 'serve [--port N] [--store DIR] [--format sh|gitlab|dotenv]',
    summary: [
      'run the router in the foreground, print the settings that',
      'point pip and uv at it, and serve until interrupted'
    ],
    details: `Probes the candidate mirrors, starts the router over them on 127.0.0.1, prints the settings
that point pip and uv at it, and serves until SIGINT or SIGTERM, then prints its figures to
stderr. Here the router serves by index variables only: it is not an HTTPS proxy.

  --port N                   default: the port it had last time when free, else any
  --store DIR                where it keeps the files it downloads
                             (default: ~/.cache/pip-mirror-action/store, or in $XDG_CACHE_HOME)
  --format sh|gitlab|dotenv  as for env

Example: pip-mirror-action serve --port 3141 > router.env &`
  }
} satisfies Record<string, { synopsis: string; summary: string[]; details: string }>

export type Command = keyof typeof COMMANDS

const isCommand = (name: string | undefined): name is Command =>
  name !== undefined && Object.hasOwn(COMMANDS, name)

const HELP_FLAGS = ['--help', '-h']

/** Where a command's summary starts in the general usage; longer synopses put it on a line below. */
const SUMMARY_COLUMN = 29

const OPTIONS = `Options (the action's inputs):
  --mirrors LIST             built-in names, URLs or name=URL, comma-separated (default: auto);
                             private:name=URL marks a private index
  --private-projects LIST    projects (names or globs) no public mirror may serve
  --probe-project NAME       --probe-timeout MS     --probe-samples N     --max-lag N
  --configure pip,uv|none    --install-attempts N
`

const commandLines = Object.values(COMMANDS).flatMap(({ synopsis, summary }) => {
  const indented = summary.map(line => `${' '.repeat(SUMMARY_COLUMN)}${line}`)
  const [first, ...others] = indented
  return synopsis.length + 4 <= SUMMARY_COLUMN
    ? [`  ${synopsis.padEnd(SUMMARY_COLUMN - 2)}${first.trimStart()}`, ...others]
    : [`  ${synopsis}`, ...indented]
})

export const USAGE = `Usage: pip-mirror-action <command> [options]

Commands:
${commandLines.join('\n')}

${OPTIONS}`

/** One command's usage: its synopsis, what it does, then the options every command takes. */
export function commandUsage(command: Command): string {
  const { synopsis, details } = COMMANDS[command]
  // The options go before the command's own arguments: after -- comes the install's command.
  const usage = `${command} [options]${synopsis.slice(command.length)}`
  return `Usage: pip-mirror-action ${usage}\n\n${details}\n\n${OPTIONS}`
}

interface Output {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

const STANDARD_OUTPUT: Output = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text)
}

/**
 * The command line for other CI systems (GitLab CI, Jenkins, a shell): the action's engine,
 * with messages on stderr and results on stdout. Returns the exit code: 2 for bad usage.
 */
export async function runCli(argv: string[], output: Output = STANDARD_OUTPUT): Promise<number> {
  const separator = argv.indexOf('--')
  const own = separator >= 0 ? argv.slice(0, separator) : argv
  const [command, ...rest] = own
  const commandLine = separator >= 0 ? argv.slice(separator + 1).join(' ') : ''
  // After -- everything is the install's command: `install -- pip --help` asks pip.
  const helpFlagged = own.some(arg => HELP_FLAGS.includes(arg))
  if (command === 'help' || helpFlagged) {
    const [first, second] = own.filter(arg => !HELP_FLAGS.includes(arg))
    const topic = first === 'help' ? second : first
    if (topic === undefined || topic.startsWith('-')) {
      output.stdout(USAGE)
      return 0
    }
    if (!isCommand(topic)) {
      output.stderr(`Unknown command '${topic}'.\n\n${USAGE}`)
      return 2
    }
    output.stdout(commandUsage(topic))
    return 0
  }
  const log: Log = {
    info: message => output.stderr(`${message}\n`),
    warning: message => output.stderr(`warning: ${message}\n`)
  }
  try {
    const options = parseOptions(rest)
    const format = (options.format ?? 'sh') as EnvFormat
    if (!ENV_FORMATS.includes(format))
      throw new InputError('format', format, `expected ${ENV_FORMATS.join(', ')}`)
    const port = parsePort(options.port)
    const storeDir = options.store
    for (const own of ['format', 'port', 'store']) delete options[own]
    if (command === 'install' && commandLine.trim() === '')
      throw new Error('install needs a command after --')
    if (!isCommand(command)) {
      output.stderr(command ? `Unknown command '${command}'.\n\n${USAGE}` : USAGE)
      return 2
    }
    const inputs = parseInputs(name => (name === 'install' ? commandLine : (options[name] ?? '')))
    const workload = readRequirementFiles(process.cwd()).then(files => estimateWorkload(files))
    const { ranking, explanation } = await probeAndAssess(inputs, workload, log)
    // The install tries private indexes first: so does the configuration it prints.
    const [best] = privateFirst(ranking, entry => entry.mirror)
    if (!best.ok) {
      log.warning(
        best.mirror.private
          ? privateIndexFailedMessage(best.mirror)
          : noHealthyMirrorMessage(best.mirror),
        ''
      )
    }

    if (command === 'probe') {
      output.stdout(`${formatAssessment(ranking)}\n${explanation}\n`)
      return 0
    }
    if (command === 'env') {
      output.stdout(formatEnv(renderToolEnv(best.mirror, inputs.configure), format))
      return 0
    }
    if (command === 'serve') {
      const cacheDir = actionCacheDir(process.env, os.homedir())
      const settings = {
        ...routerSettings(
          ranking,
          inputs.privateProjects,
          storeDir ?? path.join(cacheDir, 'store'),
          true
        ),
        secret: await loadRouterSecret(cacheDir),
        jobSecret: newSecret()
      }
      // The same port as the last time, when it is free: pip's caches are keyed by URL.
      const opened =
        port === undefined ? await openRouterSocket(stableRouterPort(), LOOPBACK) : undefined
      const router = await startRouter(settings, opened ? listeningHandle(opened.socket) : port)
      const url = routerIndexUrl(router.port, settings.secret)
      const names = settings.mirrors.map(mirror => mirror.name).join(', ')
      log.info(`Router at ${url}, over ${names}; Ctrl-C stops it`)
      if (opened?.stablePort === false)
        log.info("The router's usual port was taken: pip's caches, keyed by URL, miss.")
      output.stdout(
        formatEnv(
          renderToolEnv(mirrorFromUrl('router', url), inputs.configure, process.env),
          format
        )
      )
      await new Promise<void>(resolve => {
        process.once('SIGINT', () => resolve())
        process.once('SIGTERM', () => resolve())
      })
      log.info(`Router figures: ${JSON.stringify(router.stats())}`)
      await router.close()
      return 0
    }
    const result = await installAcross(inputs, ranking, log)
    if (result.succeeded) return 0
    output.stderr(`${installFailureMessage(result)}\n`)
    return 1
  } catch (error) {
    output.stderr(`${errorMessage(error)}\n`)
    return 2
  }
}

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InputError('port', text, 'expected a port number from 0 to 65535')
  return port
}

/** `--name value` and `--name=value`, for the action's input names and `--format`. */
function parseOptions(args: string[]): Record<string, string> {
  const options: Record<string, string> = {}
  for (let index = 0; index < args.length; index++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(args[index])
    if (!match) throw new Error(`Unexpected argument '${args[index]}'.\n\n${USAGE}`)
    const value = match[2] ?? args[++index]
    if (value === undefined) throw new Error(`Option --${match[1]} needs a value.`)
    options[match[1]] = value
  }
  return options
}
