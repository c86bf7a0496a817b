import { runPost } from './action/run-post.js'

await runPost()
// Open sockets of the cache client must not keep the job waiting.
process.exit()
