import { runRouterProcess } from './router/daemon.js'

// Started detached by the main step; it serves until the post step stops it.
await runRouterProcess(process.argv[2] ?? '')
