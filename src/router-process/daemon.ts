import { readyMessage } from '../router/config.js'
import { INHERITED_SOCKET_FD } from './job-watch.js'
import { RouterLog } from './log.js'
import { type Router, startRouter } from '../router/server.js'
import { parseSupervisorMessage, statsMessage, stopMessage } from './supervision.js'

/**
 * The router's worker: serves on the socket its supervisor (supervisor.ts) hands over with the
 * config, until SIGTERM or until the supervisor is gone; a stop request from the post step goes
 * on to the supervisor. An error in a request is logged and the worker serves on; an error
 * outside any request leaves it in an unknown state, so it is logged and the worker exits: the
 * supervisor starts another on the same socket.
 */
export function runRouterWorker(): void {
  let log: RouterLog | undefined
  let starting: Promise<Router> | undefined
  const crashed = (error: unknown): void => {
    log?.error('worker crashed', error)
    process.exit(1)
  }
  process.on('uncaughtException', crashed)
  process.on('unhandledRejection', crashed)
  const stop = async (): Promise<void> => {
    await (await starting)?.close()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop().catch(crashed))
  // Without its supervisor no one holds the socket's other copy, reads the figures or stops it.
  process.once('disconnect', () => void stop().catch(crashed))
  process.on('message', (value, handle) => {
    const message = parseSupervisorMessage(value)
    const socket =
      message?.kind === 'start' && message.inherited ? { fd: INHERITED_SOCKET_FD } : handle
    if (message?.kind === 'start' && !starting && socket) {
      const routerLog = (log = new RouterLog(message.config.logFile))
      starting = startRouter(message.config, socket as object, {
        onError: (context, error) => routerLog.error(context, error),
        // The supervisor stops it all: it asks for the figures first, then ends this worker.
        onStop: () => process.send?.(stopMessage()),
        ...(message.authority ? { authority: message.authority } : {})
      })
      starting.then(router => {
        if (message.ranking) router.rank(message.ranking)
        if (message.plan) router.prefetch(message.plan)
        process.send?.(readyMessage())
      }, crashed)
    }
    if (message?.kind === 'containers' && handle)
      void starting
        ?.then(router => router.listenOn(handle as object, message.host))
        .catch(error => log?.error(`serving containers on ${message.host}`, error))
    if (message?.kind === 'rank') void starting?.then(router => router.rank(message.ranking))
    if (message?.kind === 'prefetch') void starting?.then(router => router.prefetch(message.plan))
    if (message?.kind === 'stats')
      void starting?.then(router => process.send?.(statsMessage(router.stats())))
  })
}
