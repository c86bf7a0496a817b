export const id = 76;
export const ids = [76,84];
export const modules = {

/***/ 3076:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dockerPhase: () => (/* binding */ dockerPhase),
  startDockerProbe: () => (/* binding */ startDockerProbe)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(3838);
// EXTERNAL MODULE: ./src/docker/docker-config.ts
var docker_config = __webpack_require__(8781);
// EXTERNAL MODULE: ./src/docker/docker-inputs.ts
var docker_inputs = __webpack_require__(6566);
// EXTERNAL MODULE: ./src/docker/docker-daemon.ts + 1 modules
var docker_daemon = __webpack_require__(1084);
// EXTERNAL MODULE: ./src/format/format.ts
var format = __webpack_require__(4496);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
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
        lib_core/* warning */.$e(`Could not ${action} the Docker daemon config ${file}: ${error.message}. The daemon was left unchanged.`, { title: TITLE });
        return report(`could not ${action} ${file}: daemon unchanged`, [], buildkitdConfig);
    };
    if (!dockerPresent) {
        lib_core/* notice */.lm('No Docker daemon answers on this runner: Docker mirrors not configured.', {
            title: TITLE
        });
        return report('no Docker daemon on this runner');
    }
    const healthy = ranking
        .filter(entry => entry.ok)
        .slice(0, docker_inputs/* MAX_DOCKER_MIRRORS */.B0)
        .map(entry => entry.mirror);
    if (healthy.length === 0) {
        lib_core/* warning */.$e('No Docker mirror passed the probe: the Docker daemon was left unchanged.', {
            title: TITLE
        });
        return report('no healthy mirror: daemon unchanged');
    }
    const urls = healthy.map(mirror => mirror.url);
    const original = await (0,docker_daemon/* readConfigFile */.RG)(file).catch((error) => error);
    if (original instanceof Error)
        return unchanged('read', original);
    // Throws, naming the file, before anything is written.
    const merged = (0,docker_config/* mergeDaemonConfig */.v3)(file, original, urls);
    const buildkitdConfig = await writeBuildkitdConfig(healthy);
    let restore;
    if (merged === original) {
        lib_core/* info */.pq(`${file} already lists these mirrors`);
    }
    else {
        // A failed replace leaves the file as it was: nothing to restore.
        const failed = await (0,docker_daemon/* replaceConfigFile */.N1)(file, merged).then(() => undefined, (error) => error);
        if (failed)
            return unchanged('write', failed, buildkitdConfig);
        restore = {
            file,
            original: original === undefined ? null : Buffer.from(original).toString('base64')
        };
        lib_core/* info */.pq(`Wrote registry-mirrors ${JSON.stringify(urls)} to ${file}, keeping its other keys`);
    }
    // From here a throw would lose the restore record, so a failure is a warning and an outcome.
    const applied = await applyToDaemon(file, urls).catch((error) => {
        lib_core/* warning */.$e(`Applying the mirrors to the Docker daemon failed: ${error.message}`, {
            title: TITLE
        });
        return {
            confirmed: false,
            outcome: `not applied (${error.message}): the daemon may still use its old mirrors`
        };
    });
    if (applied.confirmed)
        return report(applied.outcome, healthy, buildkitdConfig, restore);
    lib_core/* warning */.$e(`The Docker daemon does not report the mirrors in ${file}: docker-mirror and docker-mirrors name none.`, { title: TITLE });
    return report(`${file} lists them, but ${applied.outcome}`, [], buildkitdConfig, restore);
}
/**
 * Reloads the daemon that reads `file`; restarts it only when the reload did not take.
 * `confirmed` once `docker info` reports the mirrors.
 */
async function applyToDaemon(file, urls) {
    const pid = await (0,docker_daemon/* findDaemonPid */.v4)(file);
    if (pid !== undefined) {
        await (0,docker_daemon/* signalReload */.WO)(pid);
        if (await (0,docker_daemon/* waitForMirrors */.to)(urls, RELOAD_TIMEOUT_MS)) {
            lib_core/* info */.pq(`dockerd (pid ${pid}) reloaded its config without a restart`);
            return { confirmed: true, outcome: `reloaded without a restart (dockerd pid ${pid})` };
        }
    }
    lib_core/* warning */.$e(pid === undefined
        ? `No running dockerd reads ${file}: restarting Docker to apply the mirrors.`
        : `dockerd (pid ${pid}) did not take the new mirrors on reload: restarting Docker, which stops running containers.`, { title: TITLE });
    try {
        await (0,docker_daemon/* restartDaemon */.IL)();
    }
    catch (error) {
        lib_core/* warning */.$e(`Restarting Docker failed: ${(0,format/* errorMessage */.gJ)(error)}`, { title: TITLE });
        return {
            confirmed: false,
            outcome: 'reload and restart failed: the daemon may still use its old mirrors'
        };
    }
    return (await (0,docker_daemon/* waitForMirrors */.to)(urls, RESTART_TIMEOUT_MS))
        ? { confirmed: true, outcome: 'restarted to apply the mirrors' }
        : { confirmed: false, outcome: 'restarted, but the daemon does not report the new mirrors' };
}
/** Off Linux: a notice that says what to do instead; nothing probed, written or restarted. */
function leaveDaemonAlone(leftAlone) {
    lib_core/* notice */.lm(leftAlone.notice, { title: TITLE });
    return { ranking: [], configured: [], outcome: leftAlone.outcome };
}
async function writeBuildkitdConfig(mirrors) {
    const directory = (0,runner_env/* runnerTempPath */.IS)('pip-mirror-action');
    await (0,promises_.mkdir)(directory, { recursive: true });
    const file = external_node_path_default().join(directory, 'buildkitd.toml');
    await (0,promises_.writeFile)(file, (0,docker_config/* renderBuildkitdToml */.Bp)(mirrors));
    lib_core/* info */.pq(`Wrote ${file} for BuildKit (docker/setup-buildx-action's buildkitd-config input)`);
    return file;
}
/** Whether `docker info` answers: the Docker phase runs only then. */
async function dockerPresent() {
    return (await (0,docker_daemon/* daemonMirrors */.Zj)()) !== undefined;
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
    await replaceConfigFile(restore.file, mergeDaemonConfig(restore.file, originalText, wanted));
    const pid = await findDaemonPid(restore.file);
    if (pid !== undefined)
        await signalReload(pid);
    const reloaded = pid !== undefined && (await waitForMirrors(wanted, RELOAD_TIMEOUT_MS));
    await replaceConfigFile(restore.file, original);
    core.info(original === undefined
        ? `Removed ${restore.file}, which did not exist before`
        : `Restored ${restore.file}`);
    if (!reloaded) {
        core.warning(`The Docker daemon did not reload ${restore.file}; it keeps the job's mirrors until it restarts.`, {
            title: TITLE
        });
    }
}

// EXTERNAL MODULE: ./src/runner/runner-os.ts
var runner_os = __webpack_require__(7689);
;// CONCATENATED MODULE: ./src/docker/docker-platform.ts

/**
 * The action sets `registry-mirrors` on Linux only, where dockerd reads a JSON file, reloads on
 * SIGHUP and runs as a systemd service. Elsewhere it changes nothing, probes nothing and says
 * so: on Windows the Docker service runs Windows containers from its own config file and
 * restarts only as a Windows service; on macOS the daemon runs in Docker Desktop's (or
 * Colima's) virtual machine, configured through that application. Undefined on Linux.
 */
function daemonLeftAlone(platform) {
    if (platform === 'linux')
        return undefined;
    const system = (0,runner_os/* runnerOsName */.cm)(platform);
    const instead = ADVICE[platform] ?? `Leave docker-mirrors empty on ${system}.`;
    return {
        outcome: `the Docker daemon on ${system} was left as it was: mirrors are set on Linux only`,
        notice: `docker-mirrors is applied on Linux runners only: on ${system} the Docker daemon was left as it was and no file was written. ${instead}`
    };
}
const ADVICE = {
    win32: 'To use a mirror with the Windows Docker service, add registry-mirrors to C:\\ProgramData\\docker\\config\\daemon.json and run Restart-Service docker as an administrator, or leave docker-mirrors empty on Windows.',
    darwin: 'To use a mirror with Docker Desktop, add registry-mirrors in its Settings > Docker Engine (Colima: the docker section of colima.yaml), or leave docker-mirrors empty on macOS.'
};

// EXTERNAL MODULE: ./src/probe/http-probe.ts
var http_probe = __webpack_require__(9911);
// EXTERNAL MODULE: ./src/net/probe-failure.ts
var probe_failure = __webpack_require__(3750);
;// CONCATENATED MODULE: ./src/docker/docker-probe.ts



/** Manifest types a pull accepts; a mirror that knows none of them cannot serve the image. */
const MANIFEST_ACCEPT = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.v2+json'
].join(', ');
const MAX_TOKEN_BYTES = 64 * 1024;
/**
 * Probes registry mirrors of Docker Hub. `/v2/` answering proves nothing, so a sample is a
 * `HEAD` of the probe image's manifest (which does not count against Docker Hub's pull
 * limits), after the token flow where the mirror asks for one. Latency is the manifest's.
 */
async function probeDockerMirrors(mirrors, image, options) {
    return (0,http_probe/* probeConcurrently */.l)(mirrors, options, (mirror, client) => {
        let authorization;
        return async (timeoutMs) => {
            if (authorization === undefined) {
                const auth = await authorize(client, mirror, image, timeoutMs);
                if ('failure' in auth)
                    return auth;
                authorization = auth.authorization;
            }
            return headManifest(client, mirror, image, authorization, timeoutMs);
        };
    });
}
/** `GET /v2/`: 200 needs nothing, 401 names where to get a token. */
async function authorize(client, mirror, image, timeoutMs) {
    const sent = await client.send(`${mirror.url}/v2/`, { timeoutMs });
    if ('failure' in sent)
        return sent;
    const { response } = sent;
    await response.discard();
    if (response.status === 200)
        return { authorization: '' };
    const challenge = (0,docker_config/* parseBearerChallenge */.OZ)((0,probe_failure/* headerText */.TK)(response.headers['www-authenticate']));
    if (response.status !== 401 || !challenge) {
        return { latencyMs: response.latencyMs, failure: (0,probe_failure/* httpFailure */.tG)(response, 'on /v2/') };
    }
    const tokenUrl = new URL(challenge.realm);
    if (challenge.service)
        tokenUrl.searchParams.set('service', challenge.service);
    tokenUrl.searchParams.set('scope', `repository:${image.repository}:pull`);
    const token = await client.send(tokenUrl.toString(), { timeoutMs });
    if ('failure' in token)
        return token;
    const body = token.response.status === 200 ? await token.response.text(MAX_TOKEN_BYTES) : undefined;
    if (token.response.status !== 200)
        await token.response.discard();
    const value = readToken(body);
    if (!value) {
        return {
            latencyMs: token.response.latencyMs,
            failure: {
                kind: 'content',
                message: `no token from ${tokenUrl.host} (HTTP ${token.response.status})`
            }
        };
    }
    return { authorization: `Bearer ${value}` };
}
function readToken(body) {
    try {
        const parsed = JSON.parse(body ?? '');
        const token = parsed.token ?? parsed.access_token;
        return typeof token === 'string' && token !== '' ? token : undefined;
    }
    catch {
        return undefined;
    }
}
async function headManifest(client, mirror, image, authorization, timeoutMs) {
    const sent = await client.send(`${mirror.url}/v2/${image.repository}/manifests/${image.reference}`, {
        method: 'HEAD',
        timeoutMs,
        headers: { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) }
    });
    if ('failure' in sent)
        return sent;
    await sent.response.discard();
    const { status, latencyMs } = sent.response;
    return status === 200
        ? { latencyMs }
        : {
            latencyMs,
            failure: (0,probe_failure/* httpFailure */.tG)(sent.response, `for the manifest of ${image.repository}:${image.reference}`)
        };
}

// EXTERNAL MODULE: ./src/rank/ranking.ts
var rank_ranking = __webpack_require__(4292);
// EXTERNAL MODULE: ./src/report/report.ts + 1 modules
var report_report = __webpack_require__(5345);
;// CONCATENATED MODULE: ./src/action/docker-phase.ts







function startDockerProbe(inputs, platform = process.platform) {
    const leftAlone = daemonLeftAlone(platform);
    if (leftAlone)
        return { leftAlone };
    return {
        probes: probeDockerMirrors(inputs.docker.mirrors, inputs.docker.probeImage, {
            timeoutMs: inputs.probeTimeoutMs,
            samples: inputs.probeSamples
        }),
        present: dockerPresent()
    };
}
/**
 * A daemon config that cannot be merged fails the step, but only after everything else; any
 * other trouble of the action's own is a warning.
 */
async function dockerPhase(inputs, started, log) {
    if ('leftAlone' in started)
        return { report: leaveDaemonAlone(started.leftAlone) };
    const ranking = (0,rank_ranking/* rankMirrors */.N)(await started.probes);
    log.info((0,report_report/* formatRanking */.Mj)(ranking));
    let report;
    let error;
    try {
        report = await configureDocker(inputs.docker, ranking, await started.present);
    }
    catch (failure) {
        const message = (0,format/* errorMessage */.gJ)(failure);
        if (failure instanceof docker_config/* DaemonConfigError */.n8)
            error = message;
        else
            log.warning(`Docker mirrors not configured: ${message}`, (0,format/* annotationTitle */.qF)('Docker'));
        report = { ranking, configured: [], outcome: message };
    }
    return { report, error };
}


/***/ }),

/***/ 8781:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bp: () => (/* binding */ renderBuildkitdToml),
/* harmony export */   OZ: () => (/* binding */ parseBearerChallenge),
/* harmony export */   U6: () => (/* binding */ privilegedReplaceCommands),
/* harmony export */   l4: () => (/* binding */ daemonConfigFile),
/* harmony export */   n8: () => (/* binding */ DaemonConfigError),
/* harmony export */   v3: () => (/* binding */ mergeDaemonConfig),
/* harmony export */   zx: () => (/* binding */ sameMirrors)
/* harmony export */ });
/* unused harmony export configuredMirrors */
/* harmony import */ var _format_format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4496);

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
function mergeDaemonConfig(file, original, mirrorUrls) {
    let config = {};
    if (original !== undefined && original.trim() !== '') {
        try {
            config = JSON.parse(original);
        }
        catch (error) {
            throw new DaemonConfigError(file, `it is not valid JSON (${(0,_format_format_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)})`);
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
function renderBuildkitdToml(mirrors) {
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


/***/ }),

/***/ 1084:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  containerReachableAddresses: () => (/* binding */ containerReachableAddresses),
  Zj: () => (/* binding */ daemonMirrors),
  v4: () => (/* binding */ findDaemonPid),
  RG: () => (/* binding */ readConfigFile),
  N1: () => (/* binding */ replaceConfigFile),
  IL: () => (/* binding */ restartDaemon),
  WO: () => (/* binding */ signalReload),
  to: () => (/* binding */ waitForMirrors)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
// EXTERNAL MODULE: ./src/net/ipv4.ts
var ipv4 = __webpack_require__(244);
;// CONCATENATED MODULE: ./src/docker/docker-bridge.ts
// Where the job's containers reach the router: the host's own address on Docker's default bridge
// (docker0's, 172.17.0.1 by default). Containers of `docker run`, container actions (on the
// default bridge, or on the job's network, which reaches the host's addresses too) and the
// RUN steps of a build reach it; no other host does, since it is an address of a bridge that
// exists on this machine only.

/**
 * The addresses the host may have on the bridge that `docker network inspect bridge` describes,
 * most likely first: the gateway where Docker names one, else the first address of each subnet,
 * which Docker gives the bridge unless told otherwise (Docker 20.10 names no gateway for the
 * default bridge). Private IPv4 addresses only (RFC 1918): never a public interface. Whether one
 * is this machine's (the job may run in a container, where the daemon's bridge is not its own)
 * only binding to it tells: an empty bridge is down, and Node lists no address of it.
 */
function bridgeCandidates(inspect) {
    const network = (Array.isArray(inspect) ? inspect[0] : inspect);
    const configs = network?.IPAM?.Config ?? [];
    const gateways = configs.map(config => config.Gateway);
    // A prefix longer than /30 leaves no host for the bridge and another.
    const firstHosts = configs.map(config => typeof config.Subnet === 'string' &&
        (0,ipv4/* isIpv4Cidr */.C6)(config.Subnet) &&
        Number(config.Subnet.split('/')[1]) <= 30
        ? (0,ipv4/* firstHost */.JL)(config.Subnet)
        : undefined);
    const candidates = [...gateways, ...firstHosts].filter((address) => typeof address === 'string' && (0,ipv4/* isPrivateIpv4 */.VD)(address));
    return [...new Set(candidates)];
}
/**
 * Inside a container (a `container:` job), its own private IPv4 addresses: the job's network, on
 * which the runner starts container actions too, reaches it there. Not the bridges of a Docker
 * daemon that runs inside it: they are no address of the job's network.
 */
function ownContainerAddresses(interfaces) {
    return Object.entries(interfaces)
        .filter(([name]) => !DOCKER_BRIDGE_NAME.test(name))
        .flatMap(([, addresses]) => addresses ?? [])
        .filter(entry => !entry.internal && (entry.family === 'IPv4' || entry.family === 4))
        .map(entry => entry.address)
        .filter(ipv4/* isPrivateIpv4 */.VD);
}
/** The interfaces Docker makes for its bridge networks: docker0 and `br-<network id>`. */
const DOCKER_BRIDGE_NAME = /^(docker\d+|br-[0-9a-f]+)$/;

// EXTERNAL MODULE: ./src/docker/docker-config.ts
var docker_config = __webpack_require__(8781);
;// CONCATENATED MODULE: ./src/docker/docker-daemon.ts







/** The mirrors the running daemon uses; undefined when there is no Docker or no daemon. */
async function daemonMirrors() {
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
async function waitForMirrors(wanted, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const mirrors = await daemonMirrors();
        if (mirrors && (0,docker_config/* sameMirrors */.zx)(mirrors, wanted))
            return true;
        if (Date.now() > deadline)
            return false;
        await new Promise(resolve => setTimeout(resolve, 200));
    }
}
async function readConfigFile(file) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Replaces the file atomically, or removes it when `content` is undefined; `sudo` when needed. */
async function replaceConfigFile(file, content) {
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
    for (const [command, ...args] of (0,docker_config/* privilegedReplaceCommands */.U6)(file, staged))
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
async function findDaemonPid(configFile) {
    const resolved = async (file) => (0,promises_.realpath)(file).catch(() => external_node_path_default().resolve(file));
    const wanted = await resolved(configFile);
    const entries = await (0,promises_.readdir)('/proc').catch(() => []);
    for (const entry of entries.filter(name => /^\d+$/.test(name))) {
        const argv = (await (0,promises_.readFile)(`/proc/${entry}/cmdline`, 'utf8').catch(() => ''))
            .split('\0')
            .filter(Boolean);
        if (argv.length === 0 || external_node_path_default().basename(argv[0]) !== 'dockerd')
            continue;
        if ((await resolved((0,docker_config/* daemonConfigFile */.l4)(argv))) === wanted)
            return Number(entry);
    }
    return undefined;
}
/** SIGHUP makes dockerd reload `registry-mirrors` without a restart: containers keep running. */
async function signalReload(pid) {
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
async function restartDaemon() {
    const root = process.getuid?.() === 0;
    await (0,runner_env/* runFile */.y6)(root ? 'systemctl' : 'sudo', [...(root ? [] : ['-n', 'systemctl']), 'restart', 'docker'], {
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
        (0,runner_env/* runFile */.y6)('docker', ['network', 'inspect', 'bridge', '--format', '{{json .}}'], {
            timeout: 5000
        }).then(({ stdout }) => bridgeCandidates(JSON.parse(stdout)), () => []),
        (0,promises_.access)(DOCKER_CONTAINER_MARK).then(() => true, () => false)
    ]);
    const jobContainer = containerMark && (0,runner_env/* inJobContainer */.Km)();
    return { bridge, jobContainer: jobContainer ? ownContainerAddresses(external_node_os_default().networkInterfaces()) : [] };
}
/** The file Docker puts at the root of every container. */
const DOCKER_CONTAINER_MARK = '/.dockerenv';


/***/ })

};
