import { type ChildProcess, fork } from 'node:child_process'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:net'
import { withTimeout } from '../runner/deadline.js'
import type { KeyedCertificate } from '../proxy/authority.js'
import {
  containersMessage,
  parseParentMessage,
  parseRouterConfig,
  rankMessage,
  readyMessage,
  type RouterConfig,
  type RouterRanking
} from '../router/config.js'
import { closeInheritedDescriptors, INHERITED_SOCKET_FD, watchJob } from './job-watch.js'
import { RouterLog } from './log.js'
import type { RouterStats } from '../router/router-service.js'
import {
  parseWorkerMessage,
  QUICK_DEATH_MS,
  restartDelayMs,
  RouterMode,
  startMessage,
  statsRequest,
  type SupervisedStats
} from './supervision.js'
import type { PrefetchPlan } from '../prefetch/plan.js'

/** How long a worker has to give its figures, and then to stop. */
const WORKER_ANSWER_MS = 2000

/** The listening socket, when it is this process's descriptor INHERITED_SOCKET_FD. */
const INHERITED = { inherited: true }

/**
 * The router process the main step starts: a supervisor that holds the listening socket and
 * serves through a worker process it starts on that socket. When the worker dies, another takes
 * the same socket at once: connections that arrive meanwhile wait in its backlog, so later steps
 * never see a refused connection. It stops when the post step asks its worker to (leaving the
 * figures for the post step), likewise on SIGTERM where the system has one, and when the job it
 * was started for has ended, even when no post step came to stop it.
 */
export class Supervisor {
  private readonly log: RouterLog
  /**
   * The listening socket, as the raw handle the main step sent: only workers accept on it (Node's
   * types call it a server when it is sent on).
   */
  private socket: object | undefined
  private worker: ChildProcess | undefined
  private ranking: RouterRanking | undefined
  /** What to fetch ahead, for each worker started. */
  private plan: PrefetchPlan | undefined
  /** The socket on a Docker network's host-side address, for each worker started. */
  private containers: { host: string; socket: object } | undefined
  private readonly workerStats = new Set<(stats: RouterStats) => void>()
  private ready = false
  private restarts = 0
  private quickDeaths = 0
  private stopping = false
  /** The job's authority, from the main step, when the router is the job's HTTPS proxy. */
  private authority: KeyedCertificate | undefined

  private constructor(
    private readonly config: RouterConfig,
    private readonly entry: string
  ) {
    this.log = new RouterLog(config.logFile)
  }

  /** Reads the config once and deletes it: its credentials live in this process's memory only. */
  static async run(configFile: string, entry: string): Promise<void> {
    // Before anything opens a descriptor of its own (the IPC channel, fd 3, is kept).
    closeInheritedDescriptors()
    let config: RouterConfig
    try {
      config = parseRouterConfig(await readFile(configFile, 'utf8'))
    } finally {
      await rm(configFile, { force: true })
    }
    new Supervisor(config, entry).listen()
  }

  private listen(): void {
    // The supervisor's state is small and checked: an error of its own is logged, and it goes on
    // holding the socket, since without it every later step would find the router gone.
    process.on('uncaughtException', error => this.log.error('supervisor', error))
    process.on('unhandledRejection', error => this.log.error('supervisor', error))
    process.once('SIGTERM', () => void this.stop('stopped'))
    process.once('SIGINT', () => void this.stop('interrupted'))
    // The main step hands over the socket first: without it there is nothing to serve.
    process.once('disconnect', () => {
      if (!this.socket) void this.stop('the main step left before handing over the socket')
    })
    if (this.config.job)
      watchJob(this.config.job, () => void this.stop('the job ended without a post step'))
    process.on('message', (value, handle) => {
      const message = parseParentMessage(value, this.config.mirrors.length)
      if (message?.kind === 'listen' && !this.socket && (handle || message.inherited)) {
        // An inherited descriptor is only held here, never listened on: the workers accept.
        this.socket = message.inherited ? INHERITED : (handle as object)
        if (this.config.transparent) this.authority = message.authority
        this.startWorker()
      }
      if (message?.kind === 'rank') {
        this.ranking = message.ranking
        this.worker?.send(rankMessage(message.ranking))
      }
      if (message?.kind === 'containers' && !this.containers && handle) {
        this.containers = { host: message.host, socket: handle as object }
        this.worker?.send(message, handle as Server)
      }
      if (message?.kind === 'prefetch' && !this.plan) {
        this.plan = message.plan
        this.worker?.send(message)
      }
    })
  }

  private startWorker(): void {
    const startedAt = Date.now()
    const inherited = this.socket === INHERITED
    const worker = fork(this.entry, [RouterMode.Worker], {
      stdio: ['ignore', 'ignore', 'ignore', 'ipc', ...(inherited ? [INHERITED_SOCKET_FD] : [])],
      execArgv: []
    })
    this.worker = worker
    worker.on('error', error => this.log.error('worker', error))
    worker.on('message', value => {
      const message = parseWorkerMessage(value)
      if (message?.kind === 'ready' && !this.ready) {
        this.ready = true
        process.send?.(readyMessage())
      }
      if (message?.kind === 'stats') for (const take of this.workerStats) take(message.stats)
      if (message?.kind === 'stop') void this.stop('stopped')
    })
    worker.once('exit', (code, signal) => {
      if (this.stopping) return
      this.log.write(`the router's worker ${worker.pid} died (${signal ?? `exit code ${code}`})`)
      this.restartWorker(Date.now() - startedAt)
    })
    const start = startMessage(this.config, this.ranking, this.authority, this.plan, inherited)
    if (inherited) worker.send(start)
    else worker.send(start, this.socket as Server)
    if (this.containers)
      worker.send(containersMessage(this.containers.host), this.containers.socket as Server)
  }

  /** Starts a worker again, later after each quick death; gives up when they keep dying. */
  private restartWorker(livedMs: number): void {
    if (!this.ready) return void this.stop('the router did not start', 1)
    this.quickDeaths = livedMs < QUICK_DEATH_MS ? this.quickDeaths + 1 : 1
    const delayMs = restartDelayMs(this.quickDeaths)
    if (delayMs === undefined)
      return void this.stop(`the worker died ${this.quickDeaths} times in a row: giving up`, 1)
    this.restarts++
    setTimeout(() => {
      if (!this.stopping) this.startWorker()
    }, delayMs)
  }

  /** Leaves the worker's figures for the post step, stops the worker, and ends. */
  private async stop(reason: string, exitCode = 0): Promise<void> {
    if (this.stopping) return
    this.stopping = true
    if (exitCode !== 0 || reason !== 'stopped') this.log.write(`the router ends: ${reason}`)
    const worker = this.worker
    if (worker?.connected) {
      try {
        const stats = await this.askStats(worker)
        const supervised: SupervisedStats = { ...stats, restarts: this.restarts }
        await writeAtomically(this.config.statsFile, JSON.stringify(supervised))
      } catch (error) {
        this.log.error('the router left no figures', error)
      }
      const exited = new Promise(resolve => worker.once('exit', resolve))
      worker.kill('SIGTERM')
      await withTimeout(exited, WORKER_ANSWER_MS, 'the worker did not stop').catch(() =>
        worker.kill('SIGKILL')
      )
    }
    process.exit(exitCode)
  }

  private askStats(worker: ChildProcess): Promise<RouterStats> {
    let take: ((stats: RouterStats) => void) | undefined
    const answered = new Promise<RouterStats>(resolve => {
      take = resolve
      this.workerStats.add(resolve)
    })
    worker.send(statsRequest())
    return withTimeout(answered, WORKER_ANSWER_MS, 'the worker gave no figures').finally(() => {
      if (take) this.workerStats.delete(take)
    })
  }
}

/** A reader never sees the file half-written. */
async function writeAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text, { mode: 0o600 })
  await rename(`${file}.tmp`, file)
}
