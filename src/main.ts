import { run } from './action/run.js'

await run()
// Open sockets of the HTTP and cache clients must not keep the step waiting.
process.exit()
