export const id = 47;
export const ids = [47];
export const modules = {

/***/ 3047:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  restoreDocker: () => (/* binding */ restoreDocker)
});

// UNUSED EXPORTS: configureDocker, dockerPresent, leaveDaemonAlone

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(3838);
// EXTERNAL MODULE: ./src/format/format.ts
var format = __webpack_require__(4496);
;// CONCATENATED MODULE: ./src/docker/docker-config.ts

class DaemonConfigError extends Error {
    constructor(file, problem) {
        super(`Docker daemon config ${file} cannot be updated: ${problem}. The file was left unchanged.`);
        this.name = 'DaemonConfigError';
    }
}
/**
 * The daemon config with `registry-mirrors` set and every other key kept as it was. An absent
 * file is `{}`; an empty mirror list writes `[]`, since a removed key would keep the old
 * mirrors on reload.
 */
function docker_config_mergeDaemonConfig(file, original, mirrorUrls) {
    let config = {};
    if (original !== undefined && original.trim() !== '') {
        try {
            config = JSON.parse(original);
        }
        catch (error) {
            throw new DaemonConfigError(file, `it is not valid JSON (${(0,format/* errorMessage */.gJ)(error)})`);
        }
    }
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
        throw new DaemonConfigError(file, 'it holds JSON that is not an object');
    }
    return `${JSON.stringify({ ...config, 'registry-mirrors': mirrorUrls }, null, 2)}\n`;
}
/** The mirrors a daemon config names, as written. */
function configuredMirrors(text) {
    try {
        const mirrors = JSON.parse(text ?? '{}')['registry-mirrors'];
        return Array.isArray(mirrors) ? mirrors.map(String) : [];
    }
    catch {
        return [];
    }
}
/** Docker reports mirrors with a trailing slash: compare without it. */
function sameMirrors(reported, wanted) {
    const normal = (urls) => urls.map(url => url.replace(/\/+$/, '')).join('\n');
    return normal(reported) === normal(wanted);
}
/**
 * BuildKit in a container builder ignores daemon.json: it takes mirrors from buildkitd.toml as
 * hosts, and needs `http = true` on the mirror's own section for plain http.
 */
function docker_config_renderBuildkitdToml(mirrors) {
    const hosts = mirrors.map(mirror => new URL(mirror.url).host + new URL(mirror.url).pathname.replace(/\/+$/, ''));
    const lines = [
        '[registry."docker.io"]',
        `  mirrors = [${hosts.map(host => JSON.stringify(host)).join(', ')}]`
    ];
    for (const [index, mirror] of mirrors.entries()) {
        if (!mirror.secure)
            lines.push('', `[registry.${JSON.stringify(hosts[index])}]`, '  http = true');
    }
    return `${lines.join('\n')}\n`;
}
/** Reads `WWW-Authenticate: Bearer realm="...",service="..."`; undefined for other schemes. */
function parseBearerChallenge(header) {
    const match = /^\s*Bearer\s+(.*)$/i.exec(header);
    if (!match)
        return undefined;
    const params = {};
    for (const [, name, quoted, bare] of match[1].matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
        params[name.toLowerCase()] = quoted ?? bare;
    }
    return params.realm
        ? { realm: params.realm, service: params.service, scope: params.scope }
        : undefined;
}
/**
 * The commands that replace `target` with `staged` as root (GitHub-hosted runners let the
 * runner user `sudo` without a password): copy beside the target, then rename over it, so
 * the daemon never reads a half-written file. With `staged` undefined, the target is removed.
 */
function privilegedReplaceCommands(target, staged) {
    if (staged === undefined)
        return [['sudo', '-n', 'rm', '-f', target]];
    const beside = `${target}.pip-mirror-action.tmp`;
    const directory = target.replace(/[\\/][^\\/]*$/, '') || '/';
    return [
        ['sudo', '-n', 'mkdir', '-p', directory],
        ['sudo', '-n', 'cp', staged, beside],
        ['sudo', '-n', 'mv', '-f', beside, target]
    ];
}
/** The config file a dockerd command line reads: `--config-file`, else Docker's default. */
function daemonConfigFile(argv) {
    const index = argv.findIndex(arg => arg === '--config-file' || arg.startsWith('--config-file='));
    if (index === -1)
        return '/etc/docker/daemon.json';
    return argv[index].includes('=')
        ? argv[index].slice('--config-file='.length)
        : (argv[index + 1] ?? '');
}

// EXTERNAL MODULE: ./src/docker/docker-inputs.ts
var docker_inputs = __webpack_require__(6566);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
;// CONCATENATED MODULE: ./src/docker/docker-daemon.ts







/** The mirrors the running daemon uses; undefined when there is no Docker or no daemon. */
async function docker_daemon_daemonMirrors() {
    try {
        const { stdout } = await (0,runner_env/* runFile */.y6)('docker', ['info', '--format', '{{json .RegistryConfig.Mirrors}}'], {
            timeout: 15_000
        });
        const mirrors = JSON.parse(stdout.trim());
        return Array.isArray(mirrors) ? mirrors.map(String) : [];
    }
    catch {
        return undefined;
    }
}
async function docker_daemon_waitForMirrors(wanted, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const mirrors = await docker_daemon_daemonMirrors();
        if (mirrors && sameMirrors(mirrors, wanted))
            return true;
        if (Date.now() > deadline)
            return false;
        await new Promise(resolve => setTimeout(resolve, 200));
    }
}
async function docker_daemon_readConfigFile(file) {
    try {
        return await readFile(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Replaces the file atomically, or removes it when `content` is undefined; `sudo` when needed. */
async function docker_daemon_replaceConfigFile(file, content) {
    if (await canWriteBeside(file)) {
        if (content === undefined)
            return (0,promises_.rm)(file, { force: true });
        await (0,promises_.mkdir)(external_node_path_default().dirname(file), { recursive: true });
        const staged = `${file}.pip-mirror-action.tmp`;
        await (0,promises_.writeFile)(staged, content);
        return (0,promises_.rename)(staged, file);
    }
    let staged;
    if (content !== undefined) {
        staged = external_node_path_default().join(await stagingDirectory(), external_node_path_default().basename(file));
        await (0,promises_.writeFile)(staged, content);
    }
    for (const [command, ...args] of privilegedReplaceCommands(file, staged))
        await (0,runner_env/* runFile */.y6)(command, args);
}
async function canWriteBeside(file) {
    let directory = external_node_path_default().dirname(file);
    // A directory that does not exist yet is created in the nearest one that does.
    while (!(await exists(directory)) && external_node_path_default().dirname(directory) !== directory)
        directory = external_node_path_default().dirname(directory);
    return (0,promises_.access)(directory, external_node_fs_.constants.W_OK).then(() => true, () => false);
}
async function exists(file) {
    return (0,promises_.access)(file).then(() => true, () => false);
}
async function stagingDirectory() {
    const directory = (0,runner_env/* runnerTempPath */.IS)('pip-mirror-action');
    await (0,promises_.mkdir)(directory, { recursive: true });
    return directory;
}
/**
 * The dockerd that reads this config file, from the process table (Linux). Several daemons can
 * run on one machine; only the one that reads the file reloads it.
 */
async function docker_daemon_findDaemonPid(configFile) {
    const resolved = async (file) => (0,promises_.realpath)(file).catch(() => external_node_path_default().resolve(file));
    const wanted = await resolved(configFile);
    const entries = await (0,promises_.readdir)('/proc').catch(() => []);
    for (const entry of entries.filter(name => /^\d+$/.test(name))) {
        const argv = (await (0,promises_.readFile)(`/proc/${entry}/cmdline`, 'utf8').catch(() => ''))
            .split('\0')
            .filter(Boolean);
        if (argv.length === 0 || external_node_path_default().basename(argv[0]) !== 'dockerd')
            continue;
        if ((await resolved(daemonConfigFile(argv))) === wanted)
            return Number(entry);
    }
    return undefined;
}
/** SIGHUP makes dockerd reload `registry-mirrors` without a restart: containers keep running. */
async function docker_daemon_signalReload(pid) {
    try {
        process.kill(pid, 'SIGHUP');
    }
    catch (error) {
        if (error.code !== 'EPERM')
            throw error;
        await (0,runner_env/* runFile */.y6)('sudo', ['-n', 'kill', '-HUP', String(pid)]);
    }
}
/** The last resort when a reload did not take: it stops running containers. */
async function docker_daemon_restartDaemon() {
    const root = process.getuid?.() === 0;
    await runFile(root ? 'systemctl' : 'sudo', [...(root ? [] : ['-n', 'systemctl']), 'restart', 'docker'], {
        timeout: 120_000
    });
}
/**
 * Where the job's containers may reach this machine, most likely first: its addresses on
 * Docker's default bridge (see `bridgeCandidates`), which every container reaches, builds
 * included; and, in a `container:` job, the job container's own, which the containers on the
 * job's network reach (container actions). Nothing without Docker.
 */
async function containerReachableAddresses() {
    const [bridge, containerMark] = await Promise.all([
        runFile('docker', ['network', 'inspect', 'bridge', '--format', '{{json .}}'], {
            timeout: 5000
        }).then(({ stdout }) => bridgeCandidates(JSON.parse(stdout)), () => []),
        access(DOCKER_CONTAINER_MARK).then(() => true, () => false)
    ]);
    const jobContainer = containerMark && inJobContainer();
    return { bridge, jobContainer: jobContainer ? ownContainerAddresses(os.networkInterfaces()) : [] };
}
/** The file Docker puts at the root of every container. */
const DOCKER_CONTAINER_MARK = '/.dockerenv';

;// CONCATENATED MODULE: ./src/docker/docker.ts








const TITLE = (0,format/* annotationTitle */.qF)('Docker');
const RELOAD_TIMEOUT_MS = 10_000;
const RESTART_TIMEOUT_MS = 60_000;
/**
 * Points the Docker daemon and BuildKit at the fastest healthy mirrors: merges
 * `registry-mirrors` into the daemon config, reloads the daemon with SIGHUP and waits until it
 * reports the new mirrors. Only mirrors the daemon reports count as configured. No Docker, a
 * file that cannot be read or written, a daemon that does not take them: each is a notice or a
 * warning, and the rest of the action goes on. Throws only while the config file is still
 * untouched: a `DaemonConfigError` for a malformed one, or what else failed before it was written
 * (BuildKit's config, say); once it changed, the result carries `restore`.
 */
async function configureDocker(inputs, ranking, dockerPresent) {
    const report = (outcome, configured = [], buildkitdConfig, restore) => ({
        ranking,
        configured,
        buildkitdConfig,
        outcome,
        restore
    });
    const file = inputs.daemonConfig;
    /** A config file the action cannot read or write: a warning, and the daemon left unchanged. */
    const unchanged = (action, error, buildkitdConfig) => {
        core.warning(`Could not ${action} the Docker daemon config ${file}: ${error.message}. The daemon was left unchanged.`, { title: TITLE });
        return report(`could not ${action} ${file}: daemon unchanged`, [], buildkitdConfig);
    };
    if (!dockerPresent) {
        core.notice('No Docker daemon answers on this runner: Docker mirrors not configured.', {
            title: TITLE
        });
        return report('no Docker daemon on this runner');
    }
    const healthy = ranking
        .filter(entry => entry.ok)
        .slice(0, MAX_DOCKER_MIRRORS)
        .map(entry => entry.mirror);
    if (healthy.length === 0) {
        core.warning('No Docker mirror passed the probe: the Docker daemon was left unchanged.', {
            title: TITLE
        });
        return report('no healthy mirror: daemon unchanged');
    }
    const urls = healthy.map(mirror => mirror.url);
    const original = await readConfigFile(file).catch((error) => error);
    if (original instanceof Error)
        return unchanged('read', original);
    // Throws, naming the file, before anything is written.
    const merged = mergeDaemonConfig(file, original, urls);
    const buildkitdConfig = await writeBuildkitdConfig(healthy);
    let restore;
    if (merged === original) {
        core.info(`${file} already lists these mirrors`);
    }
    else {
        // A failed replace leaves the file as it was: nothing to restore.
        const failed = await replaceConfigFile(file, merged).then(() => undefined, (error) => error);
        if (failed)
            return unchanged('write', failed, buildkitdConfig);
        restore = {
            file,
            original: original === undefined ? null : Buffer.from(original).toString('base64')
        };
        core.info(`Wrote registry-mirrors ${JSON.stringify(urls)} to ${file}, keeping its other keys`);
    }
    // From here a throw would lose the restore record, so a failure is a warning and an outcome.
    const applied = await applyToDaemon(file, urls).catch((error) => {
        core.warning(`Applying the mirrors to the Docker daemon failed: ${error.message}`, {
            title: TITLE
        });
        return {
            confirmed: false,
            outcome: `not applied (${error.message}): the daemon may still use its old mirrors`
        };
    });
    if (applied.confirmed)
        return report(applied.outcome, healthy, buildkitdConfig, restore);
    core.warning(`The Docker daemon does not report the mirrors in ${file}: docker-mirror and docker-mirrors name none.`, { title: TITLE });
    return report(`${file} lists them, but ${applied.outcome}`, [], buildkitdConfig, restore);
}
/**
 * Reloads the daemon that reads `file`; restarts it only when the reload did not take.
 * `confirmed` once `docker info` reports the mirrors.
 */
async function applyToDaemon(file, urls) {
    const pid = await findDaemonPid(file);
    if (pid !== undefined) {
        await signalReload(pid);
        if (await waitForMirrors(urls, RELOAD_TIMEOUT_MS)) {
            core.info(`dockerd (pid ${pid}) reloaded its config without a restart`);
            return { confirmed: true, outcome: `reloaded without a restart (dockerd pid ${pid})` };
        }
    }
    core.warning(pid === undefined
        ? `No running dockerd reads ${file}: restarting Docker to apply the mirrors.`
        : `dockerd (pid ${pid}) did not take the new mirrors on reload: restarting Docker, which stops running containers.`, { title: TITLE });
    try {
        await restartDaemon();
    }
    catch (error) {
        core.warning(`Restarting Docker failed: ${errorMessage(error)}`, { title: TITLE });
        return {
            confirmed: false,
            outcome: 'reload and restart failed: the daemon may still use its old mirrors'
        };
    }
    return (await waitForMirrors(urls, RESTART_TIMEOUT_MS))
        ? { confirmed: true, outcome: 'restarted to apply the mirrors' }
        : { confirmed: false, outcome: 'restarted, but the daemon does not report the new mirrors' };
}
/** Off Linux: a notice that says what to do instead; nothing probed, written or restarted. */
function leaveDaemonAlone(leftAlone) {
    core.notice(leftAlone.notice, { title: TITLE });
    return { ranking: [], configured: [], outcome: leftAlone.outcome };
}
async function writeBuildkitdConfig(mirrors) {
    const directory = runnerTempPath('pip-mirror-action');
    await mkdir(directory, { recursive: true });
    const file = path.join(directory, 'buildkitd.toml');
    await writeFile(file, renderBuildkitdToml(mirrors));
    core.info(`Wrote ${file} for BuildKit (docker/setup-buildx-action's buildkitd-config input)`);
    return file;
}
/** Whether `docker info` answers: the Docker phase runs only then. */
async function dockerPresent() {
    return (await daemonMirrors()) !== undefined;
}
/**
 * The post step: the daemon back on its original mirrors, and the original file back byte for
 * byte. A reload ignores a removed key, so the daemon first reloads a copy of the original
 * that names its mirrors explicitly (`[]` for none); then the original bytes return.
 */
async function restoreDocker(restore) {
    const original = restore.original === null ? undefined : Buffer.from(restore.original, 'base64');
    const originalText = original?.toString('utf8');
    const wanted = configuredMirrors(originalText);
    await docker_daemon_replaceConfigFile(restore.file, docker_config_mergeDaemonConfig(restore.file, originalText, wanted));
    const pid = await docker_daemon_findDaemonPid(restore.file);
    if (pid !== undefined)
        await docker_daemon_signalReload(pid);
    const reloaded = pid !== undefined && (await docker_daemon_waitForMirrors(wanted, RELOAD_TIMEOUT_MS));
    await docker_daemon_replaceConfigFile(restore.file, original);
    lib_core/* info */.pq(original === undefined
        ? `Removed ${restore.file}, which did not exist before`
        : `Restored ${restore.file}`);
    if (!reloaded) {
        lib_core/* warning */.$e(`The Docker daemon did not reload ${restore.file}; it keeps the job's mirrors until it restarts.`, {
            title: TITLE
        });
    }
}


/***/ }),

/***/ 7584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IS: () => (/* binding */ runnerTempPath),
/* harmony export */   y6: () => (/* binding */ runFile)
/* harmony export */ });
/* unused harmony exports runFileInBackground, workspaceDir, containerVisiblePath, inJobContainer, runnerOs, osRelease */
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
    return node_path__WEBPACK_IMPORTED_MODULE_3___default().join(env.RUNNER_TEMP || node_os__WEBPACK_IMPORTED_MODULE_2___default().tmpdir(), name);
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
