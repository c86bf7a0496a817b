export const id = 969;
export const ids = [969,414];
export const modules = {

/***/ 414:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cacheServiceAvailable: () => (/* binding */ cacheServiceAvailable),
/* harmony export */   hashDependencyFiles: () => (/* binding */ hashDependencyFiles),
/* harmony export */   pruneStore: () => (/* binding */ pruneStore),
/* harmony export */   restoreDirectories: () => (/* binding */ restoreDirectories),
/* harmony export */   saveDirectories: () => (/* binding */ saveDirectories),
/* harmony export */   tidyCacheDirectory: () => (/* binding */ tidyCacheDirectory),
/* harmony export */   totalSize: () => (/* binding */ totalSize)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(643);
/* harmony import */ var node_perf_hooks__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_perf_hooks__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _actions_cache__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9312);
/* harmony import */ var _actions_glob__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2377);
/* harmony import */ var _cache_policy_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9779);
/* harmony import */ var _format_format_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(4496);
/* harmony import */ var _runner_deadline_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(496);








/** False where the runner offers no cache service (GHES without it, local runners). */
function cacheServiceAvailable() {
    return _actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .isFeatureAvailable */ .w3();
}
const noAnswer = (ms) => `the cache service did not answer within ${ms / 1000} s`;
/** Lookups retry 5xx for half a minute; a job should not wait that long for a cache. */
const LOOKUP_TIMEOUT_MS = 10_000;
/**
 * Restores the first matching archive; never throws. The lookup is bounded on its own, since
 * only the download of a large archive may legitimately take long.
 */
async function restoreDirectories(paths, primaryKey, restoreKeys) {
    const started = node_perf_hooks__WEBPACK_IMPORTED_MODULE_2__.performance.now();
    const outcome = async (matchedKey, problem) => ({
        matchedKey,
        problem,
        ms: node_perf_hooks__WEBPACK_IMPORTED_MODULE_2__.performance.now() - started,
        sizeBytes: await totalSize(paths)
    });
    const lookup = await withLibraryAnnotationsCaptured(() => (0,_runner_deadline_js__WEBPACK_IMPORTED_MODULE_6__/* .withTimeout */ .w)(_actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .restoreCache */ .P3(paths, primaryKey, restoreKeys, { lookupOnly: true }), LOOKUP_TIMEOUT_MS, noAnswer(LOOKUP_TIMEOUT_MS)));
    if (lookup.value === undefined)
        return outcome(undefined, lookup.problem);
    const restored = await withLibraryAnnotationsCaptured(() => _actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .restoreCache */ .P3(paths, lookup.value));
    return outcome(restored.value, restored.problem);
}
/**
 * Saves the directories under `key`; never throws. A bounded lookup first checks that the
 * service answers and that no other job saved the key meanwhile; the upload then gets a minute
 * plus a second per MiB, so a hanging service cannot hold the job.
 */
async function saveDirectories(paths, key) {
    const sizeBytes = await totalSize(paths);
    const started = node_perf_hooks__WEBPACK_IMPORTED_MODULE_2__.performance.now();
    const outcome = (saved, problem) => ({
        saved,
        problem,
        sizeBytes,
        ms: node_perf_hooks__WEBPACK_IMPORTED_MODULE_2__.performance.now() - started
    });
    const lookup = await withLibraryAnnotationsCaptured(() => (0,_runner_deadline_js__WEBPACK_IMPORTED_MODULE_6__/* .withTimeout */ .w)(_actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .restoreCache */ .P3(paths, key, [], { lookupOnly: true }), LOOKUP_TIMEOUT_MS, noAnswer(LOOKUP_TIMEOUT_MS)));
    if (lookup.problem)
        return outcome(false, lookup.problem);
    if (lookup.value === key)
        return outcome(false, `another job already saved ${key}`);
    const uploadTimeoutMs = 60_000 + Math.ceil(sizeBytes / 1024 ** 2) * 1000;
    const { value: cacheId, problem } = await withLibraryAnnotationsCaptured(() => (0,_runner_deadline_js__WEBPACK_IMPORTED_MODULE_6__/* .withTimeout */ .w)(_actions_cache__WEBPACK_IMPORTED_MODULE_3__/* .saveCache */ .Io(paths, key), uploadTimeoutMs, noAnswer(uploadTimeoutMs)));
    const saved = cacheId !== undefined && cacheId !== -1;
    return outcome(saved, saved ? undefined : (problem ?? 'the cache service did not accept the archive'));
}
/**
 * Removes pip's files that must not travel and, above `limitBytes`, the oldest cached files.
 * Returns what was evicted for the size limit.
 */
async function tidyCacheDirectory(dir, limitBytes) {
    const files = await listFiles(dir);
    const transient = files.filter(file => (0,_cache_policy_js__WEBPACK_IMPORTED_MODULE_5__/* .isTransientCacheFile */ .Vl)(node_path__WEBPACK_IMPORTED_MODULE_1___default().relative(dir, file.path)));
    await Promise.all(transient.map(file => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(file.path, { force: true })));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'selfcheck'), { recursive: true, force: true });
    const kept = files.filter(file => !transient.includes(file));
    const evicted = (0,_cache_policy_js__WEBPACK_IMPORTED_MODULE_5__/* .selectEvictions */ .Ng)(kept, limitBytes);
    await Promise.all(evicted.map(file => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(file.path, { force: true })));
    return evicted;
}
/**
 * Removes the store's entries not used since `sinceMs` (see `selectUnused`), and its temp files;
 * the entries kept and dropped, for the summary.
 */
async function pruneStore(dir, sinceMs) {
    const files = await listFiles(dir);
    const temp = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'tmp') + (node_path__WEBPACK_IMPORTED_MODULE_1___default().sep);
    const entries = files.filter(file => !file.path.startsWith(temp));
    const dropped = (0,_cache_policy_js__WEBPACK_IMPORTED_MODULE_5__/* .selectUnused */ .t5)(entries, sinceMs);
    await Promise.all(dropped.map(file => (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(file.path, { force: true })));
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(temp, { recursive: true, force: true });
    return { kept: entries.filter(file => !dropped.includes(file)), dropped };
}
async function totalSize(paths) {
    const sizes = await Promise.all(paths.map(async (dir) => (await listFiles(dir)).reduce((sum, file) => sum + file.size, 0)));
    return sizes.reduce((sum, size) => sum + size, 0);
}
async function listFiles(dir) {
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir, { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter(entry => entry.isFile());
    return Promise.all(files.map(async (entry) => {
        const full = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(entry.parentPath, entry.name);
        const info = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(full);
        return { path: full, size: info.size, mtimeMs: info.mtimeMs };
    }));
}
/** `hashFiles` over the dependency globs, relative to the workspace; '' when none match. */
async function hashDependencyFiles(patterns, workspace) {
    return _actions_glob__WEBPACK_IMPORTED_MODULE_4__/* .hashFiles */ .y(patterns.join('\n'), workspace);
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
        return { problem: (0,_format_format_js__WEBPACK_IMPORTED_MODULE_7__/* .errorMessage */ .gJ)(error) };
    }
    finally {
        process.stdout.write = write;
    }
}
const LIBRARY_FAILURE_LINE = /^(Failed to (save|restore)|Cache reservation failed)/;
function unescapeCommandData(text) {
    return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}


/***/ }),

/***/ 8969:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  CACHE_LIMIT_BYTES: () => (/* binding */ CACHE_LIMIT_BYTES),
  planSave: () => (/* binding */ planSave),
  readCacheFacts: () => (/* binding */ readCacheFacts),
  restoreCache: () => (/* binding */ restoreCache),
  saveCache: () => (/* binding */ saveCache)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 7 modules
var core = __webpack_require__(3838);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/cache/actions-cache.ts
var actions_cache = __webpack_require__(414);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/mirrors/mirror.ts + 1 modules
var mirrors_mirror = __webpack_require__(709);
;// CONCATENATED MODULE: ./src/cache/cache-key.ts


/** Bump when the layout of what is cached changes, so old archives stop matching. */
const CACHE_KEY_PREFIX = 'pip-mirror-v1';
/**
 * `pip-mirror-v1-<os>-<release>-<python>-<arch>-<tools>-<source>-<hash>`. pip's HTTP cache is
 * keyed by URL, so an archive filled from one mirror mostly misses under another: the mirror is
 * part of the key, and the fallbacks drop the dependency hash first, then the mirror. Through
 * the router the URLs name files by sha256, the same from every mirror: the source is `router`.
 */
function cacheKeys(input) {
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
    const digest = (0,external_node_crypto_.createHash)('sha256')
        .update((0,mirrors_mirror/* withoutCredentials */.ri)(mirror.url))
        .digest('hex')
        .slice(0, 8);
    return `${keyPart(mirror.name)}_${digest}`;
}
/** Cache keys allow no commas and at most 512 characters; keep parts to a tame alphabet. */
function keyPart(text) {
    return text.replace(/[^A-Za-z0-9.+_-]/g, '_');
}

// EXTERNAL MODULE: ./src/cache/cache-policy.ts
var cache_policy = __webpack_require__(9779);
// EXTERNAL MODULE: ./src/runner/python-env.ts
var python_env = __webpack_require__(4356);
// EXTERNAL MODULE: ./src/format/format.ts
var format = __webpack_require__(4496);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
// EXTERNAL MODULE: ./src/tools/python-tools.ts
var python_tools = __webpack_require__(9503);
// EXTERNAL MODULE: ./src/tools/workspace-files.ts
var workspace_files = __webpack_require__(9704);
;// CONCATENATED MODULE: ./src/cache/cache.ts











const NOTICE_TITLE = (0,format/* annotationTitle */.qF)('cache');
const CACHE_LIMIT_BYTES = 2 * 1024 ** 3;
/** Where pip keeps the wheels it built from source, inside its cache directory. */
const PIP_BUILT_WHEELS = 'wheels';
async function readCacheFacts(inputs) {
    const [pipDir, uvDir, python, release, dependencyHash, workspace] = await Promise.all([
        (0,python_env/* pipCacheDir */.Lc)(),
        (0,python_env/* uvCacheDir */.De)(),
        (0,python_env/* readPythonInfo */.LE)(),
        (0,runner_env/* osRelease */._W)(),
        (0,actions_cache.hashDependencyFiles)(inputs.cacheDependencyPath, (0,runner_env/* workspaceDir */.zf)()).catch(() => ''),
        (0,workspace_files/* readWorkspaceTop */.r)((0,runner_env/* workspaceDir */.zf)())
    ]);
    const toolDirs = (0,python_tools/* usedToolCaches */.fD)({ platform: process.platform, env: process.env, home: external_node_os_default().homedir() }, workspace);
    return { pipDir, uvDir, toolDirs, python, release, dependencyHash };
}
/**
 * Restores pip's and uv's caches, and in router mode the router's store (`storeDir`), under one
 * key: the store is only worth keeping beside the caches that the same installs filled.
 */
async function restoreCache(inputs, source, facts, storeDir) {
    if (!(0,actions_cache.cacheServiceAvailable)()) {
        core/* notice */.lm('The Actions cache service is not available to this job: pip cache not restored or saved.', {
            title: NOTICE_TITLE
        });
        return undefined;
    }
    const { pipDir, uvDir, toolDirs, python, release, dependencyHash } = await facts;
    const dirs = [];
    // Through the router, pip's HTTP cache would hold the store's files a second time (the router
    // serves them `no-store`, and the store is saved): only the wheels pip built from source.
    if (pipDir)
        dirs.push({ tool: 'pip', dir: storeDir ? external_node_path_default().join(pipDir, PIP_BUILT_WHEELS) : pipDir });
    if (uvDir)
        dirs.push({ tool: 'uv', dir: uvDir });
    dirs.push(...toolDirs);
    if (storeDir && dirs.length > 0)
        dirs.push({ tool: 'store', dir: storeDir });
    if (!python || dirs.length === 0) {
        core/* notice */.lm('No Python with pip (and no uv) on PATH, or its cache is disabled: nothing to cache.', {
            title: NOTICE_TITLE
        });
        return undefined;
    }
    if (dependencyHash === '') {
        core/* notice */.lm(`No file matched cache-dependency-path (${inputs.cacheDependencyPath.filter(p => !p.startsWith('!')).join(', ')}): caching under a key without a dependency hash.`, { title: NOTICE_TITLE });
    }
    const keyInput = {
        runnerOs: (0,runner_env/* runnerOs */.tg)(),
        osRelease: release,
        python,
        tools: dirs.map(d => d.tool),
        dependencyHash
    };
    const keys = cacheKeys({ ...keyInput, source });
    const paths = dirs.map(entry => entry.dir);
    for (const entry of dirs)
        core/* info */.pq(`${entry.tool}: ${entry.dir}`);
    core/* info */.pq(`Key: ${keys.primary}`);
    core/* info */.pq(`Restore keys: ${keys.restoreKeys.join(', ')}`);
    const restored = await (0,actions_cache.restoreDirectories)(paths, keys.primary, keys.restoreKeys);
    if (restored.problem)
        core/* warning */.$e(`Cache not restored: ${restored.problem}`, { title: NOTICE_TITLE });
    const hit = restored.matchedKey === undefined
        ? 'miss'
        : restored.matchedKey === keys.primary
            ? 'exact'
            : 'partial';
    core/* info */.pq(hit === 'miss'
        ? 'No cache found'
        : `Restored ${restored.matchedKey} (${hit === 'exact' ? 'exact match' : 'restore-key match'}): ${(0,format/* formatBytes */.z3)(restored.sizeBytes)} in ${(0,format/* formatSeconds */.Xo)(restored.ms)}`);
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
        untrustedEvent: (0,cache_policy/* untrustedCacheEvent */.R9)(process.env.GITHUB_EVENT_NAME),
        install
    };
}
async function saveCache(plan) {
    const paths = plan.directories.map(entry => entry.dir);
    const decision = (0,cache_policy/* decideSave */.y_)(plan, (await (0,actions_cache.totalSize)(paths)) > 0);
    if (!decision.save) {
        if (decision.level === 'notice')
            core/* notice */.lm(decision.reason, { title: NOTICE_TITLE });
        else
            core/* info */.pq(decision.reason);
        return { key: plan.saveKey, saved: false, reason: decision.reason };
    }
    let store;
    for (const { tool, dir } of plan.directories) {
        if (tool === 'uv') {
            await (0,python_env/* pruneUvCache */.AU)().catch(error => core/* info */.pq(`uv cache prune --ci failed: ${error}`));
            continue;
        }
        if (tool === 'store' && plan.storeUsedSince !== undefined) {
            const { kept, dropped } = await (0,actions_cache.pruneStore)(dir, plan.storeUsedSince);
            store = {
                kept: kept.length,
                keptBytes: bytesOf(kept),
                dropped: dropped.length,
                droppedBytes: bytesOf(dropped)
            };
            core/* info */.pq(`Store: keeping the ${store.kept} file(s) this job used (${(0,format/* formatBytes */.z3)(store.keptBytes)}), dropping ${store.dropped} no longer used (${(0,format/* formatBytes */.z3)(store.droppedBytes)})`);
        }
        // pip's cache and the router's store: drop what must not travel, then the oldest files.
        const evicted = await (0,actions_cache.tidyCacheDirectory)(dir, CACHE_LIMIT_BYTES);
        if (evicted.length > 0) {
            core/* info */.pq(`Removed ${evicted.length} old file(s) to keep the archive under ${(0,format/* formatBytes */.z3)(CACHE_LIMIT_BYTES)}`);
        }
    }
    const result = await (0,actions_cache.saveDirectories)(paths, plan.saveKey);
    if (result.saved) {
        core/* info */.pq(`Saved ${plan.saveKey}: ${(0,format/* formatBytes */.z3)(result.sizeBytes)} in ${(0,format/* formatSeconds */.Xo)(result.ms)}`);
    }
    else {
        core/* warning */.$e(`Cache not saved: ${result.problem}`, { title: NOTICE_TITLE });
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


/***/ })

};
