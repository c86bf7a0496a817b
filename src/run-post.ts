import * as core from '@actions/core'
import { writeSummary } from './action-io.js'
import { saveCache } from './cache.js'
import type { CachePlan } from './cache-policy.js'
import { State } from './constants.js'
import { renderSaveSummary } from './report.js'

/**
 * The post step runs whatever the later steps did: wheels from a successful install are worth
 * keeping even when the tests failed. Nothing here may fail the job.
 */
export async function runPost(): Promise<void> {
  try {
    const planText = core.getState(State.CachePlan)
    if (!planText) {
      core.debug('No cache to save')
      return
    }
    const plan = JSON.parse(planText) as CachePlan
    const report = await core.group('Save pip cache', () => saveCache(plan))
    await writeSummary(renderSaveSummary(report))
  } catch (error) {
    core.warning(`Post step: ${error instanceof Error ? error.message : String(error)}`, {
      title: 'pip-mirror-action: cache'
    })
  }
}
