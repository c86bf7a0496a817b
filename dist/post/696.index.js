export const id = 696;
export const ids = [696];
export const modules = {

/***/ 3696:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  saveCache: () => (/* binding */ saveCache)
});

// UNUSED EXPORTS: CACHE_LIMIT_BYTES, planSave, readCacheFacts, restoreCache

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var lib_core = __webpack_require__(3838);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/@actions/cache/lib/cache.js + 322 modules
var lib_cache = __webpack_require__(9312);
// EXTERNAL MODULE: ./node_modules/@actions/glob/lib/glob.js + 17 modules
var lib_glob = __webpack_require__(2377);
// EXTERNAL MODULE: ./src/cache/cache-policy.ts
var cache_policy = __webpack_require__(9779);
// EXTERNAL MODULE: ./src/format/format.ts
var format = __webpack_require__(4496);
;// CONCATENATED MODULE: ./src/runner/deadline.ts
/**
 * `promise`, or a rejection with `message` once `ms` have passed, whichever comes first; the
 * timer never outlives the race.
 */
function deadline_withTimeout(promise, ms, message) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

;// CONCATENATED MODULE: ./src/cache/actions-cache.ts








/** False where the runner offers no cache service (GHES without it, local runners). */
function actions_cache_cacheServiceAvailable() {
    return cache.isFeatureAvailable();
}
const noAnswer = (ms) => `the cache service did not answer within ${ms / 1000} s`;
/** Lookups retry 5xx for half a minute; a job should not wait that long for a cache. */
const LOOKUP_TIMEOUT_MS = 10_000;
/**
 * Restores the first matching archive; never throws. The lookup is bounded on its own, since
 * only the download of a large archive may legitimately take long.
 */
async function actions_cache_restoreDirectories(paths, primaryKey, restoreKeys) {
    const started = performance.now();
    const outcome = async (matchedKey, problem) => ({
        matchedKey,
        problem,
        ms: performance.now() - started,
        sizeBytes: await totalSize(paths)
    });
    const lookup = await withLibraryAnnotationsCaptured(() => withTimeout(cache.restoreCache(paths, primaryKey, restoreKeys, { lookupOnly: true }), LOOKUP_TIMEOUT_MS, noAnswer(LOOKUP_TIMEOUT_MS)));
    if (lookup.value === undefined)
        return outcome(undefined, lookup.problem);
    const restored = await withLibraryAnnotationsCaptured(() => cache.restoreCache(paths, lookup.value));
    return outcome(restored.value, restored.problem);
}
/**
 * Saves the directories under `key`; never throws. A bounded lookup first checks that the
 * service answers and that no other job saved the key meanwhile; the upload then gets a minute
 * plus a second per MiB, so a hanging service cannot hold the job.
 */
async function saveDirectories(paths, key) {
    const sizeBytes = await totalSize(paths);
    const started = external_node_perf_hooks_.performance.now();
    const outcome = (saved, problem) => ({
        saved,
        problem,
        sizeBytes,
        ms: external_node_perf_hooks_.performance.now() - started
    });
    const lookup = await withLibraryAnnotationsCaptured(() => deadline_withTimeout(lib_cache/* restoreCache */.P3(paths, key, [], { lookupOnly: true }), LOOKUP_TIMEOUT_MS, noAnswer(LOOKUP_TIMEOUT_MS)));
    if (lookup.problem)
        return outcome(false, lookup.problem);
    if (lookup.value === key)
        return outcome(false, `another job already saved ${key}`);
    const uploadTimeoutMs = 60_000 + Math.ceil(sizeBytes / 1024 ** 2) * 1000;
    const { value: cacheId, problem } = await withLibraryAnnotationsCaptured(() => deadline_withTimeout(lib_cache/* saveCache */.Io(paths, key), uploadTimeoutMs, noAnswer(uploadTimeoutMs)));
    const saved = cacheId !== undefined && cacheId !== -1;
    return outcome(saved, saved ? undefined : (problem ?? 'the cache service did not accept the archive'));
}
/**
 * Removes pip's files that must not travel and, above `limitBytes`, the oldest cached files.
 * Returns what was evicted for the size limit.
 */
async function tidyCacheDirectory(dir, limitBytes) {
    const files = await listFiles(dir);
    const transient = files.filter(file => (0,cache_policy/* isTransientCacheFile */.Vl)(external_node_path_default().relative(dir, file.path)));
    await Promise.all(transient.map(file => (0,promises_.rm)(file.path, { force: true })));
    await (0,promises_.rm)(external_node_path_default().join(dir, 'selfcheck'), { recursive: true, force: true });
    const kept = files.filter(file => !transient.includes(file));
    const evicted = (0,cache_policy/* selectEvictions */.Ng)(kept, limitBytes);
    await Promise.all(evicted.map(file => (0,promises_.rm)(file.path, { force: true })));
    return evicted;
}
/**
 * Removes the store's entries not used since `sinceMs` (see `selectUnused`), and its temp files;
 * the entries kept and dropped, for the summary.
 */
async function pruneStore(dir, sinceMs) {
    const files = await listFiles(dir);
    const temp = external_node_path_default().join(dir, 'tmp') + (external_node_path_default()).sep;
    const entries = files.filter(file => !file.path.startsWith(temp));
    const dropped = (0,cache_policy/* selectUnused */.t5)(entries, sinceMs);
    await Promise.all(dropped.map(file => (0,promises_.rm)(file.path, { force: true })));
    await (0,promises_.rm)(temp, { recursive: true, force: true });
    return { kept: entries.filter(file => !dropped.includes(file)), dropped };
}
async function totalSize(paths) {
    const sizes = await Promise.all(paths.map(async (dir) => (await listFiles(dir)).reduce((sum, file) => sum + file.size, 0)));
    return sizes.reduce((sum, size) => sum + size, 0);
}
async function listFiles(dir) {
    const entries = await (0,promises_.readdir)(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter(entry => entry.isFile());
    return Promise.all(files.map(async (entry) => {
        const full = external_node_path_default().join(entry.parentPath, entry.name);
        const info = await (0,promises_.stat)(full);
        return { path: full, size: info.size, mtimeMs: info.mtimeMs };
    }));
}
/** `hashFiles` over the dependency globs, relative to the workspace; '' when none match. */
async function actions_cache_hashDependencyFiles(patterns, workspace) {
    return glob.hashFiles(patterns.join('\n'), workspace);
}
/**
 * The cache library reports trouble itself, as warnings and even errors (for 5xx). A cache
 * problem must not look like a failed job: its messages become plain log lines here, and the
 * caller turns them into one warning.
 */
async function withLibraryAnnotationsCaptured(operation) {
    const problems = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk, ...rest) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const annotation = /^::(warning|error)[^:]*::(.*)$/s.exec(text);
        if (!annotation) {
            // Some failures, such as a 5xx on reserving an entry, it reports at info level only.
            if (LIBRARY_FAILURE_LINE.test(text))
                problems.push(text.trim());
            return write.call(process.stdout, chunk, ...rest);
        }
        const message = unescapeCommandData(annotation[2].trim());
        problems.push(message);
        return write.call(process.stdout, `${message}\n`);
    });
    try {
        const value = await operation();
        return { value, problem: problems.at(-1) };
    }
    catch (error) {
        return { problem: (0,format/* errorMessage */.gJ)(error) };
    }
    finally {
        process.stdout.write = write;
    }
}
const LIBRARY_FAILURE_LINE = /^(Failed to (save|restore)|Cache reservation failed)/;
function unescapeCommandData(text) {
    return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/mirrors/mirror.ts + 1 modules
var mirror = __webpack_require__(709);
;// CONCATENATED MODULE: ./src/cache/cache-key.ts


/** Bump when the layout of what is cached changes, so old archives stop matching. */
const CACHE_KEY_PREFIX = 'pip-mirror-v1';
/**
 * `pip-mirror-v1-<os>-<release>-<python>-<arch>-<tools>-<source>-<hash>`. pip's HTTP cache is
 * keyed by URL, so an archive filled from one mirror mostly misses under another: the mirror is
 * part of the key, and the fallbacks drop the dependency hash first, then the mirror. Through
 * the router the URLs name files by sha256, the same from every mirror: the source is `router`.
 */
function cache_key_cacheKeys(input) {
    const platform = [
        CACHE_KEY_PREFIX,
        input.runnerOs,
        input.osRelease,
        `${input.python.implementation}${input.python.version}`,
        input.python.arch,
        input.tools.join('+')
    ]
        .map(keyPart)
        .join('-');
    const withMirror = `${platform}-${input.source === 'router' ? 'router' : mirrorIdentity(input.source)}`;
    if (input.dependencyHash === '')
        return { primary: withMirror, restoreKeys: [`${platform}-`] };
    return {
        primary: `${withMirror}-${input.dependencyHash}`,
        restoreKeys: [`${withMirror}-`, `${platform}-`]
    };
}
/** The mirror's name and a short hash of its URL without credentials: rotating a token keeps the cache. */
function mirrorIdentity(mirror) {
    const digest = createHash('sha256')
        .update(withoutCredentials(mirror.url))
        .digest('hex')
        .slice(0, 8);
    return `${keyPart(mirror.name)}_${digest}`;
}
/** Cache keys allow no commas and at most 512 characters; keep parts to a tame alphabet. */
function keyPart(text) {
    return text.replace(/[^A-Za-z0-9.+_-]/g, '_');
}

// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
;// CONCATENATED MODULE: ./src/runner/python-env.ts

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
    const run = background ? runFileInBackground : runFile;
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
async function python_env_readPythonInfo() {
    const script = 'import platform, sys; print(sys.implementation.name); print(platform.python_version()); print(platform.machine())';
    const [implementation, version, arch] = (await runPython(['-c', script]))?.trim().split(/\r?\n/) ?? [];
    return arch ? { implementation, version, arch: arch.toLowerCase() } : undefined;
}
/** pip's cache directory as pip reports it (it honours PIP_CACHE_DIR and its config files). */
async function python_env_pipCacheDir() {
    return (await runPython(['-m', 'pip', 'cache', 'dir']))?.trim() || undefined;
}
async function python_env_uvCacheDir() {
    try {
        return ((await runFile('uv', ['cache', 'dir'], { timeout: TIMEOUT_MS })).stdout.trim() || undefined);
    }
    catch {
        return undefined;
    }
}
/** Drops what uv's CI guidance says is cheaper to download again than to cache. */
async function pruneUvCache() {
    await (0,runner_env/* runFile */.y6)('uv', ['cache', 'prune', '--ci'], { timeout: 120_000 });
}

;// CONCATENATED MODULE: ./src/tools/python-tools.ts
const PYTHON_TOOLS = [
    {
        name: 'pip',
        indexVariables: url => ({ PIP_INDEX_URL: url }),
        // pip 24.2+ may verify through the system store (truststore), which reads SSL_CERT_FILE.
        caBundleVariables: ['PIP_CERT', 'SSL_CERT_FILE']
    },
    {
        name: 'uv',
        indexVariables: url => ({ UV_DEFAULT_INDEX: url }),
        selectedBy: 'uv',
        // uv reads neither REQUESTS_CA_BUNDLE nor PIP_CERT.
        caBundleVariables: ['SSL_CERT_FILE'],
        // pylock.toml, like uv.lock, names each file's URL: uv installs from those.
        files: { names: /^(uv\.lock|pylock(\.[^.]+)?\.toml)$/, table: 'uv' },
        // `uv/0.13.9 {...}`. uv installs from the archive it unpacked; its cache save is pruned of
        // downloaded wheels (`uv cache prune --ci`).
        keepsFileCopiesUserAgent: /^uv\//,
        indexModeLimit: 'uv sync and uv lock write the index URL into uv.lock, uv sync --locked fails on a uv.lock made against PyPI, and uv sync --frozen (and uv pip install from pylock.toml) downloads from the URLs in the lock file, around the mirrors'
    },
    {
        name: 'Poetry',
        indexVariables: () => ({}),
        // requests: REQUESTS_CA_BUNDLE, not SSL_CERT_FILE.
        caBundleVariables: ['REQUESTS_CA_BUNDLE'],
        files: { names: /^poetry\.lock$/, table: 'poetry' },
        cache: {
            key: 'poetry',
            variable: 'POETRY_CACHE_DIR',
            folder: { linux: 'pypoetry', darwin: 'pypoetry', win32: 'pypoetry\\Cache' }
        },
        indexModeLimit: 'Poetry has no variable that replaces PyPI (its sources live in pyproject.toml): it goes to PyPI, around the mirrors',
        // requests-toolbelt's user_agent('poetry', version): `poetry/2.5.1 CPython/3.12.7 Linux/6.8`.
        jsonApiUserAgent: /^poetry\//
    },
    {
        name: 'PDM',
        // PDM never writes PDM_PYPI_URL into pdm.lock or pyproject.toml.
        indexVariables: url => ({ PDM_PYPI_URL: url }),
        caBundleVariables: ['REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE'],
        files: { names: /^pdm\.lock$/, table: 'pdm' },
        cache: {
            key: 'pdm',
            variable: 'PDM_CACHE_DIR',
            folder: { linux: 'pdm', darwin: 'pdm', win32: 'pdm\\pdm\\Cache' }
        }
    },
    {
        name: 'pipenv',
        // Replaces pypi.org at run time only, unlike PIP_INDEX_URL, which pipenv copies into a new
        // Pipfile's source.
        indexVariables: url => ({ PIPENV_PYPI_MIRROR: url }),
        caBundleVariables: ['REQUESTS_CA_BUNDLE', 'PIP_CERT'],
        files: { names: /^Pipfile(\.lock)?$/ },
        cache: {
            key: 'pipenv',
            variable: 'PIPENV_CACHE_DIR',
            folder: { linux: 'pipenv', darwin: 'pipenv', win32: 'pipenv\\pipenv\\Cache' }
        },
        indexModeLimit: "pipenv copies pip's index (PIP_INDEX_URL) into the source of a Pipfile it creates"
    },
    {
        name: 'pip-tools',
        indexVariables: () => ({}),
        caBundleVariables: ['PIP_CERT', 'SSL_CERT_FILE'],
        files: { names: /^requirements.*\.in$/ },
        indexModeLimit: 'pip-compile writes the index URL (--index-url) into requirements.txt unless run with --no-emit-index-url'
    },
    {
        name: 'tox',
        indexVariables: () => ({}),
        // tox 4 passes on only lower-case proxy variables, SSL_CERT_FILE, REQUESTS_CA_BUNDLE,
        // CURL_CA_BUNDLE and PIP_* (tox-uv: UV_*).
        caBundleVariables: ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE']
    },
    // Both run pip or uv with the job's whole environment.
    { name: 'Hatch', indexVariables: () => ({}), caBundleVariables: [] },
    { name: 'nox', indexVariables: () => ({}), caBundleVariables: [] }
];
/** Every CA bundle variable some tool reads: each gets the bundle with the job's authority. */
function caBundleVariables(tools = PYTHON_TOOLS) {
    return [...new Set(tools.flatMap(tool => tool.caBundleVariables))];
}
/**
 * Whether a client may get a JSON API document the router built (see `jsonApiUserAgent`): a tool
 * that installs from it. Any other client may read it for what it cannot tell (vulnerabilities).
 */
function installsFromJsonApi(userAgent) {
    return PYTHON_TOOLS.some(tool => tool.jsonApiUserAgent?.test(userAgent ?? '') === true);
}
/** Whether a client should keep its own copy of a file the router serves (see the registry). */
function keepsFileCopies(userAgent) {
    return PYTHON_TOOLS.some(tool => tool.keepsFileCopiesUserAgent?.test(userAgent ?? '') === true);
}
/** Whether a workspace uses `tool`, by its top-level files and pyproject.toml. */
function usesTool(tool, workspace) {
    const files = tool.files;
    if (!files)
        return false;
    const table = files.table === undefined ? undefined : new RegExp(`^\\[tool\\.${files.table}[\\].]`, 'm');
    return (workspace.fileNames.some(name => files.names.test(name)) ||
        (table !== undefined && workspace.pyproject !== undefined && table.test(workspace.pyproject)));
}
/**
 * `transparent: auto`: whether the workspace uses a tool that index variables cannot serve
 * without a lock going stale, a URL written into a file, or a request going around the mirrors.
 */
function workspaceNeedsProxy(workspace) {
    return PYTHON_TOOLS.some(tool => tool.indexModeLimit !== undefined && usesTool(tool, workspace));
}
/**
 * The cache folders of the tools a workspace uses, by their top-level files, as each tool finds
 * its folder: its variable, else platformdirs' user cache folder (`XDG_CACHE_HOME` or
 * `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows).
 */
function python_tools_usedToolCaches(machine, workspace) {
    const { platform, env, home } = machine;
    const join = (...parts) => parts.join(platform === 'win32' ? '\\' : '/');
    const userCache = platform === 'win32'
        ? (env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
        : platform === 'darwin'
            ? join(home, 'Library', 'Caches')
            : env.XDG_CACHE_HOME || join(home, '.cache');
    const system = platform === 'win32' || platform === 'darwin' ? platform : 'linux';
    return PYTHON_TOOLS.flatMap(tool => {
        const cache = tool.cache;
        if (!cache || !usesTool(tool, workspace))
            return [];
        return [{ tool: cache.key, dir: env[cache.variable] || join(userCache, cache.folder[system]) }];
    });
}

;// CONCATENATED MODULE: ./src/tools/workspace-files.ts


/** Reads the workspace's top folder; an unreadable one has no files. */
async function workspace_files_readWorkspaceTop(dir) {
    const [fileNames, pyproject] = await Promise.all([
        readdir(dir).catch(() => []),
        readFile(path.join(dir, 'pyproject.toml'), 'utf8').catch(() => undefined)
    ]);
    return { fileNames, ...(pyproject === undefined ? {} : { pyproject }) };
}

;// CONCATENATED MODULE: ./src/cache/cache.ts











const NOTICE_TITLE = (0,format/* annotationTitle */.qF)('cache');
const CACHE_LIMIT_BYTES = 2 * 1024 ** 3;
/** Where pip keeps the wheels it built from source, inside its cache directory. */
const PIP_BUILT_WHEELS = 'wheels';
async function readCacheFacts(inputs) {
    const [pipDir, uvDir, python, release, dependencyHash, workspace] = await Promise.all([
        pipCacheDir(),
        uvCacheDir(),
        readPythonInfo(),
        osRelease(),
        hashDependencyFiles(inputs.cacheDependencyPath, workspaceDir()).catch(() => ''),
        readWorkspaceTop(workspaceDir())
    ]);
    const toolDirs = usedToolCaches({ platform: process.platform, env: process.env, home: os.homedir() }, workspace);
    return { pipDir, uvDir, toolDirs, python, release, dependencyHash };
}
/**
 * Restores pip's and uv's caches, and in router mode the router's store (`storeDir`), under one
 * key: the store is only worth keeping beside the caches that the same installs filled.
 */
async function restoreCache(inputs, source, facts, storeDir) {
    if (!cacheServiceAvailable()) {
        core.notice('The Actions cache service is not available to this job: pip cache not restored or saved.', {
            title: NOTICE_TITLE
        });
        return undefined;
    }
    const { pipDir, uvDir, toolDirs, python, release, dependencyHash } = await facts;
    const dirs = [];
    // Through the router, pip's HTTP cache would hold the store's files a second time (the router
    // serves them `no-store`, and the store is saved): only the wheels pip built from source.
    if (pipDir)
        dirs.push({ tool: 'pip', dir: storeDir ? path.join(pipDir, PIP_BUILT_WHEELS) : pipDir });
    if (uvDir)
        dirs.push({ tool: 'uv', dir: uvDir });
    dirs.push(...toolDirs);
    if (storeDir && dirs.length > 0)
        dirs.push({ tool: 'store', dir: storeDir });
    if (!python || dirs.length === 0) {
        core.notice('No Python with pip (and no uv) on PATH, or its cache is disabled: nothing to cache.', {
            title: NOTICE_TITLE
        });
        return undefined;
    }
    if (dependencyHash === '') {
        core.notice(`No file matched cache-dependency-path (${inputs.cacheDependencyPath.filter(p => !p.startsWith('!')).join(', ')}): caching under a key without a dependency hash.`, { title: NOTICE_TITLE });
    }
    const keyInput = {
        runnerOs: runnerOs(),
        osRelease: release,
        python,
        tools: dirs.map(d => d.tool),
        dependencyHash
    };
    const keys = cacheKeys({ ...keyInput, source });
    const paths = dirs.map(entry => entry.dir);
    for (const entry of dirs)
        core.info(`${entry.tool}: ${entry.dir}`);
    core.info(`Key: ${keys.primary}`);
    core.info(`Restore keys: ${keys.restoreKeys.join(', ')}`);
    const restored = await restoreDirectories(paths, keys.primary, keys.restoreKeys);
    if (restored.problem)
        core.warning(`Cache not restored: ${restored.problem}`, { title: NOTICE_TITLE });
    const hit = restored.matchedKey === undefined
        ? 'miss'
        : restored.matchedKey === keys.primary
            ? 'exact'
            : 'partial';
    core.info(hit === 'miss'
        ? 'No cache found'
        : `Restored ${restored.matchedKey} (${hit === 'exact' ? 'exact match' : 'restore-key match'}): ${formatBytes(restored.sizeBytes)} in ${formatSeconds(restored.ms)}`);
    return {
        directories: dirs,
        keyInput,
        keys,
        report: {
            key: keys.primary,
            matchedKey: restored.matchedKey,
            hit,
            sizeBytes: restored.sizeBytes,
            restoreMs: restored.ms,
            problem: restored.problem
        }
    };
}
/** The post step's instructions: save under the key of the source that filled the cache. */
function planSave(restored, source, inputs, install, jobStartedAt) {
    return {
        ...(source === 'router' && jobStartedAt !== undefined ? { storeUsedSince: jobStartedAt } : {}),
        directories: restored.directories,
        saveKey: cacheKeys({ ...restored.keyInput, source }).primary,
        matchedKey: restored.report.matchedKey,
        readOnly: inputs.cache === 'read-only',
        untrustedEvent: untrustedCacheEvent(process.env.GITHUB_EVENT_NAME),
        install
    };
}
async function saveCache(plan) {
    const paths = plan.directories.map(entry => entry.dir);
    const decision = (0,cache_policy/* decideSave */.y_)(plan, (await totalSize(paths)) > 0);
    if (!decision.save) {
        if (decision.level === 'notice')
            lib_core/* notice */.lm(decision.reason, { title: NOTICE_TITLE });
        else
            lib_core/* info */.pq(decision.reason);
        return { key: plan.saveKey, saved: false, reason: decision.reason };
    }
    let store;
    for (const { tool, dir } of plan.directories) {
        if (tool === 'uv') {
            await pruneUvCache().catch(error => lib_core/* info */.pq(`uv cache prune --ci failed: ${error}`));
            continue;
        }
        if (tool === 'store' && plan.storeUsedSince !== undefined) {
            const { kept, dropped } = await pruneStore(dir, plan.storeUsedSince);
            store = {
                kept: kept.length,
                keptBytes: bytesOf(kept),
                dropped: dropped.length,
                droppedBytes: bytesOf(dropped)
            };
            lib_core/* info */.pq(`Store: keeping the ${store.kept} file(s) this job used (${(0,format/* formatBytes */.z3)(store.keptBytes)}), dropping ${store.dropped} no longer used (${(0,format/* formatBytes */.z3)(store.droppedBytes)})`);
        }
        // pip's cache and the router's store: drop what must not travel, then the oldest files.
        const evicted = await tidyCacheDirectory(dir, CACHE_LIMIT_BYTES);
        if (evicted.length > 0) {
            lib_core/* info */.pq(`Removed ${evicted.length} old file(s) to keep the archive under ${(0,format/* formatBytes */.z3)(CACHE_LIMIT_BYTES)}`);
        }
    }
    const result = await saveDirectories(paths, plan.saveKey);
    if (result.saved) {
        lib_core/* info */.pq(`Saved ${plan.saveKey}: ${(0,format/* formatBytes */.z3)(result.sizeBytes)} in ${(0,format/* formatSeconds */.Xo)(result.ms)}`);
    }
    else {
        lib_core/* warning */.$e(`Cache not saved: ${result.problem}`, { title: NOTICE_TITLE });
    }
    return {
        key: plan.saveKey,
        saved: result.saved,
        sizeBytes: result.sizeBytes,
        ms: result.ms,
        reason: result.problem,
        ...(store ? { store } : {})
    };
}
function bytesOf(files) {
    return files.reduce((sum, file) => sum + file.size, 0);
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
