import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4496:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   gJ: () => (/* binding */ errorMessage),
/* harmony export */   z3: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony exports formatSeconds, annotationTitle, noHealthyMirrorMessage, privateIndexFailedMessage */
/** Sizes and durations as the log, the summary and the ranking show them. */
function formatBytes(bytes) {
    if (bytes < 1024)
        return `${bytes} B`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes / 1024;
    let unit = 0;
    for (; value >= 1024 && unit < units.length - 1; unit++)
        value /= 1024;
    return `${value.toFixed(1)} ${units[unit]}`;
}
function formatSeconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
/** The message of anything thrown. */
function errorMessage(error) {
    return error instanceof Error ? error.message : String(error);
}
/** Every annotation the action writes is titled by its topic. */
function annotationTitle(topic) {
    return `pip-mirror-action: ${topic}`;
}
/** What the action does when every candidate failed its probe. */
function noHealthyMirrorMessage(first) {
    return `No mirror passed the probe: the candidates are tried in the order given, starting with ${first.name} (${first.displayUrl}).`;
}
/** What the action does when the private index it must try first failed its probe. */
function privateIndexFailedMessage(first) {
    return `The private index ${first.name} (${first.displayUrl}) failed the probe; it stays first, since private indexes are always tried before public mirrors.`;
}


/***/ }),

/***/ 8633:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Zq: () => (/* binding */ isPrivateProject)
/* harmony export */ });
/* unused harmony exports parseProjectPatterns, guardedProjects, renderConstraints, constraintEnv, referencedFiles, privateFirst, mirrorForLaterSteps, privateGuard, blockedProject, blockedMessage */
/* harmony import */ var _mirrors_project_name_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7729);

/**
 * Keeping a private index's projects off public mirrors (dependency confusion). Private indexes
 * are tried first; past them, a public mirror may serve only projects the user has not listed
 * in `private-projects`, which a constraints file makes impossible to install there.
 */
const PATTERN = /^[a-z0-9*]([a-z0-9._*-]*[a-z0-9*])?$/i;
const NAME_TOKEN = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/g;
/** No version is both below 0 and above it: pip and uv find nothing, and download nothing. */
const IMPOSSIBLE = '<0,>0';
/** How pip (`name<0,>0`) and uv (`name<0 and name>0`) echo the impossible constraint. */
const ECHOED_CONSTRAINT = /(?<![\w.-])([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)[<>]0(?![\w.])/g;
/** `private-projects`: names or `*` globs, one per line or comma-separated, PEP 503-normalised. */
function parseProjectPatterns(text) {
    const patterns = text
        .split(/[\n,]/)
        .map(pattern => pattern.trim())
        .filter(pattern => pattern !== '' && !pattern.startsWith('#'));
    for (const pattern of patterns) {
        if (!PATTERN.test(pattern))
            throw new Error(`'${pattern}' is neither a project name nor a glob of one such as corp-*`);
        if (/^\*+$/.test(pattern)) {
            throw new Error(`'${pattern}' matches every project: leave the input empty to never fall back to public mirrors`);
        }
    }
    return [...new Set(patterns.map(normalizeProjectName))];
}
function isPrivateProject(name, patterns) {
    const normalized = (0,_mirrors_project_name_js__WEBPACK_IMPORTED_MODULE_0__/* .normalizeProjectName */ .y)(name);
    return patterns.some(pattern => globRegExp(pattern).test(normalized));
}
function globRegExp(pattern) {
    const literal = pattern.split('*').map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(`^${literal.join('.*')}$`);
}
/**
 * The project names to constrain: every listed name, and every name-like word of `texts` (the
 * dependency files and the install command) that a glob matches. Over-matching is harmless: a
 * constraint on a project the install does not need changes nothing.
 */
function guardedProjects(patterns, texts) {
    const globs = patterns.filter(pattern => pattern.includes('*'));
    const words = new Set(texts.flatMap(text => text.match(NAME_TOKEN) ?? []).map(normalizeProjectName));
    const expanded = [...words].filter(word => isPrivateProject(word, globs));
    return {
        names: [...new Set([...patterns.filter(p => !p.includes('*')), ...expanded])].sort(),
        unmatchedGlobs: globs.filter(glob => !expanded.some(name => isPrivateProject(name, [glob])))
    };
}
function renderConstraints(names) {
    return [
        '# pip-mirror-action: private projects, never installed from a public mirror',
        ...names.map(name => `${name}${IMPOSSIBLE}`),
        ''
    ].join('\n');
}
/** Adds the constraints file to any the job already passes through the environment. */
function constraintEnv(file, env) {
    // pip and uv split these variables on whitespace.
    if (/\s/.test(file))
        throw new Error(`the constraints file path '${file}' contains whitespace`);
    const add = (existing) => [existing?.trim(), file].filter(Boolean).join(' ');
    return { PIP_CONSTRAINT: add(env.PIP_CONSTRAINT), UV_CONSTRAINT: add(env.UV_CONSTRAINT) };
}
/** Files named by `-r`/`-c` in the install command, whose names the globs must see too. */
function referencedFiles(install) {
    const options = /(?:^|\s)(?:-r|--requirement|-c|--constraints?)(?:=|\s+)([^\s;&|)]+)/g;
    return [...install.matchAll(options)].map(match => match[1].replace(/^['"]|['"]$/g, ''));
}
/** Private candidates first, in their probe order, then the public ones in theirs. */
function privateFirst(items, mirrorOf) {
    return [
        ...items.filter(item => mirrorOf(item).private),
        ...items.filter(item => !mirrorOf(item).private)
    ];
}
/** Later steps get no constraints file, so they stay on a private index when there is one. */
function mirrorForLaterSteps(installedOn, chosen) {
    return installedOn && (installedOn.private || !chosen.private) ? installedOn : chosen;
}
/** The guard for an install across `mirrors`; undefined when there is nothing to guard. */
function privateGuard(mirrors, patterns, install) {
    const indexes = mirrors.filter(mirror => mirror.private);
    const publicMirrors = mirrors.filter(mirror => !mirror.private);
    if (indexes.length === 0 || publicMirrors.length === 0)
        return undefined;
    const reason = patterns.length === 0 ? UNLISTED : uvWithoutConstraints(install);
    const refusal = reason
        ? `${describeIndexes(indexes)} failed, and the install did not fall back to the public ` +
            `mirror(s) ${publicMirrors.map(mirror => mirror.name).join(', ')}: ${reason}.`
        : undefined;
    return { indexes, patterns, refusal };
}
const UNLISTED = (/* unused pure expression or super */ null && ("without the input 'private-projects' the action cannot tell which projects only the private " +
    'index may serve, and a public mirror would install whatever anyone published there under a ' +
    'private name (dependency confusion). List the private projects (names, or globs such as ' +
    "corp-*) in 'private-projects' to let every other project fall back to public mirrors"));
const UV_WITHOUT_CONSTRAINT = new Set(['sync', 'lock', 'run', 'add', 'remove', 'export', 'tool']);
/** A uv command in `install` that would not read UV_CONSTRAINT, described; else undefined. */
function uvWithoutConstraints(install) {
    // `uv`, `/path/to/uv`, `'/path/to/uv'` or `python -m uv`, and the same for uvx.
    const invocations = install.matchAll(/(?:^|[\s;&|(])['"]?(?:[^\s'";&|()]*\/)?(uvx?)['"]?(?=\s|$)([^;&|\n]*)/g);
    for (const [, tool, rest] of invocations) {
        const words = rest.trim().split(/\s+/);
        const command = words.find(word => word === 'pip' || UV_WITHOUT_CONSTRAINT.has(word));
        const why = tool === 'uvx' || (command !== undefined && command !== 'pip')
            ? 'uv project and tool commands do not read UV_CONSTRAINT'
            : command === 'pip' && words.some(word => /^(-c|--constraints?(=|$))/.test(word))
                ? "uv's own --constraint replaces UV_CONSTRAINT"
                : undefined;
        if (why) {
            return (`the install command runs '${tool}${rest.trimEnd()}', and ${why}, so the ` +
                "private projects could not be kept off the public mirrors. Use 'uv pip install' (or " +
                'pip) without -c, or make the private index reliable');
        }
    }
    return undefined;
}
/** The guarded project whose impossible constraint pip or uv reported, if any. */
function blockedProject(output, patterns) {
    for (const [, name] of output.matchAll(ECHOED_CONSTRAINT)) {
        if (isPrivateProject(name, patterns))
            return normalizeProjectName(name);
    }
    return undefined;
}
function blockedMessage(project, publicMirror, guard) {
    return (`${project} is a private project (private-projects), so it was not installed from the ` +
        `public mirror ${describe(publicMirror)} after ${describeIndexes(guard.indexes, false)} ` +
        'failed. No public mirror may serve it: fix the private index and run the job again.');
}
function describeIndexes(indexes, capital = true) {
    const noun = indexes.length > 1 ? 'private indexes' : 'private index';
    return `${capital ? 'The' : 'the'} ${noun} ${indexes.map(describe).join(', ')}`;
}
function describe(mirror) {
    return `${mirror.name} (${mirror.displayUrl})`;
}


/***/ }),

/***/ 709:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Ws: () => (/* binding */ LOOPBACK),
  rU: () => (/* binding */ mirrorFromUrl)
});

// UNUSED EXPORTS: parseMirror, parseMirrorList, redactUrlText, withoutCredentials

;// CONCATENATED MODULE: ./src/mirrors/catalog.ts
/**
 * Built-in PyPI indexes. Public mirrors come and go within months, so this list is only a
 * set of candidates: every run probes them before trusting one.
 */
const catalog_BUILTIN_MIRRORS = {
    pypi: 'https://pypi.org/simple',
    tuna: 'https://pypi.tuna.tsinghua.edu.cn/simple',
    bfsu: 'https://mirrors.bfsu.edu.cn/pypi/web/simple',
    ustc: 'https://mirrors.ustc.edu.cn/pypi/simple',
    nju: 'https://mirror.nju.edu.cn/pypi/web/simple',
    sjtu: 'https://mirror.sjtu.edu.cn/pypi/web/simple',
    aliyun: 'https://mirrors.aliyun.com/pypi/simple',
    tencent: 'https://mirrors.cloud.tencent.com/pypi/simple',
    huawei: 'https://mirrors.huaweicloud.com/repository/pypi/simple'
};
const catalog_AUTO_MIRRORS = 'auto';

;// CONCATENATED MODULE: ./src/mirrors/mirror.ts

/** The address the router listens on, and the only one: loopback. */
const LOOPBACK = '127.0.0.1';
const ENTRY_SEPARATOR = /[\n,]/;
const PRIVATE_MARKER = /^private:/i;
/**
 * Parses the `mirrors` input: built-in names, URLs and `name=URL` entries, one per line or
 * comma-separated, each optionally marked `private:`. `auto` stands for every built-in. Throws
 * with a message naming the entry.
 */
function parseMirrorList(text) {
    const entries = text
        .split(ENTRY_SEPARATOR)
        .map(entry => entry.trim())
        .filter(entry => entry !== '' && !entry.startsWith('#'));
    const expanded = (entries.length === 0 ? [AUTO_MIRRORS] : entries).flatMap(entry => entry.toLowerCase() === AUTO_MIRRORS ? Object.keys(BUILTIN_MIRRORS) : [entry]);
    const mirrors = [];
    for (const entry of expanded) {
        const mirror = parseMirror(entry);
        const known = mirrors.find(other => other.url === mirror.url);
        // A URL listed twice is private if either entry says so: the safer reading wins.
        if (known) {
            known.private ||= mirror.private;
            continue;
        }
        mirrors.push({ ...mirror, name: uniqueName(mirror.name, mirrors) });
    }
    return mirrors;
}
function parseMirror(entry) {
    if (!PRIVATE_MARKER.test(entry))
        return parseUnmarked(entry);
    const rest = entry.replace(PRIVATE_MARKER, '').trim();
    if (BUILTIN_MIRRORS[rest.toLowerCase()] || rest.toLowerCase() === AUTO_MIRRORS) {
        throw new Error(`'${entry}': the built-in mirrors are public; 'private:' marks your own index (private:name=URL)`);
    }
    return { ...parseUnmarked(rest), private: true };
}
function parseUnmarked(entry) {
    const builtin = BUILTIN_MIRRORS[entry.toLowerCase()];
    if (builtin)
        return mirrorFromUrl(entry.toLowerCase(), builtin);
    const named = /^([A-Za-z0-9][\w.-]*)=(.+)$/.exec(entry);
    if (named && /^[a-z][a-z0-9+.-]*:/i.test(named[2]))
        return mirrorFromUrl(named[1], named[2].trim());
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry))
        return mirrorFromUrl(undefined, entry);
    throw new Error(`unknown mirror '${entry}': use a built-in name (${Object.keys(BUILTIN_MIRRORS).join(', ')}), ` +
        `'${AUTO_MIRRORS}', an http(s) URL of a simple index, or name=URL, optionally marked private:`);
}
function mirrorFromUrl(name, raw) {
    let parsed;
    try {
        parsed = new URL(raw);
    }
    catch {
        throw new Error(`'${redactUrlText(raw)}' is not a valid URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new Error(`'${redactUrlText(raw)}' uses the scheme '${parsed.protocol.slice(0, -1)}'; only http and https are supported`);
    }
    parsed.hash = '';
    const url = parsed.toString().replace(/\/+$/, '');
    // A lone user name is usually a token (`https://TOKEN@host/simple`), so it is secret too.
    const secret = decodeURIComponent(parsed.password || parsed.username);
    const secrets = secret ? [...new Set([secret, parsed.password || parsed.username])] : [];
    if (parsed.password)
        parsed.password = '***';
    else if (parsed.username)
        parsed.username = '***';
    return {
        name: name ?? parsed.host,
        url,
        displayUrl: parsed.toString().replace(/\/+$/, ''),
        host: parsed.host,
        secure: parsed.protocol === 'https:',
        secrets,
        private: secrets.length > 0
    };
}
function uniqueName(name, taken) {
    let candidate = name;
    for (let n = 2; taken.some(mirror => mirror.name === candidate); n++)
        candidate = `${name}-${n}`;
    return candidate;
}
/** Hides a password in any URL-looking text, for messages about input that did not parse. */
function redactUrlText(text) {
    return text.replace(/\/\/[^/@\s]+@/g, '//***@');
}
/** The URL with any user name and password removed: the mirror's identity across tokens. */
function withoutCredentials(url) {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
}


/***/ }),

/***/ 7729:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ normalizeProjectName)
/* harmony export */ });
/** PEP 503 normalisation: the form of a project's name in simple-index URLs. */
function normalizeProjectName(name) {
    return name.replace(/[-_.]+/g, '-').toLowerCase();
}


/***/ }),

/***/ 8954:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _router_supervision_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(2170);

// Started detached by the main step as `supervisor <config>`; the supervisor starts its workers
// from the same bundle as `worker`. Each mode loads only its own code.
const [mode, configFile] = process.argv.slice(2);
if (mode === _router_supervision_js__WEBPACK_IMPORTED_MODULE_0__/* .RouterMode */ .jY.Worker) {
    const { runRouterWorker } = await Promise.all(/* import() */[__nccwpck_require__.e(160), __nccwpck_require__.e(344)]).then(__nccwpck_require__.bind(__nccwpck_require__, 8344));
    runRouterWorker();
}
else {
    const { Supervisor } = await __nccwpck_require__.e(/* import() */ 482).then(__nccwpck_require__.bind(__nccwpck_require__, 5482));
    await Supervisor.run(configFile ?? '', process.argv[1]);
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9851:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Jj: () => (/* binding */ parseParentMessage),
/* harmony export */   P5: () => (/* binding */ authorityMessage),
/* harmony export */   UD: () => (/* binding */ checkRouterConfig),
/* harmony export */   VO: () => (/* binding */ parseRouterRanking),
/* harmony export */   Ws: () => (/* reexport safe */ _mirrors_mirror_js__WEBPACK_IMPORTED_MODULE_1__.Ws),
/* harmony export */   jO: () => (/* binding */ readyMessage),
/* harmony export */   ke: () => (/* binding */ rankMessage),
/* harmony export */   zC: () => (/* binding */ parseRouterConfig)
/* harmony export */ });
/* unused harmony exports ROUTER_UPSTREAM_TIMEOUT_MS, routerSettings, routerRanking, listenMessage, isReadyMessage, authorityCertificate */
/* harmony import */ var _install_private_index_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8633);
/* harmony import */ var _mirrors_mirror_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(709);
/* harmony import */ var _format_format_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(4496);



/** Checks a config read from disk: a router that starts on a bad one would serve nothing. */
function parseRouterConfig(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`router config is not JSON (${(0,_format_format_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)})`);
    }
    return checkRouterConfig(value);
}
/** Checks a config from a file or a message. */
function checkRouterConfig(value) {
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
function parseRouterRanking(value, count) {
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
const listenMessage = () => ({ kind: 'listen' });
const rankMessage = (ranking) => ({ kind: 'rank', ranking });
const readyMessage = () => ({ kind: 'ready' });
function isReadyMessage(value) {
    return value?.kind === 'ready';
}
/** The job authority's certificate (never its key), from the router to the starting step. */
const authorityMessage = (certPem) => ({
    kind: 'authority',
    certPem
});
function authorityCertificate(value) {
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
        return listenMessage();
    if (kind !== 'rank')
        return undefined;
    try {
        return rankMessage(parseRouterRanking(value.ranking, count));
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 2170:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $c: () => (/* binding */ statsMessage),
/* harmony export */   I_: () => (/* binding */ QUICK_DEATH_MS),
/* harmony export */   R: () => (/* binding */ parseWorkerMessage),
/* harmony export */   jY: () => (/* binding */ RouterMode),
/* harmony export */   ns: () => (/* binding */ restartDelayMs),
/* harmony export */   su: () => (/* binding */ startMessage),
/* harmony export */   vV: () => (/* binding */ parseSupervisorMessage),
/* harmony export */   x8: () => (/* binding */ statsRequest)
/* harmony export */ });
/* unused harmony export MAX_QUICK_DEATHS */
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9851);
// The messages between the router's supervisor and its worker. The supervisor holds the listening
// socket and the config (read once, then deleted); each worker it starts gets both over the IPC
// channel, never through its arguments or environment, which other processes can read.

/** How the router's bundle is started: `node <bundle> supervisor <config>` or `worker`. */
const RouterMode = { Supervisor: 'supervisor', Worker: 'worker' };
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
            const config = (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .checkRouterConfig */ .UD)(message.config);
            const ranking = message.ranking === undefined
                ? undefined
                : (0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRouterRanking */ .VO)(message.ranking, config.mirrors.length);
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


/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 8321:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/consumers");

/***/ }),

/***/ 6466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 3106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat */
/******/ 
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = new URL('.', import.meta.url).pathname.slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(8954);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
