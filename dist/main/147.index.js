export const id = 147;
export const ids = [147];
export const modules = {

/***/ 1147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runMainStep: () => (/* binding */ runMainStep)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(3838);
// EXTERNAL MODULE: ./src/mirrors/mirror.ts + 1 modules
var mirrors_mirror = __webpack_require__(709);
;// CONCATENATED MODULE: ./src/configure/existing-settings.ts

const PIP_ENV = {
    PIP_INDEX_URL: {
        level: 'notice',
        effect: 'replaced by the chosen mirror for the rest of the job'
    },
    PIP_EXTRA_INDEX_URL: {
        level: 'warning',
        effect: 'pip also asks this index for every package, with no priority (dependency confusion risk); left as is'
    },
    PIP_FIND_LINKS: {
        level: 'notice',
        effect: 'pip also takes files from these locations; left as is'
    },
    PIP_NO_INDEX: { level: 'warning', effect: 'pip ignores every index, the chosen mirror too' },
    PIP_TRUSTED_HOST: { level: 'notice', effect: 'TLS checks are off for these hosts; left as is' }
};
const UV_ENV = {
    UV_DEFAULT_INDEX: {
        level: 'notice',
        effect: 'replaced by the chosen mirror for the rest of the job'
    },
    UV_INDEX_URL: {
        level: 'warning',
        effect: 'deprecated alias of UV_DEFAULT_INDEX that may take precedence over the chosen mirror'
    },
    UV_INDEX: { level: 'notice', effect: 'uv also uses these named indexes; left as is' },
    UV_EXTRA_INDEX_URL: {
        level: 'warning',
        effect: 'uv also asks this index (dependency confusion risk); left as is'
    }
};
const PIP_CONFIG_KEYS = {
    'index-url': { level: 'notice', effect: 'overridden by PIP_INDEX_URL for the rest of the job' },
    'extra-index-url': PIP_ENV.PIP_EXTRA_INDEX_URL,
    'find-links': PIP_ENV.PIP_FIND_LINKS,
    'no-index': PIP_ENV.PIP_NO_INDEX
};
const REQUIREMENT_EFFECTS = {
    '--index-url': {
        level: 'warning',
        effect: 'pip uses this index instead of the chosen mirror when it installs this file'
    },
    '--extra-index-url': {
        level: 'warning',
        effect: 'pip also asks this index for every package of this install (dependency confusion risk)'
    },
    '--no-index': PIP_ENV.PIP_NO_INDEX,
    '--find-links': { level: 'notice', effect: 'pip also takes files from this location' }
};
const OPTION_ALIASES = { '-i': '--index-url', '-f': '--find-links' };
const REQUIREMENT_OPTION = /^\s*(-i|--index-url|--extra-index-url|--no-index|-f|--find-links)(?:[\s=]+(\S+))?/;
/**
 * Finds index settings the runner already has, so the log can say how they interact with the
 * chosen mirror instead of silently overriding or being overridden by them.
 */
function findIndexSettings(snapshot, tools) {
    const findings = [];
    const fromEnv = (table) => {
        for (const [name, { level, effect }] of Object.entries(table)) {
            const value = snapshot.env[name];
            if (value)
                findings.push({
                    level,
                    source: name,
                    message: `${name}=${(0,mirrors_mirror/* redactUrlText */.Sl)(value)}: ${effect}`
                });
        }
    };
    if (tools.pip)
        fromEnv(PIP_ENV);
    if (tools.uv)
        fromEnv(UV_ENV);
    if (tools.pip) {
        for (const line of snapshot.pipConfigList.split(/\r?\n/)) {
            const match = /^([^:\s][^=]*)\.([\w-]+)=(.*)$/.exec(line.trim());
            const rule = match && PIP_CONFIG_KEYS[match[2]];
            if (!match || !rule)
                continue;
            const value = (0,mirrors_mirror/* redactUrlText */.Sl)(match[3].replace(/^'(.*)'$/, '$1'));
            findings.push({
                level: rule.level,
                source: `pip config ${match[1]}.${match[2]}`,
                message: `${match[2]} = ${value}: ${rule.effect}`
            });
        }
    }
    for (const file of snapshot.requirementFiles) {
        file.text.split(/\r?\n/).forEach((line, index) => {
            const match = REQUIREMENT_OPTION.exec(line);
            if (!match)
                return;
            const option = OPTION_ALIASES[match[1]] ?? match[1];
            const { level, effect } = REQUIREMENT_EFFECTS[option];
            findings.push({
                level,
                source: `${file.path}:${index + 1}`,
                message: `${[option, match[2]]
                    .filter(Boolean)
                    .map(part => (0,mirrors_mirror/* redactUrlText */.Sl)(part))
                    .join(' ')}: ${effect}`
            });
        });
    }
    if (tools.uv) {
        for (const lockFile of snapshot.uvLockFiles) {
            findings.push({
                level: 'notice',
                source: lockFile,
                message: 'uv.lock records index URLs: `uv sync --locked` fails when the default index changes, and `--frozen` ignores it'
            });
        }
    }
    return findings;
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var glob = __webpack_require__(2377);
// EXTERNAL MODULE: ./src/runner/python-env.ts
var python_env = __webpack_require__(4356);
;// CONCATENATED MODULE: ./src/configure/settings-snapshot.ts




const MAX_FILES = 50;
const SKIPPED_DIRECTORIES = ['node_modules', '.git', '.venv', 'venv', '.tox', 'site-packages'];
/** Reads what decides where pip and uv look for packages on this runner, as they report it. */
async function readSettingsSnapshot(workspace, requirementFiles) {
    const [pipConfigList, uvLockFiles] = await Promise.all([
        // A whole pip start, about a third of a CPU second, beside the install's own: it runs in the
        // cores' idle time, as nothing waits for it before the install ends.
        (0,python_env/* runPython */.wn)(['-m', 'pip', 'config', 'list'], { background: true }).then(output => output ?? ''),
        findWorkspaceFiles(workspace, ['**/uv.lock'])
    ]);
    return { env: process.env, pipConfigList, requirementFiles: await requirementFiles, uvLockFiles };
}
/** The workspace's requirements files, for index options in them and the workload estimate. */
async function readRequirementFiles(workspace) {
    const paths = await findWorkspaceFiles(workspace, ['**/requirements*.txt']);
    return Promise.all(paths.map(async (file) => ({
        path: file,
        text: await (0,promises_.readFile)(external_node_path_default().join(workspace, file), 'utf8').catch(() => '')
    })));
}
/**
 * Files under the workspace matching any of `patterns` (relative globs), at most `limit`,
 * relative to it; installed packages and other projects' trees are skipped.
 */
async function findWorkspaceFiles(workspace, patterns, limit = MAX_FILES) {
    const globs = [
        ...patterns.map(pattern => external_node_path_default().join(workspace, pattern)),
        ...SKIPPED_DIRECTORIES.map(directory => `!${external_node_path_default().join(workspace, '**', directory, '**')}`)
    ];
    const globber = await glob/* create */.v(globs.join('\n'), {
        followSymbolicLinks: false,
        implicitDescendants: false
    });
    const found = [];
    for await (const file of globber.globGenerator()) {
        found.push(external_node_path_default().relative(workspace, file));
        if (found.length >= limit)
            break;
    }
    return found.sort();
}

// EXTERNAL MODULE: ./src/install/private-index.ts
var private_index = __webpack_require__(8633);
;// CONCATENATED MODULE: ./src/rank/workload.ts
/** A named requirement usually pulls in about as many more. */
const TRANSITIVE_FACTOR = 2;
/** A typical pure-Python wheel. */
const TYPICAL_PACKAGE_BYTES = 150 * 1024;
const MB = 1024 * 1024;
/** Packages whose wheels dwarf the rest: their size decides an install's download time. */
const HEAVY_PACKAGES = {
    torch: 800 * MB,
    tensorflow: 600 * MB,
    'tensorflow-cpu': 250 * MB,
    jaxlib: 100 * MB,
    'nvidia-cudnn-cu12': 650 * MB,
    'nvidia-cublas-cu12': 400 * MB,
    triton: 200 * MB,
    'opencv-python': 60 * MB,
    pyarrow: 40 * MB,
    scipy: 40 * MB,
    'scikit-learn': 13 * MB,
    numpy: 16 * MB,
    pandas: 12 * MB,
    matplotlib: 9 * MB,
    grpcio: 6 * MB
};
/** Without dependency files: a mid-sized project. */
const DEFAULT_WORKLOAD = {
    requests: 60,
    bytes: 30 * MB,
    basis: 'a typical project (no requirements file found)'
};
/**
 * Estimates requests and bytes from requirements files, cheaply: each named requirement and
 * its likely dependencies cost a page and a file, and known heavy packages count at their size.
 */
function estimateWorkload(files) {
    const names = new Set();
    for (const file of files) {
        for (const line of file.text.split(/\r?\n/)) {
            const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line.replace(/#.*/, ''))?.[1];
            if (name)
                names.add(name.toLowerCase().replace(/[-_.]+/g, '-'));
        }
    }
    if (names.size === 0)
        return DEFAULT_WORKLOAD;
    const packages = names.size * TRANSITIVE_FACTOR;
    const heavy = [...names].reduce((sum, name) => sum + (HEAVY_PACKAGES[name] ?? 0), 0);
    return {
        requests: packages * 2,
        bytes: heavy + packages * TYPICAL_PACKAGE_BYTES,
        basis: `${names.size} requirement(s) in ${files.map(file => file.path).join(', ')}`
    };
}

// EXTERNAL MODULE: ./src/format/log.ts
var log = __webpack_require__(5761);
// EXTERNAL MODULE: ./src/prefetch/plan.ts
var prefetch_plan = __webpack_require__(3580);
// EXTERNAL MODULE: ./src/action/router-phase.ts + 13 modules
var router_phase = __webpack_require__(6024);
// EXTERNAL MODULE: ./src/report/report.ts + 1 modules
var report = __webpack_require__(5345);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
// EXTERNAL MODULE: ./src/action/io.ts + 1 modules
var io = __webpack_require__(1040);
// EXTERNAL MODULE: ./src/net/proxy-env.ts
var proxy_env = __webpack_require__(5605);
// EXTERNAL MODULE: ./src/tools/python-tools.ts
var python_tools = __webpack_require__(9503);
;// CONCATENATED MODULE: ./src/configure/tool-env.ts


/**
 * Short network timeouts and few internal retries: when a source is dead, the action's own
 * fallback to the next mirror is faster than pip's or uv's retry loops. These are idle
 * timeouts, not limits on a whole download, so a large wheel on a slow link is unaffected.
 */
const PIP_TIMEOUT_SECONDS = 10;
const PIP_RETRIES = 2;
/**
 * pip 25.1+ resumes a download cut mid-file with an HTTP range request (a fresh download where
 * the mirror has no ranges) instead of failing it; older pips ignore the variable. 3 saves a
 * large wheel from a flaky link, yet a mirror that keeps cutting costs at most 3 more idle
 * timeouts before the action moves on. pip 25.1 would not resume at all (its default is 0).
 */
const PIP_RESUME_RETRIES = 3;
const UV_HTTP_TIMEOUT_SECONDS = 15;
const UV_HTTP_RETRIES = 2;
/**
 * The environment that points pip and uv at one mirror. `trusted-host` and `insecure-host`
 * switch TLS verification off, so they are set only for plain-http mirrors, where there is no
 * TLS to verify. That includes the router on 127.0.0.1: pip needs no trusted host to use a
 * loopback index, but it keeps plain-http answers in its HTTP cache only from trusted hosts.
 * A loopback index is reached around any proxy in `current` (the environment the tools run
 * in). No extra index is ever added: merging indexes invites dependency confusion.
 */
function renderToolEnv(mirror, tools, current = {}) {
    if (mirror.proxy)
        return { ...renderProxyEnv(mirror.proxy, tools, current), ...tuning(tools) };
    const loopback = (0,proxy_env/* isLoopbackHost */.cW)(new URL(mirror.url).hostname);
    const env = loopback ? (0,proxy_env/* loopbackProxyBypass */._K)(current) : {};
    // Each selected tool's variables, each one a variable the tool does not copy into a file it
    // writes (python-tools.ts).
    for (const tool of python_tools/* PYTHON_TOOLS */.J5)
        if (tools[tool.selectedBy ?? 'pip'])
            Object.assign(env, tool.indexVariables(mirror.url));
    if (!mirror.secure) {
        if (tools.pip)
            env.PIP_TRUSTED_HOST = mirror.host;
        if (tools.uv)
            env.UV_INSECURE_HOST = mirror.host;
    }
    return { ...env, ...tuning(tools) };
}
function tuning(tools) {
    return {
        ...(tools.pip
            ? {
                PIP_TIMEOUT: String(PIP_TIMEOUT_SECONDS),
                PIP_RETRIES: String(PIP_RETRIES),
                PIP_RESUME_RETRIES: String(PIP_RESUME_RETRIES)
            }
            : {}),
        ...(tools.uv
            ? {
                UV_HTTP_TIMEOUT: String(UV_HTTP_TIMEOUT_SECONDS),
                UV_HTTP_RETRIES: String(UV_HTTP_RETRIES)
            }
            : {})
    };
}
/**
 * The environment that sends every tool's HTTPS through the router as the job's proxy: no index
 * setting at all, so every tool keeps `https://pypi.org/simple` and lock files stay as they are.
 * Both spellings of each proxy variable (tox passes on only the lower-case ones); `NO_PROXY`
 * keeps the job's entries (those hosts stay direct) plus 127.0.0.1; `PIP_PROXY`, which pip would
 * prefer to the router, is emptied (the router itself chains to it). Every CA bundle variable a
 * tool reads names the bundle with the job's authority. The proxy URL carries the job's password,
 * and no other variable does: where the system cannot tell who owns a client's socket (macOS,
 * Windows, containers), that password is the only way through the router.
 */
function renderProxyEnv(proxy, tools, current) {
    if (!tools.pip && !tools.uv)
        return {};
    const proxies = { HTTPS_PROXY: proxy.url, https_proxy: proxy.url };
    const env = {
        ...proxies,
        // The router's own loopback address stays direct, as with any proxy the job has.
        ...(0,proxy_env/* loopbackProxyBypass */._K)({ ...current, ...proxies })
    };
    for (const variable of (0,python_tools/* caBundleVariables */.Wp)())
        env[variable] = proxy.caBundle;
    return env;
}
const ALL_TOOLS = { pip: true, uv: true };
/**
 * `docker build` arguments that point pip and uv in a build's RUN steps at the router's index
 * `indexUrl` (plain http on a Docker network, so named a trusted host): build containers have
 * neither the job's proxy nor its CA bundle, and a Dockerfile takes these through `ARG` lines.
 */
function renderBuildArgs(indexUrl) {
    const host = new URL(indexUrl).host;
    const [pip, uv] = ['pip', 'uv'].map(name => python_tools/* PYTHON_TOOLS */.J5.find(tool => tool.name === name));
    return {
        ...pip?.indexVariables(indexUrl),
        PIP_TRUSTED_HOST: host,
        ...uv?.indexVariables(indexUrl),
        UV_INSECURE_HOST: host
    };
}
/** `KEY=VALUE` lines, as docker/build-push-action's `build-args` input takes them. */
function formatBuildArgs(args) {
    return Object.entries(args)
        .map(([name, value]) => `${name}=${value}`)
        .join('\n');
}

;// CONCATENATED MODULE: ./src/mirrors/distribution-file.ts

const SDIST_SUFFIXES = ['.tar.gz', '.zip', '.tar.bz2', '.tar.xz', '.tgz', '.tar'];
/**
 * A wheel's name is its first `-`-separated part (PEP 427); an sdist's is everything before the
 * version, which starts at the last `-` followed by a digit (older sdists keep `-` in names).
 */
function distributionParts(filename) {
    if (filename.endsWith('.whl')) {
        const [name, version] = filename.slice(0, -4).split('-');
        return name && version ? { name, version } : undefined;
    }
    const suffix = SDIST_SUFFIXES.find(ending => filename.toLowerCase().endsWith(ending));
    if (!suffix)
        return undefined;
    const match = /^(.+?)-(\d[^-]*)$/.exec(filename.slice(0, -suffix.length));
    return match ? { name: match[1], version: match[2] } : undefined;
}
/** The project a distribution file belongs to, normalised (PEP 503). */
function projectFromFilename(filename) {
    const parts = distributionParts(filename);
    return parts && normalizeProjectName(parts.name);
}
/** `demo_pkg-1.0-py3-none-any.whl` and `demo-pkg-1.0.tar.gz` both give 1.0. */
function versionFromFilename(filename) {
    return distributionParts(filename)?.version;
}

// EXTERNAL MODULE: ./src/rank/ranking.ts
var rank_ranking = __webpack_require__(4292);
// EXTERNAL MODULE: ./src/format/format.ts
var format = __webpack_require__(4496);
;// CONCATENATED MODULE: ./src/rank/quality.ts



/** The candidate whose hashes are the reference: PyPI itself. */
const UPSTREAM_NAME = 'pypi';
/**
 * Ranks PyPI mirrors by the predicted time of this job's install on each: requests x latency
 * plus bytes / throughput, times a penalty for failed samples. A mirror whose files' sha256
 * differ from upstream PyPI's, or that served a file not matching its own listed hash, is
 * excluded; one missing versions that another candidate lists
 * (beyond `maxLag`) is stale and ranks behind every fresh mirror.
 */
function assessMirrors(input) {
    const upstream = input.ranking.find(entry => entry.ok && entry.mirror.name === UPSTREAM_NAME);
    const upstreamHashes = upstream && fileHashes(input.pages.get(upstream.mirror));
    const checked = input.ranking.map((entry) => {
        const base = { ...entry, missingVersions: [], stale: false, integrity: 'unchecked' };
        if (!entry.ok)
            return base;
        const corrupt = input.corruptFiles?.get(entry.mirror);
        if (corrupt) {
            return {
                ...base,
                ok: false,
                integrity: 'mismatch',
                error: `${corrupt} does not match the sha256 its page lists`
            };
        }
        if (entry === upstream)
            return { ...base, integrity: 'verified' };
        if (!upstreamHashes)
            return base;
        const mismatch = firstMismatch(fileHashes(input.pages.get(entry.mirror)), upstreamHashes);
        return mismatch
            ? {
                ...base,
                ok: false,
                integrity: 'mismatch',
                error: `sha256 of ${mismatch} differs from ${UPSTREAM_NAME}`
            }
            : { ...base, integrity: 'verified' };
    });
    const healthy = checked.filter(entry => entry.ok);
    const versionsOf = (entry) => versionSet(input.pages.get(entry.mirror));
    const allVersions = new Set(healthy.flatMap(entry => [...versionsOf(entry)]));
    const serials = healthy.map(entry => input.pages.get(entry.mirror)?.serial).filter(isNumber);
    const freshestSerial = serials.length > 0 ? Math.max(...serials) : undefined;
    const measured = healthy.map(entry => input.throughputBps.get(entry.mirror)).filter(isNumber);
    const typicalThroughput = measured.length > 0 ? (0,rank_ranking/* median */.J)(measured) : undefined;
    const assessed = checked.map((entry, position) => {
        if (!entry.ok)
            return { entry, position };
        const own = versionsOf(entry);
        const missingVersions = [...allVersions]
            .filter(version => !own.has(version))
            .sort(compareVersions);
        const serial = input.pages.get(entry.mirror)?.serial;
        const throughputBps = input.throughputBps.get(entry.mirror);
        const assessedEntry = {
            ...entry,
            serial,
            serialLag: serial !== undefined && freshestSerial !== undefined ? freshestSerial - serial : undefined,
            missingVersions,
            stale: missingVersions.length > input.maxLag,
            throughputBps,
            predicted: predict(entry, input.workload, throughputBps ?? typicalThroughput)
        };
        return { entry: assessedEntry, position };
    });
    const tier = (entry) => entry.ok ? (entry.stale ? 1 : 0) : entry.stoppedEarly ? 2 : 3;
    return assessed
        .sort((a, b) => tier(a.entry) - tier(b.entry) ||
        (a.entry.predicted?.seconds ?? 0) - (b.entry.predicted?.seconds ?? 0) ||
        a.position - b.position)
        .map(({ entry }) => entry);
}
function predict(entry, workload, throughputBps) {
    const requestSeconds = (workload.requests * (entry.latencyMs ?? 0)) / 1000;
    const downloadSeconds = throughputBps ? workload.bytes / throughputBps : 0;
    const penalty = 1 + (entry.samples > 0 ? entry.failures / entry.samples : 0);
    return {
        seconds: (requestSeconds + downloadSeconds) * penalty,
        requestSeconds,
        downloadSeconds,
        penalty
    };
}
/**
 * A mirror whose requests each take at least `latencyMs` costs requests x latency before a
 * byte of download: when that alone reaches the leader's predicted time, it cannot win.
 */
function canStillWin(latencyMs, leaderSeconds, workload) {
    return (workload.requests * latencyMs) / 1000 < leaderSeconds;
}
/** How long a mirror may take to answer before it can no longer beat the leader. */
function waitLimitMs(leaderSeconds, workload) {
    return (leaderSeconds * 1000) / workload.requests;
}
/** One sentence on why the first mirror won. */
function explainChoice(assessed, workload) {
    const [winner, ...rest] = assessed;
    if (!winner?.ok)
        return (0,format/* noHealthyMirrorMessage */.vC)(winner.mirror);
    const runnerUp = rest.find(entry => entry.ok && !entry.stale);
    const parts = [
        `${winner.mirror.name} won: about ${(0,format/* formatSeconds */.Xo)((winner.predicted?.seconds ?? 0) * 1000)} predicted for this install`,
        `(${workload.requests} requests at ${winner.latencyMs} ms` +
            (winner.throughputBps
                ? `, ${(0,format/* formatBytes */.z3)(workload.bytes)} at ${(0,format/* formatBytes */.z3)(winner.throughputBps)}/s)`
                : ')')
    ];
    if (runnerUp?.predicted) {
        parts.push(`against ${(0,format/* formatSeconds */.Xo)(runnerUp.predicted.seconds * 1000)} on ${runnerUp.mirror.name}`);
    }
    else if (!winner.stale) {
        parts.push('as the only fresh healthy mirror');
    }
    const stale = assessed.filter(entry => entry.ok && entry.stale);
    const excluded = assessed.filter(entry => entry.integrity === 'mismatch');
    const tooSlow = assessed.filter(entry => entry.stoppedEarly);
    let sentence = parts.join(' ');
    if (tooSlow.length > 0)
        sentence += `; the probe stopped waiting for ${tooSlow.map(entry => entry.mirror.name).join(', ')}, which could not beat it`;
    if (stale.length > 0)
        sentence += `; ${stale.map(entry => entry.mirror.name).join(', ')} ranked last as stale`;
    if (excluded.length > 0)
        sentence += `; ${excluded.map(entry => entry.mirror.name).join(', ')} excluded for wrong hashes`;
    return `${sentence}.`;
}
/** The `ranking` output: one object per candidate, in rank order, credentials hidden. */
function rankingJson(ranking) {
    return JSON.stringify(ranking.map(entry => ({
        name: entry.mirror.name,
        url: entry.mirror.displayUrl,
        ok: entry.ok,
        latencyMs: entry.latencyMs,
        samples: entry.samples,
        failures: entry.failures,
        error: entry.error ?? null,
        serial: entry.serial ?? null,
        serialLag: entry.serialLag ?? null,
        missingVersions: entry.missingVersions,
        stale: entry.stale,
        integrity: entry.integrity,
        throughputBps: entry.throughputBps === undefined ? null : Math.round(entry.throughputBps),
        predictedSeconds: entry.predicted ? round(entry.predicted.seconds) : null,
        requestSeconds: entry.predicted ? round(entry.predicted.requestSeconds) : null,
        downloadSeconds: entry.predicted ? round(entry.predicted.downloadSeconds) : null
    })));
}
const round = (value) => Math.round(value * 1000) / 1000;
function fileHashes(page) {
    return new Map((page?.files ?? [])
        .filter(file => file.sha256)
        .map(file => [file.filename, file.sha256]));
}
function firstMismatch(own, upstream) {
    return [...own].find(([filename, sha256]) => upstream.has(filename) && upstream.get(filename) !== sha256)?.[0];
}
function versionSet(page) {
    return new Set((page?.files ?? []).map(file => versionFromFilename(file.filename)).filter(isString));
}
function compareVersions(a, b) {
    return a.localeCompare(b, 'en', { numeric: true });
}
const isNumber = (value) => value !== undefined;
const isString = (value) => value !== undefined;

;// CONCATENATED MODULE: ./src/action/outputs.ts




/** Output names shared with action.yml: users depend on them. */
const Output = {
    Mirror: 'mirror',
    IndexUrl: 'index-url',
    RouterUrl: 'router-url',
    LatencyMs: 'latency-ms',
    Ranking: 'ranking',
    InstallMirror: 'install-mirror',
    InstallBytes: 'install-bytes',
    InstallAttempts: 'install-attempts',
    CacheHit: 'cache-hit',
    CacheKey: 'cache-key',
    CacheMatchedKey: 'cache-matched-key',
    DockerMirror: 'docker-mirror',
    DockerMirrors: 'docker-mirrors',
    BuildkitdConfig: 'buildkitd-config',
    DockerBuildArgs: 'docker-build-args'
};
/** Points the chosen tools at the mirror for the rest of the job (`GITHUB_ENV`). */
function exportToolEnv(tools, mirror) {
    const exported = renderToolEnv(mirror, tools, process.env);
    for (const [name, value] of Object.entries(exported))
        lib_core/* exportVariable */.dN(name, value);
    if (Object.keys(exported).length > 0) {
        lib_core/* info */.pq(`Configured ${describeTools(tools)} to use ${mirror.name} (${mirror.displayUrl})`);
    }
    // The proxy's URL carries the job's password: the summary shows it without.
    const displayed = Object.fromEntries(Object.entries(exported).map(([name, value]) => [
        name,
        value === mirror.url ? mirror.displayUrl : (0,mirrors_mirror/* redactUrlText */.Sl)(value)
    ]));
    return { displayed };
}
function setOutputs(result) {
    const { ranking, chosen, install, restored, docker, router, containers } = result;
    const winner = ranking.find(entry => entry.mirror === chosen);
    lib_core/* setOutput */.uH(Output.Mirror, chosen.name);
    lib_core/* setOutput */.uH(Output.IndexUrl, chosen.url);
    lib_core/* setOutput */.uH(Output.RouterUrl, router?.url ?? '');
    lib_core/* setOutput */.uH(Output.LatencyMs, winner?.ok ? String(winner.latencyMs) : '');
    lib_core/* setOutput */.uH(Output.Ranking, rankingJson(ranking));
    const succeeded = install?.result.succeeded === true;
    const servedBy = install?.sources?.top ?? install?.result.mirror?.name;
    lib_core/* setOutput */.uH(Output.InstallMirror, succeeded ? (servedBy ?? '') : '');
    lib_core/* setOutput */.uH(Output.InstallBytes, JSON.stringify(install?.sources?.bytes ?? {}));
    lib_core/* setOutput */.uH(Output.InstallAttempts, String(install?.result.attempts.length ?? 0));
    lib_core/* setOutput */.uH(Output.CacheHit, String(restored?.report.hit === 'exact'));
    lib_core/* setOutput */.uH(Output.CacheKey, restored?.keys.primary ?? '');
    lib_core/* setOutput */.uH(Output.CacheMatchedKey, restored?.report.matchedKey ?? '');
    const dockerMirrors = docker?.configured.map(mirror => mirror.url) ?? [];
    lib_core/* setOutput */.uH(Output.DockerMirror, dockerMirrors[0] ?? '');
    lib_core/* setOutput */.uH(Output.DockerMirrors, JSON.stringify(dockerMirrors));
    lib_core/* setOutput */.uH(Output.BuildkitdConfig, docker?.buildkitdConfig ?? '');
    lib_core/* setOutput */.uH(Output.DockerBuildArgs, containers?.indexUrl ? formatBuildArgs(renderBuildArgs(containers.indexUrl)) : '');
}
function describeTools(tools) {
    return [tools.pip && 'pip', tools.uv && 'uv'].filter(Boolean).join(' and ');
}

// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
;// CONCATENATED MODULE: ./src/install/classify.ts
// A failed build-dependency install: pip 22-24, pip 26 (subprocess or in-process); then uv's.
const BUILD_DEPENDENCIES = /build dependencies .*did not run successfully|when installing build dependencies|failed-build-dependency-install|Cannot install build dependencies/;
const BUILD_DEPENDENCIES_FAILED = new RegExp(`${BUILD_DEPENDENCIES.source}|Failed to resolve requirements from \`.*\` build`);
// Order matters: the first class with a matching line wins, most decisive first.
const RULES = [
    { kind: 'permanent', pattern: /ResolutionImpossible|conflicting dependencies/ },
    {
        kind: 'permanent',
        // pip: wheel metadata (`requires a different Python: 3.12.1 not in '>=4'`); uv: metadata or
        // the index page's data-requires-python. pip's "Ignored the following versions" is decided
        // in requiresPythonOnly: it may sit beside a version that is merely missing.
        pattern: /requires a different Python|Requires-Python .* not in|does not satisfy Python\b|requires Python [<>=!~]/
    },
    {
        kind: 'permanent',
        pattern: /metadata-generation-failed|subprocess-exited-with-error|The build backend returned an error/,
        exceptWhenBuildDependenciesFailed: true
    },
    { kind: 'mirror', pattern: /HTTP error 40[34] while getting|40[34] Client Error/ },
    {
        kind: 'mirror',
        // uv meets a corrupt wheel as a bad zip CRC before it gets to the hash.
        pattern: /THESE PACKAGES DO NOT MATCH THE HASHES|Hash mismatch for|Bad CRC\b/
    },
    {
        kind: 'mirror',
        // A download that started and then was cut or stalled: the mirror answers but cannot serve
        // this file whole, so the next mirror beats more retries here (pip 25.1+ has already resumed
        // it PIP_RESUME_RETRIES times). pip < 25 lets a stalled body escape as a bare urllib3
        // ReadTimeoutError traceback; a request that timed out before any answer is reported as
        // "Max retries exceeded" instead and stays transient, and an index page that stalls ends as
        // "(from versions: none)". pip < 25 accepts a cut body and then reports a hash mismatch (or
        // urllib3's `Connection broken: IncompleteRead`); uv reports both as an unreadable zip.
        pattern: /exceptions\.ReadTimeoutError: .*Read timed out\.$|incomplete-download|not enough bytes were received|Connection broken: |IncompleteRead\(\d+ bytes read|has an invalid package format|Failed to read from zip file/
    },
    {
        kind: 'mirror',
        pattern: /SSLError|CERTIFICATE_VERIFY_FAILED|\[SSL[:\]]|invalid peer certificate|ssl-verification-failed/
    },
    { kind: 'mirror', pattern: /\(from versions: (?!none\))[^)]+\)/ },
    {
        kind: 'mirror',
        pattern: /\b40[34] (Not Found|Forbidden)\b|there is no version of|not found in the package registry/
    },
    { kind: 'permanent', pattern: /requirements are unsatisfiable|No solution found when resolving/ },
    { kind: 'ambiguous', pattern: /\(from versions: none\)|No matching distribution found/ },
    {
        kind: 'transient',
        // pip 25+ names its network errors: a timeout or a failed connection before any answer.
        // A proxy that fails is transient too: every mirror goes through the same proxy, so only a
        // pause can help, and a proxy that stays down then fails the install on every mirror.
        pattern: /Read timed out|ReadTimeoutError|Max retries exceeded with url|Connection reset|ConnectionResetError|HTTP error 5\d\d while getting|Server Error:|Connection refused|operation timed out|error sending request|connection reset|\b5\d\d (Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout)\b|^error: (connection-timeout|connection-failed|proxy-connection-failed)$|didn't respond within|Failed to connect to/
    },
    // A build-dependency install that failed for none of the reasons above (its own output lost or
    // unrecognised): it fetched from this mirror, so another mirror may do better.
    { kind: 'ambiguous', pattern: BUILD_DEPENDENCIES }
];
const IGNORED_FOR_PYTHON = /Ignored the following versions that require a different python version: (.*)/;
const NOT_FOUND = /satisfies the requirement \S+?===?([^\s,;]+) \(from versions: /;
/**
 * pip (23+) lists the versions it skipped for their Requires-Python. The install cannot work on
 * any mirror when pip found nothing else, or when the pinned version is one of those skipped;
 * a pinned version that is simply absent is a stale mirror, left to the rules.
 */
function requiresPythonOnly(lines) {
    const ignoredLine = lines.find(line => IGNORED_FOR_PYTHON.test(line));
    if (ignoredLine === undefined)
        return undefined;
    const ignored = (IGNORED_FOR_PYTHON.exec(ignoredLine)?.[1] ?? '').split(/;\s*/);
    const ignoredVersions = ignored.map(entry => entry.split(/\s+/)[0]);
    for (const line of lines) {
        if (/\(from versions: none\)/.test(line))
            return ignoredLine;
        const pinned = NOT_FOUND.exec(line)?.[1];
        if (pinned !== undefined && ignoredVersions.includes(pinned))
            return ignoredLine;
    }
    return undefined;
}
function classifyFailure(output) {
    const lines = output.split(/\r?\n/).map(line => line.trim());
    const buildDependenciesFailed = BUILD_DEPENDENCIES_FAILED.test(output);
    const wrongPython = requiresPythonOnly(lines);
    if (wrongPython !== undefined)
        return { kind: 'permanent', line: shorten(wrongPython) };
    for (const rule of RULES) {
        if (buildDependenciesFailed && rule.exceptWhenBuildDependenciesFailed)
            continue;
        const matches = lines.filter(candidate => rule.pattern.test(candidate));
        // pip's final ERROR line says more than the WARNING lines of its retries.
        const line = matches.find(candidate => /^error\b/i.test(candidate)) ?? matches[0];
        if (line !== undefined)
            return { kind: rule.kind, line: shorten(line) };
    }
    const last = [...lines].reverse().find(line => line !== '') ?? '';
    return { kind: 'unknown', line: shorten(last) };
}
function shorten(line) {
    return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}
/** Where pip and uv name a project that no page offered a fitting release of. */
const MISSING_RELEASE = [
    // pip: "Could not find a version that satisfies the requirement pkg==2.0 (from versions: 1.0)"
    /satisfies the requirement ([A-Za-z0-9][A-Za-z0-9._-]*)/g,
    /No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._-]*)/g,
    // uv: "Because there is no version of pkg==2.0 ...", "Because only pkg<=1.0 is available ..."
    /there is no version of ([A-Za-z0-9][A-Za-z0-9._-]*)/g,
    /Because only ([A-Za-z0-9][A-Za-z0-9._-]*?)[<>=!~]/g,
    /([A-Za-z0-9][A-Za-z0-9._-]*) was not found in the package registry/g
];
const MAX_NAMED = 50;
/**
 * The projects a failed install says it found no fitting release of: a mirror behind the others
 * for those, or the project is new. Each once, as written; at most a few dozen.
 */
function projectsLackingRelease(output) {
    const names = MISSING_RELEASE.flatMap(pattern => [...output.matchAll(pattern)].map(match => match[1].replace(/[._-]+$/, '')));
    return [...new Set(names)].slice(0, MAX_NAMED);
}

;// CONCATENATED MODULE: ./src/install/fallback.ts


const MAX_BACKOFF_MS = 30_000;
/**
 * Runs the install on each mirror in turn, private indexes first. A transient failure retries
 * the same mirror after a growing pause; a failure tied to the mirror moves on at once; a
 * failure no mirror can fix stops, so a broken requirements file does not tour every mirror.
 * Past the private indexes, the guard may refuse the public mirrors, or stop at a private
 * project that pip or uv could not take from a public one.
 */
async function installWithFallback(mirrors, options) {
    const attempts = [];
    const { guard } = options;
    const refuse = (refusal) => {
        options.log(refusal);
        return { succeeded: false, attempts, refusal };
    };
    for (const mirror of (0,private_index/* privateFirst */.mV)(mirrors, mirror => mirror)) {
        // With a guard, reaching a public mirror means every private index has failed.
        if (guard?.refusal && !mirror.private)
            return refuse(guard.refusal);
        for (let attemptOnMirror = 1; attemptOnMirror <= options.attemptsPerMirror; attemptOnMirror++) {
            options.log(`Attempt ${attempts.length + 1}: ${mirror.name} (${mirror.displayUrl}), try ${attemptOnMirror} of ${options.attemptsPerMirror}`);
            const started = options.now();
            const result = await options.run(mirror);
            const attempt = {
                mirror,
                attemptOnMirror,
                exitCode: result.exitCode,
                durationMs: options.now() - started
            };
            attempts.push(attempt);
            if (result.exitCode === 0)
                return { succeeded: true, mirror, attempts };
            const classification = classifyFailure(result.output);
            Object.assign(attempt, classification);
            options.log(`Failed with exit code ${result.exitCode}: ${classification.kind} (${classification.line})`);
            const blocked = guard && !mirror.private && (0,private_index/* blockedProject */.SU)(result.output, guard.patterns);
            if (blocked)
                return refuse((0,private_index/* blockedMessage */.Wv)(blocked, mirror, guard));
            const step = nextStep(classification.kind, attemptOnMirror, options.attemptsPerMirror);
            if (step === 'stop')
                return { succeeded: false, attempts, stoppedBy: classification };
            if (step === 'next-mirror') {
                await options.beforeNextMirror?.(result.output);
                break;
            }
            const pause = backoffMs(attemptOnMirror, options.backoffBaseMs);
            options.log(`Retrying ${mirror.name} in ${pause} ms`);
            await options.sleep(pause);
        }
    }
    return { succeeded: false, attempts };
}
function nextStep(kind, attemptOnMirror, attemptsPerMirror) {
    switch (kind) {
        case 'transient':
            return attemptOnMirror < attemptsPerMirror ? 'retry' : 'next-mirror';
        case 'mirror':
        case 'ambiguous':
            return 'next-mirror';
        case 'permanent':
        case 'unknown':
            return 'stop';
    }
}
function backoffMs(attemptOnMirror, baseMs) {
    return Math.min(baseMs * 2 ** (attemptOnMirror - 1), MAX_BACKOFF_MS);
}

;// CONCATENATED MODULE: ./src/install/private-constraints.ts






/** Where projects are named: requirement, constraint and project files, and lock files. */
const DEPENDENCY_FILES = [
    '**/*requirements*.txt',
    '**/*requirements*.in',
    '**/requirements/**/*.txt',
    '**/requirements/**/*.in',
    '**/*constraints*.txt',
    '**/pyproject.toml',
    '**/setup.cfg',
    '**/setup.py',
    '**/Pipfile',
    '**/Pipfile.lock',
    '**/poetry.lock',
    '**/uv.lock',
    '**/pdm.lock',
    '**/pylock*.toml'
];
/**
 * Writes the constraints file that rules the private projects out on public mirrors, and
 * returns the variables that hand it to pip and uv. Globs are expanded over the names in the
 * workspace's dependency files and the install command.
 */
async function writePrivateConstraints(patterns, install, log) {
    const workspace = (0,runner_env/* workspaceDir */.zf)();
    const texts = patterns.some(pattern => pattern.includes('*'))
        ? [install, ...(await readDependencyFiles(workspace, install, log))]
        : [];
    const { names, unmatchedGlobs } = (0,private_index/* guardedProjects */.Jg)(patterns, texts);
    const dir = await (0,promises_.mkdtemp)((0,runner_env/* runnerTempPath */.IS)('pip-mirror-private-'));
    const file = external_node_path_default().join(dir, 'constraints.txt');
    await (0,promises_.writeFile)(file, (0,private_index/* renderConstraints */.fg)(names));
    log.info(`Public mirrors get ${file}, which rules out the private project(s) ${names.join(', ') || '(none found)'}`);
    for (const unmatched of unmatchedGlobs) {
        log.warning(`'${unmatched}' in private-projects matches no name in the dependency files or the install command: a private project it covers that is only another package's dependency is not kept off public mirrors. List such projects by name.`, (0,format/* annotationTitle */.qF)('private projects'));
    }
    return (0,private_index/* constraintEnv */.Fe)(file, process.env);
}
async function readDependencyFiles(workspace, install, log) {
    const found = (await findWorkspaceFiles(workspace, DEPENDENCY_FILES, 5000)).map(file => external_node_path_default().join(workspace, file));
    const referenced = (0,private_index/* referencedFiles */.Rc)(install).map(file => external_node_path_default().resolve(workspace, file));
    return Promise.all([...new Set([...found, ...referenced])].map(file => (0,promises_.readFile)(file, 'utf8').catch((error) => {
        log.info(`Not matched against private-projects globs: ${file} (${error.message})`);
        return '';
    })));
}

// EXTERNAL MODULE: ./src/net/http-client.ts
var http_client = __webpack_require__(5555);
// EXTERNAL MODULE: ./src/probe/http-probe.ts
var http_probe = __webpack_require__(9911);
// EXTERNAL MODULE: ./src/net/probe-failure.ts
var probe_failure = __webpack_require__(3750);
// EXTERNAL MODULE: ./node_modules/htmlparser2/dist/esm/index.js + 29 modules
var esm = __webpack_require__(7895);
;// CONCATENATED MODULE: ./src/net/index-page.ts

const JSON_CONTENT_TYPE = 'application/vnd.pypi.simple.v1+json';
const HTML_CONTENT_TYPE = 'application/vnd.pypi.simple.v1+html';
/** Asks for PEP 691 JSON and accepts HTML from mirrors that only serve that. */
const ACCEPT_HEADER = `${JSON_CONTENT_TYPE}, ${HTML_CONTENT_TYPE};q=0.2, text/html;q=0.01`;
/**
 * Parses a project page by its content type. A page that lists no distribution files is not a
 * project page (an error page, a login wall, a captive portal) and fails.
 */
function parseIndexPage(contentType, body, serialHeader) {
    const mediaType = contentType.split(';')[0].trim().toLowerCase();
    let parsed;
    if (mediaType === JSON_CONTENT_TYPE || mediaType === 'application/json')
        parsed = parseJsonPage(body);
    else if (mediaType === HTML_CONTENT_TYPE || mediaType === 'text/html')
        parsed = { ok: true, page: parseHtmlPage(body) };
    else
        return { ok: false, reason: `unexpected content type '${mediaType || 'none'}'` };
    if (!parsed.ok)
        return parsed;
    if (parsed.page.files.length === 0)
        return { ok: false, reason: 'the project page lists no files' };
    const headerSerial = parseSerial(serialHeader);
    return headerSerial === undefined
        ? parsed
        : { ok: true, page: { ...parsed.page, serial: headerSerial } };
}
function parseJsonPage(body) {
    let document;
    try {
        document = JSON.parse(body);
    }
    catch {
        return { ok: false, reason: 'the JSON page does not parse' };
    }
    const files = document?.files;
    if (!Array.isArray(files))
        return { ok: false, reason: "the JSON page has no 'files' list" };
    const { meta, versions } = document;
    return {
        ok: true,
        page: withoutUndefined({
            files: files.filter(isJsonFile).map(jsonFile),
            serial: parseSerial(meta?.['_last-serial']),
            versions: Array.isArray(versions) && versions.every(version => typeof version === 'string')
                ? versions
                : undefined
        })
    };
}
function isJsonFile(value) {
    const file = value;
    return typeof file?.filename === 'string' && typeof file.url === 'string';
}
function jsonFile(file) {
    const hashes = hashMap(file.hashes);
    const requiresPython = file['requires-python'];
    const size = file.size;
    const uploadTime = file['upload-time'];
    return withoutUndefined({
        filename: file.filename,
        url: file.url,
        sha256: hashes.sha256,
        hashes,
        requiresPython: typeof requiresPython === 'string' ? requiresPython : undefined,
        yanked: jsonYanked(file.yanked),
        // PEP 714 renamed dist-info-metadata to core-metadata; mirrors may send either.
        coreMetadata: jsonMetadata(file['core-metadata'] ?? file['dist-info-metadata']),
        size: typeof size === 'number' && Number.isSafeInteger(size) && size >= 0 ? size : undefined,
        uploadTime: typeof uploadTime === 'string' ? uploadTime : undefined
    });
}
/** PEP 691: false or absent is not yanked, true is, and a string is yanked for that reason. */
function jsonYanked(value) {
    if (value === true || value === '')
        return true;
    return typeof value === 'string' ? value : undefined;
}
function jsonMetadata(value) {
    if (value === true)
        return true;
    if (typeof value !== 'object' || value === null)
        return undefined;
    const hashes = hashMap(value);
    // An empty object still says the file exists: the hash is just not given.
    return Object.keys(hashes).length > 0 ? hashes : true;
}
function hashMap(value) {
    if (typeof value !== 'object' || value === null)
        return {};
    const hashes = {};
    for (const [name, hex] of Object.entries(value)) {
        if (typeof hex === 'string' && /^[0-9a-f]+$/i.test(hex))
            hashes[name.toLowerCase()] = hex.toLowerCase();
    }
    return hashes;
}
function parseHtmlPage(body) {
    const files = [];
    let serial;
    let anchor;
    const parser = new esm/* Parser */.iX({
        onopentag(name, attributes) {
            if (name === 'a' && attributes.href !== undefined)
                anchor = { attributes, text: '' };
        },
        ontext(text) {
            if (anchor)
                anchor.text += text;
        },
        onclosetag(name) {
            if (name !== 'a' || !anchor)
                return;
            const file = htmlFile(anchor.attributes, anchor.text.trim());
            if (file)
                files.push(file);
            anchor = undefined;
        },
        oncomment(text) {
            // bandersnatch and PyPI end the page with `<!--SERIAL 123-->`.
            const match = /^\s*SERIAL\s+(\d+)\s*$/.exec(text);
            if (match)
                serial = parseSerial(match[1]);
        }
    }, { decodeEntities: true });
    parser.write(body);
    parser.end();
    return withoutUndefined({ files, serial });
}
function htmlFile(attributes, filename) {
    if (!isDistributionFilename(filename))
        return undefined;
    const [url, fragment = ''] = splitFragment(attributes.href);
    const hashes = fragmentHash(fragment);
    const yanked = attributes['data-yanked'];
    const metadata = attributes['data-core-metadata'] ?? attributes['data-dist-info-metadata'];
    return withoutUndefined({
        filename,
        url,
        sha256: hashes.sha256,
        hashes,
        requiresPython: attributes['data-requires-python'],
        // A bare `data-yanked` (value "") marks a file yanked without a reason.
        yanked: yanked === '' ? true : yanked,
        coreMetadata: htmlMetadata(metadata)
    });
}
function htmlMetadata(value) {
    if (value === undefined)
        return undefined;
    const hashes = fragmentHash(value);
    // "true", or a value that is not `name=hex`: the file exists, its hash unknown (as pip reads it).
    return Object.keys(hashes).length > 0 ? hashes : true;
}
function splitFragment(href) {
    const hash = href.indexOf('#');
    return hash === -1 ? [href] : [href.slice(0, hash), href.slice(hash + 1)];
}
/** `sha256=abc…` (a PEP 503 URL fragment, or a PEP 658 attribute value) as a hash map. */
function fragmentHash(text) {
    const match = /^([a-z0-9_]+)=([0-9a-f]+)$/i.exec(text.trim());
    return match ? { [match[1].toLowerCase()]: match[2].toLowerCase() } : {};
}
function isDistributionFilename(name) {
    return /\.(whl|tar\.gz|zip|tar\.bz2|tgz|egg)$/i.test(name);
}
/** Leaves out unset attributes, so pages compare and serialise by what they state. */
function withoutUndefined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
/** Serials come as numbers or strings depending on the mirror software. */
function parseSerial(value) {
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
    return Number.isSafeInteger(number) && number >= 0 && value !== '' ? number : undefined;
}

// EXTERNAL MODULE: ./src/mirrors/project-name.ts
var project_name = __webpack_require__(7729);
;// CONCATENATED MODULE: ./src/probe/probe.ts









const MAX_PAGE_BYTES = 16 * 1024 * 1024;
/**
 * Probes PyPI mirrors: a sample is the probe project's page, parsed and checked for files.
 * Each mirror whose samples pass and that can still win gets a download sample at once (one
 * at a time), while slower mirrors are still answering. Once a mirror's predicted install
 * time is known, a mirror whose requests alone would cost more cannot win: the probe stops
 * waiting for it. PyPI itself is the exception, as the reference for hashes.
 */
async function probeMirrors(mirrors, options) {
    const project = (0,project_name/* normalizeProjectName */.y)(options.project);
    const { running, done } = (0,http_probe/* startProbes */.o)(mirrors, options, (mirror, client) => (timeoutMs, stop) => fetchProjectPage(client, `${mirror.url}/${project}/`, timeoutMs, stop));
    const downloads = new Map();
    // A single candidate has nothing to be compared with or to outrun.
    if (!options.workload || mirrors.length < 2)
        return { probes: await done, downloads };
    const workload = await options.workload;
    const client = new http_client/* HttpClient */.Qq(THROUGHPUT_MAX_MS);
    const cutTimers = [];
    let leaderSeconds = Number.POSITIVE_INFINITY;
    let sampled = 0;
    let queue = Promise.resolve();
    const stopHopeless = () => {
        const limit = waitLimitMs(leaderSeconds, workload);
        for (const probe of running.filter(probe => probe.mirror.name !== UPSTREAM_NAME)) {
            const wait = probe.startedAt + limit - external_node_perf_hooks_.performance.now();
            cutTimers.push(setTimeout(probe.stop, Math.max(0, wait)));
        }
    };
    const sampleWhenAnswered = async (probe) => {
        const samples = await probe.samples;
        const [ranked] = (0,rank_ranking/* rankMirrors */.N)([{ mirror: probe.mirror, samples }]);
        const page = samples.find(sample => sample.page)?.page;
        if (!ranked.ok || !page || sampled >= THROUGHPUT_MIRRORS)
            return;
        if (!canStillWin(ranked.latencyMs ?? 0, leaderSeconds, workload))
            return;
        sampled++;
        queue = queue.then(async () => {
            if (!canStillWin(ranked.latencyMs ?? 0, leaderSeconds, workload))
                return;
            const sample = await sampleDownload(client, probe.mirror, page, project);
            downloads.set(probe.mirror, sample);
            // Only a measured throughput bounds a leader's time; a corrupt mirror leads nothing.
            if (sample.bytesPerSecond === undefined || sample.corruptFile)
                return;
            const seconds = predict(ranked, workload, sample.bytesPerSecond).seconds;
            if (seconds < leaderSeconds) {
                leaderSeconds = seconds;
                stopHopeless();
            }
        });
    };
    try {
        await Promise.all(running.map(sampleWhenAnswered));
        const probes = await done;
        await queue;
        return { probes, downloads };
    }
    finally {
        cutTimers.forEach(clearTimeout);
        await client.destroy();
    }
}
async function fetchProjectPage(client, pageUrl, timeoutMs, stop) {
    const sent = await client.send(pageUrl, {
        headers: { accept: ACCEPT_HEADER },
        timeoutMs,
        signal: stop
    });
    if ('failure' in sent)
        return sent;
    const { response } = sent;
    const latencyMs = response.latencyMs;
    try {
        if (response.status !== 200) {
            await response.discard();
            return { latencyMs, failure: (0,probe_failure/* httpFailure */.tG)(response) };
        }
        const body = await response.text(MAX_PAGE_BYTES);
        if (body === undefined) {
            return {
                latencyMs,
                failure: { kind: 'content', message: `page larger than ${MAX_PAGE_BYTES} bytes` }
            };
        }
        const parsed = parseIndexPage((0,probe_failure/* headerText */.TK)(response.headers['content-type']), body, (0,probe_failure/* headerText */.TK)(response.headers['x-pypi-last-serial']));
        return parsed.ok
            ? { latencyMs, page: parsed.page }
            : { latencyMs, failure: { kind: 'content', message: parsed.reason } };
    }
    catch (error) {
        // The body can still time out or be cut off after the head arrived.
        return { latencyMs, failure: (0,probe_failure/* failureFromError */.Jw)(error, timeoutMs, response.proxy) };
    }
}
/** Throughput is measured on at most this many mirrors, one at a time. */
const THROUGHPUT_MIRRORS = 3;
/** Each download stops at this many bytes or this long. */
const THROUGHPUT_MAX_BYTES = 2 * 1024 * 1024;
const THROUGHPUT_MAX_MS = 750;
const THROUGHPUT_MIN_BYTES = 64 * 1024;
/**
 * Downloads a file the mirror itself lists for the probe project (never a guessed path). A
 * file that fits the limit is also checked against the sha256 the page lists: a mirror
 * serving broken files is caught here, before pip meets it.
 */
async function sampleDownload(client, mirror, page, project) {
    const file = sampleFile(page);
    const fileUrl = new URL(file.url, `${mirror.url}/${project}/`);
    fileUrl.hash = '';
    const sent = await client.send(withCredentials(fileUrl, mirror.url), {
        timeoutMs: THROUGHPUT_MAX_MS
    });
    if ('failure' in sent)
        return {};
    if (sent.response.status !== 200) {
        await sent.response.discard();
        return {};
    }
    const body = await sent.response.measure(THROUGHPUT_MAX_BYTES, THROUGHPUT_MAX_MS);
    return {
        // A tiny file arrives in one piece: its timing says nothing about bandwidth.
        bytesPerSecond: body.bytes >= THROUGHPUT_MIN_BYTES ? body.bytes / body.seconds : undefined,
        corruptFile: body.sha256 && file.sha256 && body.sha256 !== file.sha256.toLowerCase()
            ? file.filename
            : undefined
    };
}
/**
 * The largest file that fits the download limit, so it both times well and can be hashed;
 * without sizes on the page (HTML), the newest wheel.
 */
function sampleFile(page) {
    const fitting = page.files.filter(file => file.size !== undefined && file.size <= THROUGHPUT_MAX_BYTES);
    if (fitting.length > 0)
        return fitting.reduce((a, b) => ((b.size ?? 0) > (a.size ?? 0) ? b : a));
    return ([...page.files].reverse().find(file => file.filename.endsWith('.whl')) ??
        page.files[page.files.length - 1]);
}
/** Files on the mirror's own host need its credentials too. */
function withCredentials(fileUrl, indexUrl) {
    const index = new URL(indexUrl);
    if (fileUrl.host === index.host && (index.username || index.password)) {
        fileUrl.username = index.username;
        fileUrl.password = index.password;
    }
    return fileUrl.toString();
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 3 modules
var exec = __webpack_require__(7187);
// EXTERNAL MODULE: ./src/runner/powershell.ts
var powershell = __webpack_require__(8813);
;// CONCATENATED MODULE: ./src/install/bash.ts


/**
 * How the runner runs a `shell: bash` step (ScriptHandler, ScriptHandlerHelpers): the step's
 * script goes to a file, and bash runs that file. Nothing of the script passes through a command
 * line, so no Windows quoting and no MSYS2 argument parsing can touch its quotes or backslashes.
 */
/** The runner's arguments for `shell: bash`, with the script file in place of `{0}`. */
function bashArguments(scriptFile) {
    return ['--noprofile', '--norc', '-e', '-o', 'pipefail', scriptFile];
}
/**
 * The script file's text: the command as written. On Windows the runner writes CRLF line ends
 * (Git for Windows' bash reads them as line ends), and a step's script and the install should
 * read alike.
 */
function scriptText(command, platform) {
    return platform === 'win32' ? command.replace(/\r?\n/g, '\r\n') : command;
}
/**
 * The bash that runs the install. Off Windows, `bash` on PATH, as the runner takes it. On
 * Windows, the first `bash.exe` on PATH, as the runner takes it, except WSL's launcher: it
 * starts a Linux system that cannot open a Windows path to the script, nor run the job's
 * Windows Python. Without a bash on PATH, Git for Windows' (whose installer puts only its `cmd`
 * folder on PATH by default): beside the `git.exe` on PATH, then where it installs. Undefined
 * when there is none. `isFile` says whether a path is an existing file.
 */
function findBash(platform, env, isFile) {
    if (platform !== 'win32')
        return 'bash';
    const { join } = (external_node_path_default()).win32;
    const folders = pathFolders(env);
    const onPath = folders
        .map(folder => join(folder, 'bash.exe'))
        .find(file => !isWslLauncher(file, env) && isFile(file));
    if (onPath)
        return onPath;
    // Git's own layout: <root>\cmd\git.exe or <root>\mingw64\bin\git.exe, and <root>\bin\bash.exe.
    const besideGit = folders
        .filter(folder => isFile(join(folder, 'git.exe')))
        .flatMap(folder => [join(folder, '..', 'bin'), join(folder, '..', '..', 'bin')]);
    const installed = ['ProgramW6432', 'ProgramFiles', 'ProgramFiles(x86)']
        .map(name => (0,powershell/* windowsVariable */.AW)(env, name))
        .filter((root) => root !== undefined)
        .map(root => join(root, 'Git', 'bin'));
    const local = (0,powershell/* windowsVariable */.AW)(env, 'LOCALAPPDATA');
    if (local)
        installed.push(join(local, 'Programs', 'Git', 'bin'));
    return [...besideGit, ...installed].map(folder => join(folder, 'bash.exe')).find(isFile);
}
/**
 * Whether a Windows `bash.exe` is WSL's launcher: the one in the system folder, or an app
 * execution alias under WindowsApps.
 */
function isWslLauncher(file, env) {
    const folder = external_node_path_default().win32.dirname(external_node_path_default().win32.normalize(file)).toLowerCase();
    const systemRoot = (0,powershell/* windowsSystemRoot */.$0)(env).replace(/\\+$/, '').toLowerCase();
    const systemFolders = ['system32', 'sysnative', 'syswow64'].map(name => `${systemRoot}\\${name}`);
    return systemFolders.includes(folder) || folder.endsWith('\\microsoft\\windowsapps');
}
/** The folders of a Windows PATH, in order, with `%NAME%` expanded as the runner expands them. */
function pathFolders(env) {
    return ((0,powershell/* windowsVariable */.AW)(env, 'PATH') ?? '')
        .split(';')
        .map(entry => expand(entry.trim().replace(/^"(.*)"$/, '$1'), env))
        .filter(entry => entry !== '');
}
function expand(text, env) {
    return text.replace(/%([^%]+)%/g, (whole, name) => (0,powershell/* windowsVariable */.AW)(env, name) ?? whole);
}

;// CONCATENATED MODULE: ./src/install/shell.ts






const OUTPUT_TAIL_BYTES = 256 * 1024;
function once(action) {
    let done = false;
    return () => {
        if (done)
            return;
        done = true;
        action();
    };
}
function isFile(file) {
    try {
        return (0,external_node_fs_.statSync)(file).isFile();
    }
    catch {
        return false;
    }
}
/**
 * Runs the user's command as a `shell: bash` step would: written to a script file in the
 * runner's temporary folder, which bash runs and which is removed afterwards. Output streams to
 * the log as usual; the tail is kept for classifying a failure. `onStart` runs once its process
 * is started.
 */
async function runInBash(command, env, onStart) {
    const bash = findBash(process.platform, env, isFile);
    if (!bash) {
        throw new Error('No bash to run the install: none on PATH but WSL’s, and no Git for Windows beside git.exe or under Program Files');
    }
    const script = (0,runner_env/* runnerTempPath */.IS)(`${(0,external_node_crypto_.randomUUID)()}.sh`, env);
    // Owner-only: the command may carry a token the workflow put in it.
    await (0,promises_.writeFile)(script, scriptText(command, process.platform), { mode: 0o600, flag: 'wx' });
    try {
        let tail = Buffer.alloc(0);
        const keep = (chunk) => {
            tail = Buffer.concat([tail, chunk]);
            if (tail.length > OUTPUT_TAIL_BYTES)
                tail = tail.subarray(tail.length - OUTPUT_TAIL_BYTES);
        };
        const exitCode = await exec/* exec */.m(bash, bashArguments(script), {
            env: env,
            ignoreReturnCode: true,
            listeners: {
                stdout: keep,
                stderr: keep,
                // The runner's exec says what it runs just before it spawns it, in the same turn.
                ...(onStart ? { debug: once(() => setImmediate(onStart)) } : {})
            }
        });
        return { exitCode, output: tail.toString('utf8') };
    }
    finally {
        await (0,promises_.rm)(script, { force: true });
    }
}

;// CONCATENATED MODULE: ./src/engine.ts











const BACKOFF_BASE_MS = 2000;
/**
 * Probes the candidates, samples downloads from the fastest, and ranks them by the predicted
 * time of this job's install.
 */
async function probeAndAssess(inputs, estimate, log) {
    log.info(`Probing ${inputs.mirrors.length} mirror(s) for '${inputs.probeProject}': ` +
        `${inputs.probeSamples} sample(s) each, ${inputs.probeTimeoutMs} ms timeout`);
    const started = external_node_perf_hooks_.performance.now();
    const { probes, downloads } = await probeMirrors(inputs.mirrors, {
        project: inputs.probeProject,
        timeoutMs: inputs.probeTimeoutMs,
        samples: inputs.probeSamples,
        workload: estimate
    });
    const ranked = (0,rank_ranking/* rankMirrors */.N)(probes);
    const pages = new Map(probes.flatMap(probe => {
        const page = probe.samples.find(sample => sample.page)?.page;
        return page ? [[probe.mirror, page]] : [];
    }));
    const throughputBps = new Map();
    const corruptFiles = new Map();
    for (const [mirror, sample] of downloads) {
        if (sample.bytesPerSecond !== undefined)
            throughputBps.set(mirror, sample.bytesPerSecond);
        if (sample.corruptFile !== undefined)
            corruptFiles.set(mirror, sample.corruptFile);
    }
    const probeMs = external_node_perf_hooks_.performance.now() - started;
    const workload = await estimate;
    const ranking = assessMirrors({
        ranking: ranked,
        pages,
        throughputBps,
        corruptFiles,
        workload,
        maxLag: inputs.maxLag
    });
    for (const entry of ranking.filter(entry => entry.integrity === 'mismatch')) {
        log.warning(`${entry.mirror.name} (${entry.mirror.displayUrl}) excluded: ${entry.error}`, (0,format/* annotationTitle */.qF)('integrity'));
    }
    const explanation = explainChoice(ranking, workload);
    log.info((0,report/* formatAssessment */.o$)(ranking));
    log.info(explanation);
    log.info(`Probe phase took ${(0,format/* formatSeconds */.Xo)(probeMs)}`);
    return { ranking, probeMs, explanation };
}
/**
 * Runs `inputs.install` with retries and fallback across the mirrors: private indexes first,
 * then the rest in rank order, public mirrors with the private projects ruled out. `onStart`
 * runs as each run's process starts.
 */
async function installAcross(inputs, ranking, log, beforeNextMirror, onStart) {
    // With `configure: none` nothing is exported, but the install still runs against the mirrors.
    const tools = inputs.configure.pip || inputs.configure.uv ? inputs.configure : ALL_TOOLS;
    const mirrors = ranking.map(entry => entry.mirror);
    const guard = (0,private_index/* privateGuard */.fT)(mirrors, inputs.privateProjects, inputs.install);
    // Written when the install first reaches a public mirror, which it usually never does.
    let constraints;
    const result = await installWithFallback(mirrors, {
        attemptsPerMirror: inputs.installAttempts,
        backoffBaseMs: BACKOFF_BASE_MS,
        run: async (mirror) => {
            const env = { ...process.env, ...renderToolEnv(mirror, tools, process.env) };
            if (guard && !mirror.private) {
                constraints ??= writePrivateConstraints(guard.patterns, inputs.install, log);
                Object.assign(env, await constraints);
            }
            return runInBash(inputs.install, env, onStart);
        },
        sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
        now: () => external_node_perf_hooks_.performance.now(),
        log: message => log.info(message),
        guard,
        ...(beforeNextMirror ? { beforeNextMirror } : {})
    });
    log.info((0,report/* formatAttempts */._u)(result.attempts));
    return result;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
;// CONCATENATED MODULE: ./src/rank/ranking-memory.ts


/**
 * A ranking kept between jobs on the same runner, so they can skip probing for `probe-ttl`.
 * Stored as the mirrors' credential-free URLs with their assessment, and matched back to the
 * job's own candidates.
 */
const RANKING_KEY_PREFIX = 'pip-mirror-ranking-v1';
/** Entries under one prefix differ only by the time they were saved: the newest matches. */
function rankingKeyPrefix(scope) {
    const candidates = scope.mirrors.map(mirror => (0,mirrors_mirror/* withoutCredentials */.ri)(mirror.url)).join('\n');
    const digest = (0,external_node_crypto_.createHash)('sha256')
        .update(`${candidates}\n${scope.probeProject}\n${scope.maxLag}`)
        .digest('hex')
        .slice(0, 16);
    const safe = (text) => text.replace(/[^A-Za-z0-9._-]/g, '_');
    return `${RANKING_KEY_PREFIX}-${safe(scope.runnerOs)}-${safe(scope.runnerName)}-${digest}-`;
}
function serializeRanking(ranking, savedAt) {
    const stored = {
        savedAt,
        entries: ranking.map(({ mirror, ...rest }) => ({
            ...rest,
            url: (0,mirrors_mirror/* withoutCredentials */.ri)(mirror.url)
        }))
    };
    return JSON.stringify(stored);
}
/** The saved ranking for these candidates, or why it cannot be reused. */
function reviveRanking(text, mirrors, now, ttlMs) {
    let stored;
    try {
        stored = JSON.parse(text);
    }
    catch {
        return { reason: 'the saved ranking does not parse' };
    }
    const ageMs = now - stored.savedAt;
    if (!(ageMs >= 0 && ageMs <= ttlMs))
        return { reason: `the saved ranking is ${Math.round(ageMs / 60_000)} min old` };
    const byUrl = new Map(mirrors.map(mirror => [(0,mirrors_mirror/* withoutCredentials */.ri)(mirror.url), mirror]));
    const ranking = stored.entries.flatMap(({ url, ...rest }) => {
        const mirror = byUrl.get(url);
        return mirror ? [{ ...rest, mirror }] : [];
    });
    if (ranking.length !== mirrors.length)
        return { reason: 'the saved ranking is for other candidates' };
    return { ranking, ageMs };
}

;// CONCATENATED MODULE: ./src/rank/remembered-ranking.ts






/** The Actions cache, loaded only when rankings are kept (`probe-ttl`) and a service exists. */
async function cacheForRankings(inputs) {
    if (inputs.probeTtlMs === 0)
        return undefined;
    const actionsCache = await Promise.all(/* import() */[__webpack_require__.e(312), __webpack_require__.e(414)]).then(__webpack_require__.bind(__webpack_require__, 414));
    return actionsCache.cacheServiceAvailable() ? actionsCache : undefined;
}
/** Restore and save must name the same directory; RUNNER_TEMP is stable on a runner. */
function rankingDirectory() {
    return (0,runner_env/* runnerTempPath */.IS)('pip-mirror-action-ranking');
}
function keyPrefix(inputs) {
    return rankingKeyPrefix({
        runnerOs: (0,runner_env/* runnerOs */.tg)(),
        runnerName: process.env.RUNNER_NAME || external_node_os_default().hostname(),
        mirrors: inputs.mirrors,
        probeProject: inputs.probeProject,
        maxLag: inputs.maxLag
    });
}
/** A ranking this runner saved within `probe-ttl`, or undefined: then the job probes. */
async function recallRanking(inputs) {
    const actionsCache = await cacheForRankings(inputs);
    if (!actionsCache)
        return undefined;
    const { restoreDirectories } = actionsCache;
    const directory = rankingDirectory();
    const prefix = keyPrefix(inputs);
    const restored = await restoreDirectories([directory], prefix, [prefix]);
    if (restored.matchedKey === undefined) {
        lib_core/* info */.pq(`No saved ranking${restored.problem ? ` (${restored.problem})` : ''}: probing`);
        return undefined;
    }
    const text = await (0,promises_.readFile)(external_node_path_default().join(directory, 'ranking.json'), 'utf8').catch(() => '');
    const revived = reviveRanking(text, inputs.mirrors, Date.now(), inputs.probeTtlMs);
    if ('reason' in revived) {
        lib_core/* info */.pq(`Not reusing the saved ranking: ${revived.reason}`);
        return undefined;
    }
    lib_core/* info */.pq(`Reusing the ranking saved ${Math.round(revived.ageMs / 60_000)} min ago (probe-ttl): not probing`);
    return revived.ranking;
}
/** Saves a fresh ranking for later jobs on this runner; trouble is only logged. */
async function rememberRanking(inputs, ranking) {
    const actionsCache = await cacheForRankings(inputs);
    if (!actionsCache)
        return;
    const { saveDirectories } = actionsCache;
    const directory = rankingDirectory();
    await (0,promises_.mkdir)(directory, { recursive: true });
    const now = Date.now();
    await (0,promises_.writeFile)(external_node_path_default().join(directory, 'ranking.json'), serializeRanking(ranking, now));
    const saved = await saveDirectories([directory], `${keyPrefix(inputs)}${now}`);
    lib_core/* info */.pq(saved.saved
        ? 'Saved the ranking for later jobs on this runner'
        : `Ranking not saved: ${saved.problem}`);
}

;// CONCATENATED MODULE: ./src/router/install-bytes.ts
const STORE_SOURCE = 'store';
function byteSources(stats) {
    const bytes = { ...stats.files.bytesByMirror };
    if (stats.files.storeBytes > 0)
        bytes[STORE_SOURCE] = stats.files.storeBytes;
    const ranked = Object.entries(bytes)
        .filter(([, count]) => count > 0)
        .sort(([, a], [, b]) => b - a);
    return { bytes, top: ranked[0]?.[0] ?? stats.order[0] };
}

;// CONCATENATED MODULE: ./src/action/phases.ts









/** The phases of the main step, each a `core.group` of the step log. */
/** The engine's messages, as step log lines and annotations. */
const actionLog = {
    info: message => lib_core/* info */.pq(message),
    warning: (message, title) => lib_core/* warning */.$e(message, { title })
};
async function rankCandidates(inputs, estimate, options = {}) {
    const log = options.log ?? actionLog;
    const remembered = options.fresh ? undefined : await recallRanking(inputs);
    // Reading the workspace runs while the probe waits on the network.
    const workload = estimate.then(value => {
        log.info(`Workload estimate: ${value.requests} requests, ${(0,format/* formatBytes */.z3)(value.bytes)} (${value.basis})`);
        return value;
    });
    if (remembered) {
        const explanation = `${explainChoice(remembered, await workload)} (Ranking reused from an earlier job on this runner.)`;
        log.info((0,report/* formatAssessment */.o$)(remembered));
        return { ranking: remembered, probeMs: 0, explanation, reused: true };
    }
    const probed = await probeAndAssess(inputs, workload, log);
    await rememberRanking(inputs, probed.ranking);
    return { ...probed, reused: false };
}
/**
 * The first private index, else the fastest healthy mirror; with none healthy, the first
 * candidate, and a warning.
 */
function chooseMirror(ranking) {
    const [first] = (0,private_index/* privateFirst */.mV)(ranking, entry => entry.mirror);
    if (!first.ok && first.mirror.private) {
        lib_core/* warning */.$e((0,format/* privateIndexFailedMessage */.G2)(first.mirror), {
            title: (0,format/* annotationTitle */.qF)('private index')
        });
    }
    else if (!first.ok) {
        lib_core/* warning */.$e((0,format/* noHealthyMirrorMessage */.vC)(first.mirror), {
            title: (0,format/* annotationTitle */.qF)('no healthy mirror')
        });
    }
    else {
        lib_core/* info */.pq(`Chose ${first.mirror.name} (${first.mirror.displayUrl}), median ${first.latencyMs} ms`);
    }
    return first.mirror;
}
/**
 * Runs the install across the ranking. A reused ranking is a hint: its first mirror gets a try,
 * and when that fails the candidates are probed afresh and the install goes on with them.
 */
async function installPhase(inputs, probed, workload) {
    const first = await installAcross(inputs, probed.reused
        ? (0,private_index/* privateFirst */.mV)(probed.ranking, entry => entry.mirror).slice(0, 1)
        : probed.ranking, actionLog);
    if (!probed.reused || first.succeeded || first.stoppedBy)
        return { result: first, probed };
    lib_core/* info */.pq("The install failed on the reused ranking's mirror: probing again");
    const fresh = await rankCandidates(inputs, workload, { fresh: true });
    const chosen = chooseMirror(fresh.ranking);
    const retry = await installAcross(inputs, fresh.ranking, actionLog);
    return {
        result: { ...retry, attempts: [...first.attempts, ...retry.attempts] },
        probed: fresh,
        chosen
    };
}
/**
 * The install through the router: failing over is its business, request by request. A run that
 * failed on a file the router refused (a wrong hash cuts the connection) gets one more run: the
 * router has marked that mirror bad for the file, so the retry is served from another. A run
 * that found no fitting release of a project has the router ask every mirror for its page
 * afresh first, so the retry is no replay of a lagging mirror's page.
 */
async function installThroughRouter(inputs, router, onStart) {
    const only = { mirror: router, ok: true, latencyMs: 0, samples: 0, failures: 0 };
    const result = await installAcross(inputs, [only, only], actionLog, output => askAfresh(router.url, projectsLackingRelease(output)), onStart);
    // The install is the router's first client: what it has served so far is the install's.
    const stats = await readRouterStats(router.url);
    return { result, ...(stats ? { sources: byteSources(stats) } : {}) };
}
const ROUTER_STATS_TIMEOUT_MS = 2000;
/** A fresh page is every mirror's answer: as long as the slowest may take, within reason. */
const FRESH_PAGE_TIMEOUT_MS = 15_000;
/** Has the router ask every mirror afresh for the projects' pages (`Cache-Control: no-cache`). */
async function askAfresh(indexUrl, projects) {
    if (projects.length === 0)
        return;
    actionLog.info(`Asking every mirror afresh for the pages of ${projects.join(', ')}`);
    await Promise.all(projects.map(async (project) => {
        try {
            const response = await fetch(`${indexUrl}/${encodeURIComponent(project)}/`, {
                headers: { 'Cache-Control': 'no-cache' },
                signal: AbortSignal.timeout(FRESH_PAGE_TIMEOUT_MS)
            });
            await response.body?.cancel();
        }
        catch {
            // The retry asks for the page itself; this only made it a fresh one.
        }
    }));
}
/** The router's figures so far, from `<router>/stats`; undefined when it does not answer. */
async function readRouterStats(indexUrl) {
    try {
        const url = indexUrl.replace(/\/simple$/, '/stats');
        const response = await fetch(url, { signal: AbortSignal.timeout(ROUTER_STATS_TIMEOUT_MS) });
        return response.ok ? (await response.json()) : undefined;
    }
    catch {
        return undefined;
    }
}
/** Writes a phase's held messages under its heading in the step log. */
function logPhase(title, buffer) {
    lib_core/* startGroup */.Oh(title);
    buffer.replay(actionLog);
    lib_core/* endGroup */.N4();
}
function reportExistingSettings(findings) {
    if (findings.length === 0)
        lib_core/* info */.pq('No other index settings found');
    for (const finding of findings) {
        const text = `${finding.source}: ${finding.message}`;
        if (finding.level === 'warning')
            lib_core/* warning */.$e(text, { title: (0,format/* annotationTitle */.qF)('index setting') });
        else
            lib_core/* info */.pq(text);
    }
    return findings;
}

// EXTERNAL MODULE: ./src/cache/cache-policy.ts
var cache_policy = __webpack_require__(9779);
;// CONCATENATED MODULE: ./src/action/state.ts



/** What the main step hands to the post step, by name: each is a `STATE_<name>` variable. */
const State = {
    CachePlan: 'cache-plan',
    DockerRestore: 'docker-restore',
    Router: 'router'
};
const nonEmptyString = {
    valid: value => typeof value === 'string' && value !== '',
    expected: 'a non-empty string'
};
const oneOf = (...choices) => ({
    valid: value => choices.includes(value),
    expected: `one of ${choices.map(choice => JSON.stringify(choice)).join(', ')}`
});
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = {
    valid: value => value === undefined || typeof value === 'string',
    expected: 'a string, or absent'
};
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const cachePlan = {
    directories: {
        valid: value => Array.isArray(value) &&
            value.every(entry => isRecord(entry) &&
                oneOf(...cache_policy/* CACHED_DIRECTORIES */.n8).valid(entry.tool) &&
                nonEmptyString.valid(entry.dir)),
        expected: `a list of { tool: ${cache_policy/* CACHED_DIRECTORIES */.n8.map(name => JSON.stringify(name)).join(' | ')}, dir }`
    },
    saveKey: nonEmptyString,
    matchedKey: optionalString,
    untrustedEvent: optionalString,
    readOnly: { valid: value => typeof value === 'boolean', expected: 'true or false' },
    install: oneOf('none', 'succeeded', 'failed'),
    storeUsedSince: {
        valid: value => value === undefined || (Number.isSafeInteger(value) && value > 0),
        expected: 'a time in ms since the epoch, or absent'
    }
};
const dockerRestore = {
    file: nonEmptyString,
    original: {
        // Buffer.from(text, 'base64') skips what is not base64: a damaged record would restore garbage.
        valid: value => value === null || (typeof value === 'string' && BASE64.test(value)),
        expected: 'base64 text, or null'
    }
};
const routerRun = {
    pid: { valid: value => Number.isSafeInteger(value) && value > 0, expected: 'a pid' },
    statsFile: nonEmptyString,
    logFile: nonEmptyString,
    stopUrl: nonEmptyString,
    statsUrl: optionalString
};
const STATES = {
    [State.CachePlan]: { shape: cachePlan, skipping: 'not saving the cache' },
    [State.DockerRestore]: {
        shape: dockerRestore,
        skipping: 'not restoring the Docker daemon config'
    },
    [State.Router]: { shape: routerRun, skipping: 'not stopping the router' }
};
/** A state's text as its typed value, or what is wrong with it (e.g. left by an older version). */
function parseState(name, text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        return { problem: `not JSON (${errorMessage(error)})` };
    }
    const problem = shapeProblem(value, STATES[name].shape);
    return problem === undefined ? { value: value } : { problem };
}
function shapeProblem(value, shape) {
    if (!isRecord(value))
        return 'not a JSON object';
    for (const [field, rule] of Object.entries(shape)) {
        if (!rule.valid(value[field]))
            return `${field}: expected ${rule.expected}`;
    }
    return undefined;
}
function saveState(name, value) {
    lib_core/* saveState */.LZ(name, JSON.stringify(value));
}
/**
 * The state the main step saved; undefined when it saved none, or when the value does not
 * check out: then a warning names the state, and the post step skips what needed it.
 */
function loadState(name) {
    const text = core.getState(name);
    if (text === '')
        return undefined;
    const parsed = parseState(name, text);
    if ('value' in parsed)
        return parsed.value;
    core.warning(`State ${name} from the main step is unusable (${parsed.problem}): ${STATES[name].skipping}.`, { title: annotationTitle('post step') });
    return undefined;
}

;// CONCATENATED MODULE: ./src/action/main-step.ts














/**
 * The main step after its inputs: probe, restore the cache, install, configure later steps,
 * Docker, outputs and the summary. Infrastructure trouble warns; only the user's install and a
 * broken Docker config fail the step.
 *
 * In router mode the probe does not hold up the install: the router is already starting over
 * the candidates as listed, the install runs through it, and the ranking reaches it when the
 * probe ends. The cache and Docker code is loaded only by jobs that use it.
 */
async function runMainStep(inputs, early) {
    // What the router's store holds from before this moment, and this job does not use, is not saved.
    const startedAt = Date.now();
    const { starting, routerLog, storeDir } = early;
    const workspace = (0,runner_env/* workspaceDir */.zf)();
    // Through the router the install goes first: the probe and the plan's Python would share the
    // runner's cores with the router's start and hold the install up. Both begin once its process
    // runs (or the router failed to start), well before the install's first request.
    const installFirst = starting !== undefined && inputs.install.trim() !== '';
    let installStarted = () => undefined;
    const begin = installFirst
        ? new Promise(resolve => (installStarted = resolve))
        : Promise.resolve();
    // Read while the probe runs: the router reads its pages before the ranking comes.
    const plan = starting && inputs.prefetch
        ? begin.then(() => readPlan(workspace, inputs.install, routerLog))
        : undefined;
    const requirementFiles = readRequirementFiles(workspace);
    const snapshot = readSettingsSnapshot(workspace, requirementFiles);
    const workload = requirementFiles.then(files => estimateWorkload(files));
    const probeLog = new log/* LogBuffer */.b();
    const probing = begin.then(() => rankCandidates(inputs, workload, { log: probeLog }));
    // Awaited later; until then a failure must not count as unhandled.
    probing.catch(() => undefined);
    const docker = inputs.docker.mirrors.length > 0
        ? __webpack_require__.e(/* import() */ 76).then(__webpack_require__.bind(__webpack_require__, 3076)).then(phase => ({
            phase,
            probe: phase.startDockerProbe(inputs)
        }))
        : undefined;
    const cache = inputs.cache === 'false' ? undefined : Promise.all(/* import() */[__webpack_require__.e(312), __webpack_require__.e(969)]).then(__webpack_require__.bind(__webpack_require__, 8969));
    const cacheFacts = cache?.then(module => module.readCacheFacts(inputs));
    /** The probe's result and the mirror it chose, logged the first time they are awaited. */
    let first;
    const probed = async () => (first ??= probing.then(probe => {
        logPhase('Probe PyPI mirrors', probeLog);
        return { probe, choice: chooseMirror(probe.ranking) };
    }));
    const restoreCache = async (source) => {
        if (!cache || !cacheFacts)
            return undefined;
        const { restoreCache } = await cache;
        const from = await source();
        return lib_core/* group */.Os('Restore pip cache', () => restoreCache(inputs, from, cacheFacts, from === 'router' ? storeDir : undefined));
    };
    // Through the router the store and pip's cache are keyed by the router, not a mirror: the
    // cache is restored while the router starts, and neither waits for the probe. (Should the
    // router fail, what was restored still serves the direct install.)
    const restored = starting
        ? await restoreCache(async () => 'router')
        : await restoreCache(async () => (await probed()).choice);
    const spawned = await starting;
    if (!spawned)
        installStarted();
    // Saved at once: whatever happens next, the post step stops it.
    if (spawned)
        saveState(State.Router, spawned.run);
    const handover = spawned?.handOver(probing.then(result => result.ranking), plan ?? Promise.resolve(undefined));
    const installDirect = async () => {
        const { probe } = await probed();
        return lib_core/* group */.Os('Install', () => installPhase(inputs, probe, workload));
    };
    // The install through the router starts while the router is still loading: its first
    // connections wait in the socket's backlog.
    const throughRouter = spawned && inputs.install.trim() !== ''
        ? await lib_core/* group */.Os('Install', () => installThroughRouter(inputs, spawned.mirror, installStarted))
            .finally(installStarted)
        : undefined;
    const router = spawned && (await spawned.ready) ? spawned : undefined;
    if (starting)
        logPhase('Start the router', routerLog);
    const installed = inputs.install.trim() === ''
        ? undefined
        : router && throughRouter
            ? throughRouter
            : await installDirect();
    const install = installed && {
        command: inputs.install,
        result: installed.result,
        sources: installed.sources
    };
    // A failed install on a reused ranking probes afresh: its result is the one to report.
    const { probe, choice } = await probed();
    const { ranking, probeMs, explanation } = installed?.probed ?? probe;
    const chosen = installed?.chosen ?? choice;
    await handover;
    // pip's own view of its settings takes about half a second: the install does not wait for it.
    const findings = await lib_core/* group */.Os('Check existing pip and uv index settings', async () => reportExistingSettings(findIndexSettings(await snapshot, inputs.configure)));
    // Later steps use the mirror that worked, which is not the probe's winner after a fallback,
    // unless that is a public mirror standing in for a private index.
    const configured = router?.mirror ?? (0,private_index/* mirrorForLaterSteps */.UD)(install?.result.mirror, chosen);
    if (!router && install?.result.mirror && install.result.mirror !== configured) {
        lib_core/* info */.pq(`Later steps use the private index ${configured.name}, not ${install.result.mirror.name}: only the install itself had the private projects ruled out on public mirrors`);
    }
    // Settled with the handover: the router serves the job's containers too, where Docker runs.
    const containers = router && (await router.containers);
    const exported = exportToolEnv(inputs.configure, forLaterSteps(configured, containers));
    const dockerResult = docker &&
        (await lib_core/* group */.Os('Configure Docker', async () => {
            const { phase, probe } = await docker;
            return phase.dockerPhase(inputs, probe, actionLog);
        }));
    if (dockerResult?.report.restore)
        saveState(State.DockerRestore, dockerResult.report.restore);
    setOutputs({
        ranking,
        chosen,
        install,
        restored,
        docker: dockerResult?.report,
        router: router?.mirror,
        containers
    });
    if (restored && cache) {
        const outcome = !install ? 'none' : install.result.succeeded ? 'succeeded' : 'failed';
        const { planSave } = await cache;
        const source = router ? 'router' : configured;
        saveState(State.CachePlan, planSave(restored, source, inputs, outcome, startedAt));
    }
    await (0,io/* writeSummary */.S)((0,report/* renderSummary */.Br)({
        ranking,
        explanation,
        probeMs,
        chosen,
        configured,
        throughRouter: router !== undefined,
        routerPortMoved: router && !router.stablePort ? router_phase/* UNSTABLE_PORT_MESSAGE */.Z : undefined,
        exported: exported.displayed,
        findings,
        install,
        cache: restored?.report,
        docker: dockerResult?.report
    }));
    if (install && !install.result.succeeded)
        lib_core/* setFailed */.C1((0,report/* installFailureMessage */.BO)(install.result));
    if (dockerResult?.error)
        lib_core/* setFailed */.C1(dockerResult.error);
}
/**
 * The mirror later steps are pointed at: as the job's HTTPS proxy, the router at the address that
 * the job's containers reach too (container actions get the job's variables as they are).
 */
function forLaterSteps(configured, containers) {
    if (!configured.proxy || !containers)
        return configured;
    return { ...configured, proxy: { ...configured.proxy, url: containers.proxyUrl } };
}
/** The job's plan for the router, said in the log; undefined when there is none. */
async function readPlan(workspace, install, log) {
    const { readJobPlan } = await Promise.all(/* import() */[__webpack_require__.e(292), __webpack_require__.e(882)]).then(__webpack_require__.bind(__webpack_require__, 2882));
    const plan = await readJobPlan(workspace, install, message => log.info(message)).catch(() => undefined);
    if (plan)
        log.info((0,prefetch_plan/* describePlan */.df)(plan));
    return plan;
}


/***/ }),

/***/ 9779:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ng: () => (/* binding */ selectEvictions),
/* harmony export */   R9: () => (/* binding */ untrustedCacheEvent),
/* harmony export */   Vl: () => (/* binding */ isTransientCacheFile),
/* harmony export */   n8: () => (/* binding */ CACHED_DIRECTORIES),
/* harmony export */   t5: () => (/* binding */ selectUnused),
/* harmony export */   y_: () => (/* binding */ decideSave)
/* harmony export */ });
/** Each directory the cache may hold, by the tool that fills it. */
const CACHED_DIRECTORIES = ['pip', 'uv', 'poetry', 'pdm', 'pipenv', 'store'];
/**
 * Whether the post step saves. Wheels downloaded by a successful install are valid whatever
 * later steps say, so a failing test step does not stop the save.
 */
function decideSave(plan, hasContent) {
    if (plan.readOnly)
        return { save: false, level: 'info', reason: 'cache is read-only: not saving' };
    if (plan.untrustedEvent) {
        return {
            save: false,
            level: 'notice',
            reason: `not saving on ${plan.untrustedEvent}: it can run code from a pull request with the base repository's cache scope, and its cache would be restored by trusted jobs`
        };
    }
    if (plan.install === 'failed') {
        return { save: false, level: 'info', reason: 'the install failed: not saving a partial cache' };
    }
    if (plan.matchedKey === plan.saveKey) {
        return {
            save: false,
            level: 'info',
            reason: `exact hit on ${plan.saveKey}: nothing new to save`
        };
    }
    if (!hasContent)
        return {
            save: false,
            level: 'notice',
            reason: 'the cache directories are empty: nothing to save'
        };
    return { save: true };
}
/**
 * Files to drop so the archive stays under `limitBytes`: the oldest first, since files fetched
 * by this job are the newest and the ones the next job most likely needs.
 */
function selectEvictions(files, limitBytes) {
    let total = files.reduce((sum, file) => sum + file.size, 0);
    const evicted = [];
    for (const file of [...files].sort((a, b) => a.mtimeMs - b.mtimeMs)) {
        if (total <= limitBytes)
            break;
        evicted.push(file);
        total -= file.size;
    }
    return evicted;
}
/**
 * The store's entries no job has used since `sinceMs`: what this job neither served nor fetched
 * ahead (its requirement and lock files no longer name them). The router marks an entry used by
 * setting its modification time; a restored entry keeps the time of the job that saved it.
 */
function selectUnused(files, sinceMs) {
    return files.filter(file => file.mtimeMs < sinceMs);
}
/** pip's files that must not travel: its version-check state, temporary and lock files. */
function isTransientCacheFile(relativePath) {
    const parts = relativePath.split(/[\\/]/);
    return parts[0] === 'selfcheck' || /\.(tmp|lock)$/.test(parts[parts.length - 1]);
}
/**
 * Events whose jobs run with the base repository's cache scope while they may run code from a
 * pull request (setup-uv's rule): a cache they save could poison the default branch's jobs.
 */
const UNTRUSTED_CACHE_EVENTS = new Set(['pull_request_target', 'workflow_run']);
function untrustedCacheEvent(eventName) {
    return eventName && UNTRUSTED_CACHE_EVENTS.has(eventName) ? eventName : undefined;
}


/***/ }),

/***/ 5555:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qq: () => (/* binding */ HttpClient)
/* harmony export */ });
/* unused harmony exports redirectTarget, RoutingDispatcher */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(643);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6752);
/* harmony import */ var _probe_failure_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3750);
/* harmony import */ var _proxy_env_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5605);





const USER_AGENT = 'pip-mirror-action (+https://github.com/features/actions)';
/** Redirects followed, each hop a request of its own. */
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * The one HTTP client for everything the action fetches: mirrors' pages and files, and
 * registries. Each request goes the way pip's would (see proxy-env.ts): straight, through a
 * proxy with a plain GET for http, or through a CONNECT tunnel for https. A redirect is a new
 * request, routed by the rules for its own origin, and credentials go only to the origin they
 * were given for. A request never outlives its timeout, whatever a proxy does.
 */
class HttpClient {
    dispatcher;
    slots;
    constructor(timeoutMs, env = process.env, options = {}) {
        this.dispatcher = new RoutingDispatcher(timeoutMs, env);
        this.slots = options.perOriginLimit ? new OriginSlots(options.perOriginLimit) : undefined;
    }
    /** Sends a request, following redirects; network errors become a failure with a named reason. */
    async send(rawUrl, init) {
        const started = node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now();
        let target = rawUrl;
        for (let hop = 0;; hop++) {
            const remainingMs = Math.max(1, Math.ceil(init.timeoutMs - (node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started)));
            const sent = await this.sendOnce(target, { ...init, timeoutMs: remainingMs }, started);
            if ('failure' in sent || hop === MAX_REDIRECTS)
                return sent;
            const location = sent.response.headers.location;
            if (!REDIRECT_STATUSES.has(sent.response.status) || typeof location !== 'string')
                return sent;
            await sent.response.discard().catch(() => undefined);
            const next = redirectTarget(target, location);
            if (!next)
                return sent;
            target = next;
        }
    }
    async sendOnce(rawUrl, init, started) {
        const { url, authorization } = splitCredentials(rawUrl);
        const origin = new URL(url);
        const proxy = this.dispatcher.proxyFor(origin);
        const release = this.slots
            ? await this.slots.acquire(origin.origin, init.signal, init.background)
            : () => { };
        init.granted?.();
        if (init.signal?.aborted) {
            release();
            return { failure: (0,_probe_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .failureFromError */ .Jw)(init.signal.reason, 0, proxy), latencyMs: 0 };
        }
        const timeout = AbortSignal.timeout(init.timeoutMs);
        const signal = init.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
        try {
            const response = await withDeadline((0,undici__WEBPACK_IMPORTED_MODULE_2__/* .request */ .Em)(url, {
                dispatcher: this.dispatcher,
                method: init.method ?? 'GET',
                signal,
                headers: {
                    'user-agent': USER_AGENT,
                    ...(authorization ? { authorization } : {}),
                    ...init.headers
                }
            }), init.timeoutMs, init.signal);
            releaseWith(response.body, release);
            return {
                response: {
                    status: response.statusCode,
                    headers: response.headers,
                    latencyMs: node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started,
                    proxy,
                    text: async (limit) => (await readBytes(response.body, limit))?.toString('utf8'),
                    bytes: limit => readBytes(response.body, limit),
                    discard: () => response.body.dump(),
                    measure: (maxBytes, maxMs) => measureBody(response.body, maxBytes, maxMs),
                    stream: () => response.body
                }
            };
        }
        catch (error) {
            release();
            const waitedMs = node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now() - started;
            const limitMs = init.signal?.aborted ? Math.round(waitedMs) : init.timeoutMs;
            return { failure: (0,_probe_failure_js__WEBPACK_IMPORTED_MODULE_3__/* .failureFromError */ .Jw)(error, limitMs, proxy), latencyMs: waitedMs };
        }
    }
    /** Destroys rather than closes: a black-holed socket must not hold the step open. */
    async destroy() {
        await this.dispatcher.destroy();
    }
}
/**
 * The next hop of a redirect from `from` (which may carry credentials) to `location`, or
 * undefined when it is not an http(s) URL. Credentials follow only to the same origin.
 */
function redirectTarget(from, location) {
    const current = new URL(from);
    let next;
    try {
        next = new URL(location, current);
    }
    catch {
        return undefined;
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:')
        return undefined;
    next.username = '';
    next.password = '';
    next.hash = '';
    if (next.origin === current.origin) {
        next.username = current.username;
        next.password = current.password;
    }
    return next.toString();
}
/** Gives the request's place back once its body is done with, however that happens. */
function releaseWith(body, release) {
    let released = false;
    const once = () => {
        if (released)
            return;
        released = true;
        release();
    };
    body.once('close', once).once('end', once).once('error', once);
}
/** Places per origin that background work leaves to clients. */
const BACKGROUND_SPARE = 2;
/**
 * Places for requests in flight, per origin, handed out in the order asked, but clients first:
 * background work takes a place only while more than `BACKGROUND_SPARE` stay free, and waits
 * behind every client that waits.
 */
class OriginSlots {
    limit;
    active = new Map();
    waiting = new Map();
    constructor(limit) {
        this.limit = limit;
    }
    /** Resolves with the function that gives the place back; at once when `signal` aborts. */
    acquire(origin, signal, background = () => false) {
        const release = () => this.release(origin);
        const queue = this.waiting.get(origin) ?? [];
        const first = !background();
        // A client passes background work that waits; background work passes no one.
        const ahead = first ? queue.some(waiter => !waiter.background()) : queue.length > 0;
        if (!ahead && this.free(origin, !first)) {
            this.active.set(origin, (this.active.get(origin) ?? 0) + 1);
            return Promise.resolve(release);
        }
        return new Promise(resolve => {
            this.waiting.set(origin, queue);
            const waiter = {
                background,
                grant: () => {
                    signal?.removeEventListener('abort', gaveUp);
                    this.active.set(origin, (this.active.get(origin) ?? 0) + 1);
                    resolve(release);
                }
            };
            const gaveUp = () => {
                queue.splice(queue.indexOf(waiter), 1);
                resolve(() => undefined);
            };
            queue.push(waiter);
            signal?.addEventListener('abort', gaveUp, { once: true });
        });
    }
    free(origin, background) {
        const spare = background ? Math.min(BACKGROUND_SPARE, this.limit - 1) : 0;
        return (this.active.get(origin) ?? 0) < this.limit - spare;
    }
    release(origin) {
        this.active.set(origin, (this.active.get(origin) ?? 1) - 1);
        const queue = this.waiting.get(origin) ?? [];
        // Clients first, each in the order asked; then background work, while places are spare.
        const next = queue.find(waiter => !waiter.background()) ??
            queue.find(waiter => this.free(origin, waiter.background()));
        if (!next || !this.free(origin, next.background()))
            return;
        queue.splice(queue.indexOf(next), 1);
        next.grant();
    }
}
/**
 * Picks a dispatcher per origin: each origin takes its own route (direct or a proxy).
 * Proxy agents are made once per proxy.
 */
class RoutingDispatcher extends undici__WEBPACK_IMPORTED_MODULE_2__/* .Dispatcher */ .mk {
    timeoutMs;
    env;
    ca;
    direct;
    viaProxy = new Map();
    /** `ca`: the roots TLS to the servers is verified against; default: Node's own. */
    constructor(timeoutMs, env, ca) {
        super();
        this.timeoutMs = timeoutMs;
        this.env = env;
        this.ca = ca;
        this.direct = new undici__WEBPACK_IMPORTED_MODULE_2__/* .Agent */ .g6({ connect: { timeout: timeoutMs, ...(ca ? { ca } : {}) } });
    }
    proxyFor(url) {
        const route = (0,_proxy_env_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyRouteFor */ .VH)(url, this.env);
        return route && (0,_proxy_env_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyLabel */ .LE)(route.proxy);
    }
    dispatch(options, handler) {
        const route = (0,_proxy_env_js__WEBPACK_IMPORTED_MODULE_4__/* .proxyRouteFor */ .VH)(new URL(String(options.origin)), this.env);
        if (!route)
            return this.direct.dispatch(options, handler);
        let agent = this.viaProxy.get(route.proxy.href);
        if (!agent) {
            agent = new undici__WEBPACK_IMPORTED_MODULE_2__/* .ProxyAgent */ .kT({
                uri: route.proxy.href,
                // http targets get a plain proxied GET, https ones a CONNECT tunnel: what pip does,
                // and what a proxy that allows CONNECT only to port 443 expects.
                proxyTunnel: false,
                connect: { timeout: this.timeoutMs },
                ...(this.ca ? { requestTls: { ca: this.ca } } : {}),
                // The CONNECT request to the proxy does not see the request's abort signal: bound it.
                clientFactory: (origin, options) => new undici__WEBPACK_IMPORTED_MODULE_2__/* .Pool */ .bC(origin, {
                    ...options,
                    headersTimeout: this.timeoutMs,
                    bodyTimeout: this.timeoutMs
                })
            });
            this.viaProxy.set(route.proxy.href, agent);
        }
        return agent.dispatch(options, handler);
    }
    async close() {
        await Promise.all([this.direct, ...this.viaProxy.values()].map(agent => agent.close()));
    }
    async destroy() {
        await Promise.all([this.direct, ...this.viaProxy.values()].map(agent => agent.destroy()));
    }
}
/**
 * Rejects with a TimeoutError after `ms` or when `stop` fires, whatever stage the request is
 * stuck in (undici's CONNECT to a proxy does not see the request's signal).
 */
async function withDeadline(promise, ms, stop) {
    let timer;
    let onStop;
    const deadline = new Promise((_, reject) => {
        const fail = () => reject(new DOMException(`no answer within ${ms} ms`, 'TimeoutError'));
        timer = setTimeout(fail, ms);
        onStop = fail;
        stop?.addEventListener('abort', fail, { once: true });
    });
    try {
        return await Promise.race([promise, deadline]);
    }
    finally {
        clearTimeout(timer);
        if (onStop)
            stop?.removeEventListener('abort', onStop);
        // A request still pending fails later; that failure is already accounted for.
        promise.catch(() => undefined);
    }
}
async function readBytes(body, limit) {
    const chunks = [];
    let size = 0;
    for await (const chunk of body) {
        size += chunk.length;
        if (size > limit) {
            body.destroy();
            return undefined;
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
async function measureBody(body, maxBytes, maxMs) {
    let bytes = 0;
    let first;
    let last = 0;
    let whole = false;
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    const stop = setTimeout(() => body.destroy(), maxMs);
    try {
        for await (const chunk of body) {
            last = node_perf_hooks__WEBPACK_IMPORTED_MODULE_1__.performance.now();
            first ??= last;
            bytes += chunk.length;
            hash.update(chunk);
            if (bytes > maxBytes)
                break;
        }
        whole = bytes <= maxBytes;
    }
    catch {
        // Stopped at the time limit: what arrived until then is the sample.
    }
    finally {
        clearTimeout(stop);
        body.destroy();
    }
    const seconds = Math.max((last - (first ?? last)) / 1000, 0.001);
    return whole ? { bytes, seconds, sha256: hash.digest('hex') } : { bytes, seconds };
}
/** undici refuses credentials inside a URL; send them as Basic auth, as pip does. */
function splitCredentials(raw) {
    const parsed = new URL(raw);
    if (!parsed.username && !parsed.password)
        return { url: raw };
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    parsed.username = '';
    parsed.password = '';
    return {
        url: parsed.toString(),
        authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
    };
}


/***/ }),

/***/ 3750:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IM: () => (/* binding */ isPassingFailure),
/* harmony export */   Jw: () => (/* binding */ failureFromError),
/* harmony export */   TK: () => (/* binding */ headerText),
/* harmony export */   tG: () => (/* binding */ httpFailure)
/* harmony export */ });
/** Whether another sample may go differently: a reset or a 5xx can be a passing fault. */
function isPassingFailure(failure) {
    return failure.kind === 'reset' || (failure.kind === 'http' && (failure.status ?? 0) >= 500);
}
const TIMEOUT_CODES = new Set([
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'ETIMEDOUT'
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
/**
 * Names why a request failed, from the error Node or undici raised. Through a proxy, the
 * local end of every connection is the proxy, so refusals, lookups and silences are the
 * proxy's and the reason says so.
 */
function failureFromError(error, timeoutMs, proxy) {
    const chain = errorChain(error);
    const codes = chain.map(link => link.code ?? '');
    const has = (set) => codes.some(code => set.has(code));
    const proxyName = proxy ? `proxy ${proxy}` : 'the proxy';
    const tunnel = chain
        .map(link => PROXY_TUNNEL_STATUS.exec(link.message ?? ''))
        .find(match => match !== null);
    if (tunnel) {
        const status = Number(tunnel[1]);
        return {
            kind: 'http',
            status,
            message: `${proxyName} answered ${status} to CONNECT${explainProxyStatus(status)}`
        };
    }
    if (chain.some(link => PROXY_AUTH_REQUIRED.test(link.message ?? ''))) {
        return {
            kind: 'http',
            status: 407,
            message: `${proxyName} answered 407${explainProxyStatus(407)}`
        };
    }
    if (chain.some(link => link.name === 'TimeoutError' || link.name === 'AbortError') ||
        has(TIMEOUT_CODES)) {
        return {
            kind: 'timeout',
            message: proxy
                ? `no answer from the proxy ${proxy} within ${timeoutMs} ms`
                : `no answer within ${timeoutMs} ms`
        };
    }
    if (codes.includes('ECONNREFUSED')) {
        return {
            kind: 'refused',
            message: proxy ? `proxy ${proxy} refused the connection` : 'connection refused'
        };
    }
    if (has(DNS_CODES)) {
        const code = codes.find(c => DNS_CODES.has(c));
        return {
            kind: 'dns',
            message: proxy ? `proxy host name not resolved (${code})` : `host name not resolved (${code})`
        };
    }
    const tls = chain.find(link => isTlsCode(link.code ?? ''));
    if (tls)
        return { kind: 'tls', message: `TLS error: ${tls.message ?? tls.code} (${tls.code})` };
    if (has(RESET_CODES)) {
        return {
            kind: 'reset',
            message: proxy
                ? `connection reset or closed (through proxy ${proxy})`
                : 'connection reset or closed by the server'
        };
    }
    const innermost = chain[chain.length - 1];
    return { kind: 'network', message: innermost?.message || String(error) };
}
/** undici's words for a CONNECT that the proxy refused, and for a 407 to a proxied GET. */
const PROXY_TUNNEL_STATUS = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;
const PROXY_AUTH_REQUIRED = /Proxy Authentication Required \(407\)/;
function explainProxyStatus(status) {
    if (status === 407)
        return ' (proxy authentication required: check the credentials in the proxy URL)';
    if (status === 403)
        return ' (the proxy does not allow this destination)';
    return '';
}
function errorChain(error) {
    const chain = [];
    for (let link = error; link && typeof link === 'object' && chain.length < 8;) {
        chain.push(link);
        link = link.cause;
    }
    return chain;
}
function isTlsCode(code) {
    return (code.startsWith('ERR_TLS_') ||
        code.startsWith('ERR_SSL_') ||
        code.includes('CERT') ||
        code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
        code === 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
}
/** A failed status; through a proxy it may be the proxy's own answer, so the proxy is named. */
function httpFailure(response, what = '') {
    const { status, proxy } = response;
    const through = proxy ? ` (through proxy ${proxy})` : '';
    return { kind: 'http', status, message: `HTTP ${status}${what ? ` ${what}` : ''}${through}` };
}
function headerText(value) {
    return Array.isArray(value) ? value[0] : (value ?? '');
}


/***/ }),

/***/ 9911:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l: () => (/* binding */ probeConcurrently),
/* harmony export */   o: () => (/* binding */ startProbes)
/* harmony export */ });
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(643);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_perf_hooks__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _net_http_client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5555);
/* harmony import */ var _net_probe_failure_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3750);



/**
 * Probes every mirror at once. Each mirror's samples run one after another on a kept-alive
 * connection, as a client's requests would. The whole phase ends about `timeoutMs` after it
 * starts, however many mirrors hang: slow mirrors simply get fewer samples, and a caller may
 * stop waiting for one sooner.
 */
function startProbes(mirrors, options, samplerFor) {
    const client = new _net_http_client_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpClient */ .Qq(options.timeoutMs);
    const startedAt = node_perf_hooks__WEBPACK_IMPORTED_MODULE_0__.performance.now();
    const deadline = startedAt + options.timeoutMs;
    const running = mirrors.map(mirror => {
        const controller = new AbortController();
        return {
            mirror,
            startedAt,
            samples: takeSamples(samplerFor(mirror, client), options, deadline, controller.signal),
            stop: () => controller.abort()
        };
    });
    const done = Promise.all(running.map(async (probe) => ({ mirror: probe.mirror, samples: await probe.samples }))).finally(() => client.destroy());
    return { running, done };
}
/** Probes every mirror at once and waits for all of them (see `startProbes`). */
async function probeConcurrently(mirrors, options, samplerFor) {
    return startProbes(mirrors, options, samplerFor).done;
}
async function takeSamples(sample, options, deadline, stop) {
    const samples = [];
    for (let index = 0; index < options.samples && !stop.aborted; index++) {
        const allowance = index === 0
            ? options.timeoutMs
            : Math.floor(Math.min(options.timeoutMs, deadline - node_perf_hooks__WEBPACK_IMPORTED_MODULE_0__.performance.now()));
        if (allowance < 1)
            break;
        const taken = await sample(allowance, stop);
        if (taken.failure && stop.aborted)
            taken.stoppedEarly = true;
        // A later sample cut short by the phase deadline, or by the caller, says nothing more.
        if (index > 0 &&
            taken.failure?.kind === 'timeout' &&
            (allowance < options.timeoutMs || stop.aborted))
            break;
        samples.push(taken);
        if (taken.failure && !(0,_net_probe_failure_js__WEBPACK_IMPORTED_MODULE_2__/* .isPassingFailure */ .IM)(taken.failure))
            break;
    }
    return samples;
}


/***/ }),

/***/ 4292:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ median),
/* harmony export */   N: () => (/* binding */ rankMirrors)
/* harmony export */ });
/**
 * Orders mirrors for use: healthy ones by median latency, then the rest in the order given.
 * A mirror is healthy when most of its samples succeeded; one failure among successes still
 * counts against it in `failures`.
 */
function rankMirrors(probes) {
    const ranked = probes.map((probe, position) => ({ ...assess(probe), position }));
    return ranked
        .sort((a, b) => {
        if (a.ok !== b.ok)
            return a.ok ? -1 : 1;
        if (a.ok && a.latencyMs !== b.latencyMs)
            return (a.latencyMs ?? 0) - (b.latencyMs ?? 0);
        if (!a.ok && !!a.stoppedEarly !== !!b.stoppedEarly)
            return a.stoppedEarly ? -1 : 1;
        return a.position - b.position;
    })
        .map(({ position: _position, ...entry }) => entry);
}
function assess(probe) {
    const successes = probe.samples.filter(sample => !sample.failure).map(sample => sample.latencyMs);
    const failures = probe.samples.filter(sample => sample.failure);
    const ok = successes.length > 0 && successes.length >= failures.length;
    return {
        mirror: probe.mirror,
        ok,
        latencyMs: successes.length > 0 ? Math.round(median(successes)) : null,
        samples: probe.samples.length,
        failures: failures.length,
        error: failures[0]?.failure?.message ?? (probe.samples.length === 0 ? 'not probed' : undefined),
        ...(!ok && failures.some(sample => sample.stoppedEarly) ? { stoppedEarly: true } : {})
    };
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}


/***/ }),

/***/ 5345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  o$: () => (/* binding */ formatAssessment),
  _u: () => (/* binding */ formatAttempts),
  Mj: () => (/* binding */ formatRanking),
  BO: () => (/* binding */ installFailureMessage),
  Br: () => (/* binding */ renderSummary)
});

// UNUSED EXPORTS: renderRouterSummary, renderSaveSummary

// EXTERNAL MODULE: ./src/format/format.ts
var format = __webpack_require__(4496);
;// CONCATENATED MODULE: ./src/report/tables.ts
/** Columns padded to their widest cell, for the step log. */
function textTable(headers, rows) {
    const widths = headers.map((header, column) => Math.max(header.length, ...rows.map(row => (row[column] ?? '').length)));
    const line = (cells) => cells
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd();
    return [line(headers), line(widths.map(width => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
/** A GitHub-flavoured Markdown table; pipes and line breaks in cells are escaped. */
function tables_markdownTable(headers, rows) {
    const cell = (text) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    const line = (cells) => `| ${cells.map(cell).join(' | ')} |`;
    return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

;// CONCATENATED MODULE: ./src/report/report.ts



const RANKING_HEADERS = ['#', 'mirror', 'host', 'status', 'median latency', 'samples', 'reason'];
const QUALITY_HEADERS = ['throughput', 'lag', 'predicted install'];
function rankingRows(ranking) {
    return ranking.map((entry, index) => [
        String(index + 1),
        entry.mirror.name,
        entry.mirror.host,
        entry.ok ? 'ok' : entry.stoppedEarly ? 'too slow' : 'failed',
        entry.latencyMs === null ? '-' : `${entry.latencyMs} ms`,
        entry.failures > 0
            ? `${entry.samples - entry.failures}/${entry.samples} ok`
            : String(entry.samples),
        entry.error ?? ''
    ]);
}
/** The ranking with each mirror's throughput, freshness and predicted install time. */
function qualityRows(ranking) {
    return rankingRows(ranking).map((row, index) => {
        const entry = ranking[index];
        return [...row.slice(0, -1), ...qualityCells(entry), row[row.length - 1]];
    });
}
function qualityCells(entry) {
    if (!entry.ok)
        return ['-', '-', '-'];
    const lag = entry.missingVersions.length > 0
        ? `${entry.stale ? 'stale: ' : ''}missing ${entry.missingVersions.join(', ')}`
        : entry.serialLag
            ? `${entry.serialLag} serials`
            : 'fresh';
    return [
        entry.throughputBps === undefined ? '-' : `${(0,format/* formatBytes */.z3)(entry.throughputBps)}/s`,
        lag,
        entry.predicted ? (0,format/* formatSeconds */.Xo)(entry.predicted.seconds * 1000) : '-'
    ];
}
const QUALITY_TABLE_HEADERS = [...RANKING_HEADERS.slice(0, -1), ...QUALITY_HEADERS, 'reason'];
function formatRanking(ranking) {
    return textTable(RANKING_HEADERS, rankingRows(ranking));
}
function formatAssessment(ranking) {
    return textTable(QUALITY_TABLE_HEADERS, qualityRows(ranking));
}
const ATTEMPT_HEADERS = ['#', 'mirror', 'try', 'exit code', 'class', 'time', 'last error line'];
function attemptRows(attempts) {
    return attempts.map((attempt, index) => [
        String(index + 1),
        attempt.mirror.name,
        String(attempt.attemptOnMirror),
        String(attempt.exitCode),
        attempt.exitCode === 0 ? 'success' : (attempt.kind ?? ''),
        (0,format/* formatSeconds */.Xo)(attempt.durationMs),
        attempt.line ?? ''
    ]);
}
function formatAttempts(attempts) {
    return textTable(ATTEMPT_HEADERS, attemptRows(attempts));
}
/** Why the install step failed, with every attempt, for the step's error message. */
function installFailureMessage(result) {
    const reason = result.refusal ??
        (result.stoppedBy
            ? `The install stopped on a ${result.stoppedBy.kind} failure that another mirror would not fix: ${result.stoppedBy.line}`
            : `The install failed on every mirror`);
    return `${reason}\n${formatAttempts(result.attempts)}`;
}
function renderSummary(report) {
    const sections = report.throughRouter
        ? [
            `## PyPI mirrors: the router, ${report.chosen.name} first`,
            chosenLine(report),
            `pip and uv use the local router (\`${report.configured.displayUrl}\`) for the whole job: it asks **${report.chosen.name}** first and fails over, resumes and hedges across the other mirrors, request by request.`
        ]
        : [`## PyPI mirror: ${report.configured.name}`, chosenLine(report)];
    if (report.throughRouter && report.routerPortMoved)
        sections.push(report.routerPortMoved);
    if (!report.throughRouter && report.configured !== report.chosen) {
        sections.push(`The install failed there and succeeded on **${report.configured.name}** (\`${report.configured.displayUrl}\`), which later steps use.`);
    }
    sections.push(`### Probe (${(0,format/* formatSeconds */.Xo)(report.probeMs)})`, tables_markdownTable(QUALITY_TABLE_HEADERS, qualityRows(report.ranking)));
    const chart = latencyChart(report.ranking);
    if (chart)
        sections.push(chart);
    if (report.install) {
        const { result } = report.install;
        const verdict = result.succeeded
            ? `succeeded on **${result.mirror?.name}** after ${result.attempts.length} attempt(s)`
            : `**failed** after ${result.attempts.length} attempt(s)`;
        sections.push('### Install', `\`${report.install.command.trim().replace(/`/g, "'")}\` ${verdict}.`, tables_markdownTable(ATTEMPT_HEADERS, attemptRows(result.attempts)));
    }
    if (report.cache)
        sections.push('### Cache', cacheTable(report.cache));
    if (report.docker)
        sections.push(...dockerSections(report.docker));
    const exported = Object.entries(report.exported);
    sections.push('### Configuration', exported.length > 0
        ? tables_markdownTable(['variable', 'value'], exported.map(([name, value]) => [`\`${name}\``, `\`${value}\``]))
        : 'No variables exported (`configure: none`).');
    if (report.findings.length > 0) {
        sections.push('### Existing index settings', tables_markdownTable(['level', 'where', 'what it means'], report.findings.map(f => [f.level, f.source, f.message])));
    }
    return sections.join('\n\n') + '\n';
}
function chosenLine(report) {
    const winner = report.ranking.find(entry => entry.mirror === report.chosen);
    if (!winner?.ok) {
        return (0,format/* noHealthyMirrorMessage */.vC)(report.chosen);
    }
    const healthy = report.ranking.filter(entry => entry.ok).length;
    return `\`${report.chosen.displayUrl}\`, of ${healthy} healthy mirror(s) out of ${report.ranking.length} probed. ${report.explanation}`;
}
/** GitHub renders Mermaid in job summaries. */
function latencyChart(ranking) {
    const healthy = ranking.filter(entry => entry.ok && entry.latencyMs !== null);
    if (healthy.length === 0)
        return undefined;
    const names = healthy.map(entry => JSON.stringify(entry.mirror.name)).join(', ');
    const values = healthy.map(entry => entry.latencyMs).join(', ');
    return [
        '```mermaid',
        'xychart-beta',
        '  title "Median probe latency (ms)"',
        `  x-axis [${names}]`,
        '  y-axis "ms"',
        `  bar [${values}]`,
        '```'
    ].join('\n');
}
function cacheTable(cache) {
    const hit = {
        exact: 'hit (exact key)',
        partial: `partial hit: \`${cache.matchedKey}\``,
        miss: 'miss'
    }[cache.hit];
    const rows = [
        ['key', `\`${cache.key}\``],
        ['result', hit],
        ['size', (0,format/* formatBytes */.z3)(cache.sizeBytes)],
        ['restore time', (0,format/* formatSeconds */.Xo)(cache.restoreMs)]
    ];
    if (cache.problem)
        rows.push(['problem', cache.problem]);
    return tables_markdownTable(['', 'restore'], rows);
}
/** The post step's own section of the job summary. */
function renderSaveSummary(save) {
    const rows = [
        ['key', `\`${save.key}\``],
        ['result', save.saved ? 'saved' : `not saved: ${save.reason ?? 'unknown reason'}`]
    ];
    if (save.sizeBytes !== undefined)
        rows.push(['size', formatBytes(save.sizeBytes)]);
    if (save.ms !== undefined)
        rows.push(['save time', formatSeconds(save.ms)]);
    if (save.store) {
        const { kept, keptBytes, dropped, droppedBytes } = save.store;
        rows.push(['router store: files this job used, kept', `${kept} (${formatBytes(keptBytes)})`], ['router store: files no longer used, dropped', `${dropped} (${formatBytes(droppedBytes)})`], ["pip's cache", 'wheels built from source only: the store holds every file it downloaded']);
    }
    return `### Cache save\n\n${markdownTable(['', 'save'], rows)}\n`;
}
/** Median and 95th percentile of page answer times, in ms. */
function answerTimes(times) {
    if (times.length === 0)
        return 'none';
    return `${Math.round(quantile(times, 0.5))} ms, ${Math.round(quantile(times, 0.95))} ms`;
}
/** Files two mirrors list with different sha256s: a mirror rewrote history, or was tampered with. */
function conflictSection(conflicts) {
    if (conflicts.length === 0)
        return [];
    const rows = conflicts.map(conflict => [
        `\`${conflict.filename}\``,
        conflict.mirrors.join(', '),
        conflict.kept
            ? `served from ${conflict.kept} (the higher serial)`
            : 'served from none: no serial tells which is current'
    ]);
    return [
        '#### Files two mirrors list with different sha256s',
        markdownTable(['file', 'mirrors', 'what the router did'], rows)
    ];
}
/** The router's whole-job figures, from the post step. */
function renderRouterSummary(stats) {
    const names = [
        ...new Set([...Object.keys(stats.pages.mirrors), ...Object.keys(stats.files.bytesByMirror)])
    ];
    const mirrorRows = names.map(name => {
        const pages = stats.pages.mirrors[name];
        return [
            name,
            String(pages?.requests ?? 0),
            String(pages?.failures ?? 0),
            String(pages?.behind ?? 0),
            formatBytes(stats.files.bytesByMirror[name] ?? 0)
        ];
    });
    const totals = [
        ['project pages served', String(stats.pagesServed)],
        ['pages no mirror could serve', String(stats.pagesFailed)],
        [
            'pages merged from several mirrors (a release one lacks still shows)',
            String(stats.pages.merged)
        ],
        [
            'projects asked of every mirror (a pinned release or a file was missing, or a retry)',
            String(stats.pages.widened)
        ],
        ['page answer time: median, 95th percentile', answerTimes(stats.pages.answerMs)],
        ['requests that failed over to the next mirror', String(stats.pages.failovers)],
        ['hedged requests (won)', `${stats.pages.hedged} (${stats.pages.hedgesWon})`],
        ['downloads resumed on another mirror', String(stats.files.resumed)],
        ['downloads that left a mirror far below its usual speed', String(stats.files.slowSwitches)],
        ['large files fetched in parallel ranges from several mirrors', String(stats.files.parallel)],
        ['files served from the store', String(stats.files.storeHits)],
        [
            'bytes served from files an earlier job left in the store',
            formatBytes(stats.files.storeBytes)
        ],
        ['files refused for a wrong sha256', String(stats.files.hashMismatches)],
        ['downloads no mirror could complete', String(stats.files.failures)],
        [
            'core metadata read from the wheel (mirrors lacked the file)',
            String(stats.metadataFromWheels)
        ],
        ['requests that ran into an error of the router (see its log)', String(stats.errors)],
        [
            'time the tools waited on mirrors (overlapping requests once)',
            formatSeconds(stats.networkWaitMs ?? 0)
        ],
        // Known once the router stops; as the job's proxy it serves on after the post step.
        ...(stats.restarts === undefined
            ? []
            : [['router processes that died and were replaced', String(stats.restarts)]]),
        ...(stats.proxy
            ? [
                [
                    "TLS connections to PyPI's hosts answered from the mirrors",
                    String(stats.proxy.intercepted)
                ],
                ['tunnels to other hosts, passed through untouched', String(stats.proxy.tunnelled)],
                ['tunnels whose host could not be reached', String(stats.proxy.failed)],
                [
                    'proxy requests refused (no or wrong password, or a bad target)',
                    String(stats.proxy.refused)
                ]
            ]
            : []),
        ...(stats.upstream ? passThroughRows(stats.upstream) : []),
        ...(stats.jsonApi ? jsonApiRows(stats.jsonApi) : []),
        ...(stats.containerRequests > 0
            ? [
                [
                    "requests and tunnels from the job's containers (Docker network)",
                    String(stats.containerRequests)
                ]
            ]
            : [])
    ];
    return ([
        '### Router',
        markdownTable(['mirror', 'page requests', 'failed', 'pages behind another', 'file bytes'], mirrorRows),
        markdownTable(['for the whole job', ''], totals),
        ...conflictSection(stats.pages.conflicts),
        ...(stats.prefetch ? prefetchSection(stats.prefetch) : [])
    ].join('\n\n') + '\n');
}
/** What went to PyPI's own hosts because the mirrors do not serve it. */
function passThroughRows(upstream) {
    const hosts = Object.entries(upstream.requests);
    return [
        [
            "requests passed on to PyPI's own hosts (not the mirrors' business)",
            hosts.length === 0 ? '0' : hosts.map(([host, count]) => `${count} (${host})`).join(', ')
        ],
        ["of those, PyPI's host could not be reached", String(upstream.unreachable)]
    ];
}
/** Where PyPI's JSON API answers came from; the documents the router built, by project. */
function jsonApiRows(json) {
    const built = Object.entries(json.built);
    return [
        ["PyPI's JSON API: from a mirror's copy, from PyPI", `${json.mirrors}, ${json.pypi}`],
        [
            'JSON API documents built from simple pages for Poetry (no vulnerability data)',
            built.length === 0 ? '0' : built.map(([project, count]) => `${project} (${count})`).join(', ')
        ],
        ['JSON API requests refused: neither a mirror nor PyPI answered', String(json.refused)]
    ];
}
/** What the router fetched ahead, and how much of it the tools then used. */
function prefetchSection(prefetch) {
    const known = Object.entries(prefetch.knownAhead);
    const rows = [
        [
            'files known ahead (from)',
            known.length === 0 ? '0' : known.map(([file, count]) => `${count} (${file})`).join(', ')
        ],
        ['files chosen from Requires-Dist as the tools resolved', String(prefetch.followed)],
        ['fetched ahead (bytes)', `${prefetch.fetched} (${formatBytes(prefetch.fetchedBytes)})`],
        ['chosen files the store held already', String(prefetch.stored)],
        ['asked for by a tool once fetched', String(prefetch.hitsWhole)],
        ['asked for by a tool while still downloading (joined)', String(prefetch.hitsInFlight)],
        ['fetched ahead and never asked for (wasted)', formatBytes(prefetch.wastedBytes)],
        ['no file for this Python (other platforms only)', String(prefetch.noFit)],
        ['left out to stay within the byte budget', String(prefetch.overBudget)],
        ['downloads ahead that failed (the tool fetched its own)', String(prefetch.failed)],
        [
            'not fetched: the index has another sha256 than the lock or hashes',
            prefetch.hashMismatches.length === 0 ? '0' : prefetch.hashMismatches.join(', ')
        ]
    ];
    const read = prefetch.read.length > 0 ? prefetch.read.join(', ') : 'none';
    return ['#### Fetched ahead', `Read: ${read}.`, markdownTable(['', ''], rows)];
}
function dockerSections(docker) {
    const configured = docker.configured.length > 0
        ? `Configured \`registry-mirrors\`: ${docker.configured.map(mirror => `\`${mirror.displayUrl}\``).join(', ')}; ${docker.outcome}.`
        : `Nothing configured: ${docker.outcome}.`;
    const buildkit = docker.buildkitdConfig
        ? [`BuildKit config for \`docker/setup-buildx-action\`: \`${docker.buildkitdConfig}\`.`]
        : [];
    // Off Linux nothing is probed: no table of no mirrors.
    const ranking = docker.ranking.length > 0 ? [tables_markdownTable(RANKING_HEADERS, rankingRows(docker.ranking))] : [];
    return ['### Docker mirrors', ...ranking, configured, ...buildkit];
}


/***/ }),

/***/ 4356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AU: () => (/* binding */ pruneUvCache),
/* harmony export */   De: () => (/* binding */ uvCacheDir),
/* harmony export */   LE: () => (/* binding */ readPythonInfo),
/* harmony export */   Lc: () => (/* binding */ pipCacheDir),
/* harmony export */   wn: () => (/* binding */ runPython)
/* harmony export */ });
/* unused harmony export pythonCandidates */
/* harmony import */ var _runner_env_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7584);

const TIMEOUT_MS = 20_000;
/** The names `setup-python` and the OS put the interpreter under, most likely first. */
function pythonCandidates(platform) {
    // Windows has no python3 from setup-python, and a python3 alias may open the Store.
    return platform === 'win32' ? ['python', 'python3'] : ['python3', 'python'];
}
/**
 * Runs the first Python on `PATH` that succeeds; undefined when none does. `background`: at the
 * lowest CPU priority, for an answer the job's own processes must not wait behind.
 */
async function runPython(args, { background = false } = {}) {
    const run = background ? _runner_env_js__WEBPACK_IMPORTED_MODULE_0__/* .runFileInBackground */ .FD : _runner_env_js__WEBPACK_IMPORTED_MODULE_0__/* .runFile */ .y6;
    for (const python of pythonCandidates(process.platform)) {
        try {
            return (await run(python, args, { timeout: TIMEOUT_MS })).stdout;
        }
        catch {
            // Not this interpreter, or the command failed under it: try the next one.
        }
    }
    return undefined;
}
async function readPythonInfo() {
    const script = 'import platform, sys; print(sys.implementation.name); print(platform.python_version()); print(platform.machine())';
    const [implementation, version, arch] = (await runPython(['-c', script]))?.trim().split(/\r?\n/) ?? [];
    return arch ? { implementation, version, arch: arch.toLowerCase() } : undefined;
}
/** pip's cache directory as pip reports it (it honours PIP_CACHE_DIR and its config files). */
async function pipCacheDir() {
    return (await runPython(['-m', 'pip', 'cache', 'dir']))?.trim() || undefined;
}
async function uvCacheDir() {
    try {
        return ((await (0,_runner_env_js__WEBPACK_IMPORTED_MODULE_0__/* .runFile */ .y6)('uv', ['cache', 'dir'], { timeout: TIMEOUT_MS })).stdout.trim() || undefined);
    }
    catch {
        return undefined;
    }
}
/** Drops what uv's CI guidance says is cheaper to download again than to cache. */
async function pruneUvCache() {
    await (0,_runner_env_js__WEBPACK_IMPORTED_MODULE_0__/* .runFile */ .y6)('uv', ['cache', 'prune', '--ci'], { timeout: 120_000 });
}


/***/ })

};
