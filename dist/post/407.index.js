export const id = 407;
export const ids = [407];
export const modules = {

/***/ 7407:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  leaveJobProxy: () => (/* binding */ leaveJobProxy),
  stopRouterProcess: () => (/* binding */ stopRouterProcess)
});

// UNUSED EXPORTS: listeningHandle, openRouterSocket, routerEntry, stableRouterPort, startRouterProcess

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
// EXTERNAL MODULE: ./src/install/private-index.ts
var private_index = __webpack_require__(8633);
// EXTERNAL MODULE: ./src/mirrors/mirror.ts + 1 modules
var mirror = __webpack_require__(709);
;// CONCATENATED MODULE: ./src/router/config.ts



/** Checks a config read from disk: a router that starts on a bad one would serve nothing. */
function parseRouterConfig(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`router config is not JSON (${errorMessage(error)})`);
    }
    return config_checkRouterConfig(value);
}
/** Checks a config from a file or a message. */
function config_checkRouterConfig(value) {
    const config = value;
    const isText = (field) => typeof field === 'string' && field !== '';
    if (!Array.isArray(config?.mirrors) ||
        config.mirrors.length === 0 ||
        !config.mirrors.every(mirror => isText(mirror?.name) && isText(mirror.url) && typeof mirror.private === 'boolean')) {
        throw new Error('router config: mirrors must be a non-empty list of { name, url, private }');
    }
    if (config.ranked !== undefined && typeof config.ranked !== 'boolean')
        throw new Error('router config: ranked must be true or false');
    if (!Array.isArray(config.privateProjects) || !config.privateProjects.every(isText))
        throw new Error('router config: privateProjects must be a list of names');
    for (const field of ['storeDir', 'statsFile', 'logFile']) {
        if (!isText(config[field]))
            throw new Error(`router config: ${field} must be a path`);
    }
    if (!isText(config.secret))
        throw new Error('router config: secret must be set');
    if (config.transparent !== undefined && typeof config.transparent !== 'boolean')
        throw new Error('router config: transparent must be true or false');
    if (!Number.isInteger(config.timeoutMs) || config.timeoutMs < 1)
        throw new Error('router config: timeoutMs must be a positive whole number');
    const job = config.job;
    if (job !== undefined && !(Number.isSafeInteger(job?.pid) && Number.isSafeInteger(job.startTime)))
        throw new Error('router config: job must be { pid, startTime }');
    return config;
}
/** Upstream requests the router gives up on, well inside pip's own idle timeout. */
const ROUTER_UPSTREAM_TIMEOUT_MS = 5000;
/**
 * The router over the candidates, private indexes first: in the ranking's order when `ranked`,
 * else as listed (the probe is still running). Without its secret, which the code that starts it
 * keeps (router-secret.ts).
 */
function routerSettings(candidates, privateProjects, storeDir, ranked) {
    return {
        mirrors: privateFirst(candidates, entry => entry.mirror).map(routerMirror),
        ranked,
        privateProjects,
        storeDir,
        timeoutMs: ROUTER_UPSTREAM_TIMEOUT_MS
    };
}
function routerMirror({ mirror, throughputBps }) {
    return {
        name: mirror.name,
        url: mirror.url,
        private: mirror.private,
        ...(throughputBps !== undefined ? { bytesPerSec: throughputBps } : {})
    };
}
/**
 * The probe's ranking for a router started over `mirrors`: private indexes first, then the
 * ranking's order, without candidates that served a corrupt file; the private ones among those,
 * and any the ranking lacks, as failed.
 */
function routerRanking(mirrors, ranking) {
    const order = privateFirst(ranking, entry => entry.mirror).flatMap(entry => {
        const index = mirrors.findIndex(mirror => mirror.url === entry.mirror.url);
        if (index < 0 || entry.integrity === 'mismatch')
            return [];
        return [
            { index, ...(entry.throughputBps !== undefined ? { bytesPerSec: entry.throughputBps } : {}) }
        ];
    });
    const failedPrivate = mirrors.flatMap((mirror, index) => mirror.private && !order.some(entry => entry.index === index) ? [index] : []);
    return { order, failedPrivate };
}
/** Checks a ranking message from the main step against the router's `count` candidates. */
function config_parseRouterRanking(value, count) {
    const { order, failedPrivate } = (value ?? {});
    const isIndex = (index) => Number.isInteger(index) && index >= 0 && index < count;
    const validOrder = Array.isArray(order) &&
        order.every(entry => isIndex(entry?.index) &&
            (entry.bytesPerSec === undefined ||
                (typeof entry.bytesPerSec === 'number' && entry.bytesPerSec > 0)));
    if (!validOrder || !Array.isArray(failedPrivate) || !failedPrivate.every(isIndex))
        throw new Error('router ranking: order and failedPrivate must list candidates by index');
    const listed = [...order.map(entry => entry.index), ...failedPrivate];
    if (new Set(listed).size !== listed.length)
        throw new Error('router ranking: a candidate is listed twice');
    return { order, failedPrivate };
}
const config_listenMessage = () => ({ kind: 'listen' });
const config_rankMessage = (ranking) => ({ kind: 'rank', ranking });
const readyMessage = () => ({ kind: 'ready' });
function config_isReadyMessage(value) {
    return value?.kind === 'ready';
}
/** The job authority's certificate (never its key), from the router to the starting step. */
const authorityMessage = (certPem) => ({
    kind: 'authority',
    certPem
});
function config_authorityCertificate(value) {
    const message = value;
    return message?.kind === 'authority' &&
        typeof message.certPem === 'string' &&
        message.certPem.startsWith('-----BEGIN CERTIFICATE-----')
        ? message.certPem
        : undefined;
}
/** A message from the starting step, checked; undefined for anything else. */
function parseParentMessage(value, count) {
    const kind = value?.kind;
    if (kind === 'listen')
        return config_listenMessage();
    if (kind !== 'rank')
        return undefined;
    try {
        return config_rankMessage(config_parseRouterRanking(value.ranking, count));
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/router/job-process.ts

/** How often the router checks that its job goes on. */
const JOB_POLL_MS = 1000;
/** `pid`'s start time; undefined when it is gone or the system has no /proc. */
function processStartTime(pid) {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces and parentheses: count from after its end.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const startTime = Number(fields[19]);
        return Number.isSafeInteger(startTime) ? startTime : undefined;
    }
    catch {
        return undefined;
    }
}
/** The process that started this one: on a runner, the runner's worker for the main step. */
function job_process_jobProcess() {
    const startTime = processStartTime(process.ppid);
    return startTime === undefined ? undefined : { pid: process.ppid, startTime };
}
/**
 * Calls `gone` once the job's process has ended (or its pid now names another process), so that
 * a router whose post step never ran (a cancelled job, a killed runner) ends with its job.
 */
function watchJob(job, gone) {
    const timer = setInterval(() => {
        if (processStartTime(job.pid) !== job.startTime) {
            clearInterval(timer);
            gone();
        }
    }, JOB_POLL_MS);
    timer.unref();
}
/** Set on every descriptor libuv opens itself; inherited ones mostly lack it. */
const O_CLOEXEC = 0o2000000;
/** Standard input, output and error, and the IPC channel the starting step gave (fd 3). */
const KEPT_DESCRIPTORS = 4;
/**
 * Closes every descriptor this process inherited without opening it: the write end of a pipe a
 * wrapper reads the step's output from (process substitution) would otherwise stay open for as
 * long as the router runs, and the wrapper would wait for its end until the job's timeout. Node
 * does not close what it inherits; libuv opens its own descriptors close-on-exec, so those
 * without the flag are the inherited ones. Linux only; elsewhere nothing is closed.
 */
function closeInheritedDescriptors() {
    let descriptors;
    try {
        descriptors = readdirSync('/proc/self/fd').map(Number);
    }
    catch {
        return [];
    }
    return descriptors.filter(fd => {
        if (!(fd >= KEPT_DESCRIPTORS))
            return false;
        try {
            const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
            if (!flags || (parseInt(flags[1], 8) & O_CLOEXEC) !== 0)
                return false;
            closeSync(fd);
            return true;
        }
        catch {
            // Gone meanwhile (the descriptor that listed /proc/self/fd).
            return false;
        }
    });
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/router/router-address.ts
// Where the router serves: a port and a secret path segment that stay the same from job to job
// on one runner, because pip's HTTP cache and wheel cache are keyed by URL: a restored cache only
// hits when the router's URL is the one it was filled through.



/**
 * Preferred ports: above the well-known services, below Linux's ephemeral range (32768–60999),
 * so that no outgoing connection holds one by chance.
 */
const PORT_RANGE = { first: 20000, count: 10000 };
/** 128 bits or more, base64url: the path segment no other local user can guess. */
const SECRET = /^[A-Za-z0-9_-]{22,128}$/;
/** The port this `key` (the user and the repository) prefers: the same on every job. */
function router_address_preferredRouterPort(key) {
    const digest = createHash('sha256').update(key).digest();
    return PORT_RANGE.first + (digest.readUInt32BE(0) % PORT_RANGE.count);
}
/** What tells one runner's routers apart: its user, and the repository the job is for. */
function router_address_routerPortKey(user, env, cwd) {
    return `${user}\n${env.GITHUB_REPOSITORY || env.GITHUB_WORKSPACE || cwd}`;
}
function router_address_isRouterSecret(text) {
    return SECRET.test(text);
}
/** The simple index the tools are pointed at. */
function router_address_routerIndexUrl(port, secret) {
    return `http://${LOOPBACK}:${port}/${secret}/simple`;
}
/**
 * This action's folder in the user's cache (XDG): private to the user, unlike the shared temp
 * directory, where another user could create the path first.
 */
function router_address_actionCacheDir(env, home) {
    const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(home, '.cache');
    return path.join(base, 'pip-mirror-action');
}

;// CONCATENATED MODULE: ./src/router/router-env.ts
// The router's environment, chosen by name: it runs for the rest of the job, and every later step
// can read /proc/<pid>/environ of a process of the same user, so it must hold none of the main
// step's secrets (ACTIONS_RUNTIME_TOKEN, INPUT_* with index passwords, GITHUB_TOKEN, …).
/** Variables the router needs: where it runs, how it reaches the mirrors, which CAs it trusts. */
const ALLOWED = new Set([
    'PATH',
    'HOME',
    'USER',
    'LOGNAME',
    'LANG',
    'TZ',
    'TMPDIR',
    'TEMP',
    'TMP',
    'RUNNER_TEMP',
    'XDG_CACHE_HOME',
    // Proxies, in both spellings: curl and undici read the lower case ones too.
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'ALL_PROXY',
    'NO_PROXY',
    'http_proxy',
    'https_proxy',
    'all_proxy',
    'no_proxy',
    // pip's own proxy setting: the router takes the route pip would take (net/proxy-env.ts).
    'PIP_PROXY',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'NODE_EXTRA_CA_CERTS',
    'REQUESTS_CA_BUNDLE',
    // The runner stops the processes of a finished job by this tag: the router must keep it.
    'RUNNER_TRACKING_ID',
    // How long the job's authority may be valid (authority.ts).
    'RUNNER_ENVIRONMENT'
]);
/**
 * The environment the router starts with: the allowed variables of `env` and no other. Left out
 * on purpose: NODE_OPTIONS (`--require` would run code in the router) and everything with a token
 * or an input in it.
 */
function router_env_routerEnvironment(env) {
    const allowed = {};
    for (const [name, value] of Object.entries(env)) {
        if (value !== undefined && (ALLOWED.has(name) || name.startsWith('LC_')))
            allowed[name] = value;
    }
    return allowed;
}

;// CONCATENATED MODULE: ./src/router/router-secret.ts





const SECRET_FILE = 'router-secret';
/**
 * The router's secret path segment, kept in `dir` (the user's cache folder, 0700, file 0600) so
 * that later jobs on this runner reuse it; a new one when there is none or it may have been read
 * by others. Refuses a folder or file that another user owns: they could know or choose it.
 */
async function router_secret_loadRouterSecret(dir) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const folder = await lstat(dir);
    if (!folder.isDirectory() || folder.uid !== ownUid())
        throw new Error(`${dir} is not a folder of this user's: not keeping the router's secret there`);
    if ((folder.mode & 0o077) !== 0)
        await chmod(dir, 0o700);
    const file = path.join(dir, SECRET_FILE);
    const kept = await readOwnSecret(file);
    if (kept !== undefined)
        return kept;
    const secret = randomBytes(24).toString('base64url');
    // Written whole, then renamed: a job starting meanwhile reads the old secret or the new one.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, secret, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
    return secret;
}
/** The secret in `file` when it is this user's, private and well formed; else undefined. */
async function readOwnSecret(file) {
    let handle;
    try {
        // O_NOFOLLOW: a link planted in the folder must not point the secret elsewhere.
        handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new Error(`the router's secret in ${file} is unusable: ${error.message}`);
    }
    try {
        const stat = await handle.stat();
        if (stat.uid !== ownUid())
            throw new Error(`${file} belongs to another user`);
        const text = (await handle.readFile('utf8')).trim();
        return stat.isFile() && (stat.mode & 0o077) === 0 && isRouterSecret(text) ? text : undefined;
    }
    finally {
        await handle.close();
    }
}
function ownUid() {
    return process.getuid?.() ?? 0;
}

;// CONCATENATED MODULE: ./src/router/supervision.ts
// The messages between the router's supervisor and its worker. The supervisor holds the listening
// socket and the config (read once, then deleted); each worker it starts gets both over the IPC
// channel, never through its arguments or environment, which other processes can read.

/** How the router's bundle is started: `node <bundle> supervisor <config>` or `worker`. */
const supervision_RouterMode = { Supervisor: 'supervisor', Worker: 'worker' };
const startMessage = (config, ranking, authority) => ({
    kind: 'start',
    config,
    ...(ranking ? { ranking } : {}),
    ...(authority ? { authority } : {})
});
const statsRequest = () => ({ kind: 'stats' });
const statsMessage = (stats) => ({ kind: 'stats', stats });
/** A message from the supervisor, checked; undefined for anything else. */
function parseSupervisorMessage(value) {
    const message = value;
    try {
        if (message?.kind === 'stats')
            return statsRequest();
        if (message?.kind === 'start') {
            const config = checkRouterConfig(message.config);
            const ranking = message.ranking === undefined
                ? undefined
                : parseRouterRanking(message.ranking, config.mirrors.length);
            return startMessage(config, ranking, keyedCertificate(message.authority));
        }
        // The supervisor checked the ranking against the config when it came from the main step.
        if (message?.kind === 'rank')
            return { kind: 'rank', ranking: message.ranking };
    }
    catch {
        // A malformed message is no message.
    }
    return undefined;
}
function keyedCertificate(value) {
    const pair = value;
    return typeof pair?.certPem === 'string' && typeof pair.keyPem === 'string'
        ? { certPem: pair.certPem, keyPem: pair.keyPem }
        : undefined;
}
/** A message from the worker; undefined for anything else. */
function parseWorkerMessage(value) {
    const message = value;
    if (message?.kind === 'ready')
        return { kind: 'ready' };
    if (message?.kind === 'stats' && typeof message.stats === 'object' && message.stats !== null)
        return statsMessage(message.stats);
    return undefined;
}
/** Worker deaths within this long of its start count as quick: the cause is likely to recur. */
const QUICK_DEATH_MS = 10_000;
/** After this many quick deaths in a row the supervisor gives up, and says so in the log. */
const MAX_QUICK_DEATHS = 5;
/**
 * How long to wait before starting a worker again after `quickDeaths` quick deaths in a row:
 * at once the first time (clients wait in the socket's backlog meanwhile), then doubling from a
 * quarter second; undefined once it is time to give up.
 */
function restartDelayMs(quickDeaths) {
    if (quickDeaths > MAX_QUICK_DEATHS)
        return undefined;
    return quickDeaths <= 1 ? 0 : 250 * 2 ** (quickDeaths - 2);
}

;// CONCATENATED MODULE: ./src/router/lifecycle.ts















/** The router's bundle, beside the action's own: `dist/router/index.js`. */
function routerEntry() {
    return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'router', 'index.js');
}
const CONFIG_DIR_PREFIX = 'pip-mirror-router-';
/**
 * Starts the router as a detached process that outlives the step. The listening socket is
 * opened here, on 127.0.0.1, and handed to the router: its URL is known at once, and a client
 * that connects while the router process is still loading waits in the socket's backlog
 * instead of being refused, so the install need not wait for the router's start-up. The router
 * gets none of this step's environment but what it needs (router-env.ts), and is told which
 * process started the job's steps, so that it ends with the job.
 */
async function startRouterProcess(entry, settings, timeoutMs) {
    const dir = await mkdtemp(runnerTempPath(CONFIG_DIR_PREFIX));
    const statsFile = path.join(dir, 'stats.json');
    const logFile = path.join(dir, 'router.log');
    const configFile = path.join(dir, 'config.json');
    const secret = await loadRouterSecret(actionCacheDir(process.env, os.homedir()));
    const job = jobProcess();
    const config = { ...settings, secret, statsFile, logFile, ...(job ? { job } : {}) };
    // The config carries index credentials: readable by this user only, deleted once read.
    await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
    const { socket, stablePort } = await openRouterSocket(stableRouterPort());
    const { port } = socket.address();
    // An IPC channel (fd 3) carries the socket, the ready signal and the ranking; release() closes it.
    const child = spawn(process.execPath, [entry, RouterMode.Supervisor, configFile], {
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
        env: routerEnvironment(process.env)
    });
    child.unref();
    const release = () => {
        if (child.connected)
            child.disconnect();
    };
    const stop = () => {
        release();
        if (child.pid !== undefined)
            stopProcess(child.pid);
    };
    const exited = new Promise((_, reject) => {
        child.once('error', reject);
        child.once('exit', code => reject(new Error(`the router process exited (code ${code})`)));
    });
    exited.catch(() => undefined);
    let madeAuthority = () => undefined;
    const authority = new Promise(resolve => (madeAuthority = resolve));
    const signalled = new Promise(resolve => child.on('message', message => {
        if (isReadyMessage(message))
            resolve();
        const certPem = authorityCertificate(message);
        if (certPem)
            madeAuthority(certPem);
    }));
    // The raw handle, not the server: a server sent over IPC is listened on by the receiver, while
    // the supervisor must only hold the socket for the workers it starts. (Node's types know only
    // servers and sockets as handles.)
    const handedOver = new Promise((resolve, reject) => child.send(listenMessage(), listeningHandle(socket), error => error ? reject(error) : resolve()));
    // The router holds its own copy now; this process must not accept its connections.
    await handedOver.catch(() => undefined).finally(() => socket.close());
    const pid = child.pid;
    if (pid === undefined) {
        stop();
        throw new Error('the router process could not be started');
    }
    const ready = withTimeout(Promise.race([handedOver.then(() => signalled).then(() => healthy(port)), exited]), timeoutMs, `the router did not answer within ${timeoutMs} ms`).catch((error) => {
        stop();
        throw error;
    });
    ready.catch(() => undefined);
    return {
        url: routerIndexUrl(port, secret),
        secret,
        stablePort,
        pid,
        statsFile,
        logFile,
        ready,
        authority: settings.transparent
            ? withTimeout(Promise.race([authority, exited]), timeoutMs, 'no authority').catch(() => undefined)
            : Promise.resolve(undefined),
        rank: ranking => new Promise(resolve => {
            if (!child.connected)
                return resolve();
            child.send(rankMessage(ranking), () => resolve());
        }),
        // Not before the router has the socket: a channel closed under a handle in flight loses it.
        release: () => void ready.then(release, release)
    };
}
/** The port this runner's routers use for this repository, so that URLs stay the same. */
function stableRouterPort() {
    const user = String(process.getuid?.() ?? os.userInfo().username);
    return preferredRouterPort(routerPortKey(user, process.env, process.cwd()));
}
/**
 * A listening socket on 127.0.0.1 (loopback only: the router is never reachable from another
 * host), on `preferred` when it is free, else on a port the system picks.
 */
async function openRouterSocket(preferred) {
    const listen = (port) => new Promise((resolve, reject) => {
        const socket = createServer();
        socket.once('error', reject).listen(port, LOOPBACK, () => resolve(socket));
    });
    try {
        return { socket: await listen(preferred), stablePort: true };
    }
    catch {
        return { socket: await listen(0), stablePort: false };
    }
}
/**
 * The socket's own handle: Node sends it over IPC as it is (a `net.Native` handle), and a server
 * given it to listen on takes over its connections.
 */
function listeningHandle(socket) {
    return socket._handle;
}
/** Stops the router and returns its figures; undefined when it left none. */
async function stopRouterProcess(pid, statsFile, timeoutMs) {
    if (await isRouter(pid)) {
        stopProcess(pid);
        const until = Date.now() + timeoutMs;
        while (alive(pid) && Date.now() < until)
            await new Promise(resolve => setTimeout(resolve, 20));
        if (alive(pid))
            process.kill(pid, 'SIGKILL');
    }
    try {
        return JSON.parse(await (0,promises_.readFile)(statsFile, 'utf8'));
    }
    catch {
        return undefined;
    }
}
/**
 * The post step of a job whose HTTPS goes through the router: its figures so far, and the CA
 * bundle removed. The router itself is left to serve the post steps of other actions that run
 * after this one with the same proxy settings (a cache save, say); it ends with the job.
 */
async function leaveJobProxy(statsUrl, caBundle, timeoutMs) {
    await (0,promises_.rm)(caBundle, { force: true });
    try {
        const response = await fetch(statsUrl, { signal: AbortSignal.timeout(timeoutMs) });
        return response.ok ? (await response.json()) : undefined;
    }
    catch {
        return undefined;
    }
}
/** The router's answer to `/health`, over the handed-over socket. */
function healthy(port) {
    return new Promise((resolve, reject) => {
        const probe = request({ host: LOOPBACK, port, path: '/health' }, response => {
            response.resume();
            if (response.statusCode === 200)
                resolve();
            else
                reject(new Error(`the router answered ${response.statusCode} to its health check`));
        });
        probe.on('error', reject);
        probe.end();
    });
}
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch {
        return false;
    }
}
function stopProcess(pid) {
    try {
        process.kill(pid, 'SIGTERM');
    }
    catch {
        // Already gone.
    }
}
/**
 * A pid from an earlier step may have been reused by another process: on Linux, only a process
 * started with a router config is stopped.
 */
async function isRouter(pid) {
    if (!alive(pid))
        return false;
    const cmdline = await (0,promises_.readFile)(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
    return cmdline === undefined || cmdline.includes(CONFIG_DIR_PREFIX);
}


/***/ }),

/***/ 7584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IS: () => (/* binding */ runnerTempPath),
/* harmony export */   y6: () => (/* binding */ runFile)
/* harmony export */ });
/* unused harmony exports workspaceDir, runnerOs, osRelease */
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
/** The job's workspace: the checkout on a runner, the current directory elsewhere. */
function workspaceDir() {
    return process.env.GITHUB_WORKSPACE || process.cwd();
}
/** A path under the runner's temp directory, which the runner empties after the job. */
function runnerTempPath(name) {
    return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(process.env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_2___default().tmpdir(), name);
}
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
