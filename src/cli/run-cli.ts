import os from 'node:os'
import path from 'node:path'
import { installAcross, probeAndAssess } from '../engine.js'
import { mirrorFromUrl } from '../mirrors/mirror.js'
import { routerSettings } from '../router/config.js'
import { listeningHandle, openRouterSocket, stableRouterPort } from '../router/lifecycle.js'
import { actionCacheDir, routerIndexUrl } from '../router/router-address.js'
import { loadRouterSecret } from '../router/router-secret.js'
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

export const USAGE = `Usage: pip-mirror-action <command> [options]

Commands:
  probe                      print the ranking of the candidate mirrors
  env [--format sh|gitlab|dotenv]
                             print the settings that point pip and uv at the best mirror
  install -- <command...>    run a command with retries and fallback across mirrors
  serve [--port N] [--store DIR] [--format sh|gitlab|dotenv]
                             run the router in the foreground, print the settings that
                             point pip and uv at it, and serve until interrupted

Options (the action's inputs):
  --mirrors LIST             built-in names, URLs or name=URL, comma-separated (default: auto);
                             private:name=URL marks a private index
  --private-projects LIST    projects (names or globs) no public mirror may serve
  --probe-project NAME       --probe-timeout MS     --probe-samples N     --max-lag N
  --configure pip,uv|none    --install-attempts N
`

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
  const [command, ...rest] = separator >= 0 ? argv.slice(0, separator) : argv
  const commandLine = separator >= 0 ? argv.slice(separator + 1).join(' ') : ''
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
    if (!['probe', 'env', 'install', 'serve'].includes(command ?? '')) {
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
        secret: await loadRouterSecret(cacheDir)
      }
      // The same port as the last time, when it is free: pip's caches are keyed by URL.
      const opened = port === undefined ? await openRouterSocket(stableRouterPort()) : undefined
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
