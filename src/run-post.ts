import * as core from '@actions/core'

/** The post step: nothing of the main step needs undoing yet. */
export async function runPost(): Promise<void> {
  core.debug('pip-mirror-action post step: nothing to do')
}
