export const id = 891;
export const ids = [891];
export const modules = {

/***/ 3891:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   routerLogTail: () => (/* binding */ routerLogTail)
/* harmony export */ });
/* unused harmony export RouterLog */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);



/** Past this the log stops: a router failing on every request must not fill the disk. */
const LOG_LIMIT_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/**
 * The router's log, `router.log` in its folder: its errors, crashes and restarts, which the post
 * step shows. The supervisor and its worker both append to it, each line whole; writes are
 * synchronous so that the line about a crash is on disk before the process ends.
 */
class RouterLog {
    file;
    constructor(file) {
        this.file = file;
    }
    write(message) {
        try {
            const size = statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
            if (size >= LOG_LIMIT_BYTES)
                return;
            const line = `${new Date().toISOString()} [${process.pid}] ${message}\n`;
            const full = size + line.length >= LOG_LIMIT_BYTES;
            appendFileSync(this.file, full ? `${line}(log full: later lines dropped)\n` : line, {
                mode: 0o600
            });
        }
        catch {
            // Nowhere left to say it: the router serves on.
        }
    }
    error(context, error) {
        const detail = error instanceof Error && error.stack ? error.stack : errorMessage(error);
        this.write(`${context}: ${detail}`);
    }
}
/** The last `count` lines of a router's log; empty when it wrote none. */
async function routerLogTail(file, count) {
    const text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(file, 'utf8').catch(() => '');
    return text
        .split('\n')
        .filter(line => line !== '')
        .slice(-count);
}


/***/ })

};
