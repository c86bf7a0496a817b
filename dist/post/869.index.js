export const id = 869;
export const ids = [869];
export const modules = {

/***/ 869:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  stopRouterProcess: () => (/* binding */ stopRouterProcess)
});

// UNUSED EXPORTS: routerEntry, startRouterProcess

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
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
    for (const field of ['storeDir', 'statsFile']) {
        if (!isText(config[field]))
            throw new Error(`router config: ${field} must be a path`);
    }
    if (!Number.isInteger(config.timeoutMs) || config.timeoutMs < 1)
        throw new Error('router config: timeoutMs must be a positive whole number');
    return config;
}
/** Upstream requests the router gives up on, well inside pip's own idle timeout. */
const ROUTER_UPSTREAM_TIMEOUT_MS = 5000;
/**
 * The router over the candidates, private indexes first: in the ranking's order when `ranked`,
 * else as listed (the probe is still running).
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
 * ranking's order, without candidates that served a corrupt file.
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
    return { order };
}
/** Checks a ranking message from the main step against the router's `count` candidates. */
function parseRouterRanking(value, count) {
    const order = value?.order;
    const valid = Array.isArray(order) &&
        order.every(entry => Number.isInteger(entry?.index) &&
            entry.index >= 0 &&
            entry.index < count &&
            (entry.bytesPerSec === undefined ||
                (typeof entry.bytesPerSec === 'number' && entry.bytesPerSec > 0))) &&
        new Set(order.map(entry => entry.index)).size === order.length;
    if (!valid)
        throw new Error('router ranking: order must list candidates by index, once each');
    return { order };
}
const config_listenMessage = () => ({ kind: 'listen' });
const config_rankMessage = (ranking) => ({ kind: 'rank', ranking });
const readyMessage = () => ({ kind: 'ready' });
function config_isReadyMessage(value) {
    return value?.kind === 'ready';
}
/** A message from the starting step, checked; undefined for anything else. */
function parseParentMessage(value, count) {
    const kind = value?.kind;
    if (kind === 'listen')
        return config_listenMessage();
    if (kind !== 'rank')
        return undefined;
    try {
        return config_rankMessage(parseRouterRanking(value.ranking, count));
    }
    catch {
        return undefined;
    }
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
 * instead of being refused, so the install need not wait for the router's start-up.
 */
async function startRouterProcess(entry, config, timeoutMs) {
    const dir = await mkdtemp(runnerTempPath(CONFIG_DIR_PREFIX));
    const statsFile = path.join(dir, 'stats.json');
    const configFile = path.join(dir, 'config.json');
    // The config carries index credentials: readable by this user only.
    await writeFile(configFile, JSON.stringify({ ...config, statsFile }), { mode: 0o600 });
    const socket = createServer();
    // Loopback only: the router is never reachable from another host.
    await new Promise((resolve, reject) => socket.once('error', reject).listen(0, LOOPBACK, resolve));
    const { port } = socket.address();
    // An IPC channel carries the socket, the ready signal and the ranking; release() closes it.
    const child = spawn(process.execPath, [entry, configFile], {
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'ipc']
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
    const signalled = new Promise(resolve => child.on('message', message => {
        if (isReadyMessage(message))
            resolve();
    }));
    const handedOver = new Promise((resolve, reject) => child.send(listenMessage(), socket, error => (error ? reject(error) : resolve())));
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
        url: `http://${LOOPBACK}:${port}/simple`,
        pid,
        statsFile,
        ready,
        rank: ranking => new Promise(resolve => {
            if (!child.connected)
                return resolve();
            child.send(rankMessage(ranking), () => resolve());
        }),
        // Not before the router has the socket: a channel closed under a handle in flight loses it.
        release: () => void ready.then(release, release)
    };
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
