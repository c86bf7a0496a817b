export const id = 255;
export const ids = [255];
export const modules = {

/***/ 255:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startRouterPhase: () => (/* binding */ startRouterPhase)
});

// EXTERNAL MODULE: ./src/mirrors/mirror.ts + 1 modules
var mirror = __webpack_require__(6455);
// EXTERNAL MODULE: ./src/report/format.ts
var format = __webpack_require__(3590);
// EXTERNAL MODULE: ./src/install/private-index.ts
var private_index = __webpack_require__(2616);
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
    for (const field of ['storeDir', 'readyFile', 'statsFile']) {
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
        mirrors: (0,private_index/* privateFirst */.mV)(candidates, entry => entry.mirror).map(routerMirror),
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
    const order = (0,private_index/* privateFirst */.mV)(ranking, entry => entry.mirror).flatMap(entry => {
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/runner/runner-env.ts + 1 modules
var runner_env = __webpack_require__(6638);
;// CONCATENATED MODULE: ./src/router/lifecycle.ts






/** The router's bundle, beside the action's own: `dist/router/index.js`. */
function routerEntry() {
    return external_node_path_default().join(external_node_path_default().dirname((0,external_node_url_.fileURLToPath)(import.meta.url)), '..', 'router', 'index.js');
}
const READY_POLL_MS = 10;
const CONFIG_DIR_PREFIX = 'pip-mirror-router-';
/**
 * Starts the router as a detached process that outlives the step, and waits until it answers
 * its health check. Throws when it does not start within `timeoutMs`, after stopping it.
 */
async function startRouterProcess(entry, config, timeoutMs) {
    const dir = await (0,promises_.mkdtemp)((0,runner_env/* runnerTempPath */.IS)(CONFIG_DIR_PREFIX));
    const files = {
        readyFile: external_node_path_default().join(dir, 'ready.json'),
        statsFile: external_node_path_default().join(dir, 'stats.json')
    };
    const configFile = external_node_path_default().join(dir, 'config.json');
    // The config carries index credentials: readable by this user only.
    await (0,promises_.writeFile)(configFile, JSON.stringify({ ...config, ...files }), { mode: 0o600 });
    // An IPC channel carries the ranking that may come later; release() closes it.
    const child = (0,external_node_child_process_.spawn)(process.execPath, [entry, configFile], {
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
        return JSON.parse(await readFile(statsFile, 'utf8'));
    }
    catch {
        return undefined;
    }
}
async function readPort(file) {
    try {
        const { port } = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
        return typeof port === 'number' ? port : undefined;
    }
    catch {
        return undefined;
    }
}
function healthy(port, timeoutMs) {
    return new Promise(resolve => {
        const probe = (0,external_node_http_.request)({ host: '127.0.0.1', port, path: '/health', timeout: Math.max(timeoutMs, 1) }, response => {
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
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
    return cmdline === undefined || cmdline.includes(CONFIG_DIR_PREFIX);
}

;// CONCATENATED MODULE: ./src/action/router-phase.ts




/** Starting the router must not hold up the job: past this, the job goes direct. */
const ROUTER_START_TIMEOUT_MS = 5000;
/**
 * Starts the router over the candidates as listed (private indexes first), before the probe
 * has answered: until the ranking is handed over, it asks every candidate at once and serves
 * the freshest early answer. On any trouble: a warning, and the job goes direct.
 */
async function startRouterPhase(inputs, storeDir, log) {
    const candidates = inputs.mirrors.map(mirror => ({ mirror }));
    const settings = routerSettings(candidates, inputs.privateProjects, storeDir, false);
    const names = settings.mirrors.map(mirror => mirror.name);
    try {
        const running = await startRouterProcess(routerEntry(), settings, ROUTER_START_TIMEOUT_MS);
        log.info(`Router at ${running.url}, over ${names.join(', ')}`);
        return {
            mirror: { ...(0,mirror/* mirrorFromUrl */.rU)('router', running.url), private: true },
            run: { pid: running.pid, statsFile: running.statsFile },
            handOver: async (ranking) => {
                try {
                    await running.rank(routerRanking(settings.mirrors, await ranking));
                }
                catch {
                    // Without the ranking the router goes on asking every candidate: slower, not wrong.
                }
                finally {
                    running.release();
                }
            }
        };
    }
    catch (error) {
        log.warning(`The router could not start (${(0,format/* errorMessage */.gJ)(error)}): pip and uv use the best mirror directly.`, (0,format/* annotationTitle */.qF)('router'));
        return undefined;
    }
}


/***/ })

};
