export const id = 450;
export const ids = [450];
export const modules = {

/***/ 4782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KL: () => (/* binding */ INHERITED_SOCKET_FD),
  B9: () => (/* binding */ closeInheritedDescriptors),
  LA: () => (/* binding */ watchJob)
});

// UNUSED EXPORTS: jobProcess

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/router-process/process-system.ts
var process_system = __webpack_require__(2096);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
;// CONCATENATED MODULE: ./src/router-process/process-probe.ts



/** Long enough for PowerShell's start on a busy runner; `ps` answers in milliseconds. */
const COMMAND_TIMEOUT_MS = 15_000;
/**
 * Whether `pid` names a running process: signal 0 checks without signalling (on Windows, libuv
 * opens the process and asks whether it is still active). A process of another user, which may
 * not be signalled, exists all the same.
 */
function processExists(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * `pid`'s start time: on Linux in clock ticks since boot, elsewhere in ms since the epoch (see
 * process-system.ts); undefined when it is gone or its start time cannot be read.
 */
async function process_probe_processStartTime(pid, platform = process.platform) {
    const command = (0,process_system/* startTimeCommand */.vC)(platform, pid, process.env);
    if (!command)
        return (0,process_system/* parseProcStat */.qV)((await readProc(pid, 'stat')) ?? '');
    const output = await run(command);
    return output === undefined ? undefined : (0,process_system/* parseStartTime */.Lj)(platform, output);
}
/** `pid`'s command line; undefined when it is gone or cannot be read. */
async function processCommandLine(pid, platform = process.platform) {
    const command = commandLineCommand(platform, pid, process.env);
    return command ? run(command) : readProc(pid, 'cmdline');
}
async function readProc(pid, file) {
    return (0,promises_.readFile)(`/proc/${pid}/${file}`, 'utf8').catch(() => undefined);
}
/** The command's output; undefined when it could not run or failed (no such process). */
function run(command) {
    return (0,runner_env/* runFile */.y6)(command.file, command.args, {
        env: command.env,
        timeout: COMMAND_TIMEOUT_MS,
        windowsHide: true
    }).then(({ stdout }) => stdout, () => undefined);
}

;// CONCATENATED MODULE: ./src/router-process/job-watch.ts



/**
 * The process that started this one: on a runner, the runner's worker for the main step. Its
 * start time where reading it is cheap (Linux); elsewhere this step's own start, which the
 * router checks the job's start time against (see `JobProcess`).
 */
async function jobProcess(platform = process.platform) {
    const pid = process.ppid;
    // `docker exec` (a `container:` job's steps) starts a process with no parent in its namespace.
    if (!isProcessId(pid))
        return undefined;
    if (!jobWatchPlan(platform).exactStart)
        return { pid, startTime: Math.floor(performance.timeOrigin) };
    const startTime = await processStartTime(pid, platform);
    return startTime === undefined ? undefined : { pid, startTime };
}
/**
 * Calls `gone` once the job's process has ended (or its pid now names another process), so that
 * a router whose post step never ran (a cancelled job, a killed runner) ends with its job. Every
 * second it checks that the pid exists; every `plan.identityEveryMs` it reads the pid's start
 * time again, to tell the job's process from one that took its pid.
 */
function watchJob(job, gone, platform = process.platform, plan = (0,process_system/* jobWatchPlan */.k9)(platform)) {
    let known = plan.exactStart ? job.startTime : undefined;
    let readAt = Date.now();
    let reading = false;
    let ended = false;
    const end = () => {
        if (ended)
            return;
        ended = true;
        clearInterval(timer);
        gone();
    };
    const timer = setInterval(() => {
        if (!processExists(job.pid))
            return end();
        if (reading || Date.now() - readAt < plan.identityEveryMs)
            return;
        reading = true;
        // From the reading's start: the next poll must not find the interval short by its length.
        readAt = Date.now();
        void process_probe_processStartTime(job.pid, platform).then(started => {
            reading = false;
            const verdict = (0,process_system/* judgeJobReading */.jD)(job, known, started);
            if (verdict.ended)
                end();
            else
                known = verdict.known;
        });
    }, process_system/* JOB_POLL_MS */.V4);
    timer.unref();
}
/** Set on every descriptor libuv opens itself; inherited ones mostly lack it. */
const O_CLOEXEC = 0o2000000;
/**
 * Standard input, output and error, the IPC channel the starting step gave (fd 3), and the
 * listening socket it passed down (fd 4, see `INHERITED_SOCKET_FD`).
 */
const KEPT_DESCRIPTORS = 5;
/**
 * Where the router's processes find the listening socket the main step opened, where it can
 * pass a descriptor down (not on Windows, which gets it over IPC): the main step's copy closes
 * as soon as the router's process exists, without waiting for its Node to start.
 */
const INHERITED_SOCKET_FD = 4;
/**
 * Closes every descriptor this process inherited without opening it: the write end of a pipe a
 * wrapper reads the step's output from (process substitution) would otherwise stay open for as
 * long as the router runs, and the wrapper would wait for its end until the job's timeout. Node
 * does not close what it inherits; libuv opens its own descriptors close-on-exec, so those
 * without the flag are the inherited ones: /proc/self/fd lists them, /proc/self/fdinfo has the
 * flags. Only where a process can inherit strays at all (`inheritsStrayDescriptors`: Linux).
 */
function closeInheritedDescriptors(platform = process.platform) {
    if (!(0,process_system/* inheritsStrayDescriptors */.sR)(platform))
        return [];
    let descriptors;
    try {
        descriptors = (0,external_node_fs_.readdirSync)('/proc/self/fd').map(Number);
    }
    catch {
        return [];
    }
    return descriptors.filter(fd => {
        if (!(fd >= KEPT_DESCRIPTORS))
            return false;
        try {
            const flags = /^flags:\s*([0-7]+)/m.exec((0,external_node_fs_.readFileSync)(`/proc/self/fdinfo/${fd}`, 'utf8'));
            if (!flags || (parseInt(flags[1], 8) & O_CLOEXEC) !== 0)
                return false;
            (0,external_node_fs_.closeSync)(fd);
            return true;
        }
        catch {
            // Gone meanwhile (the descriptor that listed /proc/self/fd).
            return false;
        }
    });
}


/***/ }),

/***/ 3891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ RouterLog)
/* harmony export */ });
/* unused harmony export routerLogTail */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _format_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4496);



/** Past this the log stops: a router failing on every request must not fill the disk. */
const LOG_LIMIT_BYTES = 1024 * 1024;
/**
 * The router's log, `router.log` in its folder: its errors, crashes and restarts, which the post
 * step shows. The supervisor and its worker both append to it, each line whole; writes are
 * synchronous so that the line about a crash is on disk before the process ends.
 */
class RouterLog {
    file;
    constructor(file) {
        this.file = file;
    }
    write(message) {
        try {
            const size = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(this.file, { throwIfNoEntry: false })?.size ?? 0;
            if (size >= LOG_LIMIT_BYTES)
                return;
            const line = `${new Date().toISOString()} [${process.pid}] ${message}\n`;
            const full = size + line.length >= LOG_LIMIT_BYTES;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(this.file, full ? `${line}(log full: later lines dropped)\n` : line, {
                mode: 0o600
            });
        }
        catch {
            // Nowhere left to say it: the router serves on.
        }
    }
    error(context, error) {
        const detail = error instanceof Error && error.stack ? error.stack : (0,_format_format_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error);
        this.write(`${context}: ${detail}`);
    }
}
/** The last `count` lines of a router's log; empty when it wrote none. */
async function routerLogTail(file, count) {
    const text = await readFile(file, 'utf8').catch(() => '');
    return text
        .split('\n')
        .filter(line => line !== '')
        .slice(-count);
}


/***/ }),

/***/ 6450:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Supervisor: () => (/* binding */ Supervisor)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/runner/deadline.ts
/**
 * `promise`, or a rejection with `message` once `ms` have passed, whichever comes first; the
 * timer never outlives the race.
 */
function withTimeout(promise, ms, message) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// EXTERNAL MODULE: ./src/router/config.ts
var router_config = __webpack_require__(9851);
// EXTERNAL MODULE: ./src/router-process/job-watch.ts + 1 modules
var job_watch = __webpack_require__(4782);
// EXTERNAL MODULE: ./src/router-process/log.ts
var log = __webpack_require__(3891);
// EXTERNAL MODULE: ./src/router-process/supervision.ts
var supervision = __webpack_require__(3502);
;// CONCATENATED MODULE: ./src/router-process/supervisor.ts







/** How long a worker has to give its figures, and then to stop. */
const WORKER_ANSWER_MS = 2000;
/** The listening socket, when it is this process's descriptor INHERITED_SOCKET_FD. */
const INHERITED = { inherited: true };
/**
 * The router process the main step starts: a supervisor that holds the listening socket and
 * serves through a worker process it starts on that socket. When the worker dies, another takes
 * the same socket at once: connections that arrive meanwhile wait in its backlog, so later steps
 * never see a refused connection. It stops when the post step asks its worker to (leaving the
 * figures for the post step), likewise on SIGTERM where the system has one, and when the job it
 * was started for has ended, even when no post step came to stop it.
 */
class Supervisor {
    config;
    entry;
    log;
    /**
     * The listening socket, as the raw handle the main step sent: only workers accept on it (Node's
     * types call it a server when it is sent on).
     */
    socket;
    worker;
    ranking;
    /** What to fetch ahead, for each worker started. */
    plan;
    /** The socket on a Docker network's host-side address, for each worker started. */
    containers;
    workerStats = new Set();
    ready = false;
    restarts = 0;
    quickDeaths = 0;
    stopping = false;
    /** The job's authority, from the main step, when the router is the job's HTTPS proxy. */
    authority;
    constructor(config, entry) {
        this.config = config;
        this.entry = entry;
        this.log = new log/* RouterLog */.k(config.logFile);
    }
    /** Reads the config once and deletes it: its credentials live in this process's memory only. */
    static async run(configFile, entry) {
        // Before anything opens a descriptor of its own (the IPC channel, fd 3, is kept).
        (0,job_watch/* closeInheritedDescriptors */.B9)();
        let config;
        try {
            config = (0,router_config/* parseRouterConfig */.zC)(await (0,promises_.readFile)(configFile, 'utf8'));
        }
        finally {
            await (0,promises_.rm)(configFile, { force: true });
        }
        new Supervisor(config, entry).listen();
    }
    listen() {
        // The supervisor's state is small and checked: an error of its own is logged, and it goes on
        // holding the socket, since without it every later step would find the router gone.
        process.on('uncaughtException', error => this.log.error('supervisor', error));
        process.on('unhandledRejection', error => this.log.error('supervisor', error));
        process.once('SIGTERM', () => void this.stop('stopped'));
        process.once('SIGINT', () => void this.stop('interrupted'));
        // The main step hands over the socket first: without it there is nothing to serve.
        process.once('disconnect', () => {
            if (!this.socket)
                void this.stop('the main step left before handing over the socket');
        });
        if (this.config.job)
            (0,job_watch/* watchJob */.LA)(this.config.job, () => void this.stop('the job ended without a post step'));
        process.on('message', (value, handle) => {
            const message = (0,router_config/* parseParentMessage */.Jj)(value, this.config.mirrors.length);
            if (message?.kind === 'listen' && !this.socket && (handle || message.inherited)) {
                // An inherited descriptor is only held here, never listened on: the workers accept.
                this.socket = message.inherited ? INHERITED : handle;
                if (this.config.transparent)
                    this.authority = message.authority;
                this.startWorker();
            }
            if (message?.kind === 'rank') {
                this.ranking = message.ranking;
                this.worker?.send((0,router_config/* rankMessage */.ke)(message.ranking));
            }
            if (message?.kind === 'containers' && !this.containers && handle) {
                this.containers = { host: message.host, socket: handle };
                this.worker?.send(message, handle);
            }
            if (message?.kind === 'prefetch' && !this.plan) {
                this.plan = message.plan;
                this.worker?.send(message);
            }
        });
    }
    startWorker() {
        const startedAt = Date.now();
        const inherited = this.socket === INHERITED;
        const worker = (0,external_node_child_process_.fork)(this.entry, [supervision/* RouterMode */.jY.Worker], {
            stdio: ['ignore', 'ignore', 'ignore', 'ipc', ...(inherited ? [job_watch/* INHERITED_SOCKET_FD */.KL] : [])],
            execArgv: []
        });
        this.worker = worker;
        worker.on('error', error => this.log.error('worker', error));
        worker.on('message', value => {
            const message = (0,supervision/* parseWorkerMessage */.R)(value);
            if (message?.kind === 'ready' && !this.ready) {
                this.ready = true;
                process.send?.((0,router_config/* readyMessage */.jO)());
            }
            if (message?.kind === 'stats')
                for (const take of this.workerStats)
                    take(message.stats);
            if (message?.kind === 'stop')
                void this.stop('stopped');
        });
        worker.once('exit', (code, signal) => {
            if (this.stopping)
                return;
            this.log.write(`the router's worker ${worker.pid} died (${signal ?? `exit code ${code}`})`);
            this.restartWorker(Date.now() - startedAt);
        });
        const start = (0,supervision/* startMessage */.su)(this.config, this.ranking, this.authority, this.plan, inherited);
        if (inherited)
            worker.send(start);
        else
            worker.send(start, this.socket);
        if (this.containers)
            worker.send((0,router_config/* containersMessage */.qe)(this.containers.host), this.containers.socket);
    }
    /** Starts a worker again, later after each quick death; gives up when they keep dying. */
    restartWorker(livedMs) {
        if (!this.ready)
            return void this.stop('the router did not start', 1);
        this.quickDeaths = livedMs < supervision/* QUICK_DEATH_MS */.I_ ? this.quickDeaths + 1 : 1;
        const delayMs = (0,supervision/* restartDelayMs */.ns)(this.quickDeaths);
        if (delayMs === undefined)
            return void this.stop(`the worker died ${this.quickDeaths} times in a row: giving up`, 1);
        this.restarts++;
        setTimeout(() => {
            if (!this.stopping)
                this.startWorker();
        }, delayMs);
    }
    /** Leaves the worker's figures for the post step, stops the worker, and ends. */
    async stop(reason, exitCode = 0) {
        if (this.stopping)
            return;
        this.stopping = true;
        if (exitCode !== 0 || reason !== 'stopped')
            this.log.write(`the router ends: ${reason}`);
        const worker = this.worker;
        if (worker?.connected) {
            try {
                const stats = await this.askStats(worker);
                const supervised = { ...stats, restarts: this.restarts };
                await writeAtomically(this.config.statsFile, JSON.stringify(supervised));
            }
            catch (error) {
                this.log.error('the router left no figures', error);
            }
            const exited = new Promise(resolve => worker.once('exit', resolve));
            worker.kill('SIGTERM');
            await withTimeout(exited, WORKER_ANSWER_MS, 'the worker did not stop').catch(() => worker.kill('SIGKILL'));
        }
        process.exit(exitCode);
    }
    askStats(worker) {
        let take;
        const answered = new Promise(resolve => {
            take = resolve;
            this.workerStats.add(resolve);
        });
        worker.send((0,supervision/* statsRequest */.x8)());
        return withTimeout(answered, WORKER_ANSWER_MS, 'the worker gave no figures').finally(() => {
            if (take)
                this.workerStats.delete(take);
        });
    }
}
/** A reader never sees the file half-written. */
async function writeAtomically(file, text) {
    await (0,promises_.writeFile)(`${file}.tmp`, text, { mode: 0o600 });
    await (0,promises_.rename)(`${file}.tmp`, file);
}


/***/ }),

/***/ 7584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y6: () => (/* binding */ runFile)
/* harmony export */ });
/* unused harmony exports runFileInBackground, workspaceDir, runnerTempPath, containerVisiblePath, inJobContainer, runnerOs, osRelease */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7975);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_util__WEBPACK_IMPORTED_MODULE_4__);






/** Runs a program with an argument array, never through a shell. */
const runFile = (0,node_util__WEBPACK_IMPORTED_MODULE_4__.promisify)(node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile);
/**
 * `runFile` at the lowest CPU priority, for what the job does not wait on: on a runner's two
 * cores it then takes only the time the job's own processes leave idle.
 */
function runFileInBackground(file, args, options) {
    const running = runFile(file, args, options);
    const { pid } = running.child;
    try {
        if (pid !== undefined)
            os.setPriority(pid, os.constants.priority.PRIORITY_LOW);
    }
    catch {
        // Gone already, or not ours to lower: it runs at the usual priority.
    }
    return running;
}
/** The job's workspace: the checkout on a runner, the current directory elsewhere. */
function workspaceDir() {
    return process.env.GITHUB_WORKSPACE || process.cwd();
}
/**
 * A path under the runner's temp directory (`RUNNER_TEMP` of `env`), which the runner empties
 * after the job.
 */
function runnerTempPath(name, env = process.env) {
    return path.join(env.RUNNER_TEMP || os.tmpdir(), name);
}
/**
 * A path that container actions see too: the runner mounts `$RUNNER_TEMP/_github_home` in them
 * as `/github/home`, and turns an environment variable's path under it into the path there. In
 * a `container:` job, whose HOME the runner makes that same `/github/home`, the path there.
 */
function containerVisiblePath(name) {
    return inJobContainer()
        ? path.posix.join(CONTAINER_HOME, name)
        : runnerTempPath(path.join('_github_home', name));
}
/**
 * A `container:` job, whose HOME the runner makes `/github/home`. A runner that itself runs in a
 * container (its `/.dockerenv` there too) keeps its own HOME: its steps are not in a job container.
 */
function inJobContainer() {
    return process.env.HOME === CONTAINER_HOME;
}
/** Where the runner mounts `$RUNNER_TEMP/_github_home` in job containers and container actions. */
const CONTAINER_HOME = '/github/home';
/** The runner's OS as `RUNNER_OS` names it. */
function runnerOs() {
    return process.env.RUNNER_OS || runnerOsName(process.platform);
}
/** The OS image's release: a new image release means new system libraries. */
async function osRelease() {
    const osReleaseFile = process.platform === 'linux' ? await readFile('/etc/os-release', 'utf8').catch(() => '') : '';
    return osReleaseName(process.platform, os.release(), osReleaseFile);
}


/***/ })

};
