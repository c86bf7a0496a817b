import * as core from '@actions/core'
import { errorMessage } from '../format/format.js'
import { LogBuffer } from '../format/log.js'
import { runnerTempPath } from '../runner/runner-env.js'
import { getInputs } from './io.js'
import { startRouterPhase } from './router-phase.js'

/** The router's store sits at the same path in every job, as the cache archive requires. */
const ROUTER_STORE_DIR = 'pip-mirror-store'

/**
 * The main step. In router mode the router process is started first, from this small part of
 * the bundle, so that its start-up overlaps the loading of the rest (`main-step.ts`) and the
 * probe.
 */
export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    const storeDir = runnerTempPath(ROUTER_STORE_DIR)
    const routerLog = new LogBuffer()
    const starting =
      inputs.mode === 'router' ? startRouterPhase(inputs, storeDir, routerLog) : undefined
    const { runMainStep } = await import('./main-step.js')
    await runMainStep(inputs, { starting, routerLog, storeDir })
  } catch (error) {
    core.setFailed(errorMessage(error))
  }
}
