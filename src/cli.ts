#!/usr/bin/env node
import { runCli } from './cli/run-cli.js'

process.exitCode = await runCli(process.argv.slice(2))
// Open sockets of the probe must not keep the command waiting.
process.exit()
