import { RouterMode } from './router-process/supervision.js'

// Started detached by the main step as `supervisor <config>`; the supervisor starts its workers
// from the same bundle as `worker`. Each mode loads only its own code.
const [mode, configFile] = process.argv.slice(2)
if (mode === RouterMode.Worker) {
  const { runRouterWorker } = await import('./router-process/daemon.js')
  runRouterWorker()
} else {
  const { Supervisor } = await import('./router-process/supervisor.js')
  await Supervisor.run(configFile ?? '', process.argv[1])
}
