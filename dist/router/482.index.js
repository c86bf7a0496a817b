export const id = 482;
export const ids = [482];
export const modules = {

/***/ 1535:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jp: () => (/* binding */ authorityLifetimeMs),
  Fw: () => (/* binding */ createJobAuthority),
  Cd: () => (/* binding */ issueServerCertificate)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/proxy/der.ts
// The few DER (X.690) encodings an X.509 certificate of the job's authority needs. Written out
// rather than taken from an ASN.1 library: loading one costs each job about 0.2 s before its
// install can start, and these certificates have a fixed shape.
function tlv(tag, content) {
    const length = content.length;
    if (length < 0x80)
        return Buffer.concat([Buffer.from([tag, length]), content]);
    const bytes = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256))
        bytes.unshift(rest & 0xff);
    return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}
const sequence = (...items) => tlv(0x30, Buffer.concat(items));
const set = (...items) => tlv(0x31, Buffer.concat(items));
/** `[n]` EXPLICIT (constructed) or IMPLICIT of a primitive (`primitive: true`). */
const tagged = (n, content, primitive = false) => tlv((primitive ? 0x80 : 0xa0) | n, content);
const der_boolean = (value) => tlv(0x01, Buffer.from([value ? 0xff : 0]));
const octetString = (content) => tlv(0x04, content);
const utf8String = (text) => tlv(0x0c, Buffer.from(text, 'utf8'));
/** A BIT STRING of whole bytes (no unused bits). */
const bitString = (content) => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
/** A non-negative INTEGER from its big-endian bytes. */
function unsignedInteger(bytes) {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0)
        start++;
    const trimmed = bytes.subarray(start);
    return tlv(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
const smallInteger = (value) => unsignedInteger(Buffer.from([value]));
function objectIdentifier(dotted) {
    const [first, second, ...rest] = dotted.split('.').map(Number);
    const bytes = [first * 40 + second];
    for (const arc of rest) {
        const groups = [];
        for (let value = arc;; value = Math.floor(value / 128)) {
            groups.unshift(value % 128);
            if (value < 128)
                break;
        }
        bytes.push(...groups.map((group, index) => (index < groups.length - 1 ? group | 0x80 : group)));
    }
    return tlv(0x06, Buffer.from(bytes));
}
/** UTCTime before 2050, GeneralizedTime from then on, to the second, as RFC 5280 asks. */
function time(date) {
    const iso = date.toISOString();
    const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
    return date.getUTCFullYear() < 2050
        ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`))
        : tlv(0x18, Buffer.from(`${digits}Z`));
}
/** The PEM form of a DER certificate. */
function certificatePem(der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join('\n');
}

;// CONCATENATED MODULE: ./src/proxy/authority.ts
// The job's certificate authority: made in the router's process, its key kept in memory only
// (never written, handed to the router's workers over their IPC channel), limited by X.509 name
// constraints to the hosts the router answers for, so that it can vouch for nothing else even
// if it leaked.


/** Clocks of runners and their containers drift: a certificate valid from a little earlier. */
const CLOCK_SKEW_MS = 60 * 60 * 1000;
const AUTHORITY_NAME = 'pip-mirror-action job CA';
/**
 * How long the authority is valid: the longest a job may run, 6 hours on GitHub's runners and 5
 * days on self-hosted ones. Its key dies with the router anyway, at the end of the job.
 */
function authorityLifetimeMs(env) {
    const hours = env.RUNNER_ENVIRONMENT === 'github-hosted' ? 6 : 5 * 24;
    return hours * 60 * 60 * 1000;
}
const OID = {
    ecdsaWithSha256: '1.2.840.10045.4.3.2',
    commonName: '2.5.4.3',
    basicConstraints: '2.5.29.19',
    keyUsage: '2.5.29.15',
    nameConstraints: '2.5.29.30',
    extKeyUsage: '2.5.29.37',
    subjectAltName: '2.5.29.17',
    serverAuth: '1.3.6.1.5.5.7.3.1'
};
/**
 * A self-signed ECDSA P-256 authority that may sign server certificates for `hosts` (and, as
 * RFC 5280's dNSName constraints go, their subdomains) only, for `validMs` from now, with no
 * intermediates below it (path length 0).
 */
function createJobAuthority(hosts, validMs, now = new Date()) {
    const keys = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'prime256v1' });
    const name = `${AUTHORITY_NAME} ${now.toISOString()}`;
    const permitted = hosts.map(host => sequence(dnsName(host)));
    const der = signedCertificate({
        subject: name,
        issuer: name,
        notBefore: new Date(now.getTime() - CLOCK_SKEW_MS),
        notAfter: new Date(now.getTime() + validMs),
        publicKey: keys.publicKey,
        signingKey: keys.privateKey,
        extensions: [
            extension(OID.basicConstraints, true, sequence(der_boolean(true), smallInteger(0))),
            // keyCertSign (bit 5) and cRLSign (bit 6): one unused bit.
            extension(OID.keyUsage, true, tlv(0x03, Buffer.from([1, 0x06]))),
            extension(OID.nameConstraints, true, sequence(tagged(0, Buffer.concat(permitted))))
        ]
    });
    return { certPem: certificatePem(der), keyPem: privateKeyPem(keys.privateKey) };
}
/** A server certificate for `hosts`, signed by `authority`, valid as long as the authority. */
function issueServerCertificate(authority, hosts) {
    const issuer = new external_node_crypto_.X509Certificate(authority.certPem);
    const keys = (0,external_node_crypto_.generateKeyPairSync)('ec', { namedCurve: 'prime256v1' });
    const der = signedCertificate({
        subject: hosts[0],
        issuer: issuer.subject.replace(/^CN=/, ''),
        notBefore: new Date(issuer.validFrom),
        notAfter: new Date(issuer.validTo),
        publicKey: keys.publicKey,
        signingKey: (0,external_node_crypto_.createPrivateKey)(authority.keyPem),
        extensions: [
            extension(OID.basicConstraints, true, sequence()),
            // digitalSignature (bit 0): seven unused bits.
            extension(OID.keyUsage, true, tlv(0x03, Buffer.from([7, 0x80]))),
            extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth))),
            extension(OID.subjectAltName, false, sequence(...hosts.map(dnsName)))
        ]
    });
    return { certPem: certificatePem(der), keyPem: privateKeyPem(keys.privateKey) };
}
/** RFC 5280's Certificate: the TBSCertificate, its algorithm, and its ECDSA signature. */
function signedCertificate(fields) {
    const algorithm = sequence(objectIdentifier(OID.ecdsaWithSha256));
    // 16 random bytes, positive (the top bit clear), as X.509 serial numbers should be.
    const serial = (0,external_node_crypto_.randomBytes)(16);
    serial[0] &= 0x7f;
    const tbs = sequence(tagged(0, smallInteger(2)), unsignedInteger(serial), algorithm, distinguishedName(fields.issuer), sequence(time(fields.notBefore), time(fields.notAfter)), distinguishedName(fields.subject), fields.publicKey.export({ type: 'spki', format: 'der' }), tagged(3, sequence(...fields.extensions)));
    return sequence(tbs, algorithm, bitString((0,external_node_crypto_.sign)('sha256', tbs, fields.signingKey)));
}
function distinguishedName(commonName) {
    return sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))));
}
/** A GeneralName's dNSName: `[2] IMPLICIT IA5String`. */
function dnsName(host) {
    return tagged(2, Buffer.from(host, 'ascii'), true);
}
function extension(oid, critical, value) {
    return sequence(objectIdentifier(oid), ...(critical ? [der_boolean(true)] : []), octetString(value));
}
function privateKeyPem(key) {
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}


/***/ }),

/***/ 644:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M0: () => (/* binding */ routeInterceptedRequest),
/* harmony export */   Ri: () => (/* binding */ PYPI_INDEX_HOST),
/* harmony export */   Zz: () => (/* binding */ routeRequest),
/* harmony export */   mu: () => (/* binding */ PYPI_FILES_HOST),
/* harmony export */   w3: () => (/* binding */ INTERCEPTED_HOSTS)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _mirrors_project_name_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7729);
// What a request to the router asks for, decided from its head alone, before anything is
// fetched: every byte of it comes from a client that may be hostile (another local user, a web
// page through DNS rebinding, a careless tool), so anything unexpected is refused here.


/** PEP 508's project name: letters, digits, `-`, `_` and `.`, starting and ending alphanumeric. */
const PROJECT_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** A distribution file's name: no separators, no control characters, no leading dot. */
const FILENAME = /^[A-Za-z0-9_+!~-][A-Za-z0-9._+!~-]*$/;
const METADATA_SUFFIX = '.metadata';
/** The hosts the router answers to: a browser on a rebound name sends that name instead. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
/** `Sec-Fetch-Site` values of a request that a page of another site did not make. */
const OWN_FETCH_SITES = ['same-origin', 'none'];
/** The route for a request, or why it is refused. */
function routeRequest(head, address) {
    const malformed = badMethodOrTarget(head);
    if (malformed)
        return malformed;
    const target = head.url ?? '';
    const hosts = address.hosts ?? LOOPBACK_HOSTS;
    const host = single(head.headers.host);
    if (host === undefined || !isOwnHost(host, address.port, hosts))
        return refused(403, `the Host header must name the router (${hosts.join(', ')} and its port)`);
    const origin = single(head.headers.origin);
    if (origin !== undefined && !isOwnOrigin(origin, address.port, hosts))
        return refused(403, 'requests from another origin are refused');
    const site = single(head.headers['sec-fetch-site']);
    if (site !== undefined && !OWN_FETCH_SITES.includes(site.toLowerCase()))
        return refused(403, 'requests from another site are refused');
    const path = target.split('?')[0];
    if (path === '/health')
        return { kind: 'health' };
    const segments = path.split('/').slice(1);
    if (!sameSecret(segments[0] ?? '', address.secret))
        return notFound();
    const [, area, ...rest] = segments;
    if (area === 'stats' && rest.length === 0)
        return { kind: 'stats' };
    if (area === 'simple') {
        const project = projectRoute(rest);
        return typeof project === 'string' ? { kind: 'page', project, secret: address.secret } : project;
    }
    if (area === 'files')
        return fileRoute(rest);
    return notFound();
}
/** `<name>/` or `<name>`, decoded once, a valid project name: the name, normalised. */
function projectRoute(rest) {
    if (rest.length === 0 || rest.length > 2 || (rest.length === 2 && rest[1] !== ''))
        return notFound();
    const name = decodeOnce(rest[0]);
    if (name === undefined)
        return refused(400, 'the project name is not valid percent-encoding');
    if (!PROJECT_NAME.test(name))
        return refused(404, 'not a project name');
    return (0,_mirrors_project_name_js__WEBPACK_IMPORTED_MODULE_1__/* .normalizeProjectName */ .y)(name);
}
/** `<sha256>/<filename>` or `<sha256>/<filename>.metadata`. */
function fileRoute(rest) {
    if (rest.length !== 2 || !SHA256.test(rest[0]))
        return notFound();
    const decoded = decodeOnce(rest[1]);
    if (decoded === undefined)
        return refused(400, 'the file name is not valid percent-encoding');
    const metadata = decoded.endsWith(METADATA_SUFFIX);
    const filename = metadata ? decoded.slice(0, -METADATA_SUFFIX.length) : decoded;
    if (!FILENAME.test(filename))
        return refused(404, 'not a file name');
    return { kind: 'file', sha256: rest[0], filename, metadata };
}
/** PyPI's hosts, which the router answers for inside CONNECT tunnels of the job's tools. */
const PYPI_INDEX_HOST = 'pypi.org';
const PYPI_FILES_HOST = 'files.pythonhosted.org';
const INTERCEPTED_HOSTS = [PYPI_INDEX_HOST, PYPI_FILES_HOST];
/** A version as a URL segment: PEP 440's characters (local versions included), nothing else. */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/;
const PATH_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/**
 * The route for a request that came through a tunnel to one of PyPI's hosts (`host`, from the
 * CONNECT the router intercepted). What installers read there (project pages, the JSON API,
 * files and their core metadata) is answered from the mirrors; anything else (other paths and
 * methods, a Host that names another site, names PyPI would refuse) goes to the real host as it
 * came, so that the answer is PyPI's own.
 */
function routeInterceptedRequest(head, host) {
    const passThrough = { kind: 'pass-through', host };
    if (badMethodOrTarget(head))
        return passThrough;
    const sentHost = single(head.headers.host)?.toLowerCase();
    if (sentHost !== host && sentHost !== `${host}:443`)
        return passThrough;
    const segments = (head.url ?? '').split('?')[0].split('/').slice(1);
    if (host === PYPI_INDEX_HOST) {
        const [area, ...rest] = segments;
        const project = area === 'simple' || area === 'pypi' ? projectRoute(rest.slice(0, 1)) : '';
        if (typeof project !== 'string' || project === '')
            return passThrough;
        if (area === 'simple')
            return rest.length === 1 || (rest.length === 2 && rest[1] === '')
                ? { kind: 'pypi-page', project }
                : passThrough;
        return jsonRoute(project, rest.slice(1)) ?? passThrough;
    }
    if (segments[0] !== 'packages' || segments.length < 3)
        return passThrough;
    const decoded = decodeOnce(segments[segments.length - 1]);
    if (decoded === undefined)
        return passThrough;
    if (!segments.slice(1, -1).every(segment => PATH_SEGMENT.test(segment)))
        return passThrough;
    const metadata = decoded.endsWith(METADATA_SUFFIX);
    const filename = metadata ? decoded.slice(0, -METADATA_SUFFIX.length) : decoded;
    if (!FILENAME.test(filename))
        return passThrough;
    const path = [...segments.slice(0, -1), filename].join('/');
    return { kind: 'pypi-file', path: `/${path}`, filename, metadata };
}
/** Only GET and HEAD, of a path (not an absolute URL, nor `//` that some parsers take for one). */
function badMethodOrTarget(head) {
    if (head.method !== 'GET' && head.method !== 'HEAD')
        return refused(405, 'the router serves GET and HEAD only');
    const target = head.url ?? '';
    if (!target.startsWith('/') || target.startsWith('//'))
        return refused(400, 'the request target must be a path');
    return undefined;
}
/** After the name: `json` or `<version>/json` (a final slash allowed); undefined otherwise. */
function jsonRoute(project, rest) {
    if (rest[rest.length - 1] === '')
        rest = rest.slice(0, -1);
    if (rest.length === 1 && rest[0] === 'json')
        return { kind: 'pypi-json', project };
    if (rest.length !== 2 || rest[1] !== 'json')
        return undefined;
    const version = decodeOnce(rest[0]);
    return version !== undefined && VERSION.test(version)
        ? { kind: 'pypi-json', project, version }
        : undefined;
}
function isOwnHost(host, port, hosts) {
    return hosts.some(name => host.toLowerCase() === `${name}:${port}`);
}
function isOwnOrigin(origin, port, hosts) {
    return hosts.some(name => origin.toLowerCase() === `http://${name}:${port}`);
}
/** Compared in constant time: the secret must not leak through how fast a guess is refused. */
function sameSecret(given, secret) {
    const a = Buffer.from(given);
    const b = Buffer.from(secret);
    return secret !== '' && a.length === b.length && (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.timingSafeEqual)(a, b);
}
function decodeOnce(segment) {
    try {
        return decodeURIComponent(segment);
    }
    catch {
        return undefined;
    }
}
/** A header sent once; a repeated one (an array) counts as malformed. */
function single(value) {
    return Array.isArray(value) ? (value.length === 1 ? value[0] : '') : value;
}
function refused(status, reason) {
    return { kind: 'refused', status, reason };
}
function notFound() {
    return refused(404, 'not found');
}


/***/ }),

/***/ 7887:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ RouterLog)
/* harmony export */ });
/* unused harmony export routerLogTail */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _format_format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4496);



/** Past this the log stops: a router failing on every request must not fill the disk. */
const LOG_LIMIT_BYTES = 1024 * 1024;
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
            const size = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(this.file, { throwIfNoEntry: false })?.size ?? 0;
            if (size >= LOG_LIMIT_BYTES)
                return;
            const line = `${new Date().toISOString()} [${process.pid}] ${message}\n`;
            const full = size + line.length >= LOG_LIMIT_BYTES;
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.appendFileSync)(this.file, full ? `${line}(log full: later lines dropped)\n` : line, {
                mode: 0o600
            });
        }
        catch {
            // Nowhere left to say it: the router serves on.
        }
    }
    error(context, error) {
        const detail = error instanceof Error && error.stack ? error.stack : (0,_format_format_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error);
        this.write(`${context}: ${detail}`);
    }
}
/** The last `count` lines of a router's log; empty when it wrote none. */
async function routerLogTail(file, count) {
    const text = await readFile(file, 'utf8').catch(() => '');
    return text
        .split('\n')
        .filter(line => line !== '')
        .slice(-count);
}


/***/ }),

/***/ 5482:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Supervisor: () => (/* binding */ Supervisor)
});

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/runner/deadline.ts
/**
 * `promise`, or a rejection with `message` once `ms` have passed, whichever comes first; the
 * timer never outlives the race.
 */
function withTimeout(promise, ms, message) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(message)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// EXTERNAL MODULE: ./src/proxy/authority.ts + 1 modules
var authority = __webpack_require__(1535);
// EXTERNAL MODULE: ./src/router/config.ts
var router_config = __webpack_require__(9851);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/router/job-process.ts

/** How often the router checks that its job goes on. */
const JOB_POLL_MS = 1000;
/** `pid`'s start time; undefined when it is gone or the system has no /proc. */
function processStartTime(pid) {
    try {
        const stat = (0,external_node_fs_.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces and parentheses: count from after its end.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const startTime = Number(fields[19]);
        return Number.isSafeInteger(startTime) ? startTime : undefined;
    }
    catch {
        return undefined;
    }
}
/** The process that started this one: on a runner, the runner's worker for the main step. */
function jobProcess() {
    const startTime = processStartTime(process.ppid);
    return startTime === undefined ? undefined : { pid: process.ppid, startTime };
}
/**
 * Calls `gone` once the job's process has ended (or its pid now names another process), so that
 * a router whose post step never ran (a cancelled job, a killed runner) ends with its job.
 */
function watchJob(job, gone) {
    const timer = setInterval(() => {
        if (processStartTime(job.pid) !== job.startTime) {
            clearInterval(timer);
            gone();
        }
    }, JOB_POLL_MS);
    timer.unref();
}
/** Set on every descriptor libuv opens itself; inherited ones mostly lack it. */
const O_CLOEXEC = 0o2000000;
/** Standard input, output and error, and the IPC channel the starting step gave (fd 3). */
const KEPT_DESCRIPTORS = 4;
/**
 * Closes every descriptor this process inherited without opening it: the write end of a pipe a
 * wrapper reads the step's output from (process substitution) would otherwise stay open for as
 * long as the router runs, and the wrapper would wait for its end until the job's timeout. Node
 * does not close what it inherits; libuv opens its own descriptors close-on-exec, so those
 * without the flag are the inherited ones. Linux only; elsewhere nothing is closed.
 */
function closeInheritedDescriptors() {
    let descriptors;
    try {
        descriptors = (0,external_node_fs_.readdirSync)('/proc/self/fd').map(Number);
    }
    catch {
        return [];
    }
    return descriptors.filter(fd => {
        if (!(fd >= KEPT_DESCRIPTORS))
            return false;
        try {
            const flags = /^flags:\s*([0-7]+)/m.exec((0,external_node_fs_.readFileSync)(`/proc/self/fdinfo/${fd}`, 'utf8'));
            if (!flags || (parseInt(flags[1], 8) & O_CLOEXEC) !== 0)
                return false;
            (0,external_node_fs_.closeSync)(fd);
            return true;
        }
        catch {
            // Gone meanwhile (the descriptor that listed /proc/self/fd).
            return false;
        }
    });
}

// EXTERNAL MODULE: ./src/router/request.ts
var request = __webpack_require__(644);
// EXTERNAL MODULE: ./src/router/router-log.ts
var router_log = __webpack_require__(7887);
// EXTERNAL MODULE: ./src/router/supervision.ts
var supervision = __webpack_require__(2170);
;// CONCATENATED MODULE: ./src/router/supervisor.ts









/** How long a worker has to give its figures, and then to stop. */
const WORKER_ANSWER_MS = 2000;
/**
 * The router process the main step starts: a supervisor that holds the listening socket and
 * serves through a worker process it starts on that socket. When the worker dies, another takes
 * the same socket at once: connections that arrive meanwhile wait in its backlog, so later steps
 * never see a refused connection. It stops on SIGTERM (leaving the figures for the post step), and
 * when the job it was started for has ended, even when no post step came to stop it.
 */
class Supervisor {
    config;
    entry;
    log;
    /**
     * The listening socket, as the raw handle the main step sent: only workers accept on it (Node's
     * types call it a server when it is sent on).
     */
    socket;
    worker;
    ranking;
    /** What to fetch ahead, for each worker started. */
    plan;
    /** The socket on a Docker network's host-side address, for each worker started. */
    containers;
    workerStats = new Set();
    ready = false;
    restarts = 0;
    quickDeaths = 0;
    stopping = false;
    /** The job's authority, made here at start when the router is the job's HTTPS proxy. */
    authority;
    constructor(config, entry) {
        this.config = config;
        this.entry = entry;
        this.log = new router_log/* RouterLog */.k(config.logFile);
    }
    /** Reads the config once and deletes it: its credentials live in this process's memory only. */
    static async run(configFile, entry) {
        // Before anything opens a descriptor of its own (the IPC channel, fd 3, is kept).
        closeInheritedDescriptors();
        let config;
        try {
            config = (0,router_config/* parseRouterConfig */.zC)(await (0,promises_.readFile)(configFile, 'utf8'));
        }
        finally {
            await (0,promises_.rm)(configFile, { force: true });
        }
        new Supervisor(config, entry).listen();
    }
    listen() {
        // The supervisor's state is small and checked: an error of its own is logged, and it goes on
        // holding the socket, since without it every later step would find the router gone.
        process.on('uncaughtException', error => this.log.error('supervisor', error));
        process.on('unhandledRejection', error => this.log.error('supervisor', error));
        process.once('SIGTERM', () => void this.stop('stopped'));
        process.once('SIGINT', () => void this.stop('interrupted'));
        // The main step hands over the socket first: without it there is nothing to serve.
        process.once('disconnect', () => {
            if (!this.socket)
                void this.stop('the main step left before handing over the socket');
        });
        if (this.config.job)
            watchJob(this.config.job, () => void this.stop('the job ended without a post step'));
        if (this.config.transparent) {
            // Without it the main step gives the tools index variables instead, after a warning.
            try {
                this.authority = (0,authority/* createJobAuthority */.Fw)(request/* INTERCEPTED_HOSTS */.w3, (0,authority/* authorityLifetimeMs */.jp)(process.env));
                process.send?.((0,router_config/* authorityMessage */.P5)(this.authority.certPem));
            }
            catch (error) {
                this.log.error('the job authority could not be made', error);
            }
        }
        process.on('message', (value, handle) => {
            const message = (0,router_config/* parseParentMessage */.Jj)(value, this.config.mirrors.length);
            if (message?.kind === 'listen' && !this.socket && handle) {
                this.socket = handle;
                this.startWorker();
            }
            if (message?.kind === 'rank') {
                this.ranking = message.ranking;
                this.worker?.send((0,router_config/* rankMessage */.ke)(message.ranking));
            }
            if (message?.kind === 'containers' && !this.containers && handle) {
                this.containers = { host: message.host, socket: handle };
                this.worker?.send(message, handle);
            }
            if (message?.kind === 'prefetch' && !this.plan) {
                this.plan = message.plan;
                this.worker?.send(message);
            }
        });
    }
    startWorker() {
        const startedAt = Date.now();
        const worker = (0,external_node_child_process_.fork)(this.entry, [supervision/* RouterMode */.jY.Worker], {
            stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
            execArgv: []
        });
        this.worker = worker;
        worker.on('error', error => this.log.error('worker', error));
        worker.on('message', value => {
            const message = (0,supervision/* parseWorkerMessage */.R)(value);
            if (message?.kind === 'ready' && !this.ready) {
                this.ready = true;
                process.send?.((0,router_config/* readyMessage */.jO)());
            }
            if (message?.kind === 'stats')
                for (const take of this.workerStats)
                    take(message.stats);
        });
        worker.once('exit', (code, signal) => {
            if (this.stopping)
                return;
            this.log.write(`the router's worker ${worker.pid} died (${signal ?? `exit code ${code}`})`);
            this.restartWorker(Date.now() - startedAt);
        });
        worker.send((0,supervision/* startMessage */.su)(this.config, this.ranking, this.authority, this.plan), this.socket);
        if (this.containers)
            worker.send((0,router_config/* containersMessage */.qe)(this.containers.host), this.containers.socket);
    }
    /** Starts a worker again, later after each quick death; gives up when they keep dying. */
    restartWorker(livedMs) {
        if (!this.ready)
            return void this.stop('the router did not start', 1);
        this.quickDeaths = livedMs < supervision/* QUICK_DEATH_MS */.I_ ? this.quickDeaths + 1 : 1;
        const delayMs = (0,supervision/* restartDelayMs */.ns)(this.quickDeaths);
        if (delayMs === undefined)
            return void this.stop(`the worker died ${this.quickDeaths} times in a row: giving up`, 1);
        this.restarts++;
        setTimeout(() => {
            if (!this.stopping)
                this.startWorker();
        }, delayMs);
    }
    /** Leaves the worker's figures for the post step, stops the worker, and ends. */
    async stop(reason, exitCode = 0) {
        if (this.stopping)
            return;
        this.stopping = true;
        if (exitCode !== 0 || reason !== 'stopped')
            this.log.write(`the router ends: ${reason}`);
        const worker = this.worker;
        if (worker?.connected) {
            try {
                const stats = await this.askStats(worker);
                const supervised = { ...stats, restarts: this.restarts };
                await writeAtomically(this.config.statsFile, JSON.stringify(supervised));
            }
            catch (error) {
                this.log.error('the router left no figures', error);
            }
            const exited = new Promise(resolve => worker.once('exit', resolve));
            worker.kill('SIGTERM');
            await withTimeout(exited, WORKER_ANSWER_MS, 'the worker did not stop').catch(() => worker.kill('SIGKILL'));
        }
        process.exit(exitCode);
    }
    askStats(worker) {
        let take;
        const answered = new Promise(resolve => {
            take = resolve;
            this.workerStats.add(resolve);
        });
        worker.send((0,supervision/* statsRequest */.x8)());
        return withTimeout(answered, WORKER_ANSWER_MS, 'the worker gave no figures').finally(() => {
            if (take)
                this.workerStats.delete(take);
        });
    }
}
/** A reader never sees the file half-written. */
async function writeAtomically(file, text) {
    await (0,promises_.writeFile)(`${file}.tmp`, text, { mode: 0o600 });
    await (0,promises_.rename)(`${file}.tmp`, file);
}


/***/ })

};
