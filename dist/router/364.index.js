export const id = 364;
export const ids = [364];
export const modules = {

/***/ 8005:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Af: () => (/* binding */ adminTrustSettingsCommand),
/* harmony export */   KO: () => (/* binding */ MACOS_SYSTEM_ROOTS),
/* harmony export */   QP: () => (/* binding */ sha1Fingerprint),
/* harmony export */   Vq: () => (/* binding */ certificatesFromBase64Lines),
/* harmony export */   Zh: () => (/* binding */ MACOS_ADMIN_KEYCHAIN),
/* harmony export */   aU: () => (/* binding */ windowsRootStoreCommand),
/* harmony export */   si: () => (/* binding */ keychainCertificatesCommand),
/* harmony export */   xA: () => (/* binding */ storeReader),
/* harmony export */   xC: () => (/* binding */ pemCertificates)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _runner_powershell_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8813);


function storeReader(platform, nodeReadsStore) {
    if (platform !== 'darwin' && platform !== 'win32')
        return 'pem-files';
    if (nodeReadsStore)
        return 'node';
    return platform === 'darwin' ? 'macos-keychains' : 'windows-root-store';
}
/** Apple's roots: trusted unless an administrator says otherwise. */
const MACOS_SYSTEM_ROOTS = '/System/Library/Keychains/SystemRootCertificates.keychain';
/** Where an administrator (or a device management profile) adds roots to every user's trust. */
const MACOS_ADMIN_KEYCHAIN = '/Library/Keychains/System.keychain';
const SECURITY = '/usr/bin/security';
/** Every certificate of a keychain, as PEM blocks. */
function keychainCertificatesCommand(keychain) {
    return { file: SECURITY, args: ['find-certificate', '-a', '-p', keychain] };
}
/** The administrator's trust settings, as an XML property list written to `file`. */
function adminTrustSettingsCommand(file) {
    return { file: SECURITY, args: ['trust-settings-export', '-d', file] };
}
/**
 * The machine's and the user's trusted roots, one base64 DER per line. Windows PowerShell, at its
 * path under the system folder: every Windows has it, and pwsh is optional. .NET's X509Store
 * rather than the `Cert:` drive, which needs a module that a pwsh-set PSModulePath breaks. The
 * store "Root" of each location is Windows' merged view, group policy's roots included. Base64 is
 * ASCII, whatever the console's code page.
 */
function windowsRootStoreCommand(env) {
    // One line, and each location on its own: a store one account lacks leaves the other's roots.
    const script = [
        "foreach ($location in 'LocalMachine', 'CurrentUser') { try {",
        "$store = New-Object System.Security.Cryptography.X509Certificates.X509Store('Root', $location);",
        "$store.Open('ReadOnly, OpenExistingOnly');",
        'foreach ($certificate in $store.Certificates) { [Convert]::ToBase64String($certificate.RawData) };',
        '$store.Close()',
        '} catch { [Console]::Error.WriteLine($_) } }'
    ].join(' ');
    return (0,_runner_powershell_js__WEBPACK_IMPORTED_MODULE_1__/* .windowsPowerShell */ .L8)(env, script);
}
const CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
/** The PEM certificates in `text`, in order. */
function pemCertificates(text) {
    return text.match(CERTIFICATE) ?? [];
}
/** A base64 DER certificate: a SEQUENCE (0x30) with a long length, `MII…`, and nothing else. */
const BASE64_CERTIFICATE = /^MI[A-Za-z0-9+/]{60,}={0,2}$/;
/**
 * The certificates in PowerShell's output, one base64 DER per line, as PEM. Other lines (a
 * `#< CLIXML` error record, a blank line) are no certificate.
 */
function certificatesFromBase64Lines(output) {
    return output
        .split(/\r?\n/)
        .map(line => line.trim())
        .filter(line => BASE64_CERTIFICATE.test(line))
        .map(toPem);
}
function toPem(base64) {
    const lines = base64.match(/.{1,64}/g) ?? [];
    return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----'].join('\n');
}
/** A certificate's SHA-1 over its DER, in upper-case hex: how macOS keys trust settings. */
function sha1Fingerprint(pem) {
    const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha1').update(Buffer.from(base64, 'base64')).digest('hex').toUpperCase();
}


/***/ }),

/***/ 9364:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRouterWorker: () => (/* binding */ runRouterWorker)
});

// EXTERNAL MODULE: ./src/router/config.ts
var config = __webpack_require__(9851);
// EXTERNAL MODULE: ./src/router-process/job-watch.ts + 1 modules
var job_watch = __webpack_require__(4782);
// EXTERNAL MODULE: ./src/router-process/log.ts
var router_process_log = __webpack_require__(3891);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:tls"
var external_node_tls_ = __webpack_require__(1692);
// EXTERNAL MODULE: ./src/format/format.ts
var format = __webpack_require__(4496);
// EXTERNAL MODULE: ./src/proxy/ca-bundle-system-store.ts
var ca_bundle_system_store = __webpack_require__(8005);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
;// CONCATENATED MODULE: ./src/proxy/ca-bundle.ts







/** Where Linux distributions and macOS keep the system's roots, as OpenSSL builds look for them. */
const SYSTEM_BUNDLES = [
    '/etc/ssl/certs/ca-certificates.crt',
    '/etc/pki/tls/certs/ca-bundle.crt',
    '/etc/ssl/ca-bundle.pem',
    '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
    '/etc/ssl/cert.pem'
];
/** The bundles the job pointed its tools at before the router: a company's own roots, say. */
const JOB_BUNDLE_VARIABLES = ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'PIP_CERT', 'CURL_CA_BUNDLE'];
/**
 * The bundle every tool of the job trusts once the router is its HTTPS proxy: the bundles the job
 * already named, the system's roots, Node's copy of Mozilla's roots (certifi's, and webpki's,
 * which tools use where there is no system bundle), and the job's authority, last. Tools that
 * trusted only certifi before now also trust the system's roots, as pip does since 24.2.
 */
function composeBundle(sources, authorityPem) {
    return `${certificatesOnce([...sources, authorityPem]).join('\n')}\n`;
}
/** The certificates in `pems`, in order, each once. */
function certificatesOnce(pems) {
    const seen = new Set();
    const certificates = [];
    for (const pem of pems) {
        for (const certificate of (0,ca_bundle_system_store/* pemCertificates */.xC)(pem)) {
            const key = certificate.replace(/\s+/g, '');
            if (seen.has(key))
                continue;
            seen.add(key);
            certificates.push(certificate);
        }
    }
    return certificates;
}
/**
 * The roots this machine's tools trusted before the router: the bundles the job named, the
 * system's (its PEM files, and the store of macOS or Windows), and Node's copy of Mozilla's,
 * each certificate once. The router verifies PyPI's own hosts against them when it passes a
 * request on, as the tools would have.
 */
async function trustedRoots(env, options = {}) {
    const named = JOB_BUNDLE_VARIABLES.map(name => env[name]).filter((path) => path !== undefined && path !== '');
    const readStore = options.systemStore ?? (() => systemStoreCertificates(machineStore(options.log ?? ignore)));
    const [files, store] = await Promise.all([
        Promise.all([...new Set([...named, ...SYSTEM_BUNDLES])].map(path => (0,promises_.readFile)(path, 'utf8').catch(() => ''))),
        readStore()
    ]);
    return certificatesOnce([...files, ...store, external_node_tls_.rootCertificates.join('\n')]);
}
/**
 * Writes the bundle with the job's authority to `file`. Readable by all, in a folder readable by
 * all: it holds public certificates only, and a container step may run as another user.
 */
async function writeCaBundle(file, authorityPem, env, log) {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
    const roots = await trustedRoots(env, { log });
    await writeFile(file, composeBundle(roots, authorityPem), { mode: 0o644 });
}
const SECURITY_TIMEOUT_MS = 10_000;
/** Windows PowerShell can take seconds to start on a cold runner. */
const POWERSHELL_TIMEOUT_MS = 30_000;
const STORE_NAMES = {
    node: 'the system trust store',
    'macos-keychains': 'the macOS keychains',
    'windows-root-store': 'the Windows certificate store',
    'pem-files': 'the PEM files'
};
/**
 * The certificates of the system's trust store where it is no PEM file (macOS, Windows); none
 * elsewhere. Never fails: a store that cannot be read is left out, and `log` says so.
 */
async function systemStoreCertificates(access) {
    const reader = (0,ca_bundle_system_store/* storeReader */.xA)(access.platform, access.nodeStore !== undefined);
    try {
        switch (reader) {
            case 'pem-files':
                return [];
            case 'node':
                return access.nodeStore?.() ?? [];
            case 'windows-root-store':
                return (0,ca_bundle_system_store/* certificatesFromBase64Lines */.Vq)(await access.run((0,ca_bundle_system_store/* windowsRootStoreCommand */.aU)(access.env), POWERSHELL_TIMEOUT_MS));
            case 'macos-keychains':
                return await macosKeychainRoots(access);
        }
    }
    catch (error) {
        access.log(`The CA bundle goes without ${STORE_NAMES[reader]} (${(0,format/* errorMessage */.gJ)(error)}): a root kept only there, a company's say, is not in it.`);
        return [];
    }
}
/**
 * Apple's roots, and the System keychain's roots that the administrator's trust settings make
 * roots. Without administrator trust settings (`security` then says "No Trust Settings were
 * found" and fails), Apple's roots alone.
 */
async function macosKeychainRoots(access) {
    const folder = await (0,promises_.mkdtemp)(external_node_path_default().join((0,external_node_os_.tmpdir)(), 'trust-settings-'));
    const settingsFile = external_node_path_default().join(folder, 'admin.plist');
    const admin = async () => {
        try {
            const [pems] = await Promise.all([
                access.run((0,ca_bundle_system_store/* keychainCertificatesCommand */.si)(ca_bundle_system_store/* MACOS_ADMIN_KEYCHAIN */.Zh), SECURITY_TIMEOUT_MS),
                access.run((0,ca_bundle_system_store/* adminTrustSettingsCommand */.Af)(settingsFile), SECURITY_TIMEOUT_MS)
            ]);
            return [pems, await (0,promises_.readFile)(settingsFile, 'utf8')];
        }
        catch (error) {
            if (!/No Trust Settings were found/i.test((0,format/* errorMessage */.gJ)(error))) {
                access.log(`The CA bundle goes without the roots an administrator added to ${ca_bundle_system_store/* MACOS_ADMIN_KEYCHAIN */.Zh} (${(0,format/* errorMessage */.gJ)(error)}).`);
            }
            return ['', ''];
        }
    };
    try {
        const [systemRoots, [adminPems, adminSettings]] = await Promise.all([
            access.run((0,ca_bundle_system_store/* keychainCertificatesCommand */.si)(ca_bundle_system_store/* MACOS_SYSTEM_ROOTS */.KO), SECURITY_TIMEOUT_MS),
            admin()
        ]);
        // Loaded here only, on macOS with a Node that cannot read the store: the XML parser stays out
        // of the code every step loads.
        const { macosTrustedRoots } = await __webpack_require__.e(/* import() */ 710).then(__webpack_require__.bind(__webpack_require__, 6710));
        return macosTrustedRoots(systemRoots, adminPems, adminSettings);
    }
    finally {
        await (0,promises_.rm)(folder, { recursive: true, force: true });
    }
}
/** This machine: Node's reading of the store where Node has one, else the system's commands. */
function machineStore(log) {
    // Node 22.15+ and 23.10+; undefined before (the action's node24 runtime has it).
    const nodeReader = external_node_tls_.getCACertificates;
    return {
        platform: process.platform,
        ...(nodeReader ? { nodeStore: () => nodeReader('system') } : {}),
        env: process.env,
        run: runCommand,
        log
    };
}
const COMMAND_OUTPUT_BYTES = 32 * 1024 * 1024;
/** Runs a command, its arguments as given (no shell), and gives its standard output. */
async function runCommand(command, timeoutMs) {
    try {
        const options = { timeout: timeoutMs, maxBuffer: COMMAND_OUTPUT_BYTES, windowsHide: true };
        return (await (0,runner_env/* runFile */.y6)(command.file, command.args, options)).stdout;
    }
    catch (error) {
        const { killed, stderr } = error;
        const what = `${external_node_path_default().basename(command.file)} ${command.args[0]}`;
        const why = killed ? `no answer within ${timeoutMs} ms` : stderr?.trim() || (0,format/* errorMessage */.gJ)(error);
        throw new Error(`${what}: ${why}`);
    }
}
function ignore() { }

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:perf_hooks"
var external_node_perf_hooks_ = __webpack_require__(643);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./src/net/probe-failure.ts
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

// EXTERNAL MODULE: ./src/mirrors/mirror.ts + 1 modules
var mirror = __webpack_require__(709);
// EXTERNAL MODULE: ./src/net/ipv4.ts
var net_ipv4 = __webpack_require__(244);
;// CONCATENATED MODULE: ./src/net/proxy-env.ts


function proxyRouteFor(target, env) {
    const proxy = proxyUrlFor(target, env);
    if (!proxy)
        return undefined;
    return { proxy, mode: target.protocol === 'https:' ? 'tunnel' : 'forward' };
}
function proxyUrlFor(target, env) {
    // pip sets `--proxy` on the session for both schemes, and requests applies session proxies
    // before looking at NO_PROXY: a `PIP_PROXY` is used for every host.
    const pipProxy = env.PIP_PROXY;
    if (pipProxy)
        return parseProxyUrl(pipProxy);
    if (bypassesProxy(target, env))
        return undefined;
    const proxies = environmentProxies(env);
    const scheme = target.protocol.replace(/:$/, '');
    // requests' select_proxy: scheme://host, scheme, all://host, all.
    const chosen = proxies[`${scheme}://${target.hostname}`] ??
        proxies[scheme] ??
        proxies[`all://${target.hostname}`] ??
        proxies.all;
    return chosen ? parseProxyUrl(chosen) : undefined;
}
/**
 * urllib's `getproxies_environment`: every `*_proxy` variable, any case; a lower-case name
 * wins over the upper-case one, and an empty lower-case value removes the entry. Under CGI
 * (`REQUEST_METHOD` set) the upper-case `HTTP_PROXY` is ignored (CVE-2016-1000110).
 */
function environmentProxies(env) {
    const proxies = {};
    for (const [name, value] of Object.entries(env)) {
        const lower = name.toLowerCase();
        if (value && lower.endsWith('_proxy'))
            proxies[lower.slice(0, -6)] = value;
    }
    if ('REQUEST_METHOD' in env)
        delete proxies.http;
    for (const [name, value] of Object.entries(env)) {
        if (!name.endsWith('_proxy'))
            continue;
        const key = name.toLowerCase().slice(0, -6);
        if (value)
            proxies[key] = value;
        else
            delete proxies[key];
    }
    return proxies;
}
/**
 * requests' `should_bypass_proxies` followed by urllib's `proxy_bypass_environment`, as pip
 * runs them. requests compares host names as plain string suffixes (`example.com` also
 * covers `badexample.com`) and IPv4 addresses against CIDR blocks; urllib adds `*`, a
 * leading dot and whole-label suffixes.
 */
function bypassesProxy(target, env) {
    const hostname = target.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    // requests reads `no_proxy || NO_PROXY`; urllib reads its own merged table below.
    const entries = (env.no_proxy || env.NO_PROXY || '')
        .replace(/ /g, '')
        .split(',')
        .filter(entry => entry !== '');
    if ((0,net_ipv4/* isIpv4 */.eH)(hostname)) {
        for (const entry of entries) {
            if ((0,net_ipv4/* isIpv4Cidr */.C6)(entry) ? (0,net_ipv4/* inNetwork */.G2)(hostname, entry) : hostname === entry)
                return true;
        }
    }
    else {
        const hostWithPort = target.port ? `${hostname}:${target.port}` : hostname;
        if (entries.some(entry => hostname.endsWith(entry) || hostWithPort.endsWith(entry)))
            return true;
    }
    return urllibBypass(hostname, environmentProxies(env).no);
}
function urllibBypass(host, noProxy) {
    if (noProxy === undefined)
        return false;
    if (noProxy === '*')
        return true;
    const hostOnly = splitPort(host);
    for (const raw of noProxy.split(',')) {
        const name = raw.trim().replace(/^\.+/, '').toLowerCase();
        if (name === '')
            continue;
        if (hostOnly === name || host === name)
            return true;
        if (hostOnly.endsWith(`.${name}`) || host.endsWith(`.${name}`))
            return true;
    }
    return false;
}
/** urllib's `_splitport`: `host:123` gives `host`; anything else is the host as it is. */
function splitPort(host) {
    const match = /^(.*):([0-9]*)$/s.exec(host);
    return match ? match[1] : host;
}
function parseProxyUrl(value) {
    // requests prepends http:// to a proxy given without a scheme (`proxy.corp:3128`).
    const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
    try {
        return new URL(text);
    }
    catch {
        return undefined;
    }
}
/** `host:port` of a proxy, for messages: never its credentials. */
function proxyLabel(proxy) {
    return proxy.port ? `${proxy.hostname}:${proxy.port}` : proxy.hostname;
}
/** The credentials in every proxy setting pip reads, to be masked wherever output is shown. */
function proxySecrets(env) {
    const proxies = Object.entries(environmentProxies(env))
        .filter(([scheme]) => scheme !== 'no')
        .map(([, value]) => value);
    const secrets = [env.PIP_PROXY, ...proxies].flatMap(value => {
        const proxy = value ? parseProxyUrl(value) : undefined;
        const secret = proxy && (proxy.password || proxy.username);
        return secret ? [secret, decodeURIComponent(secret)] : [];
    });
    return [...new Set(secrets)];
}
/**
 * What pip and uv need to reach a server on 127.0.0.1 (the router) where a proxy is set:
 * neither bypasses loopback on its own, so 127.0.0.1 joins `no_proxy` and `NO_PROXY` (both
 * spellings, keeping the entries pip reads today); and `PIP_PROXY` is emptied, since pip sends
 * every request to its `--proxy` whatever `NO_PROXY` says. The router itself takes the proxy
 * route to the mirrors.
 */
function loopbackProxyBypass(env) {
    const result = {};
    if (env.PIP_PROXY)
        result.PIP_PROXY = '';
    // urllib's table also holds `no_proxy` and `PIP_PROXY` (as schemes `no` and `pip`).
    const proxied = Object.keys(environmentProxies(env)).some(scheme => scheme !== 'no' && scheme !== 'pip');
    if (!proxied)
        return result;
    const current = env.no_proxy || env.NO_PROXY || '';
    const entries = current.split(',').map(entry => entry.trim());
    if (entries.includes(LOOPBACK) || entries.includes('*'))
        return result;
    const joined = current.trim() === '' ? LOOPBACK : `${current},${LOOPBACK}`;
    return { ...result, no_proxy: joined, NO_PROXY: joined };
}
/** Whether `hostname` is the loopback address the router listens on. */
function isLoopbackHost(hostname) {
    return hostname === LOOPBACK;
}

;// CONCATENATED MODULE: ./src/net/http-client.ts





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
        const started = external_node_perf_hooks_.performance.now();
        let target = rawUrl;
        for (let hop = 0;; hop++) {
            const remainingMs = Math.max(1, Math.ceil(init.timeoutMs - (external_node_perf_hooks_.performance.now() - started)));
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
            return { failure: failureFromError(init.signal.reason, 0, proxy), latencyMs: 0 };
        }
        const timeout = AbortSignal.timeout(init.timeoutMs);
        const signal = init.signal ? AbortSignal.any([timeout, init.signal]) : timeout;
        try {
            const response = await withDeadline((0,undici/* request */.Em)(url, {
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
                    latencyMs: external_node_perf_hooks_.performance.now() - started,
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
            const waitedMs = external_node_perf_hooks_.performance.now() - started;
            const limitMs = init.signal?.aborted ? Math.round(waitedMs) : init.timeoutMs;
            return { failure: failureFromError(error, limitMs, proxy), latencyMs: waitedMs };
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
class RoutingDispatcher extends undici/* Dispatcher */.mk {
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
        this.direct = new undici/* Agent */.g6({ connect: { timeout: timeoutMs, ...(ca ? { ca } : {}) } });
    }
    proxyFor(url) {
        const route = proxyRouteFor(url, this.env);
        return route && proxyLabel(route.proxy);
    }
    dispatch(options, handler) {
        const route = proxyRouteFor(new URL(String(options.origin)), this.env);
        if (!route)
            return this.direct.dispatch(options, handler);
        let agent = this.viaProxy.get(route.proxy.href);
        if (!agent) {
            agent = new undici/* ProxyAgent */.kT({
                uri: route.proxy.href,
                // http targets get a plain proxied GET, https ones a CONNECT tunnel: what pip does,
                // and what a proxy that allows CONNECT only to port 443 expects.
                proxyTunnel: false,
                connect: { timeout: this.timeoutMs },
                ...(this.ca ? { requestTls: { ca: this.ca } } : {}),
                // The CONNECT request to the proxy does not see the request's abort signal: bound it.
                clientFactory: (origin, options) => new undici/* Pool */.bC(origin, {
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
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const stop = setTimeout(() => body.destroy(), maxMs);
    try {
        for await (const chunk of body) {
            last = external_node_perf_hooks_.performance.now();
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

;// CONCATENATED MODULE: ./src/proxy/hop-headers.ts
// Which headers a proxy passes on (RFC 9110 section 7.6.1): every end-to-end one, as it came.
/** Headers that concern one connection only, never passed on. */
const HOP_BY_HOP = new Set([
    'connection',
    'keep-alive',
    'proxy-authenticate',
    'proxy-authorization',
    'proxy-connection',
    'te',
    'trailer',
    'transfer-encoding',
    'upgrade',
    // The proxy answers `100 Continue` itself.
    'expect'
]);
/** `headers` without the hop-by-hop ones, and without those the Connection header names. */
function endToEndHeaders(headers) {
    const connection = headers.connection;
    const named = new Set((Array.isArray(connection) ? connection : [connection ?? ''])
        .flatMap(value => value.split(','))
        .map(name => name.trim().toLowerCase())
        .filter(name => name !== ''));
    const kept = {};
    for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase();
        if (value !== undefined && !HOP_BY_HOP.has(lower) && !named.has(lower))
            kept[lower] = value;
    }
    return kept;
}

;// CONCATENATED MODULE: ./src/proxy/pass-through.ts




/**
 * Requests for PyPI's own hosts that the router does not answer from the mirrors, sent on to the
 * real host as they came: method, path, headers and body, over TLS verified against the roots
 * the job's tools trusted, through the job's own proxy where it has one. The answer (status,
 * headers, body) goes back as it is, streamed both ways, so that a request the router has no
 * business with gets exactly PyPI's answer.
 */
class PassThrough {
    options;
    stats = { requests: {}, unreachable: 0 };
    dispatcher;
    constructor(options) {
        this.options = options;
    }
    /** The dispatcher over the roots, made once, at the first request that needs it. */
    route() {
        const { connectTimeoutMs, env, roots } = this.options;
        this.dispatcher ??= roots().then(ca => new RoutingDispatcher(connectTimeoutMs, env, ca));
        return this.dispatcher;
    }
    /**
     * Sends `request` to `https://<host>` and its answer to `response`. Not answered when no head
     * came back (the host or the proxy on the way could not be reached): then nothing was written,
     * and the caller may answer otherwise.
     */
    async forward(host, request, response) {
        this.stats.requests[host] = (this.stats.requests[host] ?? 0) + 1;
        const aborted = new AbortController();
        // A client that leaves stops the upstream request too.
        response.once('close', () => aborted.abort(new Error('the client went away')));
        const method = request.method ?? 'GET';
        let answer;
        try {
            answer = await (await this.route()).request({
                origin: `https://${host}`,
                path: request.url ?? '/',
                method: method,
                headers: endToEndHeaders(request.headers),
                body: method === 'GET' || method === 'HEAD' ? undefined : request,
                signal: aborted.signal,
                headersTimeout: this.options.answerTimeoutMs,
                bodyTimeout: this.options.answerTimeoutMs
            });
        }
        catch (error) {
            this.stats.unreachable++;
            return { answered: false, reason: `${host} could not be reached: ${(0,format/* errorMessage */.gJ)(error)}` };
        }
        response.writeHead(answer.statusCode, endToEndHeaders(answer.headers));
        // A body cut short ends the client's response short too: the client sees the cut.
        await (0,external_node_stream_promises_.pipeline)(answer.body, response).catch(() => response.destroy());
        return { answered: true };
    }
    async close() {
        await (await this.dispatcher)?.destroy();
    }
}

// EXTERNAL MODULE: ./src/proxy/authority.ts + 1 modules
var authority = __webpack_require__(1535);
;// CONCATENATED MODULE: ./src/proxy/connect-request.ts
// What a CONNECT to the router asks for, decided from its head and its sender: every byte of it
// comes from a client that may be hostile (another local user on a self-hosted runner), so only a
// client that sends the job's secret, or one the system shows to be of the job's own user, gets
// a tunnel, and only PyPI's own hosts are answered by the router itself.


const HTTPS_PORT = 443;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_-]{1,63})*\.?$/;
const IPV6 = /^\[[0-9A-Fa-f:.]+(?:%[A-Za-z0-9._-]+)?\]$/;
/**
 * The route for a CONNECT. Other users of the machine must not borrow the job's network, nor a
 * company proxy's credentials the router passes on, nor private projects: a client is let in
 * when it sends the job's password (the one in `HTTPS_PROXY`), or, sending none, when the system
 * shows its socket to be the router's own user's. A client whose owner cannot be told must send
 * the password, wherever it connects: on macOS and Windows that is every client. A wrong password
 * is refused whoever sends it. Intercepted for `intercepted` hosts on port 443; tunnelled
 * otherwise.
 *
 * On Linux the owner stays a second way in, beside the password: it lets in no one new (a process
 * of the job's user can read the job's environment, password included), and a tool that drops the
 * credentials in `HTTPS_PROXY` keeps working there (Ruby's Net::HTTP drops them on Windows). pip,
 * uv, requests, urllib, curl, undici and @actions/http-client send them on CONNECT, as Go's
 * net/http does; .NET sends them once the 407 challenges it.
 */
function routeConnect(head, sender, intercepted) {
    const target = parseAuthority(head.url ?? '');
    if (!target)
        return { kind: 'refused', status: 400, reason: 'CONNECT needs a host:port target' };
    const credentials = head.headers['proxy-authorization'];
    const allowed = credentials === undefined ? sender.owner === 'same' : hasSecret(credentials, sender.secret);
    if (!allowed)
        return { kind: 'refused', status: 407, reason: 'proxy credentials required' };
    const host = target.host.toLowerCase().replace(/\.$/, '');
    if (target.port === HTTPS_PORT && intercepted.includes(host))
        return { kind: 'intercept', host };
    return { kind: 'tunnel', host: target.host, port: target.port };
}
/** `host:port` or `[v6]:port`, a port from 1 to 65535. */
function parseAuthority(text) {
    const colon = text.lastIndexOf(':');
    if (colon <= 0)
        return undefined;
    const host = text.slice(0, colon);
    const portText = text.slice(colon + 1);
    if (!/^\d{1,5}$/.test(portText))
        return undefined;
    const port = Number(portText);
    if (port < 1 || port > 65535)
        return undefined;
    if (IPV6.test(host))
        return { host: host.slice(1, -1), port };
    if (!HOST_NAME.test(host))
        return undefined;
    return { host, port };
}
/** `Basic base64(user:secret)`, any user, compared in constant time. */
function hasSecret(header, secret) {
    if (typeof header !== 'string' || secret === '')
        return false;
    const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match)
        return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const given = Buffer.from(decoded.slice(decoded.indexOf(':') + 1));
    const expected = Buffer.from(secret);
    return (decoded.includes(':') && given.length === expected.length && (0,external_node_crypto_.timingSafeEqual)(given, expected));
}
/**
 * The uid column of the row whose local address is `client` and whose remote one is `server`:
 * the client's own end of the connection, whose owner tells who sent it. Addresses count as
 * well as ports: a client that bound the router's port number on another loopback address
 * must not be taken for the router's own end of another connection.
 */
function socketOwner(table, client, server) {
    const local = procForms(client);
    const remote = procForms(server);
    if (local.length === 0 || remote.length === 0)
        return undefined;
    for (const line of table.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        if (fields.length < 8)
            continue;
        if (local.includes(fields[1]?.toUpperCase()) && remote.includes(fields[2]?.toUpperCase())) {
            const uid = Number(fields[7]);
            return Number.isSafeInteger(uid) ? uid : undefined;
        }
    }
    return undefined;
}
/**
 * The files that tell a socket's owner: Linux's socket tables, and nothing elsewhere. On Windows
 * `/proc/net/tcp` would name `C:\proc\net\tcp` on the current drive, which any user may create.
 */
function socketTablePaths(platform) {
    return platform === 'linux' ? ['/proc/net/tcp', '/proc/net/tcp6'] : [];
}
/**
 * Who owns the client end of a connection to the router, from the socket tables as read
 * (undefined for one that could not be read) and the router's own uid (none on Windows).
 */
function clientOwner(tables, ownUid, client, server) {
    if (ownUid === undefined)
        return 'unknown';
    for (const table of tables) {
        const uid = table === undefined ? undefined : socketOwner(table, client, server);
        if (uid !== undefined)
            return uid === ownUid ? 'same' : 'other';
    }
    return 'unknown';
}
/**
 * `address:port` as Linux's socket tables write it: the IPv4 address as one 32-bit word in the
 * machine's order (little-endian on the machines runners use) and the port, both upper-case hex;
 * in `tcp6`, the same address mapped into IPv6. Empty for an address that is not IPv4.
 */
function procForms({ address, port }) {
    const ipv4 = address.replace(/^::ffff:/i, '');
    if (!(0,net_ipv4/* isIpv4 */.eH)(ipv4))
        return [];
    const word = ipv4
        .split('.')
        .map(Number)
        .reverse()
        .map(part => part.toString(16).toUpperCase().padStart(2, '0'))
        .join('');
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    return [`${word}:${hexPort}`, `0000000000000000FFFF0000${word}:${hexPort}`];
}

;// CONCATENATED MODULE: ./src/proxy/socket-owner.ts


const THIS_SYSTEM = { platform: process.platform, uid: process.getuid?.() };
/**
 * Who owns the client end of a TCP connection to the router, from the socket tables `system`
 * has: Linux's `/proc/net/tcp` and `/proc/net/tcp6`, the row whose local address is the
 * client's and whose remote address is the router's. `unknown` on macOS and Windows, which have
 * no such tables, and for a client with no row (one in a container, whose sockets are in its own
 * tables).
 */
async function peerOwner(client, server, system = THIS_SYSTEM) {
    // Table by table: an IPv4 client's row is nearly always in the first.
    for (const table of socketTablePaths(system.platform)) {
        const text = await (0,promises_.readFile)(table, 'utf8').catch(() => undefined);
        const owner = clientOwner([text], system.uid, client, server);
        if (owner !== 'unknown')
            return owner;
    }
    return 'unknown';
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/proxy/tunnel.ts



/**
 * Bytes read from the host at a time on a direct tunnel, into buffers the tunnel reuses: four
 * times Node's 64 KiB, and no garbage per read, cut the router's CPU for a large download to a
 * third (bench/tunnel.ts), the bound of a tunnel's speed on a runner's few cores. A busy tunnel
 * holds two or three such buffers.
 */
const READ_BYTES = 256 * 1024;
/**
 * A TCP connection to `host:port` for a client's CONNECT tunnel: straight there, or through the
 * proxy the job had before the router (a company proxy, with its credentials, and its
 * `NO_PROXY`), the route pip itself would take. Bytes pass through as they are.
 */
function openTunnel(host, port, env, timeoutMs) {
    const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
    const route = proxyRouteFor(new URL(`https://${authority}/`), env);
    return route
        ? throughProxy(route.proxy, authority, timeoutMs).then(piped)
        : direct(host, port, timeoutMs);
}
/** Joined with `pipe` both ways. */
function piped(upstream) {
    return {
        upstream,
        join: client => {
            upstream.pipe(client);
            client.pipe(upstream);
        }
    };
}
function direct(host, port, timeoutMs) {
    // Each read lands in a buffer of the tunnel's own, which goes to the client as it is and comes
    // back for another read once written: no copy, no garbage. Reading pauses while the client is
    // slower; bytes before the join wait for it.
    let client;
    const early = [];
    const spare = [];
    const socket = (0,external_node_net_.connect)({
        host,
        port,
        onread: {
            buffer: () => spare.pop() ?? Buffer.allocUnsafe(READ_BYTES),
            callback: (length, buffer) => {
                const bytes = buffer.subarray(0, length);
                if (!client)
                    return early.push(Buffer.from(bytes)) > 0;
                const reuse = () => spare.push(buffer);
                if (client.write(bytes, reuse))
                    return true;
                // False pauses reading until the client has taken what it has.
                client.once('drain', () => socket.resume());
                return false;
            }
        }
    });
    return new Promise((resolve, reject) => {
        socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no connection to ${host}:${port} within ${timeoutMs} ms`)));
        socket.once('error', reject);
        socket.once('connect', () => {
            socket.setTimeout(0);
            socket.off('error', reject);
            resolve({
                upstream: socket,
                join: joined => {
                    client = joined;
                    for (const bytes of early.splice(0))
                        joined.write(bytes);
                    socket.once('end', () => joined.end());
                    joined.pipe(socket);
                }
            });
        });
    });
}
/** A CONNECT through the chained proxy, with Node's own HTTP client parsing its answer. */
function throughProxy(proxy, authority, timeoutMs) {
    const headers = { Host: authority };
    if (proxy.username || proxy.password) {
        const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
        headers['Proxy-Authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    return new Promise((resolve, reject) => {
        const connecting = (0,external_node_http_.request)({
            host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
            port: Number(proxy.port || 80),
            method: 'CONNECT',
            path: authority,
            headers,
            timeout: timeoutMs
        });
        connecting.once('timeout', () => connecting.destroy(new Error(`the proxy did not open ${authority} within ${timeoutMs} ms`)));
        connecting.once('error', reject);
        connecting.once('connect', (response, socket, head) => {
            if (response.statusCode !== 200) {
                socket.destroy();
                return reject(new Error(`the proxy answered ${response.statusCode} for ${authority}`));
            }
            if (head.length > 0)
                socket.unshift(head);
            socket.setTimeout(0);
            resolve(socket);
        });
        connecting.end();
    });
}

;// CONCATENATED MODULE: ./src/proxy/proxy-service.ts






const ESTABLISHED = 'HTTP/1.1 200 Connection Established\r\n\r\n';
/**
 * The router as the job's HTTPS proxy. A CONNECT to one of PyPI's hosts is answered with a
 * certificate of the job's authority and the decrypted requests go to the router's own server;
 * a CONNECT anywhere else becomes a byte-for-byte tunnel, never decrypted. Every socket's errors
 * end that socket only.
 */
class ProxyService {
    options;
    context;
    stats = { intercepted: 0, tunnelled: 0, refused: 0, failed: 0 };
    intercepted = new WeakMap();
    open = new Set();
    constructor(options, context) {
        this.options = options;
        this.context = context;
    }
    static start(options) {
        const certificate = (0,authority/* issueServerCertificate */.Cd)(options.authority, options.hosts);
        const context = (0,external_node_tls_.createSecureContext)({ key: certificate.keyPem, cert: certificate.certPem });
        return new ProxyService(options, context);
    }
    /** The PyPI host a decrypted connection was opened for; undefined for any other socket. */
    interceptedHost(socket) {
        return this.intercepted.get(socket);
    }
    /**
     * A CONNECT, to loopback or to a Docker network's address: one rule for both, since the owner
     * of a client's socket is looked up wherever it came from, and a container's is in no table
     * here.
     */
    connect(request, socket, head) {
        socket.on('error', () => socket.destroy());
        // A client that sends credentials is judged by them alone: no need to look up its owner.
        if (request.headers['proxy-authorization'] !== undefined)
            return this.route(request, socket, head, 'unknown');
        // Paused while the owner is looked up: the client may already be sending its handshake.
        socket.pause();
        const client = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
        const server = { address: socket.localAddress ?? '', port: socket.localPort ?? 0 };
        void peerOwner(client, server, this.options.ownerSystem)
            .then(owner => this.route(request, socket, head, owner))
            .catch(() => socket.destroy());
    }
    route(request, socket, head, owner) {
        const route = routeConnect(request, { secret: this.options.secret, owner }, this.options.hosts);
        if (route.kind === 'refused') {
            this.stats.refused++;
            const challenge = route.status === 407 ? 'Proxy-Authenticate: Basic realm="pip-mirror-action"\r\n' : '';
            socket.end(`HTTP/1.1 ${route.status} ${external_node_http_.STATUS_CODES[route.status]}\r\n${challenge}` +
                'Connection: close\r\nContent-Length: 0\r\n\r\n');
            return;
        }
        if (route.kind === 'intercept')
            return this.intercept(route.host, socket, head);
        this.tunnel(route.host, route.port, socket, head);
    }
    /** Ends every tunnel and decrypted connection: the router is stopping. */
    close() {
        for (const socket of this.open)
            socket.destroy();
    }
    intercept(host, socket, head) {
        this.stats.intercepted++;
        socket.resume();
        socket.write(ESTABLISHED);
        if (head.length > 0)
            socket.unshift(head);
        const secure = new external_node_tls_.TLSSocket(socket, {
            isServer: true,
            secureContext: this.context,
            ALPNProtocols: ['http/1.1']
        });
        // A client that gives up on the handshake (it does not trust the authority) ends here.
        secure.on('error', () => secure.destroy());
        this.track(secure);
        this.intercepted.set(secure, host);
        this.options.serve(secure);
    }
    tunnel(host, port, socket, head) {
        this.track(socket);
        openTunnel(host, port, this.options.env, this.options.timeoutMs).then(({ upstream, join }) => {
            this.stats.tunnelled++;
            this.track(upstream);
            upstream.on('error', () => upstream.destroy());
            if (socket.destroyed)
                return void upstream.destroy();
            socket.resume();
            socket.write(ESTABLISHED);
            if (head.length > 0)
                upstream.write(head);
            join(socket);
            socket.once('close', () => upstream.destroy());
            upstream.once('close', () => socket.destroy());
        }, 
        // The host's trouble, not the router's: the client gets a 502, as from any proxy.
        () => {
            this.stats.failed++;
            socket.end('HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        });
    }
    track(socket) {
        this.open.add(socket);
        socket.once('close', () => this.open.delete(socket));
    }
}

// EXTERNAL MODULE: ./src/mirrors/project-name.ts
var project_name = __webpack_require__(7729);
;// CONCATENATED MODULE: ./src/router/request.ts
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
/** What the router serves: it changes nothing, but for the post step's stop. */
const READ_METHODS = ['GET', 'HEAD'];
/** The path segment after the secret that stops the router (`POST /<stopSecret>/stop`). */
const STOP_AREA = 'stop';
/** The route for a request, or why it is refused. */
function routeRequest(head, address) {
    // A POST is only ever the post step's stop, and only where the router may be stopped.
    const post = address.stopSecret !== undefined && head.method === 'POST';
    const malformed = badMethodOrTarget(head, post ? ['POST'] : READ_METHODS);
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
    const segments = path.split('/').slice(1);
    if (post)
        return segments.length === 2 &&
            segments[1] === STOP_AREA &&
            sameSecret(segments[0], address.stopSecret ?? '')
            ? { kind: 'stop' }
            : notFound();
    if (path === '/health')
        return { kind: 'health' };
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
    return (0,project_name/* normalizeProjectName */.y)(name);
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
/** Only `methods`, of a path (not an absolute URL, nor `//` that some parsers take for one). */
function badMethodOrTarget(head, methods = READ_METHODS) {
    if (!methods.includes(head.method ?? ''))
        return refused(405, `the router serves ${methods.join(' and ')} only`);
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
    return secret !== '' && a.length === b.length && (0,external_node_crypto_.timingSafeEqual)(a, b);
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/files/file-rules.ts
const file_rules_SHA256 = /^[0-9a-f]{64}$/;
/** A store key: a lowercase hex sha256. Anything else (a foreign file's name) is not one. */
function isSha256(key) {
    return file_rules_SHA256.test(key);
}
/**
 * Where a file lives inside the store, as path segments: `sha256/ab/<sha256>`. Two hex digits
 * of fan-out keep directories small; the algorithm's name leaves room for another digest.
 */
function storeEntrySegments(sha256) {
    if (!isSha256(sha256))
        throw new Error(`not a sha256: '${sha256}'`);
    return ['sha256', sha256.slice(0, 2), sha256];
}
/** Parses `bytes start-end/total` (or `/*`); undefined for anything else. */
function parseContentRange(header) {
    const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(header?.trim() ?? '');
    if (!match)
        return undefined;
    const [, start = '', end = '', total = ''] = match;
    const range = { start: Number(start), end: Number(end) };
    if (total !== '*')
        range.total = Number(total);
    return range.end < range.start || (range.total !== undefined && range.end >= range.total)
        ? undefined
        : range;
}
/**
 * Whether a mirror's answer to `Range: bytes=<start>-` is that range of a file of `total` bytes
 * (when known): a 206 starting at `start`, for a file of that size.
 */
function answersRange(status, contentRange, start, total) {
    if (status !== 206)
        return false;
    const range = parseContentRange(contentRange);
    if (!range || range.start !== start)
        return false;
    return total === undefined || range.total === undefined || range.total === total;
}
/**
 * How to read a mirror's answer to a request for the bytes from `offset` on (a plain GET when
 * `offset` is 0, else `Range: bytes=<offset>-`), for a file of `total` bytes when known:
 * - `{ skip }`: read it, dropping the first `skip` bytes (a 200 from a mirror that ignores
 *   Range starts at byte 0);
 * - `undefined`: unusable (an error status, or a range that is not the one asked for).
 */
function resumePlan(status, contentRange, offset, total) {
    if (status === 200)
        return { skip: offset };
    return offset > 0 && answersRange(status, contentRange, offset, total) ? { skip: 0 } : undefined;
}
/** Files this large, when two mirrors or more can serve them, are fetched as parallel ranges. */
const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;
/** The best sources only: a third mirror still adds speed, a fourth mostly adds requests. */
const MAX_PARALLEL_SOURCES = 3;
// About sixteen pieces per file, so three sources share the work evenly; each piece costs a
// request, hence the floor, and the ceiling keeps several pieces within the bytes held ahead of
// the disk writes.
const PIECES_PER_FILE = 16;
const MIN_PIECE_BYTES = 2 * 1024 * 1024;
const MAX_PIECE_BYTES = 16 * 1024 * 1024;
// An idle source takes over part of a piece only if that part is worth its own request.
const MIN_SPLIT_BYTES = 512 * 1024;
/** The ranges a file of `size` bytes is fetched in, in order, covering it exactly. */
function rangePieces(size) {
    const length = Math.min(Math.max(Math.ceil(size / PIECES_PER_FILE), MIN_PIECE_BYTES), MAX_PIECE_BYTES);
    const pieces = [];
    for (let start = 0; start < size; start += length) {
        pieces.push({ start, end: Math.min(start + length, size) });
    }
    return pieces;
}
/**
 * Where to split what is left of a piece, `[next, end)`, that one source fetches at `ownerPace`
 * bytes/s, so that an idle one at `helperPace` takes the part after it and both finish about
 * together (halves while the helper's pace is unknown). Undefined while the owner's pace is
 * unknown (it has only just begun), or when the helper's part would be too small to be worth a
 * request.
 */
function splitPoint(next, end, ownerPace, helperPace) {
    if (ownerPace === undefined)
        return undefined;
    const ownerShare = helperPace === undefined || ownerPace + helperPace === 0
        ? 1 / 2
        : ownerPace / (ownerPace + helperPace);
    const at = next + Math.ceil((end - next) * ownerShare);
    return end - at >= MIN_SPLIT_BYTES ? at : undefined;
}
/**
 * The sources to fetch a file from in parallel ranges, best first, or none (fetch it one mirror
 * at a time): only for a file of known size of at least PARALLEL_MIN_BYTES, not refused for
 * parallel ranges before, with at least two sources that never sent a wrong file and are not in
 * `trouble`.
 */
function parallelSources(sha256, size, sources, bad, trouble) {
    if (size === undefined || size < PARALLEL_MIN_BYTES || bad.isSequentialOnly(sha256))
        return [];
    // Several senders make a mismatch impossible to blame on one: only trusted mirrors take part.
    // A troubled one would likely hold the download up at the piece it stalls on.
    const fit = sources.filter(source => !bad.everMismatched(source.mirror) && !trouble?.troubled(source.mirror));
    return fit.length >= 2 ? fit.slice(0, MAX_PARALLEL_SOURCES) : [];
}
/**
 * Mirrors that served bytes not matching a file's sha256, and files whose parallel download did
 * not match. The router keeps one for its lifetime, so pip's retry of that file goes to another
 * mirror, or one mirror at a time until the wrong one is found.
 */
class BadSources {
    bad = new Set();
    mismatched = new Set();
    sequentialOnly = new Set();
    add(mirror, sha256) {
        this.bad.add(key(mirror, sha256));
        this.mismatched.add(mirror.url);
    }
    has(mirror, sha256) {
        return this.bad.has(key(mirror, sha256));
    }
    /** Whether the mirror sent a wrong file, any file, in this process. */
    everMismatched(mirror) {
        return this.mismatched.has(mirror.url);
    }
    /** A parallel download of `sha256` did not match: which sender was wrong is unknown. */
    fetchSequentially(sha256) {
        this.sequentialOnly.add(sha256);
    }
    isSequentialOnly(sha256) {
        return this.sequentialOnly.has(sha256);
    }
}
function key(mirror, sha256) {
    return `${sha256} ${mirror.url}`;
}
// A mirror's pace is judged only after this long reading, past the connection's slow start.
const SPEED_WARM_UP_MS = 1000;
// The recent pace covers between one and two of these.
const RECENT_WINDOW_MS = 1000;
/** A mirror reading at less than this share of its usual speed is left for the next one. */
const SLOW_SHARE_OF_EXPECTED = 1 / 5;
// Each new download's pace moves a mirror's observed speed this far towards it.
const SPEED_SMOOTHING = 0.5;
/**
 * Times one body as its chunks arrive. Only the waits for the mirror count: a reader that stops
 * to let the disk catch up does not make the mirror look slow.
 */
class ThroughputMeter {
    elapsedMs = 0;
    bytes = 0;
    windowStart = { elapsedMs: 0, bytes: 0 };
    previousWindowStart = { elapsedMs: 0, bytes: 0 };
    /** A chunk of `bytes` arrived after waiting `waitedMs` for it. */
    add(waitedMs, bytes) {
        this.elapsedMs += waitedMs;
        this.bytes += bytes;
        if (this.elapsedMs - this.windowStart.elapsedMs >= RECENT_WINDOW_MS) {
            this.previousWindowStart = this.windowStart;
            this.windowStart = { elapsedMs: this.elapsedMs, bytes: this.bytes };
        }
    }
    /** The recent pace, once any wait was timed. */
    pace() {
        return this.elapsedMs > 0 ? this.reading().recentBytesPerSec : undefined;
    }
    reading() {
        const since = this.previousWindowStart;
        return {
            elapsedMs: this.elapsedMs,
            bytes: this.bytes,
            bytesPerSec: rate(this.bytes, this.elapsedMs),
            recentBytesPerSec: rate(this.bytes - since.bytes, this.elapsedMs - since.elapsedMs)
        };
    }
}
function rate(bytes, ms) {
    return ms > 0 ? (bytes * 1000) / ms : 0;
}
/**
 * Whether a mirror reads far below the speed it showed (`expectedBytesPerSec`): after the
 * warm-up, its recent pace is under SLOW_SHARE_OF_EXPECTED of it. Without an expectation it
 * never is.
 */
function farBelowExpected(reading, expectedBytesPerSec) {
    if (!expectedBytesPerSec || reading.elapsedMs < SPEED_WARM_UP_MS)
        return false;
    return reading.recentBytesPerSec < expectedBytesPerSec * SLOW_SHARE_OF_EXPECTED;
}
// Until this much of a body came, its pace says too little, and only the configured limit
// counts. After it, a pause this many times as long as that many bytes take at the recent pace is
// a stall.
const STALL_PACE_BYTES = 256 * 1024;
const STALL_PACE_FACTOR = 4;
/** The shortest pause mid-body taken for a stall: a steady mirror's gaps stay well under it. */
const STALL_FLOOR_MS = 500;
/**
 * How long a read may wait for its next chunk before its mirror counts as stalled: `ceilingMs`
 * until STALL_PACE_BYTES came, then STALL_PACE_FACTOR times the time that many bytes take at the
 * recent pace, at least STALL_FLOOR_MS and at most `ceilingMs`. A false stall costs one Range
 * request to another mirror, a true one every second waited: the limit leans to switching.
 */
function stallLimitMs(reading, ceilingMs) {
    if (reading.bytes < STALL_PACE_BYTES)
        return ceilingMs;
    // Nothing recent (a pace of 0) makes it infinite: the ceiling.
    const paced = (STALL_PACE_FACTOR * STALL_PACE_BYTES * 1000) / reading.recentBytesPerSec;
    return Math.min(ceilingMs, Math.max(STALL_FLOOR_MS, paced));
}
/** Each mirror's download speed as this process has seen it: a smoothed bytes per second. */
class MirrorSpeeds {
    speeds = new Map();
    /**
     * Takes one download's pace into account. One shorter than the warm-up says too little, and
     * one without a byte (an error after a slow head) says nothing of the speed.
     */
    record(mirror, reading) {
        if (reading.elapsedMs < SPEED_WARM_UP_MS || reading.bytesPerSec === 0)
            return;
        const before = this.speeds.get(mirror.url);
        const pace = reading.bytesPerSec;
        this.speeds.set(mirror.url, before === undefined ? pace : before + (pace - before) * SPEED_SMOOTHING);
    }
    observed(mirror) {
        return this.speeds.get(mirror.url);
    }
    /** The fastest mirror's speed so far. */
    fastest() {
        return this.speeds.size === 0 ? undefined : Math.max(...this.speeds.values());
    }
}
// Repeated trouble takes as many successes to forget, up to this many.
const MAX_TROUBLE = 3;
/**
 * Mirrors that broke off a file download (a stall, a reset, no answer) or were left for a slow
 * pace, as this process has seen them. Later downloads try a troubled mirror after the others,
 * and never for parallel ranges, so that its stall does not cost every file again. Each file or
 * piece it delivers takes one trouble off.
 */
class MirrorTrouble {
    counts = new Map();
    add(mirror) {
        const count = this.counts.get(mirror.url) ?? 0;
        this.counts.set(mirror.url, Math.min(count + 1, MAX_TROUBLE));
    }
    succeeded(mirror) {
        const count = this.counts.get(mirror.url) ?? 0;
        if (count > 1)
            this.counts.set(mirror.url, count - 1);
        else
            this.counts.delete(mirror.url);
    }
    troubled(mirror) {
        return this.counts.has(mirror.url);
    }
    /** `sources` with troubled mirrors after the others, each group in its given order. */
    order(sources) {
        const troubled = sources.filter(source => this.troubled(source.mirror));
        return [...sources.filter(source => !this.troubled(source.mirror)), ...troubled];
    }
}
function newFileStats() {
    return {
        bytesByMirror: {},
        storeHits: 0,
        storeBytes: 0,
        resumed: 0,
        hashMismatches: 0,
        failures: 0,
        parallel: 0,
        slowSwitches: 0
    };
}

;// CONCATENATED MODULE: ./src/files/client-range.ts
// Pure rules for what a client asked of a file: its Range and If-Range headers (RFC 9110), and
// the status and headers of the answer. uv reads a wheel's metadata with ranges where an index
// lists no `.metadata`; Poetry's lazy wheel asks for the last N bytes (`bytes=-N`).
const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;
/** A file's ETag: its sha256 names its bytes for good. */
function fileEtag(sha256) {
    return `"${sha256}"`;
}
/**
 * The range a request asks for, or undefined for the whole file: without a Range header, for
 * several ranges or a malformed one (RFC 9110 lets a server ignore those), and when If-Range
 * names another version than `etag` (a date cannot be checked against a name: whole too).
 */
function requestedRange(range, ifRange, etag) {
    if (range === undefined || (ifRange !== undefined && ifRange.trim() !== etag))
        return undefined;
    const match = SINGLE_RANGE.exec(range.trim());
    if (!match)
        return undefined;
    const [, first = '', last = ''] = match;
    if (first === '')
        return last === '' ? undefined : { suffix: Number(last) };
    if (last === '')
        return { first: Number(first) };
    return Number(last) < Number(first) ? undefined : { first: Number(first), last: Number(last) };
}
function rangeAnswer(request, size) {
    if ('suffix' in request) {
        return request.suffix === 0 || size === 0
            ? 'unsatisfiable'
            : { start: Math.max(0, size - request.suffix), end: size - 1 };
    }
    if (request.first >= size)
        return 'unsatisfiable';
    return { start: request.first, end: Math.min(request.last ?? size - 1, size - 1) };
}
/**
 * What a client may keep of a file the router serves. Most get `no-store`: the router's store
 * keeps every file, and is what the Actions cache saves; a copy in pip's HTTP cache too would
 * hold each wheel twice, on the runner's disk and in the archive, and a second install in the
 * job gets it from the store. A client that reuses a file only through its HTTP cache (uv,
 * whose cache entry points at the archive it unpacked) may keep it for good, as from PyPI:
 * told `no-store`, uv downloads and unpacks the file again on every install.
 */
function fileCacheControl(keepsCopy) {
    return keepsCopy ? 'max-age=365000000, immutable' : 'no-store';
}
/**
 * The answer's head for a file of `size` bytes (unknown: a 200 without Content-Length), whole or
 * for the range asked for. Whether the client may keep a copy is the caller's to say (see
 * `fileCacheControl`), but for a refusal, which is not the file's bytes.
 */
function fileHead(sha256, size, request) {
    const headers = {
        'Content-Type': 'application/octet-stream',
        ETag: fileEtag(sha256),
        'Accept-Ranges': 'bytes'
    };
    if (size === undefined)
        return { status: 200, headers };
    if (!request)
        return { status: 200, headers: { ...headers, 'Content-Length': size } };
    const answer = rangeAnswer(request, size);
    if (answer === 'unsatisfiable') {
        const refusal = { 'Cache-Control': 'no-store', 'Content-Range': `bytes */${size}` };
        return { status: 416, headers: { ...headers, ...refusal, 'Content-Length': 0 } };
    }
    return {
        status: 206,
        headers: {
            ...headers,
            'Content-Range': `bytes ${answer.start}-${answer.end}/${size}`,
            'Content-Length': answer.end - answer.start + 1
        },
        range: answer
    };
}

;// CONCATENATED MODULE: ./src/files/responses.ts
/** Says, instead of any byte, why the file cannot be had. */
function refuse(response, text) {
    response.writeHead(502, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        'Cache-Control': 'no-store'
    });
    response.end(text);
}
/** Writes `chunk`, resolving once the client can take more (or has gone). */
async function sendChunk(response, chunk) {
    if (response.destroyed || response.write(chunk))
        return;
    await new Promise(resolve => {
        const done = () => {
            response.off('drain', done).off('close', done);
            resolve();
        };
        response.on('drain', done).on('close', done);
    });
}

;// CONCATENATED MODULE: ./src/files/mirror-read.ts


// The stall limit before a mirror's pace is known, and its ceiling after: well under pip's 15 s
// read timeout, so that a stall and the switch to the next mirror are only a pause to pip, not a
// timeout and a retry.
const DEFAULT_STALL_MS = 3000;
const DEFAULT_HEAD_TIMEOUT_MS = 5000;
// The watchdogs above end a stuck read; this only bounds one that trickles on for ever.
const READ_BACKSTOP_MS = 30 * 60_000;
/**
 * One request for a file to one mirror, read chunk by chunk under two watchdogs: the head must
 * come within `headTimeoutMs`, and each chunk within the stall limit of asking for it (see
 * stallLimitMs: `stallMs` at first, shorter once the mirror's pace is known). Time between
 * `next` calls does not count, so a reader waiting for its client is not a stalled mirror. A
 * mirror that breaks a read off (no answer, a reset, a stall) is put in `deps.trouble`, unless
 * the reader stopped it.
 */
class MirrorRead {
    source;
    deps;
    watch;
    response;
    /** The mirror's pace on this body. */
    meter = new ThroughputMeter();
    /** Where in the file the next byte `next` returns belongs. */
    position;
    putBackBytes;
    body;
    chunks;
    constructor(source, deps, watch, response, from) {
        this.source = source;
        this.deps = deps;
        this.watch = watch;
        this.response = response;
        this.position = from;
        // Its errors reach `next`; destroying it early must not raise an unhandled one.
        this.body = response.stream().on('error', () => undefined);
        this.chunks = this.body[Symbol.asyncIterator]();
    }
    /**
     * Asks `source` for the file, from byte `from` on with a Range request, or whole without one
     * when `from` is undefined. Undefined when no answer came (a network error, the head timeout,
     * or `signal`). The head timeout runs from the moment the request has its place among the
     * mirror's requests in flight: a wait for that place is not the mirror's.
     */
    static async open(source, from, deps, signal, priority) {
        if (signal.aborted)
            return undefined;
        const watch = new Watch(signal);
        let headTimer;
        let sentAt = external_node_perf_hooks_.performance.now();
        const sent = await deps.client.send(source.url, {
            timeoutMs: READ_BACKSTOP_MS,
            signal: watch.signal,
            headers: from === undefined ? {} : { range: `bytes=${from}-` },
            ...(priority ? { background: () => priority.background } : {}),
            granted: () => {
                sentAt = external_node_perf_hooks_.performance.now();
                headTimer = setTimeout(() => watch.stop(), deps.headTimeoutMs ?? DEFAULT_HEAD_TIMEOUT_MS);
            }
        });
        clearTimeout(headTimer);
        if ('failure' in sent) {
            watch.release();
            if (!watch.stoppedByReader)
                deps.trouble?.add(source.mirror);
            return undefined;
        }
        const read = new MirrorRead(source, deps, watch, sent.response, from ?? 0);
        // The wait for the head is the mirror's too: without it, a first chunk that came along with
        // the head would make any mirror look fast.
        read.meter.add(external_node_perf_hooks_.performance.now() - sentAt, 0);
        return read;
    }
    get status() {
        return this.response.status;
    }
    header(name) {
        const value = this.response.headers[name];
        return Array.isArray(value) ? value[0] : value;
    }
    /** The next bytes, or undefined at the body's end. Rejects on a reset or a stall. */
    async next() {
        const chunk = this.putBackBytes ?? (await this.fromMirror());
        this.putBackBytes = undefined;
        if (chunk)
            this.position += chunk.length;
        return chunk;
    }
    /** Returns the tail of what `next` gave, to be given again by the next call. */
    putBack(bytes) {
        if (bytes.length === 0)
            return;
        this.putBackBytes = bytes;
        this.position -= bytes.length;
    }
    close() {
        this.body.destroy();
        this.watch.release();
    }
    async fromMirror() {
        const started = external_node_perf_hooks_.performance.now();
        const limit = stallLimitMs(this.meter.reading(), this.deps.stallMs ?? DEFAULT_STALL_MS);
        const stallTimer = setTimeout(() => this.watch.stop(), limit);
        try {
            const result = await this.chunks.next();
            if (result.done)
                return undefined;
            this.meter.add(external_node_perf_hooks_.performance.now() - started, result.value.length);
            return result.value;
        }
        catch (error) {
            if (!this.watch.stoppedByReader)
                this.deps.trouble?.add(this.source.mirror);
            throw error;
        }
        finally {
            clearTimeout(stallTimer);
        }
    }
}
/** Stops one request on a watchdog or on the reader's signal, telling which one it was. */
class Watch {
    readerSignal;
    stopper = new AbortController();
    onAbort = () => this.stop();
    constructor(readerSignal) {
        this.readerSignal = readerSignal;
        readerSignal.addEventListener('abort', this.onAbort);
    }
    get signal() {
        return this.stopper.signal;
    }
    get stoppedByReader() {
        return this.readerSignal.aborted;
    }
    stop() {
        this.stopper.abort();
    }
    release() {
        this.readerSignal.removeEventListener('abort', this.onAbort);
    }
}

;// CONCATENATED MODULE: ./src/files/changes.ts
/**
 * Lets tasks wait for the next change of a state they share: each `notify` wakes every task
 * waiting at that moment, which then looks at the state again.
 */
class Changes {
    waiting = [];
    next() {
        return new Promise(resolve => this.waiting.push(resolve));
    }
    notify() {
        const waiting = this.waiting;
        this.waiting = [];
        for (const resolve of waiting)
            resolve();
    }
}

;// CONCATENATED MODULE: ./src/files/parallel.ts



// A source this many times slower than another gives the piece clients wait for up to it.
const SLOWER_RATIO = 3;
function farSlower(pace, than) {
    return pace !== undefined && than !== undefined && pace * SLOWER_RATIO < than;
}
// Bytes on disk past the offset count for clients this much at a time, so a client streaming
// the file sees it grow while a large piece comes in.
const ADVANCE_STEP_BYTES = 4 * 1024 * 1024;
/**
 * Fetches a file of known size as ranges from several sources at once. Each source works
 * through the pieces, lowest first, with `Range: bytes=<n>-` requests (reading on into the next
 * piece when that one is free), and writes what it gets to the store's temp file where it
 * belongs, so no source ever waits for another and memory holds no piece. An idle source takes
 * over part of the lowest piece still being fetched, the larger the slower its source is (so a
 * slow mirror holds the download up little), and of the piece clients wait for first when a far
 * slower source holds it. Clients get the bytes in file order as the pieces before them fill. A
 * source that answers anything but that range, resets, stalls or fails leaves, and its piece goes
 * back to the others with the bytes it got. Returns when the whole file is in, when no source is
 * left (the caller goes on one mirror at a time from `transfer.offset`), or when the download
 * stops.
 */
async function fetchInParallel(transfer, sources, deps) {
    transfer.parallel = true;
    await new ParallelFetch(transfer, deps).run(sources);
}
class ParallelFetch {
    transfer;
    deps;
    pieces;
    working = 0;
    done = false;
    /** Ends the reads still going when done, or when the download stops. */
    stop = new AbortController();
    changes = new Changes();
    constructor(transfer, deps) {
        this.transfer = transfer;
        this.deps = deps;
        this.pieces = rangePieces(transfer.total ?? 0).map(piece => ({
            ...piece,
            next: piece.start,
            taken: false
        }));
    }
    async run(sources) {
        const onGone = () => {
            this.stop.abort();
            this.changes.notify();
        };
        this.transfer.stop.addEventListener('abort', onGone);
        this.working = sources.length;
        const workers = sources.map(source => this.work(source).finally(() => {
            this.working--;
            this.changes.notify();
        }));
        try {
            await this.passOn();
        }
        finally {
            this.done = true;
            this.stop.abort();
            this.changes.notify();
            await Promise.all(workers);
            this.transfer.stop.removeEventListener('abort', onGone);
        }
    }
    /** Lets clients have the bytes in file order, as the pieces before them fill. */
    async passOn() {
        while (!this.transfer.whole && !this.transfer.stop.aborted) {
            const front = this.front();
            const ready = Math.min(front.next, front.end) - this.transfer.offset;
            if (ready > 0)
                await this.transfer.advance(Math.min(ready, ADVANCE_STEP_BYTES));
            else if (this.working === 0)
                return;
            else
                await this.changes.next();
        }
    }
    /**
     * One source's share: pieces until all are in, or until the source fails. Between pieces it
     * waits for one to free up, so that it can take over from a source that fails.
     */
    async work(source) {
        let piece;
        let read;
        // This source's pace, from its last read: how much of another's piece it should take.
        let pace;
        try {
            while (!this.done) {
                piece ??= this.claim(pace);
                if (!piece) {
                    read?.close();
                    read = undefined;
                    if (this.pieces.every(other => other.next >= other.end))
                        return;
                    await this.changes.next();
                    continue;
                }
                if (read?.position !== piece.next) {
                    read?.close();
                    read = await MirrorRead.open(source, piece.next, this.deps, this.stop.signal, this.transfer.priority);
                    if (!read)
                        return;
                    pace = read.meter;
                    const range = read.header('content-range');
                    if (!answersRange(read.status, range, piece.next, this.transfer.total))
                        return;
                    this.transfer.start();
                }
                piece.meter = read.meter;
                await this.fill(piece, read, source);
                this.giveBack(piece);
                piece = undefined;
            }
        }
        catch {
            // A reset, a stall, a write that failed: this source leaves.
        }
        finally {
            read?.close();
            if (piece)
                this.giveBack(piece);
        }
    }
    /**
     * Reads `piece` to its end (which may come closer meanwhile), which takes one trouble off its
     * mirror.
     */
    async fill(piece, read, source) {
        while (piece.next < piece.end && !this.done) {
            const chunk = await read.next();
            if (!chunk)
                throw new Error('the body ended early');
            // Another source may have taken over the end of the piece meanwhile.
            const bytes = chunk.subarray(0, piece.end - piece.next);
            read.putBack(chunk.subarray(bytes.length));
            // The write is queued at once: the piece's end moves on before waiting for the disk, so
            // a source taking over part of it never starts inside these bytes.
            const accepted = this.transfer.acceptAt(piece.next, bytes, source);
            piece.next += bytes.length;
            this.changes.notify();
            if (!(await accepted))
                throw new Error('the range overruns the file');
        }
        if (piece.next >= piece.end)
            this.deps.trouble?.succeeded(source.mirror);
    }
    /**
     * The lowest free piece, or else part of the lowest one being fetched, for a source at the
     * pace `helper` measured.
     */
    claim(helper) {
        if (this.done)
            return undefined;
        // Clients get nothing past the piece they wait for: where a source far slower than this
        // one holds it, this one takes over most of what is left of it first.
        const front = this.front();
        let piece = front.taken && farSlower(front.meter?.pace(), helper?.pace())
            ? this.splitOff(front, helper)
            : undefined;
        piece ??= this.pieces.find(other => !other.taken && other.next < other.end);
        for (const other of this.pieces)
            piece ??= this.splitOff(other, helper);
        if (piece)
            piece.taken = true;
        return piece;
    }
    /**
     * Gives the part of what is left of `piece` that a helper at `helper`'s pace should take (see
     * splitPoint) a piece of its own, free; undefined when there is no such part.
     */
    splitOff(piece, helper) {
        const at = splitPoint(piece.next, piece.end, piece.meter?.pace(), helper?.pace());
        if (at === undefined)
            return undefined;
        const part = { start: at, end: piece.end, next: at, taken: false };
        piece.end = at;
        this.pieces.splice(this.pieces.indexOf(piece) + 1, 0, part);
        return part;
    }
    giveBack(piece) {
        piece.taken = false;
        piece.meter = undefined;
        this.changes.notify();
    }
    /** The piece the transfer waits for: the one holding the transfer's offset. */
    front() {
        const offset = this.transfer.offset;
        return this.pieces.find(piece => piece.end > offset) ?? this.pieces[this.pieces.length - 1];
    }
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
;// CONCATENATED MODULE: ./src/files/store.ts







// Private wheels are kept here: no other user may list or read them.
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
// A download's bytes waiting for the disk: up to this many, its reads from the mirror go on (a
// mirror that resets the connection would take what was received but not yet read with it).
const WRITE_AHEAD_BYTES = 4 * 1024 * 1024;
/** Bytes written ahead are read back for the hash this much at a time. */
const ADOPT_READ_BYTES = 1024 * 1024;
/** Thrown by a stored file's body when its bytes no longer match its name. */
class StoreCorruption extends Error {
}
/** A download's copy could not be written (a full or failing disk). */
class StoreWriteError extends Error {
}
/**
 * A content-addressed store of distribution files on disk, keyed by sha256: `dir/sha256/ab/<key>`.
 * The Actions cache saves and restores `dir`, so nothing in it is trusted: a file is hashed
 * before any of it reaches a client as a whole (or streams with its last chunk held back until
 * it matched), and one that no longer matches is removed. Downloads are written under `dir/tmp/`
 * and renamed into place whole, so a half-written file never has a key's name. Folders are
 * 0700 and files 0600.
 */
class FileStore {
    dir;
    /** Versions of entries (see versionKey) this process hashed, or wrote, and found right. */
    verified = new Set();
    /** Entries this process placed: fetched by this job, not restored from an earlier one's. */
    placed = new Set();
    /** Entries this process marked used (see `markUsed`): once is enough for the whole job. */
    used = new Set();
    /**
     * Opens the store at `dir`, creating it. Throws when `dir` is not a directory or belongs to
     * another user, who could put files in it for the router to serve.
     */
    constructor(dir) {
        this.dir = dir;
        (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: PRIVATE_DIR });
        const info = (0,external_node_fs_.statSync)(dir);
        if (!info.isDirectory())
            throw new Error(`the file store ${dir} is not a directory`);
        const uid = process.getuid?.();
        if (uid !== undefined && info.uid !== uid)
            throw new Error(`the file store ${dir} belongs to user ${info.uid}, not to this one (${uid}): refused, ` +
                'as its owner could put files in it for the router to serve');
        (0,external_node_fs_.chmodSync)(dir, PRIVATE_DIR);
    }
    /** Whether a file is stored under `sha256` (not yet verified: `open` does that). */
    async has(sha256) {
        return (await this.sizeOf(sha256)) !== undefined;
    }
    /** The size of the file stored under `sha256`, if one is. */
    async sizeOf(sha256) {
        return isSha256(sha256) ? this.regularFileSize(this.path(sha256)) : undefined;
    }
    /** The stored file, opened (the caller closes it), or undefined. */
    async open(sha256) {
        if (!isSha256(sha256))
            return undefined;
        const path = this.path(sha256);
        let handle;
        try {
            handle = await (0,promises_.open)(path, 'r');
        }
        catch {
            return undefined;
        }
        const info = await handle.stat().catch(() => undefined);
        if (info?.isFile())
            return new StoredFile(sha256, path, handle, info, this.verified);
        await handle.close();
        return undefined;
    }
    /**
     * A new temp file for one download of `sha256`; several may run at once for the same key. It
     * opens in the background: writes wait for it meanwhile, and a failure to open it is the
     * first write's. `onWritten` is told how many bytes are on disk each time more are.
     */
    createTemp(sha256, onWritten) {
        if (!isSha256(sha256))
            throw new Error(`not a sha256: '${sha256}'`);
        const path = (0,external_node_path_.join)(this.dir, 'tmp', `${sha256}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`);
        const opening = privateDir((0,external_node_path_.dirname)(path)).then(() => (0,promises_.open)(path, 'wx+', PRIVATE_FILE));
        const place = (info) => this.place(path, sha256, info);
        return new StoreTemp(sha256, path, opening, place, onWritten);
    }
    /** Whether this process fetched the entry, rather than finding it from an earlier job. */
    fetchedHere(sha256) {
        return this.placed.has(sha256);
    }
    /**
     * Marks an entry as used by this job: its modification time becomes now, so that the cache
     * save keeps it (see `selectUnused`) and drops what no job uses any more. A version this
     * process found right stays known right. Once per entry and job: one this job fetched has a
     * new time already, and a served file is not touched again on every request.
     */
    async markUsed(sha256) {
        if (!isSha256(sha256) || this.placed.has(sha256) || this.used.has(sha256))
            return;
        const path = this.path(sha256);
        try {
            const before = await (0,promises_.stat)(path);
            const now = new Date();
            await (0,promises_.utimes)(path, now, now);
            this.used.add(sha256);
            if (this.verified.has(versionKey(sha256, before)))
                this.verified.add(versionKey(sha256, await (0,promises_.stat)(path)));
        }
        catch {
            // Gone meanwhile: nothing to keep.
        }
    }
    /** Bytes held under valid keys: what a cache save would upload (temp and foreign files aside). */
    async size() {
        let total = 0;
        const top = (0,external_node_path_.join)(this.dir, 'sha256');
        for (const fanout of await listDir(top)) {
            for (const name of await listDir((0,external_node_path_.join)(top, fanout))) {
                if (!isSha256(name) || name.slice(0, 2) !== fanout)
                    continue;
                total += (await this.regularFileSize((0,external_node_path_.join)(top, fanout, name))) ?? 0;
            }
        }
        return total;
    }
    /** Renames a verified temp file into place: known right from then on. */
    async place(tmp, sha256, info) {
        const path = this.path(sha256);
        await privateDir((0,external_node_path_.dirname)(path));
        await (0,promises_.rename)(tmp, path);
        this.verified.add(versionKey(sha256, info));
        this.placed.add(sha256);
    }
    path(sha256) {
        return (0,external_node_path_.join)(this.dir, ...storeEntrySegments(sha256));
    }
    async regularFileSize(path) {
        try {
            const info = await (0,promises_.stat)(path);
            return info.isFile() ? info.size : undefined;
        }
        catch {
            return undefined;
        }
    }
}
/**
 * One version of a store entry: a rewrite changes its modification time, a replacement its
 * inode, so a changed file is hashed again.
 */
function versionKey(sha256, info) {
    return `${sha256} ${info.dev} ${info.ino} ${info.size} ${info.mtimeMs}`;
}
/** A stored file, open: every read goes through the same descriptor the hash went through. */
class StoredFile {
    sha256;
    path;
    handle;
    verified;
    size;
    version;
    constructor(sha256, path, handle, info, verified) {
        this.sha256 = sha256;
        this.path = path;
        this.handle = handle;
        this.verified = verified;
        this.size = info.size;
        this.version = versionKey(sha256, info);
    }
    get fd() {
        return this.handle.fd;
    }
    /**
     * Whether the bytes match the name: known from an earlier check of this version, or hashed
     * now through the descriptor. A mismatch removes the file.
     */
    async verify() {
        if (this.verified.has(this.version))
            return true;
        const hash = (0,external_node_crypto_.createHash)('sha256');
        for await (const chunk of this.handle.createReadStream({ start: 0, autoClose: false }))
            hash.update(chunk);
        return this.checked(hash.digest('hex'));
    }
    /**
     * The whole file. Unless this version is known right, its last chunk is held back until the
     * whole file matched: on a mismatch the file is removed and the body fails with
     * StoreCorruption, so a reader never gets a complete wrong file.
     */
    body() {
        const bytes = this.handle.createReadStream({ start: 0, autoClose: false });
        if (this.verified.has(this.version))
            return bytes;
        // pipeline, not pipe: a reader that stops early must stop the file's stream too. Errors
        // reach the reader through the check.
        return (0,external_node_stream_.pipeline)(bytes, this.verifying(), () => undefined);
    }
    /** Bytes `start` to `end` (inclusive) of a file `verify` found right. */
    range(start, end) {
        return this.handle.createReadStream({ start, end, autoClose: false });
    }
    async close() {
        await this.handle.close();
    }
    async checked(actual) {
        if (actual === this.sha256) {
            this.verified.add(this.version);
            return true;
        }
        await (0,promises_.rm)(this.path, { force: true });
        return false;
    }
    /** Passes bytes through one chunk behind, releasing the last one only once they matched. */
    verifying() {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let held;
        const sha256 = this.sha256;
        const checked = (actual) => this.checked(actual);
        return new external_node_stream_.Transform({
            transform(chunk, _encoding, done) {
                hash.update(chunk);
                const previous = held;
                held = chunk;
                done(null, previous);
            },
            flush(done) {
                const actual = hash.digest('hex');
                checked(actual).then(right => right
                    ? done(null, held)
                    : done(new StoreCorruption(`stored file ${sha256} now hashes to ${actual}`)), done);
            }
        });
    }
}
/**
 * One download's copy, written in order and read back by its clients, each at its own pace. It
 * hashes what it is given; only a match is renamed into place.
 */
class StoreTemp {
    sha256;
    path;
    handle;
    place;
    onWritten;
    /** Bytes given so far, in order; `onWritten` tells how many of them are on disk. */
    length = 0;
    written = 0;
    /** Bytes handed to the disk (in order or ahead) and not yet written. */
    pending = 0;
    hash = (0,external_node_crypto_.createHash)('sha256');
    /** The disk writes, in order, after the opening; never rejects: a failure is kept in `failure`. */
    writes;
    failure;
    closed = false;
    constructor(sha256, path, handle, place, onWritten = () => undefined) {
        this.sha256 = sha256;
        this.path = path;
        this.handle = handle;
        this.place = place;
        this.onWritten = onWritten;
        this.writes = handle.then(() => undefined, (error) => this.failed(error));
    }
    /**
     * Appends `chunk`. Resolves at once while less than WRITE_AHEAD_BYTES wait for the disk, else
     * once the disk took them: the download waits for the disk, never for a client. Rejects with
     * a StoreWriteError once a write failed.
     */
    async write(chunk) {
        if (this.failure)
            throw this.failure;
        this.hash.update(chunk);
        const position = this.length;
        this.length += chunk.length;
        await this.queueWrite(chunk, position, true);
    }
    /**
     * Writes `chunk` at `position`, past the bytes given in order: a range that arrived before
     * the bytes ahead of it. It counts once `adopt` reaches it. Waits as `write` does.
     */
    async writeAhead(chunk, position) {
        if (this.failure)
            throw this.failure;
        if (position < this.length)
            throw new RangeError(`${position} is before ${this.length}`);
        await this.queueWrite(chunk, position, false);
    }
    /**
     * The next `bytes` after those given in order were written ahead: once on disk, they are read
     * back for the hash and count as given and written, so clients may read them.
     */
    async adopt(bytes) {
        await this.flushed();
        const handle = await this.handle;
        for (let done = 0; done < bytes;) {
            const buffer = Buffer.allocUnsafe(Math.min(ADOPT_READ_BYTES, bytes - done));
            const { bytesRead } = await handle
                .read(buffer, 0, buffer.length, this.length)
                .catch((error) => {
                this.failed(error);
                throw this.failure;
            });
            if (bytesRead === 0) {
                this.failed(new Error(`nothing on disk at ${this.length}`));
                throw this.failure;
            }
            this.hash.update(buffer.subarray(0, bytesRead));
            this.length += bytesRead;
            done += bytesRead;
        }
        this.written = this.length;
        this.onWritten(this.written);
    }
    async queueWrite(chunk, position, inOrder) {
        this.pending += chunk.length;
        this.writes = this.writes.then(() => this.writeAt(chunk, position, inOrder));
        if (this.pending >= WRITE_AHEAD_BYTES)
            await this.flushed();
    }
    /** Resolves once every byte given is on disk; rejects with the failure if one was not. */
    async flushed() {
        await this.writes;
        if (this.failure)
            throw this.failure;
    }
    async writeAt(chunk, position, inOrder) {
        if (this.failure)
            return;
        try {
            const handle = await this.handle;
            for (let done = 0; done < chunk.length;) {
                const at = position + done;
                const { bytesWritten } = await handle.write(chunk, done, chunk.length - done, at);
                if (bytesWritten === 0)
                    throw new Error('the disk took no byte');
                done += bytesWritten;
            }
            if (inOrder) {
                this.written += chunk.length;
                this.onWritten(this.written);
            }
        }
        catch (error) {
            this.failed(error);
        }
        finally {
            this.pending -= chunk.length;
        }
    }
    failed(error) {
        this.failure ??= new StoreWriteError(`cannot write ${this.path}: ${(0,format/* errorMessage */.gJ)(error)}`, {
            cause: error
        });
    }
    /** Up to `length` bytes written from `position` on. */
    async read(position, length) {
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await (await this.handle).read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
    }
    /**
     * Whether the bytes written are `sha256`: if so they are kept under that name (the store is a
     * cache: failing to keep them does not make them wrong), else removed.
     */
    async commit() {
        await this.flushed();
        if (this.hash.digest('hex') !== this.sha256) {
            await this.discard();
            return false;
        }
        await (await this.handle)
            .stat()
            .then(this.place)
            .catch(() => this.discard());
        return true;
    }
    /** Removes the file, if it could be made; readers that have it open go on reading. */
    async discard() {
        // Removed before it is created, it would be left behind.
        await this.writes;
        await (0,promises_.rm)(this.path, { force: true }).catch(() => undefined);
    }
    async close() {
        if (this.closed)
            return;
        this.closed = true;
        await this.writes;
        await this.handle.then(handle => handle.close(), () => undefined);
    }
}
async function privateDir(path) {
    await (0,promises_.mkdir)(path, { recursive: true, mode: PRIVATE_DIR });
    // An older or restored store may have made it with wider permissions.
    await (0,promises_.chmod)(path, PRIVATE_DIR);
}
async function listDir(path) {
    try {
        return await (0,promises_.readdir)(path);
    }
    catch {
        return [];
    }
}

;// CONCATENATED MODULE: ./src/files/download.ts





/**
 * Downloads a file into the transfer, and so into the store's temp file its clients read. A
 * large file that two trusted mirrors or more can serve is first fetched as parallel ranges
 * (parallel.ts). Otherwise, and for whatever that leaves, sequential failover: one mirror at a
 * time, each continuing where the last one stopped. A reset, a stall, or a pace far below the
 * mirror's usual one continues from the next mirror (or round again) with a Range request, so
 * the clients see one slow download, and puts the mirror in trouble: later downloads try it
 * last; the rounds go on while each makes progress, and a whole round without a new byte ends
 * them. A copy that cannot be written fails the download, saying why.
 */
async function download(file, transfer, deps) {
    try {
        return await fetchAll(file, transfer, deps);
    }
    catch (error) {
        if (!(error instanceof StoreWriteError))
            throw error;
        return transfer.fail(`cannot keep ${file.filename}: ${(0,format/* errorMessage */.gJ)(error)}`);
    }
}
async function fetchAll(file, transfer, deps) {
    const sources = new Sources(file, deps);
    await sources.avoidSuspects();
    const parallel = parallelSources(file.sha256, file.size, sources.list, deps.bad, deps.trouble);
    if (parallel.length > 0) {
        deps.stats.parallel++;
        await fetchInParallel(transfer, parallel, deps);
        if (transfer.whole)
            return transfer.complete();
    }
    let next = 0;
    let roundStart = transfer.offset;
    let resumed = false;
    while (!transfer.stop.aborted) {
        if (next === sources.list.length) {
            if (await sources.addMore())
                continue;
            if (next === 0 || transfer.offset === roundStart)
                break;
            next = 0;
            roundStart = transfer.offset;
        }
        if (transfer.offset > 0 && !resumed) {
            resumed = true;
            deps.stats.resumed++;
        }
        const result = await attempt(sources.list[next++], transfer, sources, deps);
        if (result === 'complete')
            return transfer.complete();
        if (result === 'too-long')
            return transfer.mismatch();
    }
    return transfer.stop.aborted ? transfer.abandon() : transfer.fail();
}
/**
 * The usable sources of one download: known ones first, other mirrors' listings once asked;
 * within each, troubled mirrors last.
 */
class Sources {
    file;
    deps;
    list;
    askedForMore = false;
    constructor(file, deps) {
        this.file = file;
        this.deps = deps;
        this.list = this.usable(file.sources);
    }
    /** Adds other mirrors' listings, the first time only; whether that added any. */
    async addMore() {
        if (this.askedForMore || !this.file.moreSources)
            return false;
        this.askedForMore = true;
        const known = this.list.length;
        for (const source of this.usable(await this.file.moreSources())) {
            if (!this.list.some(other => other.mirror.url === source.mirror.url))
                this.list.push(source);
        }
        return this.list.length > known;
    }
    /** Whether a source besides `source` exists, asking for more if need be. */
    async hasOther(source) {
        const other = () => this.list.some(known => known.mirror.url !== source.mirror.url);
        return other() || ((await this.addMore()) && other());
    }
    /**
     * Before the first attempt: when every known source once served a wrong file, other
     * mirrors' listings are asked for, so that one of them goes first.
     */
    async avoidSuspects() {
        if (!this.list.every(source => this.suspect(source)))
            return;
        if (!(await this.addMore()))
            return;
        this.list.splice(0, this.list.length, ...this.usable(this.list));
    }
    /**
     * Without the ones that failed this file, troubled mirrors after the others, and mirrors
     * that served a wrong file (any file) last of all: that is rarely a one-off.
     */
    usable(sources) {
        const usable = sources.filter(source => !this.deps.bad.has(source.mirror, this.file.sha256));
        const ordered = this.deps.trouble?.order(usable) ?? usable;
        return [
            ...ordered.filter(source => !this.suspect(source)),
            ...ordered.filter(source => this.suspect(source))
        ];
    }
    suspect(source) {
        return this.deps.bad.everMismatched(source.mirror);
    }
}
/**
 * Reads one mirror's copy from the transfer's offset on (asking for a range when past 0) into
 * the transfer, until it ends, fails, stalls, sends more than the file's size, or reads far
 * below its usual pace while another source could take over.
 */
async function attempt(source, transfer, sources, deps) {
    const offset = transfer.offset;
    const read = await MirrorRead.open(source, offset > 0 ? offset : undefined, deps, transfer.stop, transfer.priority);
    if (!read)
        return 'interrupted';
    try {
        const plan = resumePlan(read.status, read.header('content-range'), offset, transfer.total);
        if (!plan)
            return 'interrupted';
        transfer.start(read.header('content-length'));
        // A mirror not measured yet is held to the fastest one's pace: a far slower one gives way.
        const expected = deps.speeds?.observed(source.mirror) ?? source.expectedBytesPerSec ?? deps.speeds?.fastest();
        let skip = plan.skip;
        for (let chunk = await read.next(); chunk; chunk = await read.next()) {
            const kept = chunk.subarray(Math.min(skip, chunk.length));
            skip -= chunk.length - kept.length;
            if (!(await transfer.accept(kept, source)))
                return 'too-long';
            if (farBelowExpected(read.meter.reading(), expected) && (await sources.hasOther(source))) {
                deps.stats.slowSwitches++;
                deps.trouble?.add(source.mirror);
                return 'interrupted';
            }
        }
        const whole = transfer.total === undefined || transfer.whole;
        if (skip > 0 || !whole)
            return 'interrupted';
        deps.trouble?.succeeded(source.mirror);
        return 'complete';
    }
    catch (error) {
        if (error instanceof StoreWriteError)
            throw error;
        return 'interrupted';
    }
    finally {
        read.close();
        // Parallel ranges share the link, so only these reads tell a mirror's own speed.
        deps.speeds?.record(source.mirror, read.meter.reading());
    }
}

;// CONCATENATED MODULE: ./src/files/transfer.ts

/**
 * One download's state: the bytes written so far, in order, to the store's temp file (which its
 * clients read back, each at its own pace), the mirrors that sent them, and how it ended. Until
 * the whole file matched its sha256, clients may read all but the newest chunk (`readable`), so
 * that none ever holds a complete wrong file.
 */
class Transfer {
    file;
    deps;
    stop;
    offset = 0;
    total;
    /** Set once ranges from several mirrors at once make up the file. */
    parallel = false;
    state = 'running';
    /** Why the download failed, for a client that has no byte yet. */
    failure;
    /** Notified on each new byte and on the end. */
    changes = new Changes();
    senders = new Set();
    temp;
    newestChunk = 0;
    /** Set on the first usable answer. */
    started = false;
    /** Bytes on disk, where clients read them. */
    written = 0;
    /** `stop` ends the download: every client has gone. */
    constructor(file, deps, stop) {
        this.file = file;
        this.deps = deps;
        this.stop = stop;
        this.total = file.size;
        this.temp = deps.store.createTemp(file.sha256, bytes => {
            this.written = bytes;
            this.changes.notify();
        });
    }
    /** Whether the download is still only a prefetch (see DownloadPriority). */
    get priority() {
        return this.file.priority;
    }
    /** Every byte is in: the size is known and reached. */
    get whole() {
        return this.offset === this.total;
    }
    /**
     * An answer began and its first bytes are on disk, so the copy can be written: clients may
     * send their head. Until then, a failure is a clear refusal rather than a cut.
     */
    get flowing() {
        return this.started && this.written > 0;
    }
    /** How many bytes, from the start, clients may have now. */
    get readable() {
        if (this.state === 'verified')
            return this.offset;
        return Math.min(this.written, this.offset - this.newestChunk);
    }
    /** The first usable answer came, telling the size if it was unknown. */
    start(contentLength) {
        if (this.started)
            return;
        this.started = true;
        const length = Number(contentLength ?? NaN);
        this.total ??= Number.isSafeInteger(length) ? length : undefined;
        this.changes.notify();
    }
    /**
     * Takes the next bytes, waiting only when too many wait for the disk (StoreTemp.write); false
     * when they overrun the file's size. Rejects with a StoreWriteError when they cannot be written.
     */
    async accept(chunk, source) {
        if (chunk.length === 0)
            return true;
        if (!this.received(this.offset, chunk, source))
            return false;
        this.offset += chunk.length;
        this.newestChunk = chunk.length;
        await this.temp.write(chunk);
        return true;
    }
    /**
     * Takes bytes from `position` on, past the offset: a range fetched before the bytes ahead of
     * it, written to disk where it belongs. They count once `advance` reaches them. False when
     * they overrun the file's size.
     */
    async acceptAt(position, chunk, source) {
        if (chunk.length === 0)
            return true;
        if (!this.received(position, chunk, source))
            return false;
        await this.temp.writeAhead(chunk, position);
        return true;
    }
    /** The next `bytes` from the offset on came through acceptAt: clients may have them. */
    async advance(bytes) {
        // At once, before the disk: parallel ranges find the piece they wait for by it.
        this.offset += bytes;
        this.newestChunk = bytes;
        await this.temp.adopt(bytes);
    }
    /** Counts bytes from a source; false when they would overrun the file's size. */
    received(position, chunk, source) {
        if (this.total !== undefined && position + chunk.length > this.total)
            return false;
        this.senders.add(source.mirror);
        const stats = this.deps.stats.bytesByMirror;
        stats[source.mirror.name] = (stats[source.mirror.name] ?? 0) + chunk.length;
        return true;
    }
    /** Up to `length` of the bytes written, from `position` on. */
    async read(position, length) {
        return this.temp.read(position, length);
    }
    /** The last byte is in: the file is kept if it matched its sha256, else a mismatch. */
    async complete() {
        if (!(await this.temp.commit()))
            return this.mismatch();
        return this.end('verified', 'downloaded');
    }
    /**
     * The bytes are wrong. The mirrors that sent them are marked bad for this file, unless
     * several sent ranges at once: then the culprit is unknown, and the retry goes one mirror at a
     * time, so that the next mismatch names it.
     */
    async mismatch() {
        if (this.parallel && this.senders.size > 1)
            this.deps.bad.fetchSequentially(this.file.sha256);
        else
            for (const mirror of this.senders)
                this.deps.bad.add(mirror, this.file.sha256);
        this.deps.stats.hashMismatches++;
        return this.end('mismatch', 'mismatch');
    }
    /** No mirror could finish (or the copy could not be written: `reason`). */
    async fail(reason = `no mirror could serve ${this.file.filename}`) {
        this.deps.stats.failures++;
        this.failure = reason;
        return this.end('failed', 'failed');
    }
    /** Every client has gone. */
    async abandon() {
        return this.end('abandoned', 'client-gone');
    }
    /** Closes the temp file, once no client reads it any more. */
    async close() {
        await this.temp.close();
    }
    async end(state, outcome) {
        if (state !== 'verified')
            await this.temp.discard();
        this.state = state;
        this.changes.notify();
        return outcome;
    }
}

;// CONCATENATED MODULE: ./src/files/shared-download.ts





// What a client reads of the download's file at a time.
const READ_CHUNK = 256 * 1024;
/**
 * One download of a file, shared by every client that asks for it meanwhile. It writes the
 * store's temp file, waiting for the disk but never for a client, and each client reads that
 * file back at its own pace, up to what Transfer.readable allows: so a slow client neither holds
 * the others up nor makes the router hold the file in memory. It stops when its last client has
 * gone.
 */
class SharedDownload {
    file;
    /** How the download ended. */
    outcome;
    transfer;
    stop = new AbortController();
    clients = 0;
    constructor(file, deps) {
        this.file = file;
        this.transfer = new Transfer(file, deps, this.stop.signal);
        // An unexpected error must not leave the clients waiting: they are cut, then fail with it.
        this.outcome = download(file, this.transfer, deps).catch(async (error) => {
            await this.transfer.fail(`${file.filename}: ${(0,format/* errorMessage */.gJ)(error)}`);
            throw error;
        });
    }
    /** False once stopped: a new client needs a new download. */
    get joinable() {
        return !this.stop.signal.aborted;
    }
    /** A client needs it now: its requests no longer yield to others'. */
    promote() {
        if (this.file.priority)
            this.file.priority.background = false;
    }
    /** The file's size, once known. */
    get size() {
        return this.transfer.total;
    }
    /**
     * Sends the whole file to `response` as it arrives: a 502 when it failed before its first
     * byte, a cut connection when it fails (or mismatches) after.
     */
    async follow(response) {
        const leave = this.join();
        try {
            return await this.send(response);
        }
        catch (error) {
            // Whatever it got must not pass for the whole file.
            response.destroy();
            throw error;
        }
        finally {
            leave();
        }
    }
    /** How the download ended, keeping it going meanwhile. */
    async settled() {
        const leave = this.join();
        try {
            return await this.outcome;
        }
        finally {
            leave();
        }
    }
    /** Counts one more client; the function returned counts it out, stopping at the last one. */
    join() {
        this.clients++;
        return () => {
            if (--this.clients > 0)
                return;
            this.stop.abort();
            const close = () => this.transfer.close();
            void this.outcome.then(close, close);
        };
    }
    async send(response) {
        const transfer = this.transfer;
        // A client that goes while this waits for the download is seen at once.
        response.once('close', () => transfer.changes.notify());
        const change = () => transfer.changes.next();
        while (!transfer.flowing && transfer.state === 'running' && !response.destroyed)
            await change();
        if (response.destroyed)
            return 'client-gone';
        // An empty file is verified without a byte on disk.
        if (!transfer.flowing && transfer.state !== 'verified') {
            refuse(response, transfer.failure ?? `no mirror could serve ${this.file.filename}`);
            return this.outcome;
        }
        const head = fileHead(this.file.sha256, transfer.total, undefined);
        response.writeHead(head.status, head.headers);
        let position = 0;
        for (;;) {
            if (response.destroyed)
                return 'client-gone';
            const readable = transfer.readable;
            if (position < readable) {
                const bytes = await transfer.read(position, Math.min(readable - position, READ_CHUNK));
                // The file shorter than what was written: nothing more can be sent.
                if (bytes.length === 0)
                    break;
                position += bytes.length;
                await sendChunk(response, bytes);
            }
            else if (transfer.state === 'verified') {
                response.end();
                return 'downloaded';
            }
            else if (transfer.state === 'running')
                await change();
            else
                break;
        }
        // Cut mid-body, so that the client cannot take what it got for the whole file.
        response.destroy();
        return transfer.state === 'running' ? 'failed' : this.outcome;
    }
}

;// CONCATENATED MODULE: ./src/files/file-service.ts






/**
 * The router's distribution files: each served by sha256 from the store, or from the one
 * download of it in flight, which every client asking for it meanwhile shares (SharedDownload).
 * Every byte sent comes from content whose sha256 this process checked: a whole file streams
 * with its last chunk held back until it matched, and a range, or a wheel's metadata, is read
 * only from a file hashed whole first.
 */
class FileService {
    deps;
    inFlight = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    /** Answers one request for `file`; resolves when done. */
    async serve(file, client, response) {
        const range = requestedRange(client.range, client.ifRange, fileEtag(file.sha256));
        // Every answer with the file's bytes or head; refusals say `no-store` themselves.
        response.setHeader('Cache-Control', fileCacheControl(client.keepsCopy === true));
        if (client.method === 'HEAD')
            return this.head(file, range, response);
        if (range)
            return this.serveRange(file, range, response);
        if (!this.inFlight.get(file.sha256)?.joinable) {
            const stored = await this.deps.store.open(file.sha256);
            if (stored)
                return this.serveStored(file, stored, response);
        }
        return this.downloadOf(file).follow(response);
    }
    /**
     * Calls `use` with a descriptor of the file and its size, once its bytes are in the store and
     * were found right through that same descriptor: downloaded first if need be (or joining the
     * download in flight). Undefined when no mirror could serve it; rejects when no mirror sent
     * bytes matching its sha256.
     */
    async withVerified(file, use) {
        const verified = await this.verified(file);
        if (!verified)
            return undefined;
        try {
            return await use(verified.stored.fd, verified.stored.size);
        }
        finally {
            await verified.stored.close();
        }
    }
    /**
     * Fetches `file` into the store ahead of its clients, unless it is stored or on its way
     * already: as background work (DownloadPriority) until a client asks for it, when the client
     * joins this same download. Resolves with how it ended, `store` when it was stored already.
     */
    async prefetch(file) {
        const current = this.inFlight.get(file.sha256);
        if (current?.joinable)
            return current.settled();
        if (await this.deps.store.has(file.sha256)) {
            await this.deps.store.markUsed(file.sha256);
            return 'store';
        }
        return this.downloadOf({ ...file, priority: { background: true } }, false).settled();
    }
    /** Whether the store holds `sha256` and no download of it is in flight. */
    async stored(sha256) {
        return !this.inFlight.get(sha256)?.joinable && (await this.deps.store.has(sha256));
    }
    /** Resolves once every download in flight has ended. */
    async idle() {
        await Promise.allSettled([...this.inFlight.values()].map(download => download.outcome));
    }
    /** The answer's head as a GET would have it, sent without a body and without a download. */
    async head(file, range, response) {
        const head = fileHead(file.sha256, await this.knownSize(file), range);
        response.writeHead(head.status, head.headers);
        response.end();
        return head.status === 416 ? 'unsatisfiable' : 'head';
    }
    async knownSize(file) {
        const size = file.size ?? this.inFlight.get(file.sha256)?.size;
        if (size !== undefined)
            return size;
        const stored = await this.deps.store.open(file.sha256);
        await stored?.close();
        return stored?.size;
    }
    async serveStored(file, stored, response) {
        const head = fileHead(file.sha256, stored.size, undefined);
        response.writeHead(head.status, head.headers);
        try {
            await (0,external_node_stream_promises_.pipeline)(stored.body(), response);
            await this.servedFromStore(file.sha256, stored.size, true);
            return 'store';
        }
        catch (error) {
            response.destroy();
            if (!(error instanceof StoreCorruption))
                return 'client-gone';
            this.deps.stats.hashMismatches++;
            return 'mismatch';
        }
        finally {
            await stored.close();
        }
    }
    /**
     * `bytes` of a stored file went to a client (`whole`: the file, not a range): the store's
     * bytes in the figures where an earlier job fetched it (bytes this job fetched count for the
     * mirror that sent them), and used either way.
     */
    async servedFromStore(sha256, bytes, whole) {
        const { stats, store } = this.deps;
        if (whole)
            stats.storeHits++;
        if (!store.fetchedHere(sha256))
            stats.storeBytes += bytes;
        await store.markUsed(sha256);
    }
    /** A range is served from a file hashed whole first: after its download, if it is in flight. */
    async serveRange(file, range, response) {
        let verified;
        try {
            verified = await this.verified(file);
        }
        catch (error) {
            refuse(response, (0,format/* errorMessage */.gJ)(error));
            return 'mismatch';
        }
        if (!verified) {
            refuse(response, `no mirror could serve ${file.filename}`);
            return 'failed';
        }
        const { stored, downloaded } = verified;
        try {
            const head = fileHead(file.sha256, stored.size, range);
            response.writeHead(head.status, head.headers);
            if (!head.range) {
                response.end();
                return 'unsatisfiable';
            }
            await (0,external_node_stream_promises_.pipeline)(stored.range(head.range.start, head.range.end), response);
            // Bytes a download brought are the mirrors' figures already.
            if (!downloaded)
                await this.servedFromStore(file.sha256, head.range.end - head.range.start + 1, false);
            return downloaded ? 'downloaded' : 'store';
        }
        catch {
            response.destroy();
            return 'client-gone';
        }
        finally {
            await stored.close();
        }
    }
    /**
     * The file from the store, opened and found right: hashed through its descriptor (unless
     * this process already did so for this version of it, or wrote it), or else downloaded first.
     * A stored copy that does not match is removed and downloaded again.
     */
    async verified(file) {
        if (!this.inFlight.get(file.sha256)?.joinable) {
            const stored = await this.deps.store.open(file.sha256);
            if (stored && (await stored.verify())) {
                await this.deps.store.markUsed(file.sha256);
                return { stored, downloaded: false };
            }
            await stored?.close();
        }
        const outcome = await this.downloadOf(file).settled();
        if (outcome === 'mismatch')
            throw new Error(`${file.filename}: no mirror sent bytes matching its sha256`);
        if (outcome !== 'downloaded')
            return undefined;
        const stored = await this.deps.store.open(file.sha256);
        if (stored && (await stored.verify()))
            return { stored, downloaded: true };
        await stored?.close();
        throw new Error(`${file.filename}: its verified copy could not be kept in the store`);
    }
    /**
     * The download of `file` in flight, or a new one; a client's request makes one that was only
     * a prefetch its own.
     */
    downloadOf(file, forClient = true) {
        const current = this.inFlight.get(file.sha256);
        if (current?.joinable) {
            if (forClient)
                current.promote();
            return current;
        }
        const started = new SharedDownload(file, this.deps);
        this.inFlight.set(file.sha256, started);
        const forget = () => {
            if (this.inFlight.get(file.sha256) === started)
                this.inFlight.delete(file.sha256);
        };
        started.outcome.then(forget, forget);
        return started;
    }
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
    return parts && (0,project_name/* normalizeProjectName */.y)(parts.name);
}
/** `demo_pkg-1.0-py3-none-any.whl` and `demo-pkg-1.0.tar.gz` both give 1.0. */
function versionFromFilename(filename) {
    return distributionParts(filename)?.version;
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
function usedToolCaches(machine, workspace) {
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

;// CONCATENATED MODULE: ./src/router/hedged-race.ts
/**
 * Unranked, the first good answer waits about its own latency, within these bounds, for the
 * others: a fast but stale mirror must not win on speed alone.
 */
const FRESHNESS_GRACE_MS = { min: 20, max: 250 };
/**
 * Asks `mirrors` in order: the next one after a failure or a 404, or once the latest has been
 * slower than its hedge delay. Good answers in hand together go by serial, freshest first.
 * Fanned out, all are asked at once, and the first good answer waits a little for the others.
 * Gathering, the first few are asked at once and waited for (see `gather`). The losers are
 * cancelled.
 */
function hedgedRace(options) {
    return new HedgedRace(options).run();
}
class HedgedRace {
    options;
    attempts = [];
    good = [];
    reasons = [];
    missing = 0;
    graceTimer;
    finished = false;
    resolve;
    constructor(options) {
        this.options = options;
    }
    run() {
        return new Promise(resolve => {
            this.resolve = resolve;
            const { mirrors, fanOut } = this.options;
            const atOnce = fanOut ? mirrors.length : Math.min(this.gather(), mirrors.length);
            if (mirrors.length === 0)
                this.finish({ ok: false, missing: true, reason: 'no mirrors', asked: 0 });
            else
                for (let launched = 0; launched < atOnce; launched++)
                    this.launch(false);
        });
    }
    /** Asks the next mirror. */
    launch(hedge) {
        const { mirrors, fanOut, counts } = this.options;
        const mirror = mirrors[this.attempts.length];
        const deadline = performance.now() + this.options.hedgeDelay(mirror);
        const attempt = {
            mirror,
            controller: new AbortController(),
            deadline,
            hedge,
            done: false
        };
        this.attempts.push(attempt);
        if (hedge)
            counts.hedged++;
        if (!fanOut && this.attempts.length < mirrors.length) {
            attempt.hedgeTimer = setTimeout(() => this.hedge(attempt), this.options.hedgeDelay(mirror));
        }
        void this.options
            .ask(mirror, attempt.controller.signal)
            .catch((error) => ({ kind: 'failed', reason: String(error) }))
            .then(outcome => this.settle(attempt, outcome));
    }
    /** `attempt` is slower than usual: the next mirror is asked too. */
    hedge(attempt) {
        attempt.hedgeTimer = undefined;
        const more = this.attempts.length < this.options.mirrors.length;
        if (!this.finished && this.good.length === 0 && more)
            this.launch(true);
    }
    settle(attempt, outcome) {
        attempt.done = true;
        clearTimeout(attempt.hedgeTimer);
        attempt.hedgeTimer = undefined;
        if (this.finished)
            return; // a loser, cancelled or late
        if (outcome.kind === 'ok')
            this.accept(attempt, outcome);
        else
            this.reject(attempt, outcome);
    }
    accept(attempt, { value, serial, latencyMs }) {
        this.good.push({ attempt, value, serial });
        // Answers that arrive in the same turn (or, fanned out, soon) are in hand before the pick.
        if (this.allDone())
            this.pickAfter(0);
        else if (this.gather() > 1)
            this.pickAfter(this.pendingWaitMs());
        else if (this.good.length === 1)
            this.pickAfter(this.options.fanOut ? grace(latencyMs) : 0);
    }
    /** How long the pending attempts of a gathering race are still waited for. */
    pendingWaitMs() {
        const now = performance.now();
        const pending = this.attempts.filter(attempt => !attempt.done);
        return Math.max(0, ...pending.map(attempt => attempt.deadline - now));
    }
    gather() {
        return this.options.fanOut ? 1 : Math.max(1, this.options.gather ?? 1);
    }
    reject(attempt, outcome) {
        if (outcome.kind === 'missing')
            this.missing++;
        const why = outcome.kind === 'missing' ? '404' : outcome.reason;
        this.reasons.push(`${attempt.mirror.name}: ${why}`);
        const asking = this.attempts.filter(other => !other.done).length + this.good.length;
        if (outcome.kind === 'failed' &&
            asking < this.gather() &&
            this.attempts.length < this.options.mirrors.length) {
            // A gathering race keeps as many mirrors as it gathers: a failed one is replaced.
            this.options.counts.failovers++;
            this.launch(false);
        }
        if (this.good.length > 0) {
            if (this.allDone())
                this.pickAfter(0);
            else if (this.gather() > 1)
                this.pickAfter(this.pendingWaitMs());
            return;
        }
        // A pending request whose hedge timer still runs brings in the next mirror itself.
        if (this.attempts.some(other => !other.done && other.hedgeTimer))
            return;
        if (this.attempts.length < this.options.mirrors.length) {
            this.options.counts.failovers++;
            this.launch(false);
        }
        else if (this.allDone()) {
            const asked = this.attempts.length;
            const reason = this.reasons.join('; ');
            this.finish({ ok: false, missing: this.missing === asked, reason, asked });
        }
    }
    /** Serves the freshest good answer in hand after `ms` (0: in the next turn). */
    pickAfter(ms) {
        clearTimeout(this.graceTimer);
        this.graceTimer = ms > 0 ? setTimeout(() => this.pick(), ms) : undefined;
        if (ms === 0)
            setImmediate(() => this.pick());
    }
    pick() {
        if (this.finished)
            return;
        const best = this.good.reduce((a, b) => ((b.serial ?? -1) > (a.serial ?? -1) ? b : a));
        const answered = new Set(this.good.map(answer => answer.attempt));
        const failovers = this.attempts.filter(other => other.done && !answered.has(other)).length;
        const { mirror, hedge } = best.attempt;
        if (hedge)
            this.options.counts.hedgesWon++;
        const answers = [...this.good]
            .sort((a, b) => this.attempts.indexOf(a.attempt) - this.attempts.indexOf(b.attempt))
            .map(({ attempt, value, serial }) => ({
            mirror: attempt.mirror,
            value,
            ...(serial !== undefined ? { serial } : {})
        }));
        this.finish({ ok: true, value: best.value, mirror, hedged: hedge, failovers, answers });
    }
    finish(result) {
        this.finished = true;
        clearTimeout(this.graceTimer);
        for (const attempt of this.attempts) {
            clearTimeout(attempt.hedgeTimer);
            if (!attempt.done)
                attempt.controller.abort();
        }
        this.resolve(result);
    }
    allDone() {
        return this.attempts.every(attempt => attempt.done);
    }
}
function grace(latencyMs) {
    return Math.min(FRESHNESS_GRACE_MS.max, Math.max(FRESHNESS_GRACE_MS.min, latencyMs));
}

;// CONCATENATED MODULE: ./src/router/in-flight.ts
/**
 * One run per key while it is in flight, shared by every caller that asks for the same key in
 * the meantime: 40 clients asking for one page make one upstream request. A caller leaves when
 * its own signal aborts; the run is cancelled once every caller has left. A finished run is
 * forgotten at once: nothing is cached.
 */
class InFlight {
    runs = new Map();
    /** The result of the run for `key`, started with `start` if none is in flight. */
    join(key, start, signal) {
        if (signal?.aborted)
            return Promise.reject(signal.reason);
        const run = this.runs.get(key) ?? this.begin(key, start);
        run.callers++;
        if (!signal)
            return run.promise;
        return new Promise((resolve, reject) => {
            const leave = () => {
                reject(signal.reason);
                if (--run.callers === 0)
                    this.cancel(key, run);
            };
            signal.addEventListener('abort', leave, { once: true });
            void run.promise
                .then(resolve, reject)
                .finally(() => signal.removeEventListener('abort', leave));
        });
    }
    /** Runs in flight, for tests. */
    get size() {
        return this.runs.size;
    }
    begin(key, start) {
        const controller = new AbortController();
        const run = { controller, callers: 0, promise: start(controller.signal) };
        this.runs.set(key, run);
        const forget = () => this.forget(key, run);
        run.promise.then(forget, forget);
        return run;
    }
    cancel(key, run) {
        this.forget(key, run);
        run.controller.abort();
    }
    forget(key, run) {
        // A later caller may already have started another run under the same key.
        if (this.runs.get(key) === run)
            this.runs.delete(key);
    }
}

// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js
var pep440 = __webpack_require__(8898);
;// CONCATENATED MODULE: ./src/router/pypi-urls.ts

/**
 * PyPI's path layout, which bandersnatch and most public mirrors keep under their own prefix:
 * `packages/<2 hex>/<2 hex>/<60 hex>/<filename>` (the blake2b-256 of the file).
 */
const PYPI_LAYOUT = /\/packages\/([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{60})\/([^/?#]+)$/;
/**
 * The path the file has on files.pythonhosted.org: taken from the mirror's URL where the mirror
 * keeps PyPI's layout; else made from its sha256 (`/packages/sha256/<hex>/<filename>`), a path
 * PyPI does not have, which a lock file written through such a mirror then names. Undefined
 * for a file listed without a sha256: it cannot be checked, so it keeps the mirror's URL.
 */
function pypiFilePath(file) {
    const match = PYPI_LAYOUT.exec(file.url.split(/[?#]/)[0]);
    if (match && safeDecode(match[4]) === file.filename)
        return `/packages/${match[1]}/${match[2]}/${match[3]}/${file.filename}`;
    return file.sha256 ? `/packages/sha256/${file.sha256}/${file.filename}` : undefined;
}
function pypiFileUrl(path) {
    const slash = path.lastIndexOf('/');
    return `https://${PYPI_FILES_HOST}${path.slice(0, slash + 1)}${encodeURIComponent(path.slice(slash + 1))}`;
}
/** The sha256 a path made by `pypiFilePath` from a sha256 names. */
function sha256FromPypiPath(path) {
    return /^\/packages\/sha256\/([0-9a-f]{64})\/[^/]+$/.exec(path)?.[1];
}
function packageType(filename) {
    return filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist';
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/router/pypi-json.ts
// pypi.org's JSON API (`/pypi/<name>/json`, `/pypi/<name>/<version>/json`): a mirror's own copy
// of PyPI's document, its file URLs turned back into PyPI's; or, where neither a mirror nor PyPI
// answers, one built from a simple page and a release's core metadata, for Poetry, which reads
// the API to lock and install.




/**
 * Where a mirror keeps PyPI's JSON API: beside its simple index, as bandersnatch mirrors do
 * (`…/simple` → `…/pypi/<name>/[<version>/]json`). Undefined for an index URL that does not end
 * in `/simple`: there is no telling where its JSON API would be.
 */
function mirrorJsonUrl(indexUrl, project, version) {
    const url = new URL(indexUrl);
    const base = url.pathname.replace(/\/+$/, '');
    if (!base.endsWith('/simple'))
        return undefined;
    const release = version === undefined ? '' : `${encodeURIComponent(version)}/`;
    url.pathname = `${base.slice(0, -'simple'.length)}pypi/${encodeURIComponent(project)}/${release}json`;
    url.search = '';
    url.hash = '';
    return url.toString();
}
/**
 * A mirror's JSON document for `project` as PyPI would send it: every field kept, the
 * vulnerabilities included, only each file's `url` turned into PyPI's own (the mirror's URL
 * where it keeps PyPI's layout, else one made from the sha256; see pypi-urls.ts). Refused when it
 * is not PyPI's shape, or is of another project: a mirror's error page must not pass for it.
 */
function readMirrorJson(text, project, version) {
    let document;
    try {
        document = JSON.parse(text);
    }
    catch {
        return { ok: false, reason: 'the JSON API answered something that is not JSON' };
    }
    const shape = jsonShape(document, project, version);
    if (typeof shape === 'string')
        return { ok: false, reason: `the JSON API answer ${shape}` };
    for (const entry of shape.files) {
        const path = pypiFilePath({
            filename: entry.filename,
            url: entry.url,
            sha256: entry.digests.sha256
        });
        if (path)
            entry.url = pypiFileUrl(path);
    }
    return { ok: true, body: JSON.stringify(document) };
}
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** The document's file entries; or what is wrong with it. */
function jsonShape(document, project, version) {
    if (!isRecord(document) || !isRecord(document.info) || !Array.isArray(document.urls))
        return 'lacks info and urls';
    const { name, version: released } = document.info;
    if (typeof name !== 'string' || (0,project_name/* normalizeProjectName */.y)(name) !== project)
        return `is about ${typeof name === 'string' ? name : 'no project'}, not ${project}`;
    if (version !== undefined && typeof released !== 'string')
        return 'names no version';
    const releases = document.releases;
    if (releases !== undefined && !isRecord(releases))
        return 'has releases that are not a table';
    const lists = [document.urls, ...Object.values(releases ?? {})];
    if (!lists.every(Array.isArray))
        return 'has a release that is not a list';
    const files = lists.flat();
    const bad = files.find(entry => !isRecord(entry) ||
        typeof entry.filename !== 'string' ||
        typeof entry.url !== 'string' ||
        !isRecord(entry.digests) ||
        (entry.digests.sha256 !== undefined &&
            !(typeof entry.digests.sha256 === 'string' && SHA256_HEX.test(entry.digests.sha256))));
    if (bad !== undefined)
        return 'lists a file without a name, a URL or well-formed digests';
    return { files: files };
}
/**
 * The JSON document, or undefined when the page has no such release. The latest release is the
 * highest PEP 440 version with a file that is not yanked, preferring final releases, as PyPI
 * picks it. Fields the page cannot tell are null, as PyPI leaves them for old uploads; without
 * metadata, `requires_dist` is null and clients read the release's metadata themselves.
 */
function renderPypiJson(input) {
    const { page, fileUrl } = input;
    const releases = new Map();
    for (const file of page.files) {
        const version = versionFromFilename(file.filename);
        if (version === undefined)
            continue;
        releases.set(version, [...(releases.get(version) ?? []), file]);
    }
    const version = input.version ?? latestVersion(releases);
    const files = version === undefined ? undefined : releases.get(version);
    if (version === undefined || !files)
        return undefined;
    const entry = (file) => ({
        filename: file.filename,
        url: fileUrl(file),
        digests: { ...file.hashes, ...(file.sha256 ? { sha256: file.sha256 } : {}) },
        packagetype: packageType(file.filename),
        python_version: pythonTag(file.filename),
        requires_python: file.requiresPython ?? null,
        size: file.size ?? null,
        upload_time_iso_8601: file.uploadTime ?? null,
        yanked: file.yanked !== undefined,
        yanked_reason: typeof file.yanked === 'string' ? file.yanked : null
    });
    const metadata = input.metadata;
    const info = {
        name: metadata?.name ?? input.project,
        version,
        summary: metadata?.summary ?? null,
        requires_python: metadata?.requiresPython ?? files[0].requiresPython ?? null,
        requires_dist: metadata ? metadata.requiresDist : null,
        yanked: files.every(file => file.yanked !== undefined),
        yanked_reason: null
    };
    return JSON.stringify({
        info,
        last_serial: page.serial ?? null,
        ...(input.version === undefined
            ? { releases: Object.fromEntries([...releases].map(([key, list]) => [key, list.map(entry)])) }
            : {}),
        urls: files.map(entry),
        vulnerabilities: []
    });
}
function latestVersion(releases) {
    const candidates = [...releases]
        .filter(([version, files]) => (0,pep440.explain)(version) && files.some(file => file.yanked === undefined))
        .map(([version]) => version)
        .sort((a, b) => (0,pep440.compare)(b, a));
    return candidates.find(version => !(0,pep440.explain)(version)?.is_prerelease) ?? candidates[0];
}
/** A wheel's Python tag; `source` for an sdist, as PyPI says. */
function pythonTag(filename) {
    if (!filename.endsWith('.whl'))
        return 'source';
    const parts = filename.slice(0, -4).split('-');
    return parts[parts.length - 3] ?? 'py3';
}
/** The fields above from a METADATA file (RFC 822 headers; the body is the description). */
function parseCoreMetadata(text) {
    const head = text.split(/\r?\n\r?\n/)[0];
    const fields = [];
    for (const line of head.split(/\r?\n/)) {
        if (/^[ \t]/.test(line) && fields.length > 0)
            fields[fields.length - 1][1] += `\n${line.trim()}`;
        else {
            const colon = line.indexOf(':');
            if (colon > 0)
                fields.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]);
        }
    }
    const first = (name) => fields.find(([key]) => key === name)?.[1];
    return {
        name: first('name'),
        version: first('version'),
        summary: first('summary'),
        requiresPython: first('requires-python'),
        requiresDist: fields.filter(([key]) => key === 'requires-dist').map(([, value]) => value)
    };
}

;// CONCATENATED MODULE: ./src/router/recent.ts
/**
 * Answers kept for a short while, so that the router asks a mirror once for what a prefetch
 * and then its client both need. Bounded by age and by a total weight (what an entry costs in
 * memory): the least recently kept go first.
 */
class Recent {
    options;
    entries = new Map();
    weight = 0;
    constructor(options) {
        this.options = options;
    }
    get(key) {
        const entry = this.entries.get(key);
        if (!entry)
            return undefined;
        if (this.now() - entry.keptAt <= this.options.maxAgeMs)
            return entry.value;
        this.forget(key);
        return undefined;
    }
    set(key, value) {
        this.forget(key);
        const weight = this.options.weigh(value);
        if (weight > this.options.maxWeight || this.options.maxAgeMs <= 0)
            return;
        this.entries.set(key, { value, weight, keptAt: this.now() });
        this.weight += weight;
        for (const oldest of this.entries.keys()) {
            if (this.weight <= this.options.maxWeight)
                break;
            this.forget(oldest);
        }
    }
    /** Forgets the entry: the next asker fetches afresh. */
    delete(key) {
        this.forget(key);
    }
    forget(key) {
        const entry = this.entries.get(key);
        if (!entry)
            return;
        this.entries.delete(key);
        this.weight -= entry.weight;
    }
    now() {
        return (this.options.now ?? Date.now)();
    }
}

;// CONCATENATED MODULE: ./src/router/mirror-requests.ts








/**
 * PyPI's largest project pages are a few MB; far past that is not a project page but a mirror
 * fault, and a bound on what one request may make the router hold.
 */
const MAX_PAGE_BYTES = 32 * 1024 * 1024;
const MAX_METADATA_BYTES = 16 * 1024 * 1024;
/** A hedge never goes out sooner than this, however fast the leader usually is. */
const MIN_HEDGE_MS = 50;
/** Files listed by the pages kept, at most (each a few hundred bytes in memory). */
const MAX_RECENT_LISTINGS = 100_000;
const MAX_RECENT_METADATA_BYTES = 32 * 1024 * 1024;
/** Before a mirror has answered once, its usual latency is unknown: wait this long. */
const UNOBSERVED_HEDGE_MS = 500;
/** Latencies kept per mirror for the median. */
const LATENCY_WINDOW = 32;
/**
 * The router's requests to the mirrors, one mirror at a time: project pages, core metadata and
 * JSON API documents, each bounded in size and checked, concurrent requests for one thing
 * sharing one upstream request, pages and metadata kept a little while. Counts each mirror's
 * requests, and times its answers for its hedge delay.
 */
class MirrorRequests {
    options;
    mirrorCounts;
    latencies = new Map();
    /** The project whose page listed each file. */
    listedFor = new WeakMap();
    /** Page requests in flight, by mirror and project. */
    pages = new InFlight();
    /** Metadata requests in flight, by mirror and file. */
    metadataFetches = new InFlight();
    /** JSON API requests in flight, by mirror, project and release. */
    jsonFetches = new InFlight();
    mirrorKeys = new Map();
    /** Pages fetched, kept for `keepMs`. */
    recentPages;
    /** Checked metadata files, by the sha256 of their file and of themselves. */
    recentMetadata;
    constructor(options, 
    /** Where each mirror's figures go, by name. */
    mirrorCounts) {
        this.options = options;
        this.mirrorCounts = mirrorCounts;
        const maxAgeMs = options.keepMs ?? 0;
        this.recentPages = new Recent({
            maxAgeMs,
            maxWeight: MAX_RECENT_LISTINGS,
            weigh: outcome => (outcome.kind === 'ok' ? outcome.value.files.length + 1 : 1)
        });
        this.recentMetadata = new Recent({
            maxAgeMs,
            maxWeight: MAX_RECENT_METADATA_BYTES,
            weigh: outcome => (outcome.kind === 'ok' ? outcome.value.length : 1)
        });
    }
    /** Asks `mirrors` for one thing (hedged-race.ts), each mirror's hedge delay its own. */
    race(mirrors, ask, { fanOut, counts, gather }) {
        return hedgedRace({
            mirrors,
            ask,
            fanOut,
            hedgeDelay: mirror => this.hedgeDelay(mirror),
            counts,
            ...(gather !== undefined ? { gather } : {})
        });
    }
    /** The project whose page (from this source) listed `file`. */
    projectListing(file) {
        return this.listedFor.get(file);
    }
    /** The next asker of `mirror`'s page of `project` gets a fresh one. */
    forgetPage(mirror, project) {
        this.recentPages.delete(`${this.mirrorKey(mirror)} ${project}`);
    }
    /** What another measure (the probe's) says of `mirror`'s latency, until it has answered here. */
    assumeLatency(mirror, latencyMs) {
        if (!this.latencies.has(mirror))
            this.latencies.set(mirror, [latencyMs]);
    }
    /**
     * `mirror`'s copy of a file's core metadata, checked against `expected` (or the hash its
     * listing gives), kept under `key` for every mirror's next asker.
     */
    async metadata(mirror, file, expected, key, signal) {
        const kept = this.recentMetadata.get(key);
        if (kept)
            return kept;
        const outcome = await this.metadataFetches.join(`${this.mirrorKey(mirror)} ${key}`, shared => this.fetchMetadata(mirror, file, expected, shared), signal);
        if (outcome.kind === 'ok')
            this.recentMetadata.set(key, outcome);
        return outcome;
    }
    /** `mirror`'s JSON document, shared with every other caller while it is in flight. */
    json(mirror, project, version, signal) {
        const url = mirrorJsonUrl(mirror.url, project, version);
        const key = `${this.mirrorKey(mirror)} ${project} ${version ?? ''}`;
        return this.jsonFetches.join(key, shared => this.fetchBody(mirror, { url, accept: 'application/json', limit: MAX_PAGE_BYTES, signal: shared }, (response, body) => {
            const read = readMirrorJson(body.toString('utf8'), project, version);
            return read.ok
                ? { kind: 'ok', value: read.body, latencyMs: response.latencyMs }
                : { kind: 'failed', reason: read.reason };
        }), signal);
    }
    /**
     * `mirror`'s page of `project`, shared with every other caller while it is in flight, and
     * kept a little while: a prefetch asks for the pages its client is about to ask for.
     */
    async page(mirror, project, signal) {
        const key = `${this.mirrorKey(mirror)} ${project}`;
        const kept = this.recentPages.get(key);
        if (kept)
            return kept;
        const outcome = await this.pages.join(key, shared => this.fetchPage(mirror, project, shared), signal);
        if (outcome.kind === 'ok')
            this.recentPages.set(key, outcome);
        return outcome;
    }
    async fetchPage(mirror, project, signal) {
        // Only a checked, normalised name reaches here; encoded all the same.
        const pageUrl = `${mirror.url}/${encodeURIComponent(project)}/`;
        const request = { url: pageUrl, accept: ACCEPT_HEADER, limit: MAX_PAGE_BYTES, signal };
        return this.fetchBody(mirror, request, (response, body) => {
            const parsed = parseIndexPage(headerText(response.headers['content-type']), body.toString('utf8'), headerText(response.headers['x-pypi-last-serial']));
            if (!parsed.ok)
                return { kind: 'failed', reason: parsed.reason };
            const files = parsed.page.files.flatMap(file => {
                const url = absoluteUrl(file.url, pageUrl);
                return url ? [{ ...file, url }] : [];
            });
            const page = { ...parsed.page, files };
            for (const file of files)
                this.listedFor.set(file, project);
            return { kind: 'ok', value: page, serial: page.serial, latencyMs: response.latencyMs };
        });
    }
    async fetchMetadata(mirror, file, expectedSha256, signal) {
        const url = authenticatedUrl(`${file.url}.metadata`, mirror);
        // Bytes as they are: the sha256 is of the bytes, whatever their encoding.
        const request = { url, accept: '*/*', limit: MAX_METADATA_BYTES, signal };
        return this.fetchBody(mirror, request, (response, body) => {
            const sha256 = expectedSha256 ?? metadataSha256(file);
            if (sha256 && (0,external_node_crypto_.createHash)('sha256').update(body).digest('hex') !== sha256)
                return { kind: 'failed', reason: 'the metadata does not match the sha256 its page lists' };
            return { kind: 'ok', value: body, latencyMs: response.latencyMs };
        });
    }
    /** One request to `mirror`, counted in the stats: cancelled ones count as neither outcome. */
    async fetchBody(mirror, request, read) {
        const counts = this.counts(mirror);
        counts.requests++;
        const outcome = await this.get(request, read);
        if (outcome.kind === 'ok')
            this.observe(mirror, outcome.latencyMs);
        else if (!request.signal.aborted)
            counts[outcome.kind === 'missing' ? 'notFound' : 'failures']++;
        return outcome;
    }
    /** GET with a 404 as `missing`; a body of up to `limit` bytes of a 200 goes to `read`. */
    async get({ url, accept, limit, signal }, read) {
        const { timeoutMs } = this.options;
        let response;
        try {
            const sent = await this.options.client.send(url, { headers: { accept }, timeoutMs, signal });
            if ('failure' in sent)
                return { kind: 'failed', reason: sent.failure.message };
            response = sent.response;
            if (response.status !== 200) {
                await response.discard();
                return response.status === 404
                    ? { kind: 'missing' }
                    : { kind: 'failed', reason: httpFailure(response).message };
            }
            const tooLarge = { kind: 'failed', reason: `larger than ${(0,format/* formatBytes */.z3)(limit)}` };
            // Not read to the end: a hostile mirror's endless body must cost nothing.
            if (Number(headerText(response.headers['content-length'])) > limit) {
                response.stream().destroy();
                return tooLarge;
            }
            const body = await response.bytes(limit);
            return body === undefined ? tooLarge : read(response, body);
        }
        catch (error) {
            // The body can still time out, be cut off, or be cancelled after the head arrived.
            return { kind: 'failed', reason: failureFromError(error, timeoutMs, response?.proxy).message };
        }
    }
    /** `mirror`'s figures, made on first use. */
    counts(mirror) {
        return (this.mirrorCounts[mirror.name] ??= {
            requests: 0,
            failures: 0,
            notFound: 0,
            behind: 0
        });
    }
    /** A key for `mirror` that holds no credentials (its URL may). */
    mirrorKey(mirror) {
        let key = this.mirrorKeys.get(mirror);
        if (key === undefined)
            this.mirrorKeys.set(mirror, (key = this.mirrorKeys.size));
        return key;
    }
    observe(mirror, latencyMs) {
        const window = this.latencies.get(mirror) ?? [];
        window.push(latencyMs);
        if (window.length > LATENCY_WINDOW)
            window.shift();
        this.latencies.set(mirror, window);
    }
    /** The caller's choice, or twice the mirror's median latency so far. */
    hedgeDelay(mirror) {
        if (this.options.hedgeAfterMs)
            return this.options.hedgeAfterMs(mirror);
        const window = this.latencies.get(mirror);
        if (!window?.length)
            return UNOBSERVED_HEDGE_MS;
        const sorted = [...window].sort((a, b) => a - b);
        return Math.max(MIN_HEDGE_MS, 2 * sorted[Math.floor(sorted.length / 2)]);
    }
}
/** A file's URL resolved against its page, without credentials or fragment; undefined if invalid. */
function absoluteUrl(href, pageUrl) {
    try {
        const url = new URL(href, pageUrl);
        url.username = '';
        url.password = '';
        url.hash = '';
        return url.toString();
    }
    catch {
        return undefined;
    }
}
/** Files on the mirror's own host need its credentials, as pip sends them. */
function authenticatedUrl(url, mirror) {
    const index = new URL(mirror.url);
    const target = new URL(url);
    if (target.host !== index.host || (!index.username && !index.password))
        return url;
    target.username = index.username;
    target.password = index.password;
    return target.toString();
}
function metadataSha256(file) {
    return file.coreMetadata === true ? undefined : file.coreMetadata?.sha256;
}

;// CONCATENATED MODULE: ./src/router/known-files.ts

/**
 * Files remembered at most: far more than the pages of any job list, but a bound on the memory
 * of a router that a client feeds page after page. The oldest are forgotten first; clients ask
 * for a file soon after its page.
 */
const MAX_KNOWN_FILES = 200_000;
/**
 * The files of every page the router served, by sha256: a file URL names one of these or is
 * refused, so the router never fetches anything a candidate's page did not list. Each file
 * knows the mirrors that list it; others are asked once, when a download needs them.
 */
class KnownFiles {
    options;
    files = new Map();
    /**
     * The sha256 of each file name, as the latest page served listed it: a URL of PyPI's own file
     * host names a file by its name (unique on PyPI forever), not by its sha256.
     */
    names = new Map();
    constructor(options) {
        this.options = options;
    }
    /**
     * Takes note of the files of a page and of every mirror's listing of them (those with a sha256:
     * the others cannot be checked).
     */
    remember(project, listings) {
        for (const { mirror, file } of listings) {
            if (!file.sha256)
                continue;
            const entry = this.files.get(file.sha256) ?? {
                project,
                filename: file.filename,
                sources: []
            };
            // Most recently listed last, so that the first in the map is the one to forget.
            this.files.delete(file.sha256);
            this.files.set(file.sha256, entry);
            this.addSource(entry, { mirror, file });
            this.names.delete(file.filename);
            this.names.set(file.filename, file.sha256);
        }
        for (const oldest of this.files.keys()) {
            if (this.files.size <= MAX_KNOWN_FILES)
                break;
            this.files.delete(oldest);
        }
        for (const [name, sha256] of this.names) {
            if (this.names.size <= MAX_KNOWN_FILES)
                break;
            this.names.delete(name);
            if (this.files.get(sha256)?.filename === name)
                this.files.delete(sha256);
        }
    }
    /** The listings of `sha256` under `filename`; undefined when no page listed it so. */
    listings(sha256, filename) {
        const entry = this.files.get(sha256);
        return entry?.filename === filename ? entry.sources : undefined;
    }
    /** The sha256 of the file a served page listed under `filename`. */
    sha256Named(filename) {
        return this.names.get(filename);
    }
    /** What a download of `sha256` needs: its name, size and sources, and how to find more. */
    request(sha256) {
        const entry = this.files.get(sha256);
        if (!entry)
            return undefined;
        const { file } = entry.sources[0];
        return {
            sha256,
            filename: file.filename,
            size: file.size,
            sources: this.downloads(entry),
            moreSources: () => this.withOthers(sha256)
        };
    }
    /** Whether only one mirror is known to list the file. */
    hasSingleSource(sha256) {
        return (this.files.get(sha256)?.sources.length ?? 0) < 2;
    }
    /** The file's sources once other mirrors' listings have been asked for (once per file). */
    async withOthers(sha256) {
        const entry = this.files.get(sha256);
        if (!entry)
            return [];
        entry.others ??= this.findOtherListings(entry, sha256);
        await entry.others;
        return this.downloads(entry);
    }
    /**
     * The file's sources, `mirror`'s listing of it first where that mirror (of the same kind,
     * private or public) lists it: its own project page is asked for if need be.
     */
    async fromFirst(sha256, mirror) {
        const entry = this.files.get(sha256);
        if (!entry)
            return [];
        const listed = () => entry.sources.some(source => source.mirror === mirror);
        if (!listed() && mirror.private === entry.sources[0].mirror.private) {
            const answer = await this.options.projectOn(mirror, entry.project).catch(() => undefined);
            if (answer?.ok)
                for (const file of answer.page.files.filter(f => f.sha256 === sha256))
                    this.addSource(entry, { mirror, file });
        }
        const sources = this.downloads(entry);
        return [
            ...sources.filter(source => source.mirror === mirror),
            ...sources.filter(source => source.mirror !== mirror)
        ];
    }
    /** The sources as download URLs, with the speed each mirror is known for so far. */
    downloads(entry) {
        return entry.sources.map(({ mirror, file }) => {
            const expected = this.options.expectedSpeed(mirror);
            return {
                mirror,
                url: authenticatedUrl(file.url, mirror),
                ...(expected ? { expectedBytesPerSec: expected } : {})
            };
        });
    }
    /**
     * Asks the other mirrors of the same kind (private or public) for the project's page, adding
     * each one's listing of the file as it comes. Settles at the first listing found, or when all
     * have answered: a black-holed mirror must not hold a download up for its timeout.
     */
    findOtherListings(entry, sha256) {
        const served = entry.sources[0].mirror;
        const others = this.options
            .mirrors()
            .filter(mirror => mirror.private === served.private && !entry.sources.some(s => s.mirror === mirror));
        if (others.length === 0)
            return Promise.resolve();
        return new Promise(resolve => {
            let pending = others.length;
            for (const mirror of others) {
                void this.options
                    .projectOn(mirror, entry.project)
                    .then(answer => {
                    const listed = answer.ok ? answer.page.files.filter(f => f.sha256 === sha256) : [];
                    for (const file of listed)
                        this.addSource(entry, { mirror, file });
                    if (listed.length > 0)
                        resolve();
                })
                    .catch(() => undefined)
                    .finally(() => {
                    if (--pending === 0)
                        resolve();
                });
            }
        });
    }
    addSource(entry, source) {
        if (entry.sources.some(known => known.mirror === source.mirror))
            return;
        // Another name for the same bytes is not the same file to a client: keep the first.
        if (source.file.filename !== entry.filename)
            return;
        entry.sources.push(source);
    }
}

;// CONCATENATED MODULE: ./src/router/page-merge.ts
/**
 * Merges mirrors' pages of one project (given best-ranked first): each file by its name, from
 * the freshest page that lists it (highest serial, then rank), so its yanked status and
 * metadata are the freshest's, and every mirror that lists it with the same sha256 is a source
 * of it. A name listed with different sha256s is never merged: the higher serial's listing is
 * kept, and where no serial tells them apart the file is left out, since neither can be vouched
 * for. PyPI's files never change, so such a disagreement is a fault, not freshness.
 */
function mergePages(pages) {
    const bySerial = pages
        .map((entry, rank) => ({ ...entry, rank, serial: entry.page.serial ?? -1 }))
        .sort((a, b) => b.serial - a.serial || a.rank - b.rank);
    const chosen = new Map();
    const conflicted = new Map();
    for (const { mirror, page, serial } of bySerial) {
        for (const file of page.files) {
            const first = chosen.get(file.filename);
            if (!first) {
                chosen.set(file.filename, { file, mirror, serial });
                continue;
            }
            if (!file.sha256 || !first.file.sha256 || file.sha256 === first.file.sha256)
                continue;
            const conflict = conflicted.get(file.filename) ?? {
                filename: file.filename,
                mirrors: [first.mirror.name],
                ...(first.serial > serial ? { kept: first.mirror.name } : {})
            };
            if (!conflict.mirrors.includes(mirror.name))
                conflict.mirrors.push(mirror.name);
            // A disagreement among the freshest pages leaves none of them to take.
            if (first.serial === serial)
                delete conflict.kept;
            conflicted.set(file.filename, conflict);
        }
    }
    const conflicts = [...conflicted.values()];
    const dropped = new Set(conflicts.filter(c => c.kept === undefined).map(c => c.filename));
    const named = bySerial.map(({ mirror, page }) => ({
        mirror,
        files: new Map(page.files.map(file => [file.filename, file]))
    }));
    const files = [];
    const listedBy = new Map();
    const listings = [];
    for (const [filename, { file, mirror }] of chosen) {
        if (dropped.has(filename))
            continue;
        files.push(file);
        listedBy.set(file, mirror);
        for (const entry of named) {
            const other = entry.files.get(filename);
            if (other && sameFile(other, file))
                listings.push({ mirror: entry.mirror, file: other });
        }
    }
    const behind = named
        .filter(entry => files.some(file => !entry.files.has(file.filename)))
        .map(entry => entry.mirror);
    return {
        page: mergedPage(bySerial, files),
        freshest: bySerial[0].mirror,
        listings,
        listedBy,
        conflicts,
        behind
    };
}
/** The same file: the same sha256, or no sha256 to tell them apart on either side. */
function sameFile(a, b) {
    return a.sha256 === b.sha256 || !a.sha256 || !b.sha256;
}
function mergedPage(bySerial, files) {
    const [freshest] = bySerial;
    const serial = freshest?.page.serial;
    const versions = bySerial.flatMap(({ page }) => page.versions ?? []);
    return {
        files,
        ...(serial !== undefined ? { serial } : {}),
        ...(versions.length > 0 ? { versions: [...new Set(versions)] } : {})
    };
}

;// CONCATENATED MODULE: ./src/router/freshness.ts


/**
 * Public mirrors each page is asked of and merged from, the best-ranked first: a release the
 * fastest has not synced yet comes from the next. A page then waits for the slower of the two;
 * for the third too, it would wait for a mirror usually much further away (docs/benchmarks.md:
 * 10 ms more per page with two, 77 ms with three). Evidence of more brings in every mirror.
 */
const PAGE_MIRRORS = 2;
/** Projects whose pages are asked of every mirror, at most (the oldest are forgotten first). */
const MAX_WIDE_PROJECTS = 10_000;
/** Disagreements about a file's sha256 named in the figures, at most. */
const MAX_NAMED_CONFLICTS = 50;
class Freshness {
    stats;
    counts;
    pageMirrors;
    /** Projects whose pages every healthy mirror is asked for: a page fell short of the evidence. */
    wide = new Set();
    /** Mirrors the probe found failing or too slow: asked when the others fail, never waited for. */
    unhealthy = new Set();
    constructor(stats, counts, 
    /** Public mirrors each page is asked of. */
    pageMirrors = PAGE_MIRRORS) {
        this.stats = stats;
        this.counts = counts;
        this.pageMirrors = pageMirrors;
    }
    /** The probe's verdict on the mirrors it found failing. */
    setUnhealthy(mirrors) {
        this.unhealthy = new Set(mirrors);
    }
    /**
     * The public mirrors in the order to ask them for `project`'s page, and how many at once: the
     * healthy ones first, those found behind others' pages moved down among them (they lag for
     * this job's projects, as a slow one is slow); two of them, or all for a project on evidence.
     */
    plan(project, publicMirrors) {
        const rank = (mirror) => this.unhealthy.has(mirror) ? Number.MAX_SAFE_INTEGER : this.counts(mirror).behind;
        const order = [...publicMirrors].sort((a, b) => rank(a) - rank(b));
        const healthy = order.filter(mirror => !this.unhealthy.has(mirror)).length;
        const wanted = this.wide.has(project) ? healthy : this.pageMirrors;
        return { order, gather: Math.max(1, Math.min(wanted, healthy)) };
    }
    /** Whether a public page of `project` falls short of `evidence`, so that every mirror is asked. */
    fallsShort(project, page, evidence) {
        return !this.wide.has(project) && lacks(page, evidence);
    }
    /** From now on every healthy public mirror is asked for the project's page. */
    widen(project) {
        if (this.wide.has(project))
            return;
        this.stats.widened++;
        this.wide.add(project);
        for (const oldest of this.wide) {
            if (this.wide.size <= MAX_WIDE_PROJECTS)
                break;
            this.wide.delete(oldest);
        }
    }
    /** The pages in hand merged into one, what the merge found counted. */
    merge(pages) {
        const merged = mergePages(pages);
        if (pages.length > 1) {
            this.stats.merged++;
            for (const mirror of merged.behind)
                this.counts(mirror).behind++;
        }
        for (const conflict of merged.conflicts)
            this.noteConflict(conflict);
        return merged;
    }
    noteConflict(conflict) {
        const known = this.stats.conflicts.find(c => c.filename === conflict.filename);
        if (known)
            known.mirrors = [...new Set([...known.mirrors, ...conflict.mirrors])];
        else if (this.stats.conflicts.length < MAX_NAMED_CONFLICTS)
            this.stats.conflicts.push(conflict);
    }
}
/** Whether the page lacks what `evidence` says the job needs: a pinned version, or a file. */
function lacks({ files, versions }, evidence) {
    if (evidence.filename !== undefined && !files.some(f => f.filename === evidence.filename))
        return true;
    const listed = new Set([
        ...(versions ?? []),
        ...files.map(file => versionFromFilename(file.filename)).filter(v => v !== undefined)
    ]);
    return (evidence.versions ?? []).some(version => !listed.has(version));
}

// EXTERNAL MODULE: ./src/install/private-index.ts
var private_index = __webpack_require__(8633);
;// CONCATENATED MODULE: ./src/router/private-rules.ts
// Which mirrors may serve a project: private indexes first, and a project they list, or that
// `private-projects` names, never from a public mirror (dependency confusion).

class PrivateRules {
    privateProjects;
    requests;
    /** Projects a private index has listed: public mirrors may never serve them. */
    listed = new Set();
    /** Private indexes no longer asked: they count as failed (see `refusal`). */
    failed = [];
    constructor(
    /** `private-projects`, normalised: names only private indexes may serve. */
    privateProjects, requests) {
        this.privateProjects = privateProjects;
        this.requests = requests;
    }
    /** Private indexes the probe excluded, or left out: failed, never forgotten. */
    exclude(failed) {
        this.failed = failed;
    }
    isExcluded(mirror) {
        return this.failed.includes(mirror);
    }
    /** A private index listed the project. */
    noteListed(project) {
        this.listed.add(project);
    }
    /**
     * Asks the private indexes among `mirrors`, all of them before any public mirror. A private
     * index excluded by the ranking counts as failed, as of when public mirrors would be asked.
     */
    async ask(project, mirrors, rules) {
        const privateMirrors = mirrors.filter(mirror => mirror.private);
        const answer = await this.requests.race(privateMirrors, (mirror, signal) => this.requests.page(mirror, project, signal), rules);
        if (answer.ok) {
            this.listed.add(project);
            return { listed: answer, fellThrough: answer.failovers };
        }
        const failures = [answer.missing ? undefined : answer.reason, this.excludedReason()];
        return { failure: failures.filter(Boolean).join('; ') || undefined, fellThrough: answer.asked };
    }
    /** Why the private indexes the ranking excluded count as failed; undefined without any. */
    excludedReason() {
        const names = this.failed.map(mirror => mirror.name);
        return names.length > 0 ? `${names.join(', ')}: excluded by the probe` : undefined;
    }
    /** Why public mirrors may not serve `project` after the private indexes, if they may not. */
    refusal(project, privateFailure) {
        const status = privateFailure ? 502 : 404;
        const after = privateFailure ? `; the private indexes failed: ${privateFailure}` : '';
        if ((0,private_index/* isPrivateProject */.Zq)(project, this.privateProjects)) {
            const reason = `${project} is a private project (private-projects): public mirrors are never asked${after}`;
            return { ok: false, status, reason, private: true };
        }
        if (this.listed.has(project)) {
            const reason = `${project} is listed by a private index, so no public mirror may serve it${after}`;
            return { ok: false, status, reason, private: true };
        }
        if (privateFailure && this.privateProjects.length === 0) {
            const reason = `the private indexes failed (${privateFailure}), and without 'private-projects' a ` +
                `public mirror could serve a private project under its name: ${project} is not asked of one`;
            return { ok: false, status: 502, reason, private: true };
        }
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/router/pages.ts






/** A normalised PEP 503 name: what may go into an upstream URL. */
const pages_PROJECT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** Page answer times kept for the figures (the latest). */
const ANSWER_TIMES_KEPT = 2000;
function newPageStats() {
    return {
        mirrors: {},
        failovers: 0,
        hedged: 0,
        hedgesWon: 0,
        merged: 0,
        widened: 0,
        conflicts: [],
        answerMs: []
    };
}
/**
 * Project pages, their metadata files and JSON API documents from the ranked mirrors, for the
 * router. A page's way, top-down: the private rules (private-rules.ts: private indexes first,
 * and a project they list, or `private-projects` names, never from a public mirror); then
 * freshness (freshness.ts: the best two public mirrors at once, every one on evidence that a
 * page lacks something, their pages merged by page-merge.ts); the requests themselves
 * (mirror-requests.ts), a failed or slow mirror giving way to the next (hedged-race.ts).
 * Concurrent requests for one project share one answer.
 */
class PageSource {
    candidates;
    stats = newPageStats();
    requests;
    privateRules;
    freshness;
    /** Answers in flight, by normalised project name. */
    answers = new InFlight();
    /** Failovers and hedges of JSON API requests: mirrors without one must not swell the pages'. */
    jsonCounts = { failovers: 0, hedged: 0, hedgesWon: 0 };
    mirrors;
    /** Until a ranking arrives, every mirror is asked at once and the freshest early answer wins. */
    ranked;
    constructor(candidates, options) {
        this.candidates = candidates;
        this.requests = new MirrorRequests(options, this.stats.mirrors);
        this.privateRules = new PrivateRules(options.privateProjects, this.requests);
        this.freshness = new Freshness(this.stats, mirror => this.requests.counts(mirror), options.pageMirrors);
        this.mirrors = candidates;
        this.ranked = options.ranked ?? true;
        for (const mirror of candidates)
            this.requests.counts(mirror);
    }
    /**
     * The probe's order (a subset of the mirrors it started with), from the next request on.
     * `failedPrivate`: private indexes the probe excluded. A private candidate is never forgotten:
     * left out of `order`, it counts as failed, so its projects are refused, not sent to a public
     * mirror. `probed`: what the probe saw of them, until the router sees for itself.
     */
    rank(order, failedPrivate, probed = {}) {
        const leftOut = this.candidates.filter(mirror => mirror.private && !order.includes(mirror));
        const failed = [...new Set([...failedPrivate, ...leftOut])];
        this.privateRules.exclude(failed);
        this.mirrors = order.filter(mirror => !failed.includes(mirror));
        this.freshness.setUnhealthy(probed.unhealthy ?? []);
        for (const [mirror, latencyMs] of probed.latencyMs ?? [])
            this.requests.assumeLatency(mirror, latencyMs);
        this.ranked = true;
    }
    /**
     * The project's page under the private rules: from the private index that lists it, else
     * merged from the best public mirrors'; from every healthy one's where `evidence` says the
     * page lacks something.
     */
    async project(name, evidence = {}) {
        const project = projectName(name);
        if (!project)
            return NOT_A_NAME;
        const startedAt = performance.now();
        if (evidence.fresh) {
            for (const mirror of this.mirrors)
                this.requests.forgetPage(mirror, project);
            this.freshness.widen(project);
        }
        let answer = await this.answers.join(project, () => this.findProject(project));
        if (answer.ok &&
            !answer.mirror.private &&
            this.freshness.fallsShort(project, answer.page, evidence)) {
            this.freshness.widen(project);
            answer = await this.answers.join(project, () => this.findProject(project));
        }
        this.timeAnswer(performance.now() - startedAt);
        return answer;
    }
    /**
     * `mirror`'s own page for the project (where else a file is listed), under the same private
     * rules: a public mirror is never asked for a project that is private.
     */
    async projectOn(mirror, name) {
        const project = projectName(name);
        if (!project)
            return NOT_A_NAME;
        if (this.privateRules.isExcluded(mirror))
            return { ok: false, status: 502, reason: `${mirror.name} was excluded by the probe` };
        if (!mirror.private) {
            const { failure } = await this.privateRules.ask(project, this.mirrors, this.rules());
            const refusal = this.privateRules.refusal(project, failure);
            if (refusal)
                return refusal;
        }
        const outcome = await this.requests.page(mirror, project);
        if (outcome.kind === 'ok') {
            if (mirror.private)
                this.privateRules.noteListed(project);
            const page = outcome.value;
            const listings = listedBy(page, mirror);
            return { ok: true, page, listings, mirror, hedged: false, failovers: 0 };
        }
        return outcome.kind === 'missing'
            ? { ok: false, status: 404, reason: `${mirror.name} does not list ${project}` }
            : { ok: false, status: 502, reason: `${mirror.name}: ${outcome.reason}` };
    }
    /**
     * PyPI's JSON document of the project (or of one release) from the best mirror that keeps
     * PyPI's JSON API beside its simple index (see `mirrorJsonUrl`), under the private rules of
     * pages: a project a private index lists comes from private indexes only, one that is private
     * by name from none when they fail.
     */
    async json(name, version) {
        const project = projectName(name);
        if (!project)
            return { ok: false, status: 404, reason: NOT_A_NAME_REASON, private: false };
        const privately = await this.privateRules.ask(project, this.mirrors, this.rules());
        const refusal = privately.listed
            ? undefined
            : this.privateRules.refusal(project, privately.failure);
        if (refusal)
            return refusal;
        const isPrivate = privately.listed !== undefined;
        const mirrors = this.mirrors.filter(mirror => mirror.private === isPrivate && mirrorJsonUrl(mirror.url, project) !== undefined);
        const answer = await this.requests.race(mirrors, (mirror, signal) => this.requests.json(mirror, project, version, signal), this.rules(this.jsonCounts));
        if (answer.ok)
            return { ok: true, body: answer.value, mirror: answer.mirror };
        const release = version === undefined ? project : `${project} ${version}`;
        const reason = answer.asked === 0
            ? `no mirror that may serve ${project} keeps PyPI's JSON API`
            : `no mirror's JSON API serves ${release}: ${answer.reason}`;
        return { ok: false, status: answer.missing ? 404 : 502, reason, private: isPrivate };
    }
    /**
     * The file's core metadata (`<file url>.metadata`, PEP 658), from the sources that list it,
     * the page's own mirror first. Its sha256 is checked against the one the page listed.
     */
    async metadata(sources) {
        const trusted = this.metadataSources(sources);
        if (trusted.length === 0 && sources.length > 0) {
            const reason = 'the file is listed for a private project: no public mirror may serve it';
            return { ok: false, status: 502, reason };
        }
        const [first] = trusted;
        const listing = trusted.filter(source => source.file.coreMetadata !== undefined &&
            source.file.filename === first?.file.filename &&
            source.file.sha256 === first.file.sha256);
        if (!first || listing.length === 0)
            return { ok: false, status: 404, reason: 'no mirror lists core metadata for the file' };
        const expected = metadataSha256(first.file);
        const byMirror = new Map(listing.map(source => [source.mirror, source.file]));
        const key = `${first.file.sha256 ?? first.file.filename} ${expected ?? ''}`;
        const answer = await this.requests.race([...byMirror.keys()], (mirror, signal) => this.requests.metadata(mirror, byMirror.get(mirror), expected, key, signal), this.rules());
        if (answer.ok) {
            const { value, mirror, hedged, failovers } = answer;
            return { ok: true, body: value, mirror, hedged, failovers };
        }
        const what = `core metadata of ${first.file.filename}`;
        return answer.missing
            ? { ok: false, status: 404, reason: `every mirror that lists the ${what} answers 404` }
            : { ok: false, status: 502, reason: `${what}: ${answer.reason}` };
    }
    /**
     * The sources a file's metadata may come from. A file a private index lists is read from
     * private indexes only: a public mirror's listing of the same file could name other metadata,
     * and its own hash for it. A public listing counts only if this source handed it out, for a
     * project that public mirrors may still serve.
     */
    metadataSources(sources) {
        if (sources.some(source => source.mirror.private))
            return sources.filter(source => source.mirror.private);
        return sources.filter(({ file }) => {
            const project = this.requests.projectListing(file);
            return (project !== undefined &&
                !this.privateRules.refusal(project, this.privateRules.excludedReason()));
        });
    }
    /** Private indexes first; then the public mirrors freshness picks, their pages merged. */
    async findProject(project) {
        const privately = await this.privateRules.ask(project, this.mirrors, this.rules());
        if (privately.listed)
            return served(privately.listed);
        const refusal = this.privateRules.refusal(project, privately.failure);
        if (refusal)
            return refusal;
        const publicMirrors = this.mirrors.filter(mirror => !mirror.private);
        const { order, gather } = this.freshness.plan(project, publicMirrors);
        const answer = await this.requests.race(order, (mirror, signal) => this.requests.page(mirror, project, signal), this.rules(this.stats, gather));
        if (answer.ok) {
            if (privately.fellThrough > 0)
                this.stats.failovers++;
            const merged = this.freshness.merge(answer.answers.map(({ mirror, value }) => ({ mirror, page: value })));
            return {
                ok: true,
                page: merged.page,
                listings: merged.listings,
                mirror: merged.freshest,
                hedged: answer.hedged,
                failovers: answer.failovers + privately.fellThrough
            };
        }
        if (!privately.failure && answer.missing)
            return { ok: false, status: 404, reason: `no mirror lists ${project}` };
        const reasons = [privately.failure, answer.asked > 0 ? answer.reason : undefined];
        return { ok: false, status: 502, reason: reasons.filter(Boolean).join('; ') };
    }
    /** Before the ranking, every mirror at once; after it, best first. */
    rules(counts = this.stats, gather = 1) {
        return { fanOut: !this.ranked, counts, gather };
    }
    timeAnswer(ms) {
        const times = this.stats.answerMs;
        times.push(Math.round(ms * 10) / 10);
        if (times.length > ANSWER_TIMES_KEPT)
            times.splice(0, times.length - ANSWER_TIMES_KEPT);
    }
}
const NOT_A_NAME_REASON = 'not a project name (PEP 503: letters, digits and -_. inside)';
const NOT_A_NAME = { ok: false, status: 404, reason: NOT_A_NAME_REASON };
/** The normalised name, or undefined when `name` is not a project name at all. */
function projectName(name) {
    const project = (0,project_name/* normalizeProjectName */.y)(name);
    return pages_PROJECT_NAME.test(project) ? project : undefined;
}
/** A private index's page: its files as it lists them. */
function served({ value, mirror, hedged, failovers }) {
    return { ok: true, page: value, listings: listedBy(value, mirror), mirror, hedged, failovers };
}
/** A page's files, each as listed by `mirror`. */
function listedBy(page, mirror) {
    return page.files.map(file => ({ mirror, file }));
}

;// CONCATENATED MODULE: ./src/router/render.ts


const MEDIA_TYPES = {
    [JSON_CONTENT_TYPE]: { format: 'json', contentType: JSON_CONTENT_TYPE },
    'application/vnd.pypi.simple.latest+json': { format: 'json', contentType: JSON_CONTENT_TYPE },
    [HTML_CONTENT_TYPE]: { format: 'html', contentType: HTML_CONTENT_TYPE },
    'application/vnd.pypi.simple.latest+html': { format: 'html', contentType: HTML_CONTENT_TYPE },
    'text/html': { format: 'html', contentType: 'text/html' },
    // Wildcards get the legacy default, as PEP 691 advises for clients that state no preference.
    'text/*': { format: 'html', contentType: 'text/html' },
    '*/*': { format: 'html', contentType: 'text/html' }
};
const LEGACY_HTML = { format: 'html', contentType: 'text/html' };
/**
 * PEP 691 content negotiation: the acceptable type with the highest q-value; on a tie, the
 * earlier in the header. No header, or nothing acceptable, gets HTML.
 */
function chooseFormat(accept) {
    let best;
    let bestQ = 0;
    for (const range of (accept ?? '').split(',')) {
        const [type = '', ...params] = range.split(';').map(part => part.trim().toLowerCase());
        const choice = MEDIA_TYPES[type];
        const qParam = params.find(param => /^q\s*=/.test(param));
        const q = qParam === undefined ? 1 : Number(qParam.replace(/^q\s*=\s*/, ''));
        if (choice && Number.isFinite(q) && q > bestQ)
            [best, bestQ] = [choice, q];
    }
    return best ?? LEGACY_HTML;
}
function renderProjectPage(project, page, negotiated, fileUrl) {
    const name = (0,project_name/* normalizeProjectName */.y)(project);
    const body = negotiated.format === 'json' ? renderJson(name, page, fileUrl) : renderHtml(name, page, fileUrl);
    const charset = negotiated.format === 'html' ? '; charset=utf-8' : '';
    return { contentType: `${negotiated.contentType}${charset}`, body };
}
/**
 * PEP 700's 1.1 promises `versions` and every file's `size`; a page from an HTML mirror has
 * neither, so it is served as 1.0 rather than claim what it lacks.
 */
function apiVersion(page) {
    return page.versions && page.files.every(file => file.size !== undefined) ? '1.1' : '1.0';
}
function renderJson(name, page, fileUrl) {
    return JSON.stringify({
        meta: {
            'api-version': apiVersion(page),
            ...(page.serial === undefined ? {} : { '_last-serial': page.serial })
        },
        name,
        ...(page.versions ? { versions: page.versions } : {}),
        files: page.files.map(file => ({
            filename: file.filename,
            url: fileUrl(file),
            hashes: allHashes(file),
            ...(file.requiresPython === undefined ? {} : { 'requires-python': file.requiresPython }),
            ...(file.yanked === undefined ? {} : { yanked: file.yanked }),
            // PEP 714: the new key for new clients, the old one for pip before 23.3 and older uv.
            ...(file.coreMetadata === undefined
                ? {}
                : { 'core-metadata': file.coreMetadata, 'dist-info-metadata': file.coreMetadata }),
            ...(file.size === undefined ? {} : { size: file.size }),
            ...(file.uploadTime === undefined ? {} : { 'upload-time': file.uploadTime })
        }))
    });
}
function renderHtml(name, page, fileUrl) {
    const links = page.files.map(file => {
        const hash = preferredHash(allHashes(file));
        const attributes = [
            ['href', `${fileUrl(file)}${hash ? `#${hash}` : ''}`],
            ['data-requires-python', file.requiresPython],
            ['data-yanked', file.yanked === true ? '' : file.yanked],
            ['data-core-metadata', metadataAttribute(file.coreMetadata)],
            ['data-dist-info-metadata', metadataAttribute(file.coreMetadata)]
        ]
            .filter((pair) => pair[1] !== undefined)
            .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
            .join('');
        return `    <a${attributes}>${escapeHtml(file.filename)}</a><br />`;
    });
    const title = `Links for ${escapeHtml(name)}`;
    return [
        '<!DOCTYPE html>',
        '<html>',
        '  <head>',
        `    <meta name="pypi:repository-version" content="${apiVersion(page)}">`,
        `    <title>${title}</title>`,
        '  </head>',
        '  <body>',
        `    <h1>${title}</h1>`,
        ...links,
        '  </body>',
        '</html>',
        // bandersnatch's and PyPI's place for the serial, which the page parser reads back.
        ...(page.serial === undefined ? [] : [`<!--SERIAL ${page.serial}-->`]),
        ''
    ].join('\n');
}
function allHashes(file) {
    return { ...file.hashes, ...(file.sha256 ? { sha256: file.sha256 } : {}) };
}
/** HTML carries one hash: sha256 where known, as pip and uv check that one. */
function preferredHash(hashes) {
    const name = 'sha256' in hashes ? 'sha256' : Object.keys(hashes)[0];
    return name === undefined ? undefined : `${name}=${hashes[name]}`;
}
function metadataAttribute(metadata) {
    if (metadata === undefined)
        return undefined;
    return metadata === true ? 'true' : (preferredHash(metadata) ?? 'true');
}
/** Text for HTML, attribute values included. */
function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}

// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
// EXTERNAL MODULE: ./node_modules/yauzl/index.js
var yauzl = __webpack_require__(663);
;// CONCATENATED MODULE: ./src/router/wheel-metadata.ts
// A wheel's core metadata (PEP 658), read out of the wheel itself: the bytes of its
// `<name>-<version>.dist-info/METADATA`, what an index serves at `<file>.metadata`.





/** The same bound as for metadata fetched from a mirror: far past any real METADATA. */
const MAX_WHEEL_METADATA_BYTES = 16 * 1024 * 1024;
/** Why a wheel's core metadata cannot be had; the message names the wheel. */
class WheelMetadataError extends Error {
}
const TOP_LEVEL_METADATA = /^([^/]+)\.dist-info\/METADATA$/;
/** Name and version from `name-version[-build]-python-abi-platform.whl`. */
function wheelNameAndVersion(filename) {
    if (!filename.endsWith('.whl'))
        throw new WheelMetadataError(`${filename}: only wheels (.whl) carry core metadata`);
    const parts = filename.slice(0, -'.whl'.length).split('-');
    if ((parts.length !== 5 && parts.length !== 6) || parts.includes(''))
        throw new WheelMetadataError(`${filename}: not a valid wheel filename`);
    const [name, version] = parts;
    return { name, version };
}
/**
 * The archive member holding the wheel's METADATA: `<name>-<version>.dist-info/METADATA` at the
 * top level, name and version those of the filename. Both sides are compared as the wheel spec
 * escapes a name (lower case, each run of `-`, `_` and `.` as one `_`), which also takes in what
 * older tools wrote (`Foo.Bar-1.0.dist-info` for `foo_bar-1.0-….whl`). None, or more than one
 * (which a client could read either way), is refused.
 */
function metadataMember(filename, entryNames) {
    const { name, version } = wheelNameAndVersion(filename);
    const wanted = escapedKey(`${name}-${version}`);
    const topLevel = entryNames.filter(entry => TOP_LEVEL_METADATA.test(entry));
    const matching = topLevel.filter(entry => escapedKey(TOP_LEVEL_METADATA.exec(entry)?.[1] ?? '') === wanted);
    if (matching.length === 1)
        return matching[0];
    if (matching.length > 1)
        throw new WheelMetadataError(`${filename}: more than one METADATA for ${name} ${version}: ${matching.join(', ')}`);
    const found = topLevel.length > 0 ? ` (it has ${topLevel.join(', ')})` : '';
    throw new WheelMetadataError(`${filename}: no ${name}-${version}.dist-info/METADATA${found}`);
}
function escapedKey(text) {
    return text.replace(/[-_.]+/g, '_').toLowerCase();
}
/**
 * The METADATA of the wheel open at `fd` (named `filename`, as its page lists it), byte for
 * byte: the caller passes the descriptor its sha256 was verified through, so that what is read
 * is what was checked, and keeps it (this closes nothing). Only the zip's central directory and
 * that member are read. Checked against its CRC-32, at most MAX_WHEEL_METADATA_BYTES, and, when
 * given, against `expectedSha256` (the hash the page lists for the metadata). Rejects with a
 * WheelMetadataError.
 */
async function readWheelMetadata(fd, filename, expectedSha256) {
    // A non-wheel is refused before its file is read.
    wheelNameAndVersion(filename);
    try {
        // Never closed: closing a zip read from a descriptor closes the caller's descriptor.
        const zip = await yauzl.fromFdPromise(fd, { lazyEntries: true, autoClose: false });
        const entries = [];
        for await (const entry of zip.eachEntry())
            entries.push(entry);
        const member = metadataMember(filename, entries.map(({ fileName }) => fileName));
        const entry = entries.find(candidate => candidate.fileName === member);
        return await readMember(zip, entry, filename, expectedSha256);
    }
    catch (error) {
        if (error instanceof WheelMetadataError)
            throw error;
        throw new WheelMetadataError(`${filename}: cannot read its METADATA: ${(0,format/* errorMessage */.gJ)(error)}`, {
            cause: error
        });
    }
}
async function readMember(zip, entry, filename, expectedSha256) {
    const what = `${filename}: ${entry.fileName}`;
    // yauzl holds a member to its stated size, so this bounds what is read, deflated or not.
    if (entry.uncompressedSize > MAX_WHEEL_METADATA_BYTES)
        throw new WheelMetadataError(`${what} is ${entry.uncompressedSize} bytes, more than ${MAX_WHEEL_METADATA_BYTES}`);
    const bytes = await (0,consumers_.buffer)(await zip.openReadStreamPromise(entry));
    // yauzl does not check CRCs; without an expected sha256 this is the only integrity check.
    if ((0,external_node_zlib_.crc32)(bytes) !== entry.crc32)
        throw new WheelMetadataError(`${what} does not match its CRC-32`);
    const actual = (0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex');
    if (expectedSha256 !== undefined && actual !== expectedSha256)
        throw new WheelMetadataError(`${what} hashes to ${actual}, not to the listed sha256 ${expectedSha256}`);
    return bytes;
}

;// CONCATENATED MODULE: ./src/prefetch/wheel-tags.ts
// Which file of a release pip installs on one interpreter: wheel tags (PEP 425/427) against the
// interpreter's supported tags, ordered the way pip's LinkEvaluator filters and its
// CandidateEvaluator sorts, so the router fetches the very file pip will ask for.

/** The tags of a wheel file name (PEP 427/425: name-ver[-build]-pyX-abi-plat.whl, each part possibly a '.'-joined set), as 'py3-none-any' strings; undefined when not a wheel name. */
function wheelTags(filename) {
    return parseWheelName(filename)?.tags;
}
/**
 * How much this interpreter prefers a wheel: the index in `supported` (the interpreter's tags, best first, as
 * packaging.tags.sys_tags() gives them, each 'interpreter-abi-platform') of its best tag; undefined when none of its tags is supported.
 * The index of `supported` is built once per array and kept while the array lives: do not change
 * an array after passing it.
 */
function wheelPreference(filename, supported) {
    const tags = wheelTags(filename);
    return tags && bestIndex(tags, supported);
}
/**
 * The file pip would install among `files` (all the files of one version of one project), the way pip's
 * CandidateEvaluator sorts them: files whose sha256 is in `allowedHashes` (when that is non-empty) before others;
 * among wheels, the most preferred tag; a supported wheel before the sdist (`.tar.gz` or `.zip`);
 * never a wheel with no supported tag; never a file whose requiresPython excludes `pythonVersion` (PEP 440
 * specifier vs the interpreter's full version, e.g. '3.12.4'); yanked files last.
 * Undefined when no file fits.
 * Then, as pip, the higher build tag; on a full tie, the first listed. The sdist formats are all
 * those pip unpacks (.tar.gz, .zip, .tar.bz2, .tar.xz, ...).
 */
function chooseFile(files, supported, pythonVersion, allowedHashes) {
    const allowed = new Set((allowedHashes ?? []).map(hash => hash.toLowerCase()));
    const python = releaseOf(pythonVersion);
    let best;
    for (const file of files) {
        if (!acceptsPython(file.requiresPython, python))
            continue;
        const key = sortKey(file, supported, allowed);
        // Strictly greater: Python's max() keeps the first of equal keys.
        if (key && (!best || compareKeys(key, best.key) > 0))
            best = { file, key };
    }
    return best?.file;
}
/**
 * name-version[-build]-python-abi-platform.whl, as pip's wheel_file_re reads it: no part empty or
 * holding whitespace, a build tag starting with a digit; tags lower-cased, as packaging's Tag.
 */
function parseWheelName(filename) {
    if (!filename.endsWith('.whl'))
        return undefined;
    const parts = filename.slice(0, -'.whl'.length).split('-');
    if (parts.length !== 5 && parts.length !== 6)
        return undefined;
    if (parts.some(part => part === '' || /\s/.test(part)))
        return undefined;
    const [pythons, abis, platforms] = parts.slice(-3).map(part => part.toLowerCase().split('.'));
    let build;
    if (parts.length === 6) {
        const match = /^(\d+)(.*)$/.exec(parts[2] ?? '');
        if (!match)
            return undefined;
        build = [Number(match[1]), match[2] ?? ''];
    }
    const tags = new Set();
    for (const python of pythons ?? []) {
        for (const abi of abis ?? []) {
            for (const platform of platforms ?? [])
                tags.add(`${python}-${abi}-${platform}`);
        }
    }
    return { tags: [...tags], build };
}
/** Each supported tag's index, built once per array: ~1000 tags, asked about for every file. */
const tagIndexes = new WeakMap();
function bestIndex(tags, supported) {
    let indexes = tagIndexes.get(supported);
    if (!indexes) {
        const built = new Map();
        supported.forEach((tag, index) => {
            if (!built.has(tag))
                built.set(tag, index);
        });
        tagIndexes.set(supported, built);
        indexes = built;
    }
    let best;
    for (const tag of tags) {
        const index = indexes.get(tag);
        if (index !== undefined && (best === undefined || index < best))
            best = index;
    }
    return best;
}
/** pip's SUPPORTED_EXTENSIONS less .whl: the archives it builds from source. */
const wheel_tags_SDIST_SUFFIXES = [
    '.tar.gz',
    '.tgz',
    '.tar',
    '.zip',
    '.tar.bz2',
    '.tbz',
    '.tar.xz',
    '.txz',
    '.tlz',
    '.tar.lz',
    '.tar.lzma'
];
function sortKey(file, supported, allowed) {
    let tagPriority;
    let build;
    const wheel = parseWheelName(file.filename);
    if (wheel) {
        const index = bestIndex(wheel.tags, supported);
        if (index === undefined)
            return undefined;
        tagPriority = -index;
        build = wheel.build;
    }
    else if (file.filename.endsWith('.whl')) {
        return undefined;
    }
    else if (wheel_tags_SDIST_SUFFIXES.some(suffix => file.filename.endsWith(suffix))) {
        // Below every supported wheel.
        tagPriority = -supported.length;
    }
    else {
        return undefined;
    }
    const allowedHash = file.sha256 !== undefined && allowed.has(file.sha256.toLowerCase()) ? 1 : 0;
    return [allowedHash, file.yanked ? -1 : 0, tagPriority, build];
}
function compareKeys(a, b) {
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || compareBuilds(a[3], b[3]);
}
function compareBuilds(a, b) {
    if (!a || !b)
        return (a ? 1 : 0) - (b ? 1 : 0);
    if (a[0] !== b[0])
        return a[0] - b[0];
    return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}
/** The interpreter's version as pip checks Requires-Python: sys.version_info[:3], no pre-release. */
function releaseOf(pythonVersion) {
    const release = /^\d+(?:\.\d+)*/.exec(pythonVersion.trim())?.[0] ?? pythonVersion;
    return release.split('.').slice(0, 3).join('.');
}
/** As pip: no Requires-Python, or one that is not a valid specifier set, excludes nothing. */
function acceptsPython(requiresPython, python) {
    if (requiresPython === undefined)
        return true;
    // packaging's SpecifierSet skips empty items ('>=3.8,'); the pep440 parser would reject them.
    const specifier = requiresPython
        .split(',')
        .map(item => item.trim())
        .filter(item => item !== '')
        .join(',');
    if (specifier === '' || !(0,pep440.validRange)(specifier))
        return true;
    return (0,pep440.satisfies)(python, specifier);
}

;// CONCATENATED MODULE: ./src/prefetch/choose.ts
// Which file of a project page the client will download on this runner, for a project the job
// declared or a dependency it is about to resolve: pip's choice, made ahead of pip.



/**
 * The file for `want` among a project page's `files`: the exact version when pinned, else the
 * newest final release the specifier accepts (pre-releases only when no final one does), as
 * pip resolves an unconstrained dependency; within it, pip's order (chooseFile). A lock that
 * names the release's files limits the choice to them, each checked against its own hash.
 */
function chooseRelease(files, want, python) {
    const releases = byVersion(files);
    if (want.version !== undefined) {
        const release = [...releases].find(([version]) => sameVersion(version, want.version));
        return release ? chooseWithin(release[0], release[1], want, python) : { kind: 'not-listed' };
    }
    const versions = [...releases.keys()].filter(version => accepts(want.specifier, version));
    versions.sort((a, b) => safeCompare(b, a));
    const finals = versions.filter(version => !isPrerelease(version));
    let lastNoFit;
    for (const version of finals.length > 0 ? finals : versions) {
        // An unpinned requirement never resolves to a yanked file (PEP 592).
        const usable = (releases.get(version) ?? []).filter(file => !file.yanked);
        const choice = chooseWithin(version, usable, want, python);
        if (choice.kind !== 'no-fit')
            return choice;
        lastNoFit ??= choice;
    }
    return lastNoFit ?? { kind: 'not-listed' };
}
function chooseWithin(version, files, want, python) {
    const locked = want.files && new Map(want.files.map(file => [file.filename, file.sha256]));
    const candidates = locked ? files.filter(file => locked.has(file.filename)) : files;
    const allowed = locked ? undefined : want.hashes;
    const file = chooseFile(candidates.map(listing => ({
        listing,
        filename: listing.filename,
        ...(listing.sha256 ? { sha256: listing.sha256 } : {}),
        ...(listing.size !== undefined ? { size: listing.size } : {}),
        ...(listing.requiresPython ? { requiresPython: listing.requiresPython } : {}),
        ...(listing.yanked ? { yanked: true } : {})
    })), python.tags, python.pythonVersion, allowed)?.listing;
    if (!file)
        return { kind: 'no-fit', version };
    const expected = locked?.get(file.filename);
    const mismatch = expected
        ? file.sha256 !== expected
        : want.hashes.length > 0 && !want.hashes.includes(file.sha256 ?? '');
    return mismatch
        ? { kind: 'hash-mismatch', filename: file.filename }
        : { kind: 'file', file, version };
}
function byVersion(files) {
    const releases = new Map();
    for (const file of files) {
        const version = versionFromFilename(file.filename);
        if (version === undefined)
            continue;
        releases.set(version, [...(releases.get(version) ?? []), file]);
    }
    return releases;
}
function sameVersion(a, b) {
    return a === b || safeCompare(a, b) === 0;
}
function safeCompare(a, b) {
    try {
        return (0,pep440.compare)(a, b);
    }
    catch {
        return a < b ? -1 : a > b ? 1 : 0;
    }
}
function accepts(specifier, version) {
    if (specifier.trim() === '')
        return true;
    try {
        return (0,pep440.satisfies)(version, specifier, { prereleases: true });
    }
    catch {
        return false;
    }
}
function isPrerelease(version) {
    return (0,pep440.explain)(version)?.is_prerelease ?? false;
}

// EXTERNAL MODULE: ./src/prefetch/markers.ts
var markers = __webpack_require__(5340);
;// CONCATENATED MODULE: ./src/prefetch/requirement.ts
// PEP 508 requirements, as Requires-Dist and requirement files write them: what the router needs
// to follow a dependency (its name, extras, version range, marker), never a URL or a path, which
// name no file an index serves.


// PEP 508's name, and its form of an extra.
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const EXTRA = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
// One clause of a specifier set: packaging's operators, longest first so `===` is not read as `==`.
const CLAUSE = /^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$/;
// What pip takes for a file name, not a project name: is_archive_file's extensions.
const ARCHIVE = /\.(?:zip|whl|tar|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma)$/i;
/** Undefined for a URL requirement (`name @ https://…`), a path, or anything unparsable. */
function parseRequirement(text) {
    const source = text.trim();
    const name = NAME.exec(source)?.[0];
    if (name === undefined || ARCHIVE.test(name))
        return undefined;
    let rest = source.slice(name.length).trimStart();
    let extras = [];
    if (rest.startsWith('[')) {
        const close = rest.indexOf(']');
        if (close === -1)
            return undefined;
        const parsed = parseExtras(rest.slice(1, close));
        if (parsed === undefined)
            return undefined;
        extras = parsed;
        rest = rest.slice(close + 1).trimStart();
    }
    if (rest.startsWith('@'))
        return undefined;
    const semicolon = rest.indexOf(';');
    const versionPart = (semicolon === -1 ? rest : rest.slice(0, semicolon)).trim();
    const marker = semicolon === -1 ? undefined : rest.slice(semicolon + 1).trim();
    if (marker === '')
        return undefined;
    const specifier = parseSpecifierSet(unparenthesised(versionPart));
    if (specifier === undefined)
        return undefined;
    return {
        project: (0,project_name/* normalizeProjectName */.y)(name),
        extras,
        specifier,
        ...(marker === undefined ? {} : { marker })
    };
}
/** The exact version a specifier pins (`==1.0`, `===1.0`; not `==1.*`), else undefined. */
function pinnedVersion(specifier) {
    const pins = new Set();
    for (const clause of specifier.split(',')) {
        const match = CLAUSE.exec(clause.trim());
        const [operator, version] = [match?.[1], match?.[2]];
        if (version === undefined)
            continue;
        if (operator === '===' || (operator === '==' && !version.endsWith('.*')))
            pins.add(version);
    }
    // Two different pins allow no version at all: nothing to fetch.
    return pins.size === 1 ? [...pins][0] : undefined;
}
/** Extras normalised, sorted and each once; undefined when one is not a name. */
function parseExtras(list) {
    const names = list
        .split(',')
        .map(extra => extra.trim())
        .filter(extra => extra !== '');
    if (!names.every(extra => EXTRA.test(extra)))
        return undefined;
    return [...new Set(names.map(project_name/* normalizeProjectName */.y))].sort();
}
/** Requires-Dist's older `name (>=1.0)` form keeps its specifier in parentheses. */
function unparenthesised(versionPart) {
    return versionPart.startsWith('(') && versionPart.endsWith(')')
        ? versionPart.slice(1, -1).trim()
        : versionPart;
}
/** The set without spaces, '' when empty; undefined when a clause is not PEP 440. */
function parseSpecifierSet(text) {
    if (text === '')
        return '';
    const clauses = [];
    for (const clause of text.split(',')) {
        const match = CLAUSE.exec(clause.trim());
        const operator = match?.[1];
        const version = match?.[2];
        if (operator === undefined || version === undefined)
            return undefined;
        if (!validClauseVersion(operator, version))
            return undefined;
        clauses.push(operator + version);
    }
    return clauses.join(',');
}
/** packaging's rules: `===` takes any string, `.*` only after `==`/`!=`, `~=` two release parts. */
function validClauseVersion(operator, version) {
    if (operator === '===')
        return !/[;,()]/.test(version);
    if (version.endsWith('.*')) {
        return (operator === '==' || operator === '!=') && (0,pep440.valid)(version.slice(0, -2)) !== null;
    }
    if ((0,pep440.valid)(version) === null)
        return false;
    return operator !== '~=' || /^v?(?:\d+!)?\d+\.\d+/i.test(version);
}

;// CONCATENATED MODULE: ./src/router/prefetcher.ts





/** Page and metadata lookups at once: each is small, and clients' own requests go first. */
const RESOLVING_AT_ONCE = 16;
/** Downloads ahead at once per mirror in use. */
const DOWNLOADS_PER_MIRROR = 2;
/**
 * Downloads wait this long at most for every declared file to be chosen, so that the largest go
 * first: a large file chosen last would otherwise wait for a lane behind smaller ones.
 */
const DECLARED_ORDER_WAIT_MS = 1_000;
/**
 * Downloads wait this long at most for the probe's ranking: without it, they would go to every
 * candidate, black holes included, and share the link with the probe's samples.
 */
const RANKING_WAIT_MS = 10_000;
/** A mirror this many times slower than the fastest takes the smallest files. */
const SLOW_MIRROR_RATIO = 3;
/** A mirror this many times as far as the nearest, and this many ms farther, counts as distant. */
const DISTANT_RATIO = 3;
const DISTANT_EXTRA_MS = 50;
/**
 * Whether a mirror whose round trip the probe measured at `latencyMs` is far from the nearest
 * one (`nearestMs`): until its speed is measured, such a mirror is taken for a slow one. A
 * mirror a continent away is rarely the fast one, and a file it takes ahead can hold a client
 * that asks for it.
 */
function isDistant(latencyMs, nearestMs) {
    if (latencyMs === undefined || nearestMs === undefined)
        return false;
    return latencyMs >= nearestMs * DISTANT_RATIO && latencyMs >= nearestMs + DISTANT_EXTRA_MS;
}
/** Distinct projects followed at most: a bound on what a hostile metadata file can start. */
const MAX_PROJECTS = 5_000;
const MAX_NAMED_MISMATCHES = 20;
const MAX_ASKED_FIRST = 200_000;
/**
 * Fetches what the job is about to ask for before it asks: the files the workspace declares
 * (from the main step's plan), and the dependencies each metadata file served names, resolved
 * the way pip would resolve them on this interpreter. Downloads go into the store through the
 * same one-download-per-sha256 as clients' requests (a client asking meanwhile joins it), as
 * background work that yields to clients, largest first, each mirror taking its next file when
 * it is done with one (see pump). Budgets bound the bytes; a failure is only counted: the
 * client's own request fails over as usual.
 */
class Prefetcher {
    deps;
    mirrors;
    ranked;
    plan;
    interpreter;
    entries = new Map();
    /** Projects declared or followed, with the extras asked of each and its requirements. */
    projects = new Map();
    queue = [];
    /** Files a client asked for before they were chosen here: its own download has them. */
    askedFirst = new Set();
    resolving = 0;
    waitingToResolve = [];
    /** Downloads in flight that each mirror was chosen first for. */
    lanes = new Map();
    /** Declared projects whose file is not chosen yet; downloads wait for them (see start). */
    declaredUnresolved = 0;
    orderWait;
    rankingWait;
    spent = { declared: 0, followed: 0 };
    counts = {
        knownAhead: {},
        followed: 0,
        fetched: 0,
        fetchedBytes: 0,
        stored: 0,
        hitsWhole: 0,
        hitsInFlight: 0,
        hashMismatches: [],
        noFit: 0,
        overBudget: 0,
        failed: 0
    };
    /**
     * `ranked`: whether the mirrors are in the probe's order already; if not, pages are read and
     * files chosen at once, and downloads start with `mirrorsRanked`.
     */
    constructor(deps, mirrors, ranked = true) {
        this.deps = deps;
        this.mirrors = mirrors;
        this.ranked = ranked;
    }
    /** Starts on the job's plan; a second plan (a restarted worker's) is ignored. */
    start(plan) {
        if (this.plan)
            return;
        this.plan = plan;
        this.interpreter = {
            tags: plan.tags,
            pythonVersion: plan.environment.python_full_version ?? ''
        };
        for (const want of plan.wants)
            this.projectState(want.project, want.extras);
        this.declaredUnresolved = plan.wants.length;
        if (this.declaredUnresolved > 0) {
            this.orderWait = setTimeout(() => this.releaseQueue(), DECLARED_ORDER_WAIT_MS);
            this.orderWait.unref();
        }
        if (!this.ranked) {
            this.rankingWait = setTimeout(() => this.mirrorsRanked(), RANKING_WAIT_MS);
            this.rankingWait.unref();
        }
        for (const want of plan.wants)
            void this.resolve(want, true);
    }
    /** The probe's ranking came (or was waited for long enough): downloads may start. */
    mirrorsRanked() {
        clearTimeout(this.rankingWait);
        this.rankingWait = undefined;
        this.ranked = true;
        this.pump();
    }
    /** Downloads may start: every declared file is chosen, or the wait is over. */
    releaseQueue() {
        clearTimeout(this.orderWait);
        this.orderWait = undefined;
        this.declaredUnresolved = 0;
        this.pump();
    }
    /**
     * A client read the metadata of `file`: it is about to download the file itself (unless it
     * has it already: `served`), unless its resolution backtracks, and the dependencies the
     * metadata names, which are resolved here as pip resolves them. All are fetched ahead, within
     * the budget for guesses.
     */
    follow(file, metadata, served = false) {
        const project = projectFromFilename(file.filename);
        if (!this.plan || !project)
            return;
        if (!served && file.sha256 && !this.entries.has(file.sha256)) {
            this.counts.followed++;
            this.enqueue(file, false);
        }
        this.followRequirements(project, metadata);
    }
    /** Whether the dependencies of the wheel `filename` are still to be followed. */
    follows(filename) {
        const project = projectFromFilename(filename);
        return (this.plan !== undefined &&
            filename.endsWith('.whl') &&
            project !== undefined &&
            this.projects.get(project)?.requires === undefined);
    }
    /** A client asks for a file: a hit when it was fetched ahead. */
    clientAsked(sha256) {
        if (this.askedFirst.size < MAX_ASKED_FIRST && !this.entries.has(sha256))
            this.askedFirst.add(sha256);
        const entry = this.entries.get(sha256);
        if (!entry || entry.askedByClient)
            return;
        entry.askedByClient = true;
        if (entry.state === 'fetched')
            this.counts.hitsWhole++;
        if (entry.state === 'fetching')
            this.counts.hitsInFlight++;
    }
    stats() {
        let wastedBytes = 0;
        for (const entry of this.entries.values())
            if (entry.state === 'fetched' && !entry.askedByClient)
                wastedBytes += entry.size;
        return { read: this.plan?.read ?? [], ...this.counts, wastedBytes };
    }
    projectState(project, extras) {
        let state = this.projects.get(project);
        if (!state)
            this.projects.set(project, (state = { extras: new Set() }));
        for (const extra of extras)
            state.extras.add(extra);
        return state;
    }
    /** Finds the file `want` comes to, queues it, and follows its metadata. */
    async resolve(want, declared) {
        const interpreter = this.interpreter;
        if (!interpreter)
            return;
        let chosen = false;
        const settle = () => {
            if (!declared || chosen)
                return;
            chosen = true;
            if (this.declaredUnresolved > 0 && --this.declaredUnresolved === 0)
                this.releaseQueue();
        };
        await this.resolveTurn();
        try {
            const answer = await this.deps.page(want.project);
            if (!answer.ok)
                return;
            const choice = chooseRelease(answer.page.files, want, interpreter);
            if (choice.kind === 'hash-mismatch') {
                if (this.counts.hashMismatches.length < MAX_NAMED_MISMATCHES)
                    this.counts.hashMismatches.push(choice.filename);
                return;
            }
            if (choice.kind === 'no-fit')
                this.counts.noFit++;
            if (choice.kind !== 'file')
                return;
            if (declared)
                this.counts.knownAhead[want.from] = (this.counts.knownAhead[want.from] ?? 0) + 1;
            else
                this.counts.followed++;
            const entry = this.enqueue(choice.file, declared);
            settle();
            const { file } = choice;
            if (!file.coreMetadata) {
                // Without a metadata file, the wheel says what it needs once it is here.
                if (entry && file.filename.endsWith('.whl'))
                    entry.whenStored = () => void this.deps
                        .wheelMetadata(file)
                        .then(metadata => metadata && this.followRequirements(want.project, metadata))
                        .catch(() => undefined);
                return;
            }
            // Its metadata goes behind the pages still waiting: every file chosen comes first.
            this.resolveDone();
            await this.resolveTurn();
            const metadata = await this.deps.metadata(file);
            if (metadata)
                this.followRequirements(want.project, metadata);
        }
        catch {
            // A guess that went wrong costs nothing but itself.
        }
        finally {
            settle();
            this.resolveDone();
        }
    }
    /** Resolves the requirements of a project's metadata that apply here, once per project. */
    followRequirements(project, metadata) {
        const state = this.projectState(project, []);
        state.requires ??= parseCoreMetadata(metadata.toString('utf8'))
            .requiresDist.map(parseRequirement)
            .filter((requirement) => requirement !== undefined);
        this.followProject(state);
    }
    /**
     * Resolves each requirement of a project that applies with the extras asked of it. A project
     * met again with new extras is followed again: only what those extras add is new to it.
     */
    followProject(state) {
        const environment = this.plan?.environment;
        if (!environment)
            return;
        for (const requirement of state.requires ?? []) {
            if (requirement.marker !== undefined && !applies(requirement.marker, environment, state))
                continue;
            const known = this.projects.get(requirement.project);
            if (!known && this.projects.size >= MAX_PROJECTS)
                continue;
            if (known && requirement.extras.every(extra => known.extras.has(extra)))
                continue;
            const dependency = this.projectState(requirement.project, requirement.extras);
            if (known) {
                this.followProject(dependency);
                continue;
            }
            void this.resolve({
                project: requirement.project,
                specifier: requirement.specifier,
                extras: requirement.extras,
                hashes: [],
                from: 'Requires-Dist'
            }, false);
        }
    }
    /** Queues `file`, within the budget; the entry, unless it was known already or left out. */
    enqueue(file, declared) {
        if (!file.sha256 || this.entries.has(file.sha256) || this.askedFirst.has(file.sha256))
            return undefined;
        const size = file.size ?? 0;
        const kind = declared ? 'declared' : 'followed';
        if (this.spent[kind] + size > this.deps.budget[kind]) {
            this.counts.overBudget++;
            return undefined;
        }
        this.spent[kind] += size;
        const entry = {
            sha256: file.sha256,
            filename: file.filename,
            size,
            declared,
            state: 'queued',
            askedByClient: false
        };
        this.entries.set(file.sha256, entry);
        this.queue.push(entry);
        this.pump();
        return entry;
    }
    /**
     * Starts queued downloads while a mirror has a free lane (once the mirrors are ranked and the
     * declared files chosen): declared files first, the largest first, the best-ranked mirror
     * choosing first. Each mirror takes its next file when it is done with one, so the faster ones
     * take more: the files spread by the mirrors' real speeds, known or not. A large file is
     * fetched as ranges from several mirrors all the same.
     */
    pump() {
        if (this.declaredUnresolved > 0 || !this.ranked)
            return;
        const mirrors = this.mirrors();
        const fastest = Math.max(0, ...mirrors.map(mirror => this.deps.speed(mirror) ?? 0));
        for (const mirror of mirrors) {
            // A mirror far slower than the best takes the smallest files: a large one would be the
            // last to finish, and the install would wait for it. Until its speed is known, a distant
            // one is taken for slow.
            const speed = this.deps.speed(mirror);
            const slow = speed === undefined ? this.deps.distant(mirror) : speed < fastest / SLOW_MIRROR_RATIO;
            while ((this.lanes.get(mirror) ?? 0) < DOWNLOADS_PER_MIRROR) {
                const entry = this.next(slow);
                if (!entry)
                    return;
                this.lanes.set(mirror, (this.lanes.get(mirror) ?? 0) + 1);
                void this.download(entry, mirror).finally(() => {
                    this.lanes.set(mirror, (this.lanes.get(mirror) ?? 1) - 1);
                    this.pump();
                });
            }
        }
    }
    /**
     * The next file to fetch, declared ones first, the largest (or the smallest) of those; none
     * a client asked for first: its own download has it.
     */
    next(smallest) {
        this.queue.sort((a, b) => Number(b.declared) - Number(a.declared) || b.size - a.size);
        const take = () => {
            if (!smallest)
                return this.queue.shift();
            const kind = this.queue[0]?.declared;
            const last = this.queue.findLastIndex(entry => entry.declared === kind);
            return last < 0 ? undefined : this.queue.splice(last, 1)[0];
        };
        let entry = take();
        while (entry?.askedByClient)
            entry = take();
        return entry;
    }
    /** Downloads `entry` from `mirror` first, where it lists the file. */
    async download(entry, mirror) {
        entry.state = 'fetching';
        try {
            const request = await this.deps.request(entry.sha256, mirror);
            if (!request)
                return void (entry.state = 'failed');
            const outcome = await this.deps.fetch(request);
            if (outcome === 'store') {
                entry.state = 'stored';
                this.counts.stored++;
                return entry.whenStored?.();
            }
            if (outcome !== 'downloaded') {
                entry.state = 'failed';
                this.counts.failed++;
                return;
            }
            entry.size ||= (await this.deps.storedSize(entry.sha256)) ?? 0;
            entry.state = 'fetched';
            this.counts.fetched++;
            this.counts.fetchedBytes += entry.size;
            entry.whenStored?.();
        }
        catch {
            entry.state = 'failed';
            this.counts.failed++;
        }
    }
    async resolveTurn() {
        if (this.resolving < RESOLVING_AT_ONCE) {
            this.resolving++;
            return;
        }
        await new Promise(resolve => this.waitingToResolve.push(resolve));
    }
    resolveDone() {
        const next = this.waitingToResolve.shift();
        if (next)
            next();
        else
            this.resolving--;
    }
}
/** A marker that cannot be read is not followed: a guess, not a need. */
function applies(marker, environment, state) {
    try {
        return (0,markers/* evaluateMarker */.U)(marker, environment, [...state.extras]);
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./src/router/wait-clock.ts
/**
 * How long at least one client waited on the network: time during which one request or more
 * that the router had to fetch for was open, overlapping ones counted once.
 */
class WaitClock {
    now;
    open = 0;
    since = 0;
    total = 0;
    constructor(now = () => performance.now()) {
        this.now = now;
    }
    /** A request starts waiting; the function returned ends its wait (once). */
    enter() {
        if (this.open++ === 0)
            this.since = this.now();
        let left = false;
        return () => {
            if (left)
                return;
            left = true;
            if (--this.open === 0)
                this.total += this.now() - this.since;
        };
    }
    get totalMs() {
        return this.total + (this.open > 0 ? this.now() - this.since : 0);
    }
}

;// CONCATENATED MODULE: ./src/router/router-service.ts



















/** Projects named in the figures of built JSON documents, at most. */
const MAX_NAMED_PROJECTS = 50;
/** Requests in flight to one mirror at most: uv sends up to 50 at once, mirrors rate-limit. */
const PER_MIRROR_REQUESTS = 8;
/**
 * Pages and metadata are kept this long for a second asker (the client after its prefetch):
 * well within the 10 minutes PyPI lets pip keep a page.
 */
const KEEP_PAGES_MS = 120_000;
/** PyPI's own page caching: pip 26.2 keeps a page this long without asking again. */
const PAGE_CACHE_CONTROL = 'max-age=600, public';
/**
 * The router's state and its answers: project pages from the ranked mirrors (pages.ts), the
 * files those pages listed (known-files.ts), each served by sha256 from the store or one shared
 * download (files/), and core metadata. It owns everything a request may touch; the HTTP server
 * (server.ts) only routes requests to it.
 */
class RouterService {
    counts = {
        pagesServed: 0,
        pagesFailed: 0,
        metadataFromWheels: 0,
        errors: 0,
        containerRequests: 0
    };
    candidates;
    /** The candidates in use, best first once ranked. */
    mirrors;
    ranked;
    client;
    pages;
    files;
    fileStats = newFileStats();
    known;
    /** Download speeds the probe measured, until the router has seen its own. */
    probedSpeeds = new Map();
    /** The round trips the probe measured to healthy mirrors. */
    probedLatencies = new Map();
    /** Mirrors the probe found failing: asked only when the healthy ones fail. */
    unhealthy = new Set();
    proxyStats;
    prefetcher;
    prefetching = false;
    waits = new WaitClock();
    speeds = new MirrorSpeeds();
    passThrough;
    jsonApi = { mirrors: 0, pypi: 0, built: {}, refused: 0 };
    /** The versions the job's plan pins, by project: a page that lacks one is asked of all. */
    pins = new Map();
    constructor(settings, options = {}) {
        this.passThrough = options.passThrough;
        this.candidates = settings.mirrors.map(entry => ({
            ...(0,mirror/* mirrorFromUrl */.rU)(entry.name, entry.url),
            private: entry.private
        }));
        settings.mirrors.forEach((entry, index) => {
            if (entry.bytesPerSec)
                this.probedSpeeds.set(this.candidates[index], entry.bytesPerSec);
        });
        this.mirrors = this.candidates;
        this.ranked = settings.ranked ?? true;
        this.client = new HttpClient(settings.timeoutMs, process.env, {
            perOriginLimit: PER_MIRROR_REQUESTS
        });
        this.pages = new PageSource(this.candidates, {
            client: this.client,
            timeoutMs: settings.timeoutMs,
            privateProjects: settings.privateProjects,
            ranked: this.ranked,
            keepMs: KEEP_PAGES_MS,
            ...(settings.pageMirrors ? { pageMirrors: settings.pageMirrors } : {})
        });
        const store = new FileStore(settings.storeDir);
        this.files = new FileService({
            store,
            client: this.client,
            bad: new BadSources(),
            stats: this.fileStats,
            speeds: this.speeds,
            trouble: new MirrorTrouble()
        });
        // Started over a ranking (the command line's `serve`): what its probe saw of each mirror.
        if (this.ranked)
            this.pages.rank(this.candidates, [], this.probed(settings.mirrors.map((entry, index) => ({ ...entry, index }))));
        this.known = new KnownFiles({
            mirrors: () => this.healthyMirrors(),
            projectOn: (mirror, project) => this.pages.projectOn(mirror, project),
            expectedSpeed: mirror => this.probedSpeeds.get(mirror)
        });
        this.prefetcher = new Prefetcher({
            page: project => this.listedProject(project),
            metadata: async (file) => {
                const sources = file.sha256 && this.known.listings(file.sha256, file.filename);
                const answer = sources ? await this.pages.metadata(sources) : undefined;
                return answer?.ok ? answer.body : undefined;
            },
            wheelMetadata: file => this.storedWheelMetadata(file),
            request: async (sha256, mirror) => {
                const request = this.known.request(sha256);
                // A large file comes as ranges from several mirrors: it needs their listings too.
                if ((request?.size ?? 0) >= PARALLEL_MIN_BYTES)
                    await this.known.withOthers(sha256);
                const sources = await this.known.fromFirst(sha256, mirror);
                return request && { ...request, sources };
            },
            speed: mirror => this.speeds.observed(mirror) ?? this.probedSpeeds.get(mirror),
            distant: mirror => {
                const nearest = Math.min(...this.probedLatencies.values());
                return isDistant(this.probedLatencies.get(mirror), Number.isFinite(nearest) ? nearest : undefined);
            },
            fetch: file => this.files.prefetch(file),
            storedSize: sha256 => store.sizeOf(sha256),
            budget: prefetchBudget(settings.storeDir)
        }, () => this.healthyMirrors(), this.ranked);
    }
    /** Answers one routed request; resolves when the answer is sent. */
    async answer(route, request, response) {
        switch (route.kind) {
            case 'refused':
                return plain(response, route.status, route.reason);
            case 'health':
                return plain(response, 200, 'ok');
            case 'stats':
                response.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
                return void response.end(JSON.stringify(this.stats()));
            case 'page':
                return this.waited(() => this.servePage(route.project, request, response, file => file.sha256
                    ? `/${route.secret}/files/${file.sha256}/${encodeURIComponent(file.filename)}`
                    : file.url));
            case 'pypi-page':
                return this.waited(() => this.servePage(route.project, request, response, pypiUrl, PYPI_INDEX_HOST));
            case 'pypi-json':
                return this.waited(() => this.servePypiJson(route.project, route.version, request, response));
            case 'pass-through':
                return void (await this.passOn(route.host, request, response, reason => plain(response, 502, reason)));
            case 'pypi-file':
                return this.servePypiFile(route.filename, route.path, route.metadata, request, response);
            case 'file':
                return route.metadata
                    ? this.waited(() => this.serveMetadata(route.sha256, route.filename, response))
                    : this.serveFile(route.sha256, route.filename, request, response);
        }
    }
    /** Runs a client's request that may wait on mirrors on the wait clock. */
    async waited(serve) {
        const leave = this.waits.enter();
        try {
            await serve();
        }
        finally {
            leave();
        }
    }
    /** The probe's verdict, for a router started before it was known. */
    rank(ranking) {
        this.mirrors = ranking.order.map(({ index }) => this.candidates[index]);
        for (const { index, bytesPerSec } of ranking.order)
            if (bytesPerSec)
                this.probedSpeeds.set(this.candidates[index], bytesPerSec);
        const failedPrivate = (ranking.failedPrivate ?? []).map(index => this.candidates[index]);
        this.ranked = true;
        this.pages.rank(this.mirrors, failedPrivate, this.probed(ranking.order));
        this.prefetcher.mirrorsRanked();
    }
    /** What a probe saw of the candidates, by their place among them; their round trips kept. */
    probed(entries) {
        const at = ({ index }) => this.candidates[index];
        const latencyMs = new Map(entries.flatMap(entry => entry.latencyMs === undefined ? [] : [[at(entry), entry.latencyMs]]));
        this.unhealthy = new Set(entries.filter(entry => entry.unhealthy).map(at));
        this.probedLatencies = new Map([...latencyMs].filter(([mirror]) => !this.unhealthy.has(mirror)));
        return { unhealthy: [...this.unhealthy], latencyMs };
    }
    /**
     * The mirrors in use, best first, without those the probe found failing (unless it found all
     * failing): other listings of a large file and downloads ahead never wait for a black hole.
     */
    healthyMirrors() {
        const healthy = this.mirrors.filter(mirror => !this.unhealthy.has(mirror));
        // A probe that found none healthy could not tell them apart (its project missing, say).
        return healthy.length > 0 ? healthy : this.mirrors;
    }
    stats() {
        return {
            pages: this.pages.stats,
            files: this.fileStats,
            ...this.counts,
            order: this.mirrors.map(mirror => mirror.name),
            ranked: this.ranked,
            ...(this.proxyStats ? { proxy: this.proxyStats } : {}),
            ...(this.prefetching ? { prefetch: this.prefetcher.stats() } : {}),
            networkWaitMs: Math.round(this.waits.totalMs),
            ...(this.passThrough ? { upstream: this.passThrough.stats, jsonApi: this.jsonApi } : {})
        };
    }
    /** Starts fetching what the job declares, and what the metadata served names, ahead. */
    prefetch(plan) {
        for (const want of plan.wants)
            if (want.version !== undefined)
                this.pins.set(want.project, [...(this.pins.get(want.project) ?? []), want.version]);
        this.prefetching = true;
        this.prefetcher.start(plan);
    }
    /** The figures of the proxy in front of this service, reported with its own. */
    reportProxy(stats) {
        this.proxyStats = stats;
    }
    async close() {
        await Promise.all([this.client.destroy(), this.passThrough?.close()]);
    }
    /**
     * Sends the request on to PyPI's own `host`, whose answer the client gets as it is; where the
     * host cannot be reached, the client gets `otherwise`'s answer instead.
     */
    async passOn(host, request, response, otherwise) {
        const forwarded = this.passThrough
            ? await this.passThrough.forward(host, request, response)
            : { answered: false, reason: "the router is not the job's HTTPS proxy" };
        if (!forwarded.answered)
            otherwise(forwarded.reason);
        return forwarded.answered;
    }
    /**
     * A project's page, each file at `fileUrl`. A file listed without a sha256 cannot be checked or
     * stored: the client gets the mirror's own link, without the index's credentials (a page must
     * not carry them).
     */
    async servePage(project, request, response, fileUrl, upstream) {
        // A client that asks for a fresh page (a failed install's retry) gets every mirror's.
        const fresh = /\bno-cache\b/i.test(router_service_single(request.headers['cache-control']) ?? '');
        const answer = await this.projectPage(project, fresh ? { fresh } : {});
        if (!answer.ok) {
            const failed = () => plain(response, answer.status, answer.reason);
            // No mirror lists it (a project newer than their last sync, say): PyPI's own page, unless
            // only private indexes may serve it. Where PyPI cannot be reached, the mirrors' answer.
            if (upstream === undefined || answer.private)
                return failed();
            return void (await this.passOn(upstream, request, response, failed));
        }
        const rendered = renderProjectPage(project, answer.page, chooseFormat(request.headers.accept), fileUrl);
        response.writeHead(200, {
            'Content-Type': rendered.contentType,
            'Cache-Control': PAGE_CACHE_CONTROL,
            Vary: 'Accept'
        });
        response.end(rendered.body);
    }
    /** A project's page for a client, from the mirrors, its files remembered as listed. */
    async projectPage(project, evidence = {}) {
        const answer = await this.listedProject(project, evidence);
        this.counts[answer.ok ? 'pagesServed' : 'pagesFailed']++;
        return answer;
    }
    /**
     * A project's page from the mirrors, every version the job pins looked for; its files
     * remembered: they may be served from now on.
     */
    async listedProject(project, evidence = {}) {
        const versions = this.pins.get(project);
        const answer = await this.pages.project(project, versions ? { ...evidence, versions } : evidence);
        if (answer.ok)
            this.known.remember(project, answer.listings);
        return answer;
    }
    /**
     * pypi.org's JSON API: a mirror's own copy of PyPI's document (vulnerabilities and every
     * other field PyPI gives); else PyPI's own answer. Where neither can be had, an installer
     * (Poetry) gets a document built from the simple page and core metadata, which says nothing
     * about vulnerabilities; any other client gets an error, as from an unreachable PyPI, since it
     * may be asking for exactly what such a document cannot tell.
     */
    async servePypiJson(project, version, request, response) {
        const json = await this.pages.json(project, version);
        if (json.ok) {
            this.jsonApi.mirrors++;
            response.writeHead(200, {
                'Content-Type': 'application/json',
                'Cache-Control': PAGE_CACHE_CONTROL
            });
            return void response.end(json.body);
        }
        let reason = json.reason;
        if (!json.private) {
            const fromPypi = await this.passOn(PYPI_INDEX_HOST, request, response, why => {
                reason = `${why}; ${json.reason}`;
            });
            if (fromPypi)
                return void this.jsonApi.pypi++;
        }
        if (!installsFromJsonApi(router_service_single(request.headers['user-agent']))) {
            this.jsonApi.refused++;
            return json.private
                ? plain(response, 404, `${project} is served by private indexes only: ${reason}`)
                : plain(response, 502, `PyPI's JSON API could not be had for ${project}: ${reason}`);
        }
        const answer = await this.projectPage(project);
        if (!answer.ok)
            return plain(response, answer.status, answer.reason);
        const metadata = version === undefined ? undefined : await this.releaseMetadata(answer.page, version);
        const body = renderPypiJson({
            project,
            page: answer.page,
            version,
            fileUrl: pypiUrl,
            ...(metadata ? { metadata } : {})
        });
        if (body === undefined)
            return plain(response, 404, `no release ${version ?? ''} of ${project}`);
        this.countBuilt(project);
        response.writeHead(200, {
            'Content-Type': 'application/json',
            'Cache-Control': PAGE_CACHE_CONTROL
        });
        response.end(body);
    }
    countBuilt(project) {
        const built = this.jsonApi.built;
        if (project in built || Object.keys(built).length < MAX_NAMED_PROJECTS)
            built[project] = (built[project] ?? 0) + 1;
    }
    /**
     * A release's core metadata, for `info.requires_dist` as PyPI gives it: from the first of its
     * wheels whose metadata a mirror lists (PEP 658), checked against the listed hash. Undefined
     * when none does: the client then reads the metadata itself, as it would from PyPI.
     */
    async releaseMetadata(page, version) {
        const wheel = page.files.find(file => file.filename.endsWith('.whl') &&
            file.coreMetadata !== undefined &&
            file.sha256 !== undefined &&
            versionFromFilename(file.filename) === version);
        const sources = wheel?.sha256 ? this.known.listings(wheel.sha256, wheel.filename) : undefined;
        if (!sources)
            return undefined;
        const answer = await this.pages.metadata(sources);
        return answer.ok ? parseCoreMetadata(answer.body.toString('utf8')) : undefined;
    }
    /**
     * A file of PyPI's file host, by its name as a page listed it: the URL a page of this router
     * gave, or the one a lock file written against PyPI names (`uv sync --frozen` asks for those
     * without a page). A name no page listed yet gets its project's page first.
     */
    async servePypiFile(filename, path, metadata, request, response) {
        const lookup = () => sha256FromPypiPath(path) ?? this.known.sha256Named(filename);
        let sha256 = lookup();
        let privateProject = false;
        if (!sha256 || !this.known.listings(sha256, filename)) {
            const project = projectFromFilename(filename);
            // A file the page lacks may be on a mirror the page did not come from.
            const answer = project ? await this.projectPage(project, { filename }) : undefined;
            privateProject = answer?.ok ? answer.mirror.private : answer?.private === true;
            sha256 = lookup();
        }
        if (!sha256) {
            const missing = () => plain(response, 404, 'not a file of any mirror');
            // A file no mirror lists: PyPI's own, unless its project is served privately.
            if (privateProject)
                return missing();
            return void (await this.passOn(PYPI_FILES_HOST, request, response, missing));
        }
        return metadata
            ? this.waited(() => this.serveMetadata(sha256, filename, response))
            : this.serveFile(sha256, filename, request, response);
    }
    /** By sha256, under the name its page gave it only. */
    async serveFile(sha256, filename, request, response) {
        const file = this.knownRequest(sha256, filename);
        if (!file)
            return plain(response, 404, 'not a file of a page this router served');
        this.prefetcher.clientAsked(sha256);
        const leave = (await this.files.stored(sha256)) ? undefined : this.waits.enter();
        try {
            // A large file may come faster as ranges from several mirrors: find a second one first.
            if ((file.size ?? 0) >= PARALLEL_MIN_BYTES && this.known.hasSingleSource(sha256))
                file.sources = await this.known.withOthers(sha256);
            const outcome = await this.files.serve(file, {
                method: request.method === 'HEAD' ? 'HEAD' : 'GET',
                range: router_service_single(request.headers.range),
                ifRange: router_service_single(request.headers['if-range']),
                keepsCopy: keepsFileCopies(router_service_single(request.headers['user-agent']))
            }, response);
            // A client that reads no metadata file (the mirrors list none) resolves from the wheel.
            if ((outcome === 'downloaded' || outcome === 'store') && this.prefetcher.follows(filename))
                void this.followWheel(sha256, filename);
        }
        finally {
            leave?.();
        }
    }
    /**
     * The file's core metadata, checked against the sha256 its page lists. Where every mirror
     * that lists it lacks it (pip would fail on a 404), it is read from the wheel itself, which
     * pip is about to download anyway, once the wheel's own sha256 is verified.
     */
    async serveMetadata(sha256, filename, response) {
        const sources = this.known.listings(sha256, filename);
        const file = this.knownRequest(sha256, filename);
        if (!sources || !file)
            return plain(response, 404, 'not a file of a page this router served');
        let answer = await this.pages.metadata(sources);
        if (!answer.ok && answer.status === 502) {
            await this.known.withOthers(sha256);
            answer = await this.pages.metadata(sources);
        }
        const body = answer.ok
            ? answer.body
            : answer.status === 404
                ? await this.metadataFromWheel(file, sources[0].file)
                : answer.reason;
        if (typeof body === 'string')
            return plain(response, 502, body);
        this.prefetcher.follow(sources[0].file, body);
        response.writeHead(200, {
            'Content-Type': 'application/octet-stream',
            'Content-Length': body.length,
            'Cache-Control': 'max-age=365000000, immutable'
        });
        response.end(body);
    }
    /** Follows the dependencies a served wheel's METADATA names, read from the store. */
    async followWheel(sha256, filename) {
        const listing = this.known.listings(sha256, filename)?.[0]?.file;
        try {
            const metadata = listing && (await this.storedWheelMetadata(listing));
            if (listing && metadata)
                this.prefetcher.follow(listing, metadata, true);
        }
        catch {
            // Following is a guess: a wheel it cannot read is one guess fewer.
        }
    }
    /** A listed wheel's own METADATA, read from its verified copy (fetched first if need be). */
    async storedWheelMetadata(listing) {
        const request = listing.sha256 && this.knownRequest(listing.sha256, listing.filename);
        return request
            ? this.files.withVerified(request, fd => readWheelMetadata(fd, listing.filename))
            : undefined;
    }
    /** The wheel's own METADATA, from bytes verified here; else why not. */
    async metadataFromWheel(file, listing) {
        const expected = listing.coreMetadata === true ? undefined : listing.coreMetadata?.sha256;
        try {
            const metadata = await this.files.withVerified(file, fd => readWheelMetadata(fd, file.filename, expected));
            if (!metadata)
                return `no mirror could serve ${file.filename} to read its metadata from`;
            this.counts.metadataFromWheels++;
            return metadata;
        }
        catch (error) {
            return (0,format/* errorMessage */.gJ)(error);
        }
    }
    knownRequest(sha256, filename) {
        return this.known.listings(sha256, filename) ? this.known.request(sha256) : undefined;
    }
}
/** A file at PyPI's own URL for it, where it has a sha256 to be served by. */
function pypiUrl(file) {
    const path = pypiFilePath(file);
    return path ? pypiFileUrl(path) : file.url;
}
function router_service_single(value) {
    return Array.isArray(value) ? value[0] : value;
}
function plain(response, status, text) {
    response.writeHead(status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store'
    });
    response.end(`${text}\n`);
}
/** Fetching ahead may fill a quarter of the disk the store is on, at most 8 GiB; guesses a tenth. */
const MAX_PREFETCH_BYTES = 8 * 1024 ** 3;
function prefetchBudget(storeDir) {
    let free = MAX_PREFETCH_BYTES * 4;
    try {
        const disk = (0,external_node_fs_.statfsSync)(storeDir);
        free = disk.bavail * disk.bsize;
    }
    catch {
        // Without the figure, the ceiling alone bounds it.
    }
    const declared = Math.min(MAX_PREFETCH_BYTES, free / 4);
    return { declared, followed: declared / 10 };
}

;// CONCATENATED MODULE: ./src/router/server.ts







/** PyPI answering a request passed on to it: as long as pip's own default timeout. */
const PASS_THROUGH_ANSWER_MS = 15_000;
/**
 * The router: the simple API on 127.0.0.1, served from the configured candidates only (never an
 * open proxy), to this job's clients only (request.ts). Every request is parsed inside its
 * handler, so no request, however malformed, can end the process: a bad one gets a 4xx, an
 * error of the router's own a 500 and a line in the log.
 */
async function startRouter(settings, listen = 0, options = {}) {
    const env = options.env ?? process.env;
    const passThrough = options.authority
        ? new PassThrough({
            env,
            roots: () => trustedRoots(env),
            connectTimeoutMs: settings.timeoutMs,
            answerTimeoutMs: PASS_THROUGH_ANSWER_MS
        })
        : undefined;
    const service = new RouterService(settings, { passThrough });
    const failed = (context, error) => {
        service.counts.errors++;
        options.onError?.(context, error);
    };
    let proxy;
    const servers = [];
    /** A server for one listening address, which a request must name and whose secret it needs. */
    const serve = (address, beyondLoopback) => {
        const handle = (request, response) => {
            const context = `${request.method} ${String(request.url).slice(0, 200)}`;
            // A response that cannot be written (the client went away) must not end the process.
            response.on('error', () => undefined);
            try {
                const host = proxy?.interceptedHost(request.socket);
                if (beyondLoopback)
                    service.counts.containerRequests++;
                const route = host ? routeInterceptedRequest(request, host) : routeRequest(request, address);
                if (route.kind === 'stop') {
                    plain(response, 202, 'stopping');
                    return options.onStop?.();
                }
                service.answer(route, request, response).catch(error => {
                    failed(context, error);
                    if (!response.headersSent)
                        plain(response, 500, 'router error');
                    else
                        response.destroy();
                });
            }
            catch (error) {
                failed(context, error);
                if (!response.headersSent)
                    plain(response, 500, 'router error');
            }
        };
        const server = (0,external_node_http_.createServer)({ requestTimeout: 0, headersTimeout: 30_000 }, handle);
        // A request Node's parser refuses (bad syntax, oversized headers) gets its 400 and no more.
        server.on('clientError', (_error, socket) => {
            if (socket.writable)
                socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
            else
                socket.destroy();
        });
        server.on('connect', (request, socket, head) => {
            if (beyondLoopback)
                service.counts.containerRequests++;
            if (proxy)
                proxy.connect(request, socket, head);
            else
                socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\n\r\n');
        });
        // An error of a listening socket after it listened is the router's own: logged, served on.
        server.on('error', error => failed('server', error));
        servers.push(server);
        return server;
    };
    const loopback = {
        port: 0,
        secret: settings.secret,
        ...(options.onStop ? { stopSecret: settings.jobSecret } : {})
    };
    const main = serve(loopback, false);
    if (options.authority) {
        proxy = ProxyService.start({
            authority: options.authority,
            hosts: INTERCEPTED_HOSTS,
            secret: settings.jobSecret,
            env,
            timeoutMs: settings.timeoutMs,
            // Decrypted requests are answered as PyPI's, whichever address the tunnel came to.
            serve: (socket) => main.emit('connection', socket),
            ownerSystem: options.ownerSystem
        });
        service.reportProxy(proxy.stats);
    }
    // Loopback only: the router is never reachable from another host.
    loopback.port = await listenAt(main, listen, config/* LOOPBACK */.Ws);
    const close = async () => {
        proxy?.close();
        await Promise.all(servers.map(server => {
            server.closeAllConnections();
            return new Promise(resolve => server.close(() => resolve()));
        }));
        await service.close();
    };
    return {
        port: loopback.port,
        listenOn: async (socket, host) => {
            // Beyond loopback, only with the job's own secret: never the one kept across jobs.
            const address = { port: 0, secret: settings.jobSecret, hosts: [host] };
            address.port = await listenAt(serve(address, true), socket, host);
            return address.port;
        },
        rank: ranking => service.rank(ranking),
        prefetch: plan => service.prefetch(plan),
        stats: () => service.stats(),
        close
    };
}
/**
 * Listens on `listen` (a port on `host`, or a socket opened elsewhere, which must be bound to
 * `host`): resolves with the port, rejects when it cannot listen there.
 */
async function listenAt(server, listen, host) {
    await new Promise((resolve, reject) => {
        const listening = () => {
            server.off('error', reject);
            resolve();
        };
        server.once('error', reject);
        if (typeof listen === 'number')
            server.listen(listen, host, listening);
        else
            server.listen(listen, listening);
    });
    const address = server.address();
    if (address?.address !== host) {
        server.close();
        throw new Error(`the router serves on ${host} here, not on ${address?.address}`);
    }
    return address.port;
}

// EXTERNAL MODULE: ./src/router-process/supervision.ts
var supervision = __webpack_require__(3502);
;// CONCATENATED MODULE: ./src/router-process/daemon.ts





/**
 * The router's worker: serves on the socket its supervisor (supervisor.ts) hands over with the
 * config, until SIGTERM or until the supervisor is gone; a stop request from the post step goes
 * on to the supervisor. An error in a request is logged and the worker serves on; an error
 * outside any request leaves it in an unknown state, so it is logged and the worker exits: the
 * supervisor starts another on the same socket.
 */
function runRouterWorker() {
    let log;
    let starting;
    const crashed = (error) => {
        log?.error('worker crashed', error);
        process.exit(1);
    };
    process.on('uncaughtException', crashed);
    process.on('unhandledRejection', crashed);
    const stop = async () => {
        await (await starting)?.close();
        process.exit(0);
    };
    process.once('SIGTERM', () => void stop().catch(crashed));
    // Without its supervisor no one holds the socket's other copy, reads the figures or stops it.
    process.once('disconnect', () => void stop().catch(crashed));
    process.on('message', (value, handle) => {
        const message = (0,supervision/* parseSupervisorMessage */.vV)(value);
        const socket = message?.kind === 'start' && message.inherited ? { fd: job_watch/* INHERITED_SOCKET_FD */.KL } : handle;
        if (message?.kind === 'start' && !starting && socket) {
            const routerLog = (log = new router_process_log/* RouterLog */.k(message.config.logFile));
            starting = startRouter(message.config, socket, {
                onError: (context, error) => routerLog.error(context, error),
                // The supervisor stops it all: it asks for the figures first, then ends this worker.
                onStop: () => process.send?.((0,supervision/* stopMessage */.kB)()),
                ...(message.authority ? { authority: message.authority } : {})
            });
            starting.then(router => {
                if (message.ranking)
                    router.rank(message.ranking);
                if (message.plan)
                    router.prefetch(message.plan);
                process.send?.((0,config/* readyMessage */.jO)());
            }, crashed);
        }
        if (message?.kind === 'containers' && handle)
            void starting
                ?.then(router => router.listenOn(handle, message.host))
                .catch(error => log?.error(`serving containers on ${message.host}`, error));
        if (message?.kind === 'rank')
            void starting?.then(router => router.rank(message.ranking));
        if (message?.kind === 'prefetch')
            void starting?.then(router => router.prefetch(message.plan));
        if (message?.kind === 'stats')
            void starting?.then(router => process.send?.((0,supervision/* statsMessage */.$c)(router.stats())));
    });
}


/***/ }),

/***/ 4782:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  KL: () => (/* binding */ INHERITED_SOCKET_FD),
  B9: () => (/* binding */ closeInheritedDescriptors),
  LA: () => (/* binding */ watchJob)
});

// UNUSED EXPORTS: jobProcess

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/router-process/process-system.ts
var process_system = __webpack_require__(2096);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
;// CONCATENATED MODULE: ./src/router-process/process-probe.ts



/** Long enough for PowerShell's start on a busy runner; `ps` answers in milliseconds. */
const COMMAND_TIMEOUT_MS = 15_000;
/**
 * Whether `pid` names a running process: signal 0 checks without signalling (on Windows, libuv
 * opens the process and asks whether it is still active). A process of another user, which may
 * not be signalled, exists all the same.
 */
function processExists(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * `pid`'s start time: on Linux in clock ticks since boot, elsewhere in ms since the epoch (see
 * process-system.ts); undefined when it is gone or its start time cannot be read.
 */
async function process_probe_processStartTime(pid, platform = process.platform) {
    const command = (0,process_system/* startTimeCommand */.vC)(platform, pid, process.env);
    if (!command)
        return (0,process_system/* parseProcStat */.qV)((await readProc(pid, 'stat')) ?? '');
    const output = await run(command);
    return output === undefined ? undefined : (0,process_system/* parseStartTime */.Lj)(platform, output);
}
/** `pid`'s command line; undefined when it is gone or cannot be read. */
async function processCommandLine(pid, platform = process.platform) {
    const command = commandLineCommand(platform, pid, process.env);
    return command ? run(command) : readProc(pid, 'cmdline');
}
async function readProc(pid, file) {
    return (0,promises_.readFile)(`/proc/${pid}/${file}`, 'utf8').catch(() => undefined);
}
/** The command's output; undefined when it could not run or failed (no such process). */
function run(command) {
    return (0,runner_env/* runFile */.y6)(command.file, command.args, {
        env: command.env,
        timeout: COMMAND_TIMEOUT_MS,
        windowsHide: true
    }).then(({ stdout }) => stdout, () => undefined);
}

;// CONCATENATED MODULE: ./src/router-process/job-watch.ts



/**
 * The process that started this one: on a runner, the runner's worker for the main step. Its
 * start time where reading it is cheap (Linux); elsewhere this step's own start, which the
 * router checks the job's start time against (see `JobProcess`).
 */
async function jobProcess(platform = process.platform) {
    const pid = process.ppid;
    // `docker exec` (a `container:` job's steps) starts a process with no parent in its namespace.
    if (!isProcessId(pid))
        return undefined;
    if (!jobWatchPlan(platform).exactStart)
        return { pid, startTime: Math.floor(performance.timeOrigin) };
    const startTime = await processStartTime(pid, platform);
    return startTime === undefined ? undefined : { pid, startTime };
}
/**
 * Calls `gone` once the job's process has ended (or its pid now names another process), so that
 * a router whose post step never ran (a cancelled job, a killed runner) ends with its job. Every
 * second it checks that the pid exists; every `plan.identityEveryMs` it reads the pid's start
 * time again, to tell the job's process from one that took its pid.
 */
function watchJob(job, gone, platform = process.platform, plan = (0,process_system/* jobWatchPlan */.k9)(platform)) {
    let known = plan.exactStart ? job.startTime : undefined;
    let readAt = Date.now();
    let reading = false;
    let ended = false;
    const end = () => {
        if (ended)
            return;
        ended = true;
        clearInterval(timer);
        gone();
    };
    const timer = setInterval(() => {
        if (!processExists(job.pid))
            return end();
        if (reading || Date.now() - readAt < plan.identityEveryMs)
            return;
        reading = true;
        // From the reading's start: the next poll must not find the interval short by its length.
        readAt = Date.now();
        void process_probe_processStartTime(job.pid, platform).then(started => {
            reading = false;
            const verdict = (0,process_system/* judgeJobReading */.jD)(job, known, started);
            if (verdict.ended)
                end();
            else
                known = verdict.known;
        });
    }, process_system/* JOB_POLL_MS */.V4);
    timer.unref();
}
/** Set on every descriptor libuv opens itself; inherited ones mostly lack it. */
const O_CLOEXEC = 0o2000000;
/**
 * Standard input, output and error, the IPC channel the starting step gave (fd 3), and the
 * listening socket it passed down (fd 4, see `INHERITED_SOCKET_FD`).
 */
const KEPT_DESCRIPTORS = 5;
/**
 * Where the router's processes find the listening socket the main step opened, where it can
 * pass a descriptor down (not on Windows, which gets it over IPC): the main step's copy closes
 * as soon as the router's process exists, without waiting for its Node to start.
 */
const INHERITED_SOCKET_FD = 4;
/**
 * Closes every descriptor this process inherited without opening it: the write end of a pipe a
 * wrapper reads the step's output from (process substitution) would otherwise stay open for as
 * long as the router runs, and the wrapper would wait for its end until the job's timeout. Node
 * does not close what it inherits; libuv opens its own descriptors close-on-exec, so those
 * without the flag are the inherited ones: /proc/self/fd lists them, /proc/self/fdinfo has the
 * flags. Only where a process can inherit strays at all (`inheritsStrayDescriptors`: Linux).
 */
function closeInheritedDescriptors(platform = process.platform) {
    if (!(0,process_system/* inheritsStrayDescriptors */.sR)(platform))
        return [];
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


/***/ }),

/***/ 3891:
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

/***/ 7584:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y6: () => (/* binding */ runFile)
/* harmony export */ });
/* unused harmony exports runFileInBackground, workspaceDir, runnerTempPath, containerVisiblePath, inJobContainer, runnerOs, osRelease */
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
    return path.join(env.RUNNER_TEMP || os.tmpdir(), name);
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
