import * as core from '@actions/core'
import { type Inputs, parseInputs } from '../inputs.js'
import { proxySecrets } from '../net/proxy-env.js'

/** The one place that reads the step's inputs. */
export function getInputs(): Inputs {
  const inputs = parseInputs(name => core.getInput(name))
  for (const mirror of inputs.mirrors) mirror.secrets.forEach(secret => core.setSecret(secret))
  // pip and the probe may name a proxy in their output: its credentials must not show.
  proxySecrets(process.env).forEach(secret => core.setSecret(secret))
  return inputs
}

/** Appends to the job summary; outside a runner there is none to write. */
export async function writeSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.debug('No GITHUB_STEP_SUMMARY: the job summary is skipped')
    return
  }
  await core.summary.addRaw(markdown).write()
}
