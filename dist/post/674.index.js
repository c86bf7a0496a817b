export const id = 674;
export const ids = [674];
export const modules = {

/***/ 2674:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   stopRouterProcess: () => (/* binding */ stopRouterProcess)
/* harmony export */ });
/* unused harmony exports routerEntry, startRouterProcess */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3136);
/* harmony import */ var node_url__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(node_url__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var _runner_runner_env_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9697);






/** The router's bundle, beside the action's own: `dist/router/index.js`. */
function routerEntry() {
    return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'router', 'index.js');
}
const READY_POLL_MS = 10;
const CONFIG_DIR_PREFIX = 'pip-mirror-router-';
/**
 * Starts the router as a detached process that outlives the step, and waits until it answers
 * its health check. Throws when it does not start within `timeoutMs`, after stopping it.
 */
async function startRouterProcess(entry, config, timeoutMs) {
    const dir = await mkdtemp(runnerTempPath(CONFIG_DIR_PREFIX));
    const files = {
        readyFile: path.join(dir, 'ready.json'),
        statsFile: path.join(dir, 'stats.json')
    };
    const configFile = path.join(dir, 'config.json');
    // The config carries index credentials: readable by this user only.
    await writeFile(configFile, JSON.stringify({ ...config, ...files }), { mode: 0o600 });
    // An IPC channel carries the ranking that may come later; release() closes it.
    const child = spawn(process.execPath, [entry, configFile], {
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'ipc']
    });
    child.unref();
    child.on('error', () => undefined);
    const release = () => {
        if (child.connected)
            child.disconnect();
    };
    const pid = child.pid;
    if (pid === undefined) {
        release();
        throw new Error('the router process could not be started');
    }
    const until = Date.now() + timeoutMs;
    try {
        for (;;) {
            const port = await readPort(files.readyFile);
            if (port !== undefined && (await healthy(port, until - Date.now()))) {
                return {
                    url: `http://127.0.0.1:${port}/simple`,
                    pid,
                    statsFile: files.statsFile,
                    rank: ranking => new Promise(resolve => {
                        if (!child.connected)
                            return resolve();
                        child.send(ranking, () => resolve());
                    }),
                    release
                };
            }
            if (Date.now() >= until)
                throw new Error(`the router did not answer within ${timeoutMs} ms`);
            await new Promise(resolve => setTimeout(resolve, READY_POLL_MS));
        }
    }
    catch (error) {
        release();
        stopProcess(pid);
        throw error;
    }
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
        return JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(statsFile, 'utf8'));
    }
    catch {
        return undefined;
    }
}
async function readPort(file) {
    try {
        const { port } = JSON.parse(await readFile(file, 'utf8'));
        return typeof port === 'number' ? port : undefined;
    }
    catch {
        return undefined;
    }
}
function healthy(port, timeoutMs) {
    return new Promise(resolve => {
        const probe = request({ host: '127.0.0.1', port, path: '/health', timeout: Math.max(timeoutMs, 1) }, response => {
            response.resume();
            resolve(response.statusCode === 200);
        });
        probe.on('timeout', () => probe.destroy());
        probe.on('error', () => resolve(false));
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
    const cmdline = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
    return cmdline === undefined || cmdline.includes(CONFIG_DIR_PREFIX);
}


/***/ }),

/***/ 9697:
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
