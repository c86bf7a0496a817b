export const id = 414;
export const ids = [414];
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


/***/ })

};
