export const id = 84;
export const ids = [84];
export const modules = {

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
