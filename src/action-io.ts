import * as core from '@actions/core'
import { type Inputs, parseInputs } from './inputs.js'

/** The one place that reads the step's inputs. */
export function getInputs(): Inputs {
  const inputs = parseInputs(name => core.getInput(name))
  for (const mirror of inputs.mirrors) mirror.secrets.forEach(secret => core.setSecret(secret))
  return inputs
}
