export const id = 450;
export const ids = [450];
export const modules = {

/***/ 285:
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
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/runner/powershell.ts
var powershell = __webpack_require__(8813);
;// CONCATENATED MODULE: ./src/router-process/process-system.ts
// What each system offers the router's processes to tell one process from another: a pid alone is
// not enough, since a pid that has ended is given to the next process that starts. Linux keeps a
// process's start time and command line under /proc; macOS has neither, but its `ps` reads both;
// Windows has no `ps`, and PowerShell reads them. The commands and their outputs are decided and
// parsed here; job-watch.ts and process-probe.ts run them.

/** How often the router checks that its job goes on. */
const JOB_POLL_MS = 1000;
/**
 * Linux: reading /proc costs a file read, so every poll. macOS hands out pids in increasing
 * order (xnu's nextpid) and wraps only at 99,999, so a pid comes back after tens of thousands of
 * process starts: the existence check each second is all but exact, and `ps` (a few ms) every 10 s
 * catches the rare reuse. Windows gives a freed pid to the next process soon, so the start time
 * matters more there; but each reading starts PowerShell, hundreds of ms of processor time, which
 * every second would take a noticeable share of a core from the job: every 30 s. A job process
 * whose pid was taken at once is then noticed within 30 s instead of 1 s.
 */
function process_system_jobWatchPlan(platform) {
    if (platform === 'linux')
        return { exactStart: true, identityEveryMs: JOB_POLL_MS };
    if (platform === 'win32')
        return { exactStart: false, identityEveryMs: 30_000 };
    return { exactStart: false, identityEveryMs: 10_000 };
}
/**
 * Judges one reading `started` of the start time of the job's pid (undefined: it could not be
 * read, so only the existence check counts), given the start time `known` so far (the job's own
 * where it is exact; else undefined until a reading falls within the main step's bound).
 */
function judgeJobReading(job, known, started) {
    if (started === undefined)
        return { ended: false, known };
    if (known !== undefined)
        return started === known ? { ended: false, known } : { ended: true };
    return started <= job.startTime ? { ended: false, known: started } : { ended: true };
}
/** The start time in a /proc/<pid>/stat line (field 22, clock ticks since boot). */
function parseProcStat(stat) {
    // The command name (field 2) may hold spaces and parentheses: count from after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTime = Number(fields[19]);
    return fields[19] !== undefined && Number.isSafeInteger(startTime) ? startTime : undefined;
}
/**
 * The command that prints `pid`'s start time on `platform`; undefined where /proc has it (Linux)
 * or no command is known.
 * - macOS: `ps -o lstart=`, the start to the second (macOS's ps has no `etimes`, and `etime`
 *   counts from now, so it drifts between readings). It prints `strftime("%c", localtime())`:
 *   the C locale and UTC make that one fixed format.
 * - Windows: Get-Process's StartTime (the process's creation time, GetProcessTimes), as a file
 *   time: digits whatever the culture. Get-Process asks the system directly; Win32_Process
 *   through CIM would add a WMI round trip. wmic is gone from recent Windows images.
 */
function startTimeCommand(platform, pid, env) {
    return processQuery(platform, pid, env, ['-o', 'lstart='], id => `(Get-Process -Id ${id}).StartTime.ToUniversalTime().ToFileTimeUtc()`);
}
/**
 * The command that prints `pid`'s command line on `platform`; undefined where /proc has it.
 * macOS: `ps -ww -o command=` (two `w`s: never cut to the terminal's width). Windows: the
 * command line Win32_Process keeps (through CIM: Get-Process has none in Windows PowerShell).
 */
function process_system_commandLineCommand(platform, pid, env) {
    return processQuery(platform, pid, env, ['-ww', '-o', 'command='], id => `(Get-CimInstance -ClassName Win32_Process -Filter 'ProcessId=${id}').CommandLine`);
}
/** `ps` with `fields` on macOS, a PowerShell script on Windows; undefined where /proc answers. */
function processQuery(platform, pid, env, fields, windowsScript) {
    const id = checkedPid(pid);
    if (platform === 'darwin')
        return { file: '/bin/ps', args: [...fields, '-p', id], env: { ...env, ...C_UTC } };
    if (platform === 'win32')
        return powerShell(env, windowsScript(id));
    return undefined;
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `%c` in the C locale: `Mon Jan  6 10:23:45 2025`. */
const C_LOCALE_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
/** 100 ns intervals from 1601-01-01 (a Windows file time's origin) to 1970-01-01. */
const FILE_TIME_AT_EPOCH = 116444736000000000n;
/**
 * The start time, in ms since the epoch, in the output of `startTimeCommand(platform, …)`;
 * undefined for anything else (an empty output: no such process).
 */
function parseStartTime(platform, output) {
    const text = output.trim();
    if (platform === 'darwin') {
        const match = C_LOCALE_TIME.exec(text);
        if (!match)
            return undefined;
        const [, month, day, hours, minutes, seconds, year] = match;
        const parts = [year, MONTHS.indexOf(month), day, hours, minutes, seconds].map(Number);
        const date = new Date(Date.UTC(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]));
        // Date.UTC rolls Feb 30 over to March 1: only a real time reads back the same.
        const back = [
            date.getUTCFullYear(),
            date.getUTCMonth(),
            date.getUTCDate(),
            date.getUTCHours(),
            date.getUTCMinutes(),
            date.getUTCSeconds()
        ];
        return parts.every((part, index) => part === back[index]) ? date.getTime() : undefined;
    }
    if (platform === 'win32') {
        if (!/^\d{1,20}$/.test(text))
            return undefined;
        const ms = Number((BigInt(text) - FILE_TIME_AT_EPOCH) / 10000n);
        return ms > 0 ? ms : undefined;
    }
    return undefined;
}
/**
 * Whether a command line (/proc/<pid>/cmdline with its NULs, `ps`'s, or Windows's) is that of
 * the router started with `configFile`: the folder it is in is made for one router alone, so
 * no other process, not even another job's router, names it. Unknown is never a yes.
 */
function isRouterCommandLine(commandLine, configFile) {
    return configFile !== '' && commandLine !== undefined && commandLine.includes(configFile);
}
/**
 * Whether a process started by Node on `platform` can inherit descriptors its parent did not
 * mean to hand down, which it must then close itself.
 * - Linux: libuv starts a process with fork and exec, so every descriptor of the parent that is
 *   not close-on-exec goes along (at its start Node marks 0 to 15 so, and those after them up
 *   to the first gap: uv_disable_stdio_inheritance), such as a wrapper's pipe at fd 63.
 * - macOS: libuv (1.46 in Node 20, 1.50 and later in Node 24) starts processes with posix_spawn
 *   and POSIX_SPAWN_CLOEXEC_DEFAULT (src/unix/process.c): the child gets only the descriptors
 *   its stdio names, so the router cannot inherit a stray one. (libuv falls back to fork only
 *   for a uid or gid to set, or before macOS 10.15 for a detached process or a working folder:
 *   the router's processes are started with none, on a macOS Node 20 runs on.)
 * - Windows: a process has handles, not descriptors. libuv passes the child its stdio handles,
 *   and CreateProcess also hands down every other handle marked inheritable; Node marks its own
 *   standard handles (the step's output pipes) not inheritable at its start
 *   (uv_disable_stdio_inheritance), so those do not reach the router. Another inheritable handle
 *   the main step got from its parent would; Node offers no way to list those.
 */
function inheritsStrayDescriptors(platform) {
    return platform === 'linux';
}
/** `ps` prints dates in the C locale's format and in UTC, whatever the runner's settings. */
const C_UTC = { LC_ALL: 'C', TZ: 'UTC0' };
/**
 * Windows PowerShell, which every Windows since 10 has, by its full path: a `powershell` earlier
 * on PATH must not answer. The pid in `script` is a checked number, never text from elsewhere.
 */
function powerShell(env, script) {
    const root = env.SystemRoot || env.SYSTEMROOT || env.windir || 'C:\\Windows';
    return { ...(0,powershell/* windowsPowerShell */.L)(root, `$ErrorActionPreference = 'Stop'; ${script}`), env };
}
/** A pid a process can have: 0 is none (a parent outside the pid namespace). */
function process_system_isProcessId(pid) {
    return Number.isSafeInteger(pid) && pid > 0;
}
function checkedPid(pid) {
    if (!process_system_isProcessId(pid))
        throw new Error(`not a process id: ${pid}`);
    return String(pid);
}

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
    const command = startTimeCommand(platform, pid, process.env);
    if (!command)
        return parseProcStat((await readProc(pid, 'stat')) ?? '');
    const output = await run(command);
    return output === undefined ? undefined : parseStartTime(platform, output);
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
    return new Promise(resolve => {
        (0,external_node_child_process_.execFile)(command.file, command.args, { env: command.env, timeout: COMMAND_TIMEOUT_MS, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout));
    });
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
function watchJob(job, gone, platform = process.platform, plan = process_system_jobWatchPlan(platform)) {
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
        void process_probe_processStartTime(job.pid, platform).then(started => {
            reading = false;
            readAt = Date.now();
            const verdict = judgeJobReading(job, known, started);
            if (verdict.ended)
                end();
            else
                known = verdict.known;
        });
    }, JOB_POLL_MS);
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
    if (!inheritsStrayDescriptors(platform))
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
// EXTERNAL MODULE: ./src/router-process/job-watch.ts + 2 modules
var job_watch = __webpack_require__(285);
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

/***/ 8813:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   L: () => (/* binding */ windowsPowerShell)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

/**
 * Windows PowerShell at its system path, running `script`: on every Windows, unlike pwsh, and
 * never a `powershell.exe` earlier on PATH. No profile, no prompt, no banner.
 */
function windowsPowerShell(systemRoot, script) {
    return {
        file: node_path__WEBPACK_IMPORTED_MODULE_0___default().win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
        args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script]
    };
}


/***/ })

};
