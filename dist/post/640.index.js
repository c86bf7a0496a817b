export const id = 640;
export const ids = [640];
export const modules = {

/***/ 3640:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  jobProxyFigures: () => (/* binding */ jobProxyFigures),
  stopRouterProcess: () => (/* binding */ stopRouterProcess)
});

// UNUSED EXPORTS: listeningHandle, openRouterSocket, routerEntry, stableRouterPort, startRouterProcess

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(3136);
// EXTERNAL MODULE: ./src/runner/runner-env.ts
var runner_env = __webpack_require__(7584);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/proxy/authority.ts
// The job's certificate authority: made by the main step as it starts the router, its key kept
// in memory only (never written: handed to the router, and on to its workers, over their IPC
// channels), limited by X.509 name constraints to the hosts the router answers for, so that it
// can vouch for nothing else even if it leaked.


/** A certificate and key from a message, checked for their shape; undefined for anything else. */
function authority_keyedCertificate(value) {
    const pair = value;
    return typeof pair?.certPem === 'string' &&
        pair.certPem.startsWith('-----BEGIN CERTIFICATE-----') &&
        typeof pair.keyPem === 'string' &&
        pair.keyPem.startsWith('-----BEGIN PRIVATE KEY-----')
        ? { certPem: pair.certPem, keyPem: pair.keyPem }
        : undefined;
}
/** Clocks of runners and their containers drift: a certificate valid from a little earlier. */
const CLOCK_SKEW_MS = (/* unused pure expression or super */ null && (60 * 60 * 1000));
const AUTHORITY_NAME = 'pip-mirror-action job CA';
/**
 * How long the authority is valid: the longest a job may run, 6 hours on GitHub's runners and 5
 * days on self-hosted ones. Its key dies with the router anyway, at the end of the job.
 */
function authority_authorityLifetimeMs(env) {
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
function authority_createJobAuthority(hosts, validMs, now = new Date()) {
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
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
            extension(OID.basicConstraints, true, sequence(boolean(true), smallInteger(0))),
            // keyCertSign (bit 5) and cRLSign (bit 6): one unused bit.
            extension(OID.keyUsage, true, tlv(0x03, Buffer.from([1, 0x06]))),
            extension(OID.nameConstraints, true, sequence(tagged(0, Buffer.concat(permitted))))
        ]
    });
    return { certPem: certificatePem(der), keyPem: privateKeyPem(keys.privateKey) };
}
/** A server certificate for `hosts`, signed by `authority`, valid as long as the authority. */
function issueServerCertificate(authority, hosts) {
    const issuer = new X509Certificate(authority.certPem);
    const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const der = signedCertificate({
        subject: hosts[0],
        issuer: issuer.subject.replace(/^CN=/, ''),
        notBefore: new Date(issuer.validFrom),
        notAfter: new Date(issuer.validTo),
        publicKey: keys.publicKey,
        signingKey: createPrivateKey(authority.keyPem),
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
    const serial = randomBytes(16);
    serial[0] &= 0x7f;
    const tbs = sequence(tagged(0, smallInteger(2)), unsignedInteger(serial), algorithm, distinguishedName(fields.issuer), sequence(time(fields.notBefore), time(fields.notAfter)), distinguishedName(fields.subject), fields.publicKey.export({ type: 'spki', format: 'der' }), tagged(3, sequence(...fields.extensions)));
    return sequence(tbs, algorithm, bitString(sign('sha256', tbs, fields.signingKey)));
}
function distinguishedName(commonName) {
    return sequence(set(sequence(objectIdentifier(OID.commonName), utf8String(commonName))));
}
/** A GeneralName's dNSName: `[2] IMPLICIT IA5String`. */
function dnsName(host) {
    return tagged(2, Buffer.from(host, 'ascii'), true);
}
function extension(oid, critical, value) {
    return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}
function privateKeyPem(key) {
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

// EXTERNAL MODULE: ./src/install/private-index.ts
var private_index = __webpack_require__(8633);
// EXTERNAL MODULE: ./src/mirrors/mirror.ts + 1 modules
var mirror = __webpack_require__(709);
;// CONCATENATED MODULE: ./src/runner/powershell.ts

/** A variable of a Windows environment, whose names have no case; undefined when empty. */
function windowsVariable(env, name) {
    const key = Object.keys(env).find(candidate => candidate.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : env[key];
    return value === '' ? undefined : value;
}
/** Windows' own folder: `SystemRoot`, else `windir`, else where Windows puts it by default. */
function windowsSystemRoot(env) {
    return windowsVariable(env, 'SystemRoot') ?? windowsVariable(env, 'windir') ?? 'C:\\Windows';
}
/**
 * Windows PowerShell at its system path, running `script`: on every Windows, unlike pwsh, and
 * never a `powershell.exe` earlier on PATH. No profile, no prompt, no banner.
 */
function windowsPowerShell(env, script) {
    return {
        file: external_node_path_default().win32.join(windowsSystemRoot(env), 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
        args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script]
    };
}

;// CONCATENATED MODULE: ./src/router-process/process-system.ts
// What each system offers the router's processes to tell one process from another: a pid alone is
// not enough, since a pid that has ended is given to the next process that starts. Linux keeps a
// process's start time and command line under /proc; macOS has neither, but its `ps` reads both;
// Windows has no `ps`, and PowerShell reads them. The commands and their outputs are decided and
// parsed here; job-watch.ts and process-probe.ts run them.

/** How often the router checks that its job goes on. */
const process_system_JOB_POLL_MS = 1000;
/**
 * Linux: reading /proc costs a file read, so every poll. macOS hands out pids in increasing
 * order (xnu's nextpid) and wraps only at 99,999, so a pid comes back after tens of thousands of
 * process starts: the existence check each second is all but exact, and `ps` (a few ms) every 10 s
 * catches the rare reuse. Windows gives a freed pid to the next process soon, so the start time
 * matters more there; but each reading starts PowerShell, hundreds of ms of processor time, which
 * every second would take a noticeable share of a core from the job: every 30 s. A job process
 * whose pid was taken at once is then noticed within 30 s instead of 1 s.
 */
function process_system_jobWatchPlan(platform) {
    if (platform === 'linux')
        return { exactStart: true, identityEveryMs: 0 };
    if (platform === 'win32')
        return { exactStart: false, identityEveryMs: 30_000 };
    return { exactStart: false, identityEveryMs: 10_000 };
}
/**
 * Judges one reading `started` of the start time of the job's pid (undefined: it could not be
 * read, so only the existence check counts), given the start time `known` so far (the job's own
 * where it is exact; else undefined until a reading falls within the main step's bound).
 */
function process_system_judgeJobReading(job, known, started) {
    if (started === undefined)
        return { ended: false, known };
    if (known !== undefined)
        return started === known ? { ended: false, known } : { ended: true };
    return started <= job.startTime ? { ended: false, known: started } : { ended: true };
}
/** The start time in a /proc/<pid>/stat line (field 22, clock ticks since boot). */
function process_system_parseProcStat(stat) {
    // The command name (field 2) may hold spaces and parentheses: count from after its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTime = Number(fields[19]);
    return fields[19] !== undefined && Number.isSafeInteger(startTime) ? startTime : undefined;
}
/**
 * The command that prints `pid`'s start time on `platform`; undefined where /proc has it (Linux)
 * or no command is known.
 * - macOS: `ps -o lstart=`, the start to the second (macOS's ps has no `etimes`, and `etime`
 *   counts from now, so it drifts between readings). It prints `strftime("%c", localtime())`:
 *   the C locale and UTC make that one fixed format.
 * - Windows: Get-Process's StartTime (the process's creation time, GetProcessTimes), as a file
 *   time: digits whatever the culture. Get-Process asks the system directly; Win32_Process
 *   through CIM would add a WMI round trip. wmic is gone from recent Windows images.
 */
function process_system_startTimeCommand(platform, pid, env) {
    return processQuery(platform, pid, env, ['-o', 'lstart='], id => `(Get-Process -Id ${id}).StartTime.ToUniversalTime().ToFileTimeUtc()`);
}
/**
 * The command that prints `pid`'s command line on `platform`; undefined where /proc has it.
 * macOS: `ps -ww -o command=` (two `w`s: never cut to the terminal's width). Windows: the
 * command line Win32_Process keeps (through CIM: Get-Process has none in Windows PowerShell).
 */
function commandLineCommand(platform, pid, env) {
    return processQuery(platform, pid, env, ['-ww', '-o', 'command='], id => `(Get-CimInstance -ClassName Win32_Process -Filter 'ProcessId=${id}').CommandLine`);
}
/** `ps` with `fields` on macOS, a PowerShell script on Windows; undefined where /proc answers. */
function processQuery(platform, pid, env, fields, windowsScript) {
    const id = checkedPid(pid);
    if (platform === 'darwin')
        return { file: '/bin/ps', args: [...fields, '-p', id], env: { ...env, ...C_UTC } };
    if (platform === 'win32')
        return powerShell(env, windowsScript(id));
    return undefined;
}
const MONTHS = (/* unused pure expression or super */ null && (['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']));
/** `%c` in the C locale: `Mon Jan  6 10:23:45 2025`. */
const C_LOCALE_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
/** 100 ns intervals from 1601-01-01 (a Windows file time's origin) to 1970-01-01. */
const FILE_TIME_AT_EPOCH = 116444736000000000n;
/**
 * The start time, in ms since the epoch, in the output of `startTimeCommand(platform, …)`;
 * undefined for anything else (an empty output: no such process).
 */
function process_system_parseStartTime(platform, output) {
    const text = output.trim();
    if (platform === 'darwin') {
        const match = C_LOCALE_TIME.exec(text);
        if (!match)
            return undefined;
        const [, month, day, hours, minutes, seconds, year] = match;
        const parts = [year, MONTHS.indexOf(month), day, hours, minutes, seconds].map(Number);
        const date = new Date(Date.UTC(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]));
        // Date.UTC rolls Feb 30 over to March 1: only a real time reads back the same.
        const back = [
            date.getUTCFullYear(),
            date.getUTCMonth(),
            date.getUTCDate(),
            date.getUTCHours(),
            date.getUTCMinutes(),
            date.getUTCSeconds()
        ];
        return parts.every((part, index) => part === back[index]) ? date.getTime() : undefined;
    }
    if (platform === 'win32') {
        if (!/^\d{1,20}$/.test(text))
            return undefined;
        const ms = Number((BigInt(text) - FILE_TIME_AT_EPOCH) / 10000n);
        return ms > 0 ? ms : undefined;
    }
    return undefined;
}
/**
 * Whether a command line (/proc/<pid>/cmdline with its NULs, `ps`'s, or Windows's) is that of
 * the router started with `configFile`: the folder it is in is made for one router alone, so
 * no other process, not even another job's router, names it. Unknown is never a yes.
 */
function isRouterCommandLine(commandLine, configFile) {
    return configFile !== '' && commandLine !== undefined && commandLine.includes(configFile);
}
/**
 * Whether a process started by Node on `platform` can inherit descriptors its parent did not
 * mean to hand down, which it must then close itself.
 * - Linux: libuv starts a process with fork and exec, so every descriptor of the parent that is
 *   not close-on-exec goes along (at its start Node marks 0 to 15 so, and those after them up
 *   to the first gap: uv_disable_stdio_inheritance), such as a wrapper's pipe at fd 63.
 * - macOS: libuv (1.46 in Node 20, 1.50 and later in Node 24) starts processes with posix_spawn
 *   and POSIX_SPAWN_CLOEXEC_DEFAULT (src/unix/process.c): the child gets only the descriptors
 *   its stdio names, so the router cannot inherit a stray one. (libuv falls back to fork only
 *   for a uid or gid to set, or before macOS 10.15 for a detached process or a working folder:
 *   the router's processes are started with none, on a macOS Node 20 runs on.)
 * - Windows: a process has handles, not descriptors. libuv passes the child its stdio handles,
 *   and CreateProcess also hands down every other handle marked inheritable; Node marks its own
 *   standard handles (the step's output pipes) not inheritable at its start
 *   (uv_disable_stdio_inheritance), so those do not reach the router. Another inheritable handle
 *   the main step got from its parent would; Node offers no way to list those.
 */
function process_system_inheritsStrayDescriptors(platform) {
    return platform === 'linux';
}
/** `ps` prints dates in the C locale's format and in UTC, whatever the runner's settings. */
const C_UTC = { LC_ALL: 'C', TZ: 'UTC0' };
/**
 * Windows PowerShell, which every Windows since 10 has, by its full path: a `powershell` earlier
 * on PATH must not answer. The pid in `script` is a checked number, never text from elsewhere.
 */
function powerShell(env, script) {
    return { ...windowsPowerShell(env, `$ErrorActionPreference = 'Stop'; ${script}`), env };
}
/** A pid a process can have: 0 is none (a parent outside the pid namespace). */
function process_system_isProcessId(pid) {
    return Number.isSafeInteger(pid) && pid > 0;
}
function checkedPid(pid) {
    if (!process_system_isProcessId(pid))
        throw new Error(`not a process id: ${pid}`);
    return String(pid);
}

// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js
var pep440 = __webpack_require__(8898);
;// CONCATENATED MODULE: ./src/prefetch/markers.ts
// PEP 508 environment markers, evaluated the way pip does: packaging 24/25's markers.py
// (grammar, version-or-string comparison, extra normalisation), so the router follows exactly the
// dependencies pip will install on this interpreter, and errors where pip would error.

/** A marker that cannot be parsed, or that packaging cannot evaluate (it raises there too). */
class MarkerError extends Error {
    constructor(marker, reason) {
        super(`Invalid marker ${JSON.stringify(marker)}: ${reason}`);
        this.name = 'MarkerError';
    }
}
/**
 * Whether `marker` holds for `environment`, with `extras` the extras requested (normalised names).
 * Throws MarkerError (exported class, message naming the marker text) on a marker it cannot parse,
 * and where packaging 24/25 raises: a version operator against a value that is not a version (Linux's
 * platform_release '6.8.0-1021-azure' >= '5'), a variable the environment lacks.
 * As pip does, the marker holds when it holds for any one requested extra, or for `extra == ""`
 * when none is; `extras` and `dependency_groups` are sets: the requested extras, and none.
 */
function markers_evaluateMarker(marker, environment, extras = []) {
    const parsed = parseMarker(marker);
    const requested = new Set(extras.map(canonicalizeName));
    const candidates = extras.length > 0 ? extras : [''];
    return candidates.some(extra => evaluateList(parsed, { marker, environment, extra: canonicalizeName(extra), requested }));
}
// The tokens of packaging's _tokenizer.py that markers use, as sticky regexes (`\b` sees the
// character before the position, as Python's `pattern.match(source, pos)` does).
const TOKENS = {
    LEFT_PARENTHESIS: /\(/y,
    RIGHT_PARENTHESIS: /\)/y,
    QUOTED_STRING: /'[^']*'|"[^"]*"/y,
    OP: /===|==|~=|!=|<=|>=|<|>/y,
    BOOLOP: /\b(?:or|and)\b/y,
    IN: /\bin\b/y,
    NOT: /\bnot\b/y,
    VARIABLE: /\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)|extras?|dependency_groups)\b/y,
    WS: /[ \t]+/y,
    // Python's `$` also matches before a final newline.
    END: /(?=\n?$)/y
};
class Tokenizer {
    source;
    position = 0;
    constructor(source) {
        this.source = source;
    }
    /** The token's text when it comes next, and then past it. */
    accept(name) {
        const text = this.peek(name);
        if (text !== undefined)
            this.position += text.length;
        return text;
    }
    peek(name) {
        const pattern = TOKENS[name];
        pattern.lastIndex = this.position;
        return pattern.exec(this.source)?.[0];
    }
    expect(name, expected) {
        const text = this.accept(name);
        if (text === undefined)
            this.fail(`Expected ${expected}`);
        return text;
    }
    fail(message, at = this.position) {
        throw new MarkerError(this.source, `${message} at position ${at}`);
    }
}
function parseMarker(source) {
    const tokenizer = new Tokenizer(source);
    const markers = parseExpression(tokenizer);
    tokenizer.expect('END', 'end of marker expression');
    return markers;
}
/** marker = marker_atom (BOOLOP marker_atom)*; `and` binds tighter at evaluation. */
function parseExpression(tokenizer) {
    const expression = [parseAtom(tokenizer)];
    for (let op = tokenizer.accept('BOOLOP'); op !== undefined; op = tokenizer.accept('BOOLOP')) {
        expression.push(op, parseAtom(tokenizer));
    }
    return expression;
}
function parseAtom(tokenizer) {
    tokenizer.accept('WS');
    let atom;
    const open = tokenizer.position;
    if (tokenizer.accept('LEFT_PARENTHESIS') !== undefined) {
        tokenizer.accept('WS');
        atom = parseExpression(tokenizer);
        tokenizer.accept('WS');
        if (tokenizer.accept('RIGHT_PARENTHESIS') === undefined) {
            tokenizer.fail('Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS', open);
        }
    }
    else {
        atom = parseComparison(tokenizer);
    }
    tokenizer.accept('WS');
    return atom;
}
function parseComparison(tokenizer) {
    const left = parseOperand(tokenizer);
    tokenizer.accept('WS');
    const op = parseOperator(tokenizer);
    tokenizer.accept('WS');
    const right = parseOperand(tokenizer);
    return { left, op, right };
}
function parseOperand(tokenizer) {
    const variable = tokenizer.accept('VARIABLE');
    if (variable !== undefined) {
        const name = variable.replace('.', '_');
        return { variable: name === 'python_implementation' ? 'platform_python_implementation' : name };
    }
    const quoted = tokenizer.accept('QUOTED_STRING');
    if (quoted !== undefined)
        return { value: pythonStringLiteral(quoted, tokenizer) };
    return tokenizer.fail('Expected a marker variable or quoted string');
}
function parseOperator(tokenizer) {
    if (tokenizer.accept('IN') !== undefined)
        return 'in';
    if (tokenizer.accept('NOT') !== undefined) {
        tokenizer.expect('WS', "whitespace after 'not'");
        tokenizer.expect('IN', "'in' after 'not'");
        return 'not in';
    }
    return (tokenizer.accept('OP') ??
        tokenizer.fail('Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in'));
}
const SIMPLE_ESCAPES = {
    '\n': '',
    '\r': '',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    n: '\n',
    r: '\r',
    t: '\t',
    v: '\v'
};
/** A quoted token's value, as `ast.literal_eval` reads it: Python's escapes apply. */
function pythonStringLiteral(quoted, tokenizer) {
    return quoted
        .slice(1, -1)
        .replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([\s\S])|$)|[\r\n]/g, (escape, octal, x, u, bigU, other) => {
        const hex = x ?? u ?? bigU;
        if (octal !== undefined)
            return String.fromCodePoint(parseInt(octal, 8));
        if (hex !== undefined && parseInt(hex, 16) <= 0x10ffff) {
            return String.fromCodePoint(parseInt(hex, 16));
        }
        // A line break in the literal or a cut-off escape, which Python refuses too, or \N{name},
        // a character name this cannot look up.
        if (other === undefined || hex !== undefined || 'xuUN'.includes(other)) {
            return tokenizer.fail(`Cannot read ${JSON.stringify(escape)} in the string ${quoted}`);
        }
        return SIMPLE_ESCAPES[other] ?? escape;
    });
}
/** Every comparison is evaluated, as packaging does, so one it cannot evaluate always throws. */
function evaluateList(markers, evaluation) {
    const groups = [[]];
    for (const item of markers) {
        if (item === 'or')
            groups.push([]);
        else if (item === 'and')
            continue;
        else {
            const result = Array.isArray(item)
                ? evaluateList(item, evaluation)
                : evaluateComparison(item, evaluation);
            groups[groups.length - 1]?.push(result);
        }
    }
    return groups.some(group => group.every(Boolean));
}
const SET_VARIABLES = new Set(['extras', 'dependency_groups']);
function evaluateComparison({ left, op, right }, evaluation) {
    const fail = (reason) => {
        throw new MarkerError(evaluation.marker, reason);
    };
    // packaging's asymmetry: a variable on the left is compared with the right side's text, even
    // when that is a variable's name; otherwise the right side must be a variable.
    let key;
    let lhs;
    let rhs;
    if ('variable' in left) {
        key = left.variable;
        lhs = markers_valueOf(key, evaluation, fail);
        rhs = 'value' in right ? right.value : right.variable;
    }
    else if ('variable' in right) {
        key = right.variable;
        lhs = left.value;
        rhs = markers_valueOf(key, evaluation, fail);
    }
    else {
        return fail(`no marker variable named ${JSON.stringify(right.value)}`);
    }
    if (typeof lhs !== 'string')
        return fail(`${key} is a set and cannot be compared`);
    if (key === 'extra' || SET_VARIABLES.has(key)) {
        lhs = canonicalizeName(lhs);
        rhs = typeof rhs === 'string' ? canonicalizeName(rhs) : rhs;
    }
    if (typeof rhs !== 'string')
        return compareWithSet(lhs, op, rhs, fail);
    const specifier = parseSpecifier(op + rhs);
    if (specifier) {
        const version = parseVersion(lhs);
        if (!version)
            return fail(`${JSON.stringify(lhs)} is not a version, for ${op}${rhs}`);
        return specifierContains(specifier, version);
    }
    switch (op) {
        case 'in':
            return rhs.includes(lhs);
        case 'not in':
            return !rhs.includes(lhs);
        case '<':
            return lhs < rhs;
        case '<=':
            return lhs <= rhs;
        case '==':
            return lhs === rhs;
        case '!=':
            return lhs !== rhs;
        case '>=':
            return lhs >= rhs;
        case '>':
            return lhs > rhs;
        default:
            return fail(`undefined ${op} on ${JSON.stringify(lhs)} and ${JSON.stringify(rhs)}`);
    }
}
function markers_valueOf(key, { environment, extra, requested }, fail) {
    if (key === 'extra')
        return extra;
    if (key === 'extras')
        return requested;
    if (key === 'dependency_groups')
        return new Set();
    const value = Object.hasOwn(environment, key) ? environment[key] : undefined;
    if (value === undefined)
        return fail(`the environment has no ${key}`);
    // packaging's repair of a non-tagged build's platform.python_version(), e.g. '3.13.0+'.
    return key === 'python_full_version' && value.endsWith('+') ? `${value}local` : value;
}
function compareWithSet(lhs, op, rhs, fail) {
    if (op === 'in')
        return rhs.has(lhs);
    if (op === 'not in')
        return !rhs.has(lhs);
    if (op === '==')
        return false;
    if (op === '!=')
        return true;
    return fail(`undefined ${op} between a string and a set`);
}
/** PEP 503 normalisation, as packaging's canonicalize_name. */
function canonicalizeName(name) {
    return name.replace(/[-_.]+/g, '-').toLowerCase();
}
// packaging 24/25's Specifier: which `op + value` texts are one version specifier.
const VERSION_TAIL = String.raw `(?:[-_.]?(?:alpha|beta|preview|pre|a|b|c|rc)[-_.]?[0-9]*)?(?:(?:-[0-9]+)|(?:[-_.]?(?:post|rev|r)[-_.]?[0-9]*))?(?:[-_.]?dev[-_.]?[0-9]*)?`;
const SPECIFIER = new RegExp(String.raw `^\s*(?<op>~=|==|!=|<=|>=|<|>|===)(?<version>` +
    String.raw `(?:(?<====)\s*[^\s;)]*)` +
    String.raw `|(?:(?<===|!=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:\.\*|${VERSION_TAIL}(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?)?)` +
    String.raw `|(?:(?<=~=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+${VERSION_TAIL})` +
    String.raw `|(?:(?<!==|!=|~=)\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*${VERSION_TAIL})` +
    String.raw `)\s*$`, 'i');
function parseSpecifier(text) {
    const groups = SPECIFIER.exec(text)?.groups;
    if (!groups?.op || groups.version === undefined)
        return undefined;
    return { op: groups.op, version: groups.version.trim() };
}
function parseVersion(text) {
    const version = explain(text.trim());
    return version ? { ...version, text: text.trim() } : undefined;
}
function requireVersion(text) {
    const version = parseVersion(text);
    if (!version)
        throw new Error(`not a version: ${text}`);
    return version;
}
/** Specifier(op + version).contains(candidate, prereleases=True), as packaging 24/25. */
function specifierContains({ op, version }, candidate) {
    const publicCandidate = candidate.public;
    switch (op) {
        case '===':
            return normalizedText(candidate).toLowerCase() === version.toLowerCase();
        case '==':
            return versionEquals(candidate, version);
        case '!=':
            return !versionEquals(candidate, version);
        case '<=':
            return compare(publicCandidate, version) <= 0;
        case '>=':
            return compare(publicCandidate, version) >= 0;
        case '~=': {
            // packaging builds the prefix from the text, 'v' kept: '~=v3.12' matches nothing.
            if (/^v/i.test(version))
                return false;
            const release = requireVersion(version);
            const prefix = { epoch: release.epoch, release: release.release.slice(0, -1) };
            return compare(publicCandidate, version) >= 0 && matchesPrefix(candidate, prefix);
        }
        case '<': {
            const spec = requireVersion(version);
            if (compare(candidate.text, version) >= 0)
                return false;
            // "<V must not allow a pre-release of V unless V is one."
            return !(!spec.is_prerelease && candidate.is_prerelease && sameBase(candidate, spec));
        }
        case '>': {
            const spec = requireVersion(version);
            if (compare(candidate.text, version) <= 0)
                return false;
            // ">V must not allow a post-release of V unless V is one, nor a local version of V."
            if (!spec.is_postrelease && candidate.is_postrelease && sameBase(candidate, spec)) {
                return false;
            }
            return !(candidate.local !== null && sameBase(candidate, spec));
        }
        default:
            return false;
    }
}
function versionEquals(candidate, spec) {
    if (spec.endsWith('.*')) {
        const prefix = requireVersion(spec.slice(0, -2));
        return matchesPrefix(candidate, prefix);
    }
    const specVersion = requireVersion(spec);
    const compared = specVersion.local === null ? candidate.public : candidate.text;
    return compare(compared, spec) === 0;
}
/** `==prefix.*`: the same epoch, and a release that starts with the prefix once zero-padded. */
function matchesPrefix(candidate, prefix) {
    return (candidate.epoch === prefix.epoch &&
        prefix.release.every((part, index) => (candidate.release[index] ?? 0) === part));
}
function sameBase(a, b) {
    return compare(a.base_version, b.base_version) === 0;
}
/** str(Version(text)): the normalised form. */
function normalizedText(version) {
    return version.local === null ? version.public : `${version.public}+${version.local}`;
}

;// CONCATENATED MODULE: ./src/prefetch/plan.ts

/** Bounds on a plan, far above any job's: a message past them is not a plan. */
const MAX_WANTS = 20_000;
const MAX_TAGS = 5_000;
const MAX_READ = 200;
/**
 * The plan for `declared`: what applies to this interpreter (markers that hold, or cannot be
 * read: a file the router then fetches for nothing costs less than one it misses), each
 * project and version once.
 */
function planPrefetch(declared, python, read) {
    const seen = new Set();
    const wants = [];
    for (const entry of declared) {
        if (entry.marker !== undefined && !holds(entry.marker, python.environment, entry.extras))
            continue;
        const key = `${entry.project} ${entry.version ?? entry.specifier}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        wants.push({
            project: entry.project,
            ...(entry.version !== undefined ? { version: entry.version } : {}),
            specifier: entry.specifier,
            extras: entry.extras,
            hashes: entry.hashes,
            ...(entry.files ? { files: entry.files } : {}),
            from: entry.from
        });
    }
    return { ...python, wants: wants.slice(0, MAX_WANTS), read: read.slice(0, MAX_READ) };
}
function holds(marker, environment, extras) {
    try {
        return evaluateMarker(marker, environment, extras);
    }
    catch {
        return true;
    }
}
/** A plan from a message, checked field by field; undefined when it is not one. */
function plan_parsePrefetchPlan(value) {
    const plan = value;
    if (!plan || !isStrings(plan.tags, MAX_TAGS) || !isStrings(plan.read, MAX_READ))
        return undefined;
    if (!Array.isArray(plan.wants) || plan.wants.length > MAX_WANTS)
        return undefined;
    const environment = plan.environment;
    if (typeof environment !== 'object' || environment === null)
        return undefined;
    if (!Object.values(environment).every(entry => typeof entry === 'string'))
        return undefined;
    const wants = plan.wants.filter(isWant);
    if (wants.length !== plan.wants.length)
        return undefined;
    return {
        tags: plan.tags,
        environment: environment,
        wants,
        read: plan.read
    };
}
function isWant(value) {
    const want = value;
    return (typeof want?.project === 'string' &&
        (want.version === undefined || typeof want.version === 'string') &&
        typeof want.specifier === 'string' &&
        isStrings(want.extras, 100) &&
        isStrings(want.hashes, 1000) &&
        typeof want.from === 'string' &&
        (want.files === undefined ||
            (Array.isArray(want.files) &&
                want.files.length <= 1000 &&
                want.files.every((file) => typeof file?.filename === 'string' &&
                    (file.sha256 === undefined || typeof file.sha256 === 'string')))));
}
function isStrings(value, max) {
    return (Array.isArray(value) && value.length <= max && value.every(item => typeof item === 'string'));
}
/** One line for the log: what the router was told to fetch ahead, and from which files. */
function describePlan(plan) {
    const from = plan.read.length > 0 ? plan.read.join(', ') : 'no requirement or lock file';
    const pinned = plan.wants.filter(want => want.version !== undefined).length;
    return `Fetching ahead: ${plan.wants.length} projects (${pinned} pinned) from ${from}, for a Python with ${plan.tags.length} tags; and the dependencies each metadata file served names.`;
}

;// CONCATENATED MODULE: ./src/router/config.ts







/** Checks a config read from disk: a router that starts on a bad one would serve nothing. */
function parseRouterConfig(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`router config is not JSON (${errorMessage(error)})`);
    }
    return config_checkRouterConfig(value);
}
/** Checks a config from a file or a message. */
function config_checkRouterConfig(value) {
    const config = value;
    const isText = (field) => typeof field === 'string' && field !== '';
    if (!Array.isArray(config?.mirrors) ||
        config.mirrors.length === 0 ||
        !config.mirrors.every(mirror => isText(mirror?.name) &&
            isText(mirror.url) &&
            typeof mirror.private === 'boolean' &&
            (mirror.latencyMs === undefined ||
                (Number.isFinite(mirror.latencyMs) && mirror.latencyMs >= 0)) &&
            (mirror.unhealthy === undefined || mirror.unhealthy === true))) {
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
    if (!isText(config.jobSecret) || config.jobSecret === config.secret)
        throw new Error('router config: jobSecret must be set, and differ from secret');
    if (config.transparent !== undefined && typeof config.transparent !== 'boolean')
        throw new Error('router config: transparent must be true or false');
    if (config.pageMirrors !== undefined &&
        !(Number.isInteger(config.pageMirrors) && config.pageMirrors >= 1))
        throw new Error('router config: pageMirrors must be a positive whole number');
    if (!Number.isInteger(config.timeoutMs) || config.timeoutMs < 1)
        throw new Error('router config: timeoutMs must be a positive whole number');
    const job = config.job;
    // Not 0 or below: signal 0 to those checks a process group, which never ends.
    if (job !== undefined && !(isProcessId(job?.pid) && Number.isSafeInteger(job.startTime)))
        throw new Error('router config: job must be { pid, startTime }');
    return config;
}
/** Upstream requests the router gives up on, well inside pip's own idle timeout. */
const ROUTER_UPSTREAM_TIMEOUT_MS = 5000;
/**
 * The router over the candidates, private indexes first: in the ranking's order when `ranked`,
 * else as listed (the probe is still running). Without its secret, which the code that starts it
 * keeps (router-process/secret.ts).
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
function routerMirror(candidate) {
    const { mirror } = candidate;
    return { name: mirror.name, url: mirror.url, private: mirror.private, ...probedOf(candidate) };
}
/** What the probe saw of a candidate, in the router's terms. */
function probedOf({ throughputBps, ok, latencyMs }) {
    return {
        ...(throughputBps !== undefined ? { bytesPerSec: throughputBps } : {}),
        ...(typeof latencyMs === 'number' ? { latencyMs } : {}),
        ...(ok === false ? { unhealthy: true } : {})
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
        return [{ index, ...probedOf(entry) }];
    });
    const failedPrivate = mirrors.flatMap((mirror, index) => mirror.private && !order.some(entry => entry.index === index) ? [index] : []);
    return { order, failedPrivate };
}
const isPositive = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0;
/** Checks a ranking message from the main step against the router's `count` candidates. */
function config_parseRouterRanking(value, count) {
    const { order, failedPrivate } = (value ?? {});
    const isIndex = (index) => Number.isInteger(index) && index >= 0 && index < count;
    const validOrder = Array.isArray(order) &&
        order.every(entry => isIndex(entry?.index) &&
            (entry.bytesPerSec === undefined || isPositive(entry.bytesPerSec)) &&
            (entry.latencyMs === undefined || isPositive(entry.latencyMs) || entry.latencyMs === 0) &&
            (entry.unhealthy === undefined || entry.unhealthy === true));
    if (!validOrder || !Array.isArray(failedPrivate) || !failedPrivate.every(isIndex))
        throw new Error('router ranking: order and failedPrivate must list candidates by index');
    const listed = [...order.map(entry => entry.index), ...failedPrivate];
    if (new Set(listed).size !== listed.length)
        throw new Error('router ranking: a candidate is listed twice');
    return { order, failedPrivate };
}
const config_listenMessage = (authority, inherited = false) => ({
    kind: 'listen',
    ...(authority ? { authority } : {}),
    ...(inherited ? { inherited: true } : {})
});
const config_containersMessage = (host) => ({
    kind: 'containers',
    host
});
/** A `containers` message's host, a private IPv4 address; undefined for anything else. */
function config_containersHost(value) {
    const message = value;
    return message?.kind === 'containers' &&
        typeof message.host === 'string' &&
        isPrivateIpv4(message.host)
        ? message.host
        : undefined;
}
const config_rankMessage = (ranking) => ({ kind: 'rank', ranking });
const config_prefetchMessage = (plan) => ({ kind: 'prefetch', plan });
const readyMessage = () => ({ kind: 'ready' });
function config_isReadyMessage(value) {
    return value?.kind === 'ready';
}
/** A message from the starting step, checked; undefined for anything else. */
function parseParentMessage(value, count) {
    const kind = value?.kind;
    if (kind === 'listen') {
        const { authority, inherited } = value;
        return config_listenMessage(keyedCertificate(authority), inherited === true);
    }
    if (kind === 'containers') {
        const host = config_containersHost(value);
        return host === undefined ? undefined : config_containersMessage(host);
    }
    if (kind === 'prefetch') {
        const plan = parsePrefetchPlan(value.plan);
        return plan ? config_prefetchMessage(plan) : undefined;
    }
    if (kind !== 'rank')
        return undefined;
    try {
        return config_rankMessage(config_parseRouterRanking(value.ranking, count));
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/router-process/process-probe.ts



/** Long enough for PowerShell's start on a busy runner; `ps` answers in milliseconds. */
const COMMAND_TIMEOUT_MS = 15_000;
/**
 * Whether `pid` names a running process: signal 0 checks without signalling (on Windows, libuv
 * opens the process and asks whether it is still active). A process of another user, which may
 * not be signalled, exists all the same.
 */
function process_probe_processExists(pid) {
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
    const command = startTimeCommand(platform, pid, process.env);
    if (!command)
        return parseProcStat((await readProc(pid, 'stat')) ?? '');
    const output = await run(command);
    return output === undefined ? undefined : parseStartTime(platform, output);
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
async function job_watch_jobProcess(platform = process.platform) {
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
function watchJob(job, gone, platform = process.platform, plan = jobWatchPlan(platform)) {
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
        void processStartTime(job.pid, platform).then(started => {
            reading = false;
            const verdict = judgeJobReading(job, known, started);
            if (verdict.ended)
                end();
            else
                known = verdict.known;
        });
    }, JOB_POLL_MS);
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
    if (!inheritsStrayDescriptors(platform))
        return [];
    let descriptors;
    try {
        descriptors = readdirSync('/proc/self/fd').map(Number);
    }
    catch {
        return [];
    }
    return descriptors.filter(fd => {
        if (!(fd >= KEPT_DESCRIPTORS))
            return false;
        try {
            const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
            if (!flags || (parseInt(flags[1], 8) & O_CLOEXEC) !== 0)
                return false;
            closeSync(fd);
            return true;
        }
        catch {
            // Gone meanwhile (the descriptor that listed /proc/self/fd).
            return false;
        }
    });
}

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
const LOOPBACK_HOSTS = (/* unused pure expression or super */ null && (['127.0.0.1', 'localhost', '[::1]']));
/** `Sec-Fetch-Site` values of a request that a page of another site did not make. */
const OWN_FETCH_SITES = (/* unused pure expression or super */ null && (['same-origin', 'none']));
/** What the router serves: it changes nothing, but for the post step's stop. */
const READ_METHODS = (/* unused pure expression or super */ null && (['GET', 'HEAD']));
/** The path segment after the secret that stops the router (`POST /<stopSecret>/stop`). */
const request_STOP_AREA = 'stop';
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
            segments[1] === request_STOP_AREA &&
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
    return normalizeProjectName(name);
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
const request_INTERCEPTED_HOSTS = [PYPI_INDEX_HOST, PYPI_FILES_HOST];
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
    return secret !== '' && a.length === b.length && timingSafeEqual(a, b);
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

;// CONCATENATED MODULE: ./src/router-process/address.ts
// Where the router serves: a port and a secret path segment that stay the same from job to job
// on one runner, because pip's HTTP cache and wheel cache are keyed by URL: a restored cache only
// hits when the router's URL is the one it was filled through.



/**
 * Preferred ports: above the well-known services, below Linux's ephemeral range (32768–60999),
 * so that no outgoing connection holds one by chance.
 */
const PORT_RANGE = { first: 20000, count: 10000 };
/** 128 bits or more, base64url: the path segment no other local user can guess. */
const SECRET = /^[A-Za-z0-9_-]{22,128}$/;
/** The port this `key` (the user and the repository) prefers: the same on every job. */
function address_preferredRouterPort(key) {
    const digest = createHash('sha256').update(key).digest();
    return PORT_RANGE.first + (digest.readUInt32BE(0) % PORT_RANGE.count);
}
/** What tells one runner's routers apart: its user, and the repository the job is for. */
function address_routerPortKey(user, env, cwd) {
    return `${user}\n${env.GITHUB_REPOSITORY || env.GITHUB_WORKSPACE || cwd}`;
}
function address_isRouterSecret(text) {
    return SECRET.test(text);
}
/** The simple index the tools are pointed at: on loopback, or at `host` (a Docker network's). */
function address_routerIndexUrl(port, secret, host = LOOPBACK) {
    return `http://${host}:${port}/${secret}/simple`;
}
/** The user name of the router as a proxy: any would do, this one tells who asks for it. */
const PROXY_USER = 'pip-mirror-action';
/** The router as the job's HTTPS proxy at `host`, with the job's password. */
function routerProxyUrl(host, port, jobSecret) {
    return `http://${PROXY_USER}:${jobSecret}@${host}:${port}`;
}
/**
 * This action's folder in the user's cache (XDG): private to the user, unlike the shared temp
 * directory, where another user could create the path first.
 */
function address_actionCacheDir(env, home) {
    const base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
        ? env.XDG_CACHE_HOME
        : path.join(home, '.cache');
    return path.join(base, 'pip-mirror-action');
}

;// CONCATENATED MODULE: ./src/router-process/environment.ts
// The router's environment, chosen by name: it runs for the rest of the job, and every later step
// can read /proc/<pid>/environ of a process of the same user, so it must hold none of the main
// step's secrets (ACTIONS_RUNTIME_TOKEN, INPUT_* with index passwords, GITHUB_TOKEN, …).
/** Variables the router needs: where it runs, how it reaches the mirrors, which CAs it trusts. */
const ALLOWED = new Set([
    'PATH',
    'HOME',
    'USER',
    'LOGNAME',
    'LANG',
    'TZ',
    'TMPDIR',
    'TEMP',
    'TMP',
    'RUNNER_TEMP',
    'XDG_CACHE_HOME',
    // Proxies, in both spellings: curl and undici read the lower case ones too.
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'ALL_PROXY',
    'NO_PROXY',
    'http_proxy',
    'https_proxy',
    'all_proxy',
    'no_proxy',
    // pip's own proxy setting: the router takes the route pip would take (net/proxy-env.ts).
    'PIP_PROXY',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'NODE_EXTRA_CA_CERTS',
    'REQUESTS_CA_BUNDLE',
    // The roots the job's tools trusted: the router verifies PyPI's own hosts against them too.
    'PIP_CERT',
    'CURL_CA_BUNDLE',
    // The runner stops the processes of a finished job by this tag: the router must keep it.
    'RUNNER_TRACKING_ID',
    // How long the job's authority may be valid (authority.ts).
    'RUNNER_ENVIRONMENT'
]);
/**
 * Windows' own: where the system is (sockets and PowerShell need it), the user's profile folders
 * (Windows' HOME) and how commands are found.
 */
const WINDOWS_ALLOWED = new Set([
    'SYSTEMROOT',
    'WINDIR',
    'USERPROFILE',
    'LOCALAPPDATA',
    'PATHEXT',
    'COMSPEC'
]);
/**
 * The environment the router starts with: the allowed variables of `env` and no other. Left out
 * on purpose: NODE_OPTIONS (`--require` would run code in the router) and everything with a token
 * or an input in it.
 */
function environment_routerEnvironment(env, platform = process.platform) {
    // Windows' names have no case (`Path` is PATH), and its environment spells them as it likes.
    const isAllowed = platform === 'win32'
        ? (name) => ALLOWED.has(name.toUpperCase()) || WINDOWS_ALLOWED.has(name.toUpperCase())
        : (name) => ALLOWED.has(name) || name.startsWith('LC_');
    const allowed = {};
    for (const [name, value] of Object.entries(env)) {
        if (value !== undefined && isAllowed(name))
            allowed[name] = value;
    }
    return allowed;
}

;// CONCATENATED MODULE: ./src/router-process/secret.ts






const SECRET_FILE = 'router-secret';
/** 192 random bits, base64url: a path segment, or a proxy password, no one can guess. */
function secret_newSecret() {
    return randomBytes(24).toString('base64url');
}
/**
 * What to do with the folder the secret is kept in:
 * - `private`: keep it there;
 * - `make-private`: keep it there once others' permissions are taken away (0700);
 * - `not-private`: others may read it, and nothing here can change that: the job makes a
 *   secret of its own and writes it nowhere;
 * - `refuse`: another user owns it, or it is not a folder: they could know or choose the secret.
 *
 * Linux and macOS: the folder must be the user's (its uid), and 0700.
 *
 * Windows has neither: libuv reports uid 0 and mode 0666 (0444 when read-only) for every file
 * and folder, so no uid or mode can be checked. What protects the secret there is the
 * folder's access list: under the user's profile (`%USERPROFILE%\.cache\pip-mirror-action` by
 * default), it inherits the profile's, which lets in only that user, SYSTEM and the
 * Administrators. So on Windows the secret is kept only inside `profile` (the user's), the
 * folder's real path, links and junctions resolved. Not protected there: from administrators
 * (on a GitHub-hosted runner the job's own user is one, but the machine runs one job), from
 * other processes of the same account (on a self-hosted runner running as NETWORK SERVICE,
 * every service of that account), and from a profile whose access list was widened.
 */
function judgeSecretFolder(platform, folder, ownUid, profile) {
    if (folder.kind !== 'folder')
        return 'refuse';
    if (platform === 'win32')
        return insideWindowsFolder(folder.realPath, profile) ? 'private' : 'not-private';
    if (folder.uid !== ownUid)
        return 'refuse';
    return (folder.mode & 0o077) === 0 ? 'private' : 'make-private';
}
/**
 * Whether the kept secret can be used again: `reuse` when the file is a regular file holding
 * a well-formed secret and, on Linux and macOS, is 0600; `renew` when it is not; `refuse` with
 * the reason when it is a link (it could point the secret elsewhere) or, on Linux and macOS,
 * another user's. Windows reports no owner or permissions (see `judgeSecretFolder`): its folder
 * is what keeps the file private.
 */
function judgeSecretFile(platform, file, ownUid, text) {
    if (file.kind === 'link')
        return { verdict: 'refuse', reason: 'it is a link' };
    const posix = platform !== 'win32';
    if (posix && file.uid !== ownUid)
        return { verdict: 'refuse', reason: 'it belongs to another user' };
    const othersShutOut = !posix || (file.mode & 0o077) === 0;
    const reusable = file.kind === 'file' && othersShutOut && isRouterSecret(text);
    return { verdict: reusable ? 'reuse' : 'renew' };
}
/**
 * The router's secret path segment, kept in `dir` (the user's cache folder) so that later jobs
 * on this runner reuse it; a new one when there is none or it may have been read by others.
 * Refuses a folder or file that another user owns: they could know or choose it. Where `dir`
 * cannot be kept private (see `judgeSecretFolder`), a new secret for this job only.
 */
async function secret_loadRouterSecret(dir, system = { platform: process.platform, home: os.homedir() }) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const folder = await lstat(dir);
    const place = judgeSecretFolder(system.platform, { ...pathFacts(folder), realPath: await real(dir) }, ownUid(), await real(system.home));
    if (place === 'refuse')
        throw new Error(`${dir} is not a folder of this user's: not keeping the router's secret there`);
    if (place === 'not-private')
        return secret_newSecret();
    if (place === 'make-private')
        await chmod(dir, 0o700);
    const file = path.join(dir, SECRET_FILE);
    const kept = await readOwnSecret(file, system.platform);
    if (kept !== undefined)
        return kept;
    const secret = secret_newSecret();
    // Written whole, then renamed: a job starting meanwhile reads the old secret or the new one.
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, secret, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
    return secret;
}
/** The secret in `file` when `judgeSecretFile` lets it be reused; else undefined. */
async function readOwnSecret(file, platform) {
    const unusable = (reason) => new Error(`the router's secret in ${file} is unusable: ${reason}`);
    let seen;
    let handle;
    try {
        seen = await lstat(file);
        // A link planted in the folder must not point the secret elsewhere: judged as lstat sees
        // it, and, where the system has O_NOFOLLOW (not Windows), refused when swapped in later.
        if (!seen.isSymbolicLink())
            handle = await open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw unusable(error.message);
    }
    try {
        const text = handle ? (await handle.readFile('utf8')).trim() : '';
        const facts = pathFacts(handle ? await handle.stat() : seen);
        const judged = judgeSecretFile(platform, facts, ownUid(), text);
        if (judged.verdict === 'refuse')
            throw unusable(judged.reason);
        return judged.verdict === 'reuse' ? text : undefined;
    }
    finally {
        await handle?.close();
    }
}
function pathFacts(stats) {
    const kind = stats.isSymbolicLink()
        ? 'link'
        : stats.isDirectory()
            ? 'folder'
            : stats.isFile()
                ? 'file'
                : 'other';
    return { kind, uid: stats.uid, mode: stats.mode };
}
/** Windows paths compare without case; a sibling that shares a prefix is not inside. */
function insideWindowsFolder(candidate, root) {
    const relative = path.win32.relative(root, candidate);
    return !path.win32.isAbsolute(relative) && relative.split(path.win32.sep)[0] !== '..';
}
async function real(file) {
    return realpath(file).catch(() => path.resolve(file));
}
function ownUid() {
    return process.getuid?.() ?? 0;
}

;// CONCATENATED MODULE: ./src/router-process/supervision.ts
// The messages between the router's supervisor and its worker. The supervisor holds the listening
// socket and the config (read once, then deleted); each worker it starts gets both over the IPC
// channel, never through its arguments or environment, which other processes can read.



/** How the router's bundle is started: `node <bundle> supervisor <config>` or `worker`. */
const supervision_RouterMode = { Supervisor: 'supervisor', Worker: 'worker' };
const startMessage = (config, ranking, authority, plan, inherited = false) => ({
    kind: 'start',
    config,
    ...(ranking ? { ranking } : {}),
    ...(authority ? { authority } : {}),
    ...(plan ? { plan } : {}),
    ...(inherited ? { inherited: true } : {})
});
const statsRequest = () => ({ kind: 'stats' });
const statsMessage = (stats) => ({ kind: 'stats', stats });
const stopMessage = () => ({ kind: 'stop' });
/** A message from the supervisor, checked; undefined for anything else. */
function parseSupervisorMessage(value) {
    const message = value;
    try {
        if (message?.kind === 'stats')
            return statsRequest();
        if (message?.kind === 'start') {
            const config = checkRouterConfig(message.config);
            const ranking = message.ranking === undefined
                ? undefined
                : parseRouterRanking(message.ranking, config.mirrors.length);
            const plan = message.plan === undefined ? undefined : parsePrefetchPlan(message.plan);
            const authority = keyedCertificate(message.authority);
            return startMessage(config, ranking, authority, plan, message.inherited === true);
        }
        if (message?.kind === 'prefetch') {
            const plan = parsePrefetchPlan(message.plan);
            if (plan)
                return { kind: 'prefetch', plan };
        }
        const host = containersHost(message);
        if (host !== undefined)
            return containersMessage(host);
        // The supervisor checked the ranking against the config when it came from the main step.
        if (message?.kind === 'rank')
            return { kind: 'rank', ranking: message.ranking };
    }
    catch {
        // A malformed message is no message.
    }
    return undefined;
}
/** A message from the worker; undefined for anything else. */
function parseWorkerMessage(value) {
    const message = value;
    if (message?.kind === 'ready')
        return { kind: 'ready' };
    if (message?.kind === 'stop')
        return stopMessage();
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

;// CONCATENATED MODULE: ./src/router-process/lifecycle.ts



















/** The router's bundle, beside the action's own: `dist/router/index.js`. */
function routerEntry() {
    return path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'router', 'index.js');
}
const CONFIG_DIR_PREFIX = 'pip-mirror-router-';
const CONFIG_FILE = 'config.json';
/**
 * The config a router was started with, in the folder made for it alone, beside its figures: its
 * command line names it, which tells that router from any other process.
 */
function routerConfigFile(statsFile) {
    return external_node_path_default().join(external_node_path_default().dirname(statsFile), CONFIG_FILE);
}
/**
 * Starts the router as a detached process that outlives the step. The listening socket is
 * opened here, on 127.0.0.1, and handed to the router: its URL is known at once, and a client
 * that connects while the router process is still loading waits in the socket's backlog
 * instead of being refused, so the install need not wait for the router's start-up. The router
 * gets none of this step's environment but what it needs (environment.ts), and is told which
 * process started the job's steps, so that it ends with the job.
 */
async function startRouterProcess(entry, settings, timeoutMs) {
    const dir = await mkdtemp(runnerTempPath(CONFIG_DIR_PREFIX));
    const statsFile = path.join(dir, 'stats.json');
    const logFile = path.join(dir, 'router.log');
    const configFile = routerConfigFile(statsFile);
    const secret = await loadRouterSecret(actionCacheDir(process.env, os.homedir()));
    const jobSecret = newSecret();
    const job = await jobProcess();
    const config = {
        ...settings,
        secret,
        jobSecret,
        statsFile,
        logFile,
        ...(job ? { job } : {})
    };
    // The config carries index credentials: readable by this user only, deleted once read.
    await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
    const { socket, stablePort } = await openRouterSocket(stableRouterPort(), LOOPBACK);
    const { port } = socket.address();
    // An IPC channel (fd 3) carries the ready signal and the ranking; release() closes it. The
    // socket goes down as the router's descriptor INHERITED_SOCKET_FD where it has one (not on
    // Windows), else over the channel.
    const fd = listeningDescriptor(socket);
    const child = spawn(process.execPath, [entry, RouterMode.Supervisor, configFile], {
        detached: true,
        stdio: ['ignore', 'ignore', 'ignore', 'ipc', ...(fd === undefined ? [] : [fd])],
        env: routerEnvironment(process.env)
    });
    child.unref();
    const release = () => {
        if (child.connected)
            child.disconnect();
    };
    const send = (message) => new Promise(resolve => {
        if (!child.connected)
            return resolve();
        child.send(message, () => resolve());
    });
    // Through the child's own handle: its pid cannot name another process meanwhile.
    const stop = () => {
        release();
        child.kill('SIGTERM');
    };
    const exited = new Promise((_, reject) => {
        child.once('error', reject);
        child.once('exit', code => reject(new Error(`the router process exited (code ${code})`)));
    });
    exited.catch(() => undefined);
    const signalled = new Promise(resolve => child.on('message', message => {
        if (isReadyMessage(message))
            resolve();
    }));
    // Made here rather than by the router, whose start would hold up the job's bundle, and so the
    // install, by the time its Node takes to load.
    const authority = settings.transparent ? jobAuthority() : undefined;
    // The raw handle, not the server: a server sent over IPC is listened on by the receiver, while
    // the supervisor must only hold the socket for the workers it starts. (Node's types know only
    // servers and sockets as handles.)
    const handedOver = new Promise((resolve, reject) => {
        const sent = (error) => (error ? reject(error) : resolve());
        if (fd === undefined)
            child.send(listenMessage(authority), listeningHandle(socket), sent);
        else
            child.send(listenMessage(authority, true), sent);
    });
    // The router holds its own copy now (an inherited one since spawn returned; a handle once its
    // Node has taken it): this process must not accept its connections.
    if (fd === undefined)
        await handedOver.catch(() => undefined).finally(() => socket.close());
    else
        socket.close();
    const pid = child.pid;
    if (pid === undefined) {
        stop();
        throw new Error('the router process could not be started');
    }
    const ready = withTimeout(Promise.race([handedOver.then(() => signalled).then(() => healthy(port)), exited]), timeoutMs, `the router did not answer within ${timeoutMs} ms`).catch((error) => {
        stop();
        throw error;
    });
    ready.catch(() => undefined);
    const serveContainers = async (host) => {
        const opened = await openRouterSocket(port, host);
        try {
            await new Promise((resolve, reject) => {
                if (!child.connected)
                    return reject(new Error('the router is no longer listening'));
                child.send(containersMessage(host), listeningHandle(opened.socket), error => error ? reject(error) : resolve());
            });
            return opened.socket.address().port;
        }
        finally {
            opened.socket.close();
        }
    };
    return {
        url: routerIndexUrl(port, secret),
        secret,
        jobSecret,
        stablePort,
        pid,
        statsFile,
        logFile,
        stopUrl: `http://${LOOPBACK}:${port}/${jobSecret}/${STOP_AREA}`,
        ready,
        ...(authority ? { authority: authority.certPem } : {}),
        rank: ranking => send(rankMessage(ranking)),
        prefetch: plan => send(prefetchMessage(plan)),
        serveContainers,
        // Not before the router has the socket: a channel closed under a handle in flight loses it.
        release: () => void ready.then(release, release)
    };
}
/** The job's authority, for PyPI's hosts only; undefined where it cannot be made. */
function jobAuthority() {
    try {
        return createJobAuthority(INTERCEPTED_HOSTS, authorityLifetimeMs(process.env));
    }
    catch {
        return undefined;
    }
}
/** The port this runner's routers use for this repository, so that URLs stay the same. */
function stableRouterPort() {
    const user = String(process.getuid?.() ?? os.userInfo().username);
    return preferredRouterPort(routerPortKey(user, process.env, process.cwd()));
}
/**
 * A listening socket on `host` (127.0.0.1, or a Docker network's host-side address: never a
 * public interface), on `preferred` when it is free, else on a port the system picks.
 */
async function openRouterSocket(preferred, host) {
    const listen = (port) => new Promise((resolve, reject) => {
        const socket = createServer();
        socket.once('error', reject).listen(port, host, () => resolve(socket));
    });
    try {
        return { socket: await listen(preferred), stablePort: true };
    }
    catch {
        return { socket: await listen(0), stablePort: false };
    }
}
/**
 * The socket's own handle: Node sends it over IPC as it is (a `net.Native` handle), and a server
 * given it to listen on takes over its connections.
 */
function listeningHandle(socket) {
    return socket._handle;
}
/** The socket's file descriptor, where the system has them (not Windows); else undefined. */
function listeningDescriptor(socket) {
    const fd = listeningHandle(socket).fd;
    return typeof fd === 'number' && fd >= 0 ? fd : undefined;
}
/** After SIGTERM, how long the supervisor has to leave its figures before SIGKILL. */
const SIGNAL_GRACE_MS = 2000;
/**
 * Stops the router through its stop request, and returns how it went with the figures it left
 * (none when it had ended already, or had to be ended by a signal on Windows). A signal is the
 * last resort, for a router that does not end within `timeoutMs`: only once its pid is confirmed
 * to be this router's, since the system may have given a pid that ended to another process.
 */
async function stopRouterProcess(run, timeoutMs) {
    const ending = await endRouter(run, Date.now() + timeoutMs);
    try {
        const stats = JSON.parse(await (0,promises_.readFile)(run.statsFile, 'utf8'));
        return { ending, stats };
    }
    catch {
        return { ending };
    }
}
async function endRouter(run, deadline) {
    if (!process_probe_processExists(run.pid))
        return 'gone';
    if ((await askToStop(run.stopUrl, deadline)) && (await endedBy(run.pid, deadline)))
        return 'stopped';
    if (!(await isRouter(run)))
        return process_probe_processExists(run.pid) ? 'unconfirmed' : 'gone';
    // On Linux and macOS the supervisor still leaves its figures on SIGTERM; Windows ends it at once.
    signal(run.pid, 'SIGTERM');
    if (!(await endedBy(run.pid, Date.now() + SIGNAL_GRACE_MS)))
        signal(run.pid, 'SIGKILL');
    return 'signalled';
}
/** Whether the router took the stop request (202) before `deadline`. */
async function askToStop(stopUrl, deadline) {
    try {
        const response = await fetch(stopUrl, {
            method: 'POST',
            signal: AbortSignal.timeout(Math.max(deadline - Date.now(), 1))
        });
        await response.body?.cancel();
        return response.status === 202;
    }
    catch {
        return false;
    }
}
/** Whether `pid` has ended by `deadline`. */
async function endedBy(pid, deadline) {
    while (process_probe_processExists(pid)) {
        if (Date.now() >= deadline)
            return false;
        await new Promise(resolve => setTimeout(resolve, 20));
    }
    return true;
}
/**
 * The post step of a job whose HTTPS goes through the router: its figures so far. The router
 * itself is left to serve the post steps of other actions that run after this one with the same
 * proxy and CA settings (a cache save, a pip run); it ends with the job, and the runner empties
 * its temp folder, the CA bundle's, after the job.
 */
async function jobProxyFigures(statsUrl, timeoutMs) {
    try {
        const response = await fetch(statsUrl, { signal: AbortSignal.timeout(timeoutMs) });
        return response.ok ? (await response.json()) : undefined;
    }
    catch {
        return undefined;
    }
}
/** The router's answer to `/health`, over the handed-over socket. */
function healthy(port) {
    return new Promise((resolve, reject) => {
        const probe = request({ host: LOOPBACK, port, path: '/health' }, response => {
            response.resume();
            if (response.statusCode === 200)
                resolve();
            else
                reject(new Error(`the router answered ${response.statusCode} to its health check`));
        });
        probe.on('error', reject);
        probe.end();
    });
}
function signal(pid, name) {
    try {
        process.kill(pid, name);
    }
    catch {
        // Already gone.
    }
}
/**
 * Whether `run.pid` is still the router the main step started: its command line names the
 * router's own config (Linux /proc, macOS ps, Windows CIM). When it cannot be read, no.
 */
async function isRouter(run) {
    return isRouterCommandLine(await processCommandLine(run.pid), routerConfigFile(run.statsFile));
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


/***/ }),

/***/ 8898:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

const { valid, clean, explain, parse } = __webpack_require__(4818);

const { lt, le, eq, ne, ge, gt, compare, rcompare } = __webpack_require__(2124);

const {
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,
} = __webpack_require__(790);

const { major, minor, patch, inc } = __webpack_require__(8940);

module.exports = {
  // version
  valid,
  clean,
  explain,
  parse,

  // operator
  lt,
  le,
  lte: le,
  eq,
  ne,
  neq: ne,
  ge,
  gte: ge,
  gt,
  compare,
  rcompare,

  // range
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,

  // semantic
  major,
  minor,
  patch,
  inc,
};


/***/ }),

/***/ 2124:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

const { parse } = __webpack_require__(4818);

module.exports = {
  compare,
  rcompare,
  lt,
  le,
  eq,
  ne,
  ge,
  gt,
  '<': lt,
  '<=': le,
  '==': eq,
  '!=': ne,
  '>=': ge,
  '>': gt,
  '===': arbitrary,
};

function lt(version, other) {
  return compare(version, other) < 0;
}

function le(version, other) {
  return compare(version, other) <= 0;
}

function eq(version, other) {
  return compare(version, other) === 0;
}

function ne(version, other) {
  return compare(version, other) !== 0;
}

function ge(version, other) {
  return compare(version, other) >= 0;
}

function gt(version, other) {
  return compare(version, other) > 0;
}

function arbitrary(version, other) {
  return version.toLowerCase() === other.toLowerCase();
}

function compare(version, other) {
  const parsedVersion = parse(version);
  const parsedOther = parse(other);

  const keyVersion = calculateKey(parsedVersion);
  const keyOther = calculateKey(parsedOther);

  return pyCompare(keyVersion, keyOther);
}

function rcompare(version, other) {
  return -compare(version, other);
}

// this logic is buitin in python, but we need to port it to js
// see https://stackoverflow.com/a/5292332/1438522
function pyCompare(elemIn, otherIn) {
  let elem = elemIn;
  let other = otherIn;
  if (elem === other) {
    return 0;
  }
  if (Array.isArray(elem) !== Array.isArray(other)) {
    elem = Array.isArray(elem) ? elem : [elem];
    other = Array.isArray(other) ? other : [other];
  }
  if (Array.isArray(elem)) {
    const len = Math.min(elem.length, other.length);
    for (let i = 0; i < len; i += 1) {
      const res = pyCompare(elem[i], other[i]);
      if (res !== 0) {
        return res;
      }
    }
    return elem.length - other.length;
  }
  if (elem === -Infinity || other === Infinity) {
    return -1;
  }
  if (elem === Infinity || other === -Infinity) {
    return 1;
  }
  return elem < other ? -1 : 1;
}

function calculateKey(input) {
  const { epoch } = input;
  let { release, pre, post, local, dev } = input;
  // When we compare a release version, we want to compare it with all of the
  // trailing zeros removed. So we'll use a reverse the list, drop all the now
  // leading zeros until we come to something non zero, then take the rest
  // re-reverse it back into the correct order and make it a tuple and use
  // that for our sorting key.
  release = release.concat();
  release.reverse();
  while (release.length && release[0] === 0) {
    release.shift();
  }
  release.reverse();

  // We need to "trick" the sorting algorithm to put 1.0.dev0 before 1.0a0.
  // We'll do this by abusing the pre segment, but we _only_ want to do this
  // if there is !a pre or a post segment. If we have one of those then
  // the normal sorting rules will handle this case correctly.
  if (!pre && !post && dev) pre = -Infinity;
  // Versions without a pre-release (except as noted above) should sort after
  // those with one.
  else if (!pre) pre = Infinity;

  // Versions without a post segment should sort before those with one.
  if (!post) post = -Infinity;

  // Versions without a development segment should sort after those with one.
  if (!dev) dev = Infinity;

  if (!local) {
    // Versions without a local segment should sort before those with one.
    local = -Infinity;
  } else {
    // Versions with a local segment need that segment parsed to implement
    // the sorting rules in PEP440.
    // - Alpha numeric segments sort before numeric segments
    // - Alpha numeric segments sort lexicographically
    // - Numeric segments sort numerically
    // - Shorter versions sort before longer versions when the prefixes
    //   match exactly
    local = local.map((i) =>
      Number.isNaN(Number(i)) ? [-Infinity, i] : [Number(i), ''],
    );
  }

  return [epoch, release, pre, post, dev, local];
}


/***/ }),

/***/ 8940:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

const { explain, parse, stringify } = __webpack_require__(4818);

// those notation are borrowed from semver
module.exports = {
  major,
  minor,
  patch,
  inc,
};

function major(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  return version.release[0];
}

function minor(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 2) {
    return 0;
  }
  return version.release[1];
}

function patch(input) {
  const version = explain(input);
  if (!version) {
    throw new TypeError('Invalid Version: ' + input);
  }
  if (version.release.length < 3) {
    return 0;
  }
  return version.release[2];
}

function inc(input, release, preReleaseIdentifier) {
  let identifier = preReleaseIdentifier || `a`;
  const version = parse(input);

  if (!version) {
    return null;
  }

  if (
    !['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview'].includes(
      identifier,
    )
  ) {
    return null;
  }

  switch (release) {
    case 'premajor':
      {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'preminor':
      {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prepatch':
      {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      version.pre = [identifier, 0];
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'prerelease':
      if (version.pre === null) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
        version.pre = [identifier, 0];
      } else {
        if (preReleaseIdentifier === undefined && version.pre !== null) {
          [identifier] = version.pre;
        }

        const [letter, number] = version.pre;
        if (letter === identifier) {
          version.pre = [letter, number + 1];
        } else {
          version.pre = [identifier, 0];
        }
      }

      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'major':
      if (
        version.release.slice(1).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'minor':
      if (
        version.release.slice(2).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0] = version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    case 'patch':
      if (
        version.release.slice(3).some((value) => value !== 0) ||
        version.pre === null
      ) {
        const [majorVersion, minorVersion = 0, patchVersion = 0] =
          version.release;
        version.release.fill(0);
        version.release[0] = majorVersion;
        version.release[1] = minorVersion;
        version.release[2] = patchVersion + 1;
      }
      delete version.pre;
      delete version.post;
      delete version.dev;
      delete version.local;
      break;
    default:
      return null;
  }

  return stringify(version);
}


/***/ }),

/***/ 790:
/***/ ((module, __unused_webpack_exports, __webpack_require__) => {

// This file is dual licensed under the terms of the Apache License, Version
// 2.0, and the BSD License. See the LICENSE file in the root of this repository
// for complete details.

const { VERSION_PATTERN, explain: explainVersion } = __webpack_require__(4818);

const Operator = __webpack_require__(2124);

const RANGE_PATTERN = [
  '(?<operator>(===|~=|==|!=|<=|>=|<|>))',
  '\\s*',
  '(',
  /*  */ '(?<version>(?:' + VERSION_PATTERN.replace(/\?<\w+>/g, '?:') + '))',
  /*  */ '(?<prefix>\\.\\*)?',
  /*  */ '|',
  /*  */ '(?<legacy>[^,;\\s)]+)',
  ')',
].join('');

module.exports = {
  RANGE_PATTERN,
  parse,
  satisfies,
  filter,
  validRange,
  maxSatisfying,
  minSatisfying,
};

const isEqualityOperator = (op) => ['==', '!=', '==='].includes(op);

const rangeRegex = new RegExp('^' + RANGE_PATTERN + '$', 'i');

function parse(ranges) {
  if (!ranges.trim()) {
    return [];
  }

  const specifiers = ranges
    .split(',')
    .map((range) => rangeRegex.exec(range.trim()) || {})
    .map(({ groups }) => {
      if (!groups) {
        return null;
      }

      let { ...spec } = groups;
      const { operator, version, prefix, legacy } = groups;

      if (version) {
        spec = { ...spec, ...explainVersion(version) };
        if (operator === '~=') {
          if (spec.release.length < 2) {
            return null;
          }
        }
        if (!isEqualityOperator(operator) && spec.local) {
          return null;
        }

        if (prefix) {
          if (!isEqualityOperator(operator) || spec.dev || spec.local) {
            return null;
          }
        }
      }
      if (legacy && operator !== '===') {
        return null;
      }

      return spec;
    });

  if (specifiers.filter(Boolean).length !== specifiers.length) {
    return null;
  }

  return specifiers;
}

function filter(versions, specifier, options = {}) {
  const filtered = pick(versions, specifier, options);
  if (filtered.length === 0 && options.prereleases === undefined) {
    return pick(versions, specifier, { prereleases: true });
  }
  return filtered;
}

function maxSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[found.length - 1];
}

function minSatisfying(versions, range, options) {
  const found = filter(versions, range, options).sort(Operator.compare);
  return found.length === 0 ? null : found[0];
}

function pick(versions, specifier, options) {
  const parsed = parse(specifier);

  if (!parsed) {
    return [];
  }

  return versions.filter((version) => {
    const explained = explainVersion(version);

    if (!parsed.length) {
      return explained && !(explained.is_prerelease && !options.prereleases);
    }

    return parsed.reduce((pass, spec) => {
      if (!pass) {
        return false;
      }
      return contains({ ...spec, ...options }, { version, explained });
    }, true);
  });
}

function satisfies(version, specifier, options = {}) {
  const filtered = pick([version], specifier, options);

  return filtered.length === 1;
}

function arrayStartsWith(array, prefix) {
  if (prefix.length > array.length) {
    return false;
  }

  for (let i = 0; i < prefix.length; i += 1) {
    if (prefix[i] !== array[i]) {
      return false;
    }
  }

  return true;
}

function contains(specifier, input) {
  const { explained } = input;
  let { version } = input;
  const { ...spec } = specifier;

  if (spec.prereleases === undefined) {
    spec.prereleases = spec.is_prerelease;
  }

  if (explained && explained.is_prerelease && !spec.prereleases) {
    return false;
  }

  if (spec.operator === '~=') {
    let compatiblePrefix = spec.release.slice(0, -1).concat('*').join('.');
    if (spec.epoch) {
      compatiblePrefix = spec.epoch + '!' + compatiblePrefix;
    }
    return satisfies(version, `>=${spec.version}, ==${compatiblePrefix}`, {
      prereleases: spec.prereleases,
    });
  }

  if (spec.prefix) {
    const isMatching =
      explained.epoch === spec.epoch &&
      arrayStartsWith(explained.release, spec.release);
    const isEquality = spec.operator !== '!=';
    return isEquality ? isMatching : !isMatching;
  }

  if (explained)
    if (explained.local && spec.version) {
      version = explained.public;
      spec.version = explainVersion(spec.version).public;
    }

  if (spec.operator === '<' || spec.operator === '>') {
    // simplified version of https://www.python.org/dev/peps/pep-0440/#exclusive-ordered-comparison
    if (Operator.eq(spec.release.join('.'), explained.release.join('.'))) {
      return false;
    }
  }

  const op = Operator[spec.operator];
  return op(version, spec.version || spec.legacy);
}

function validRange(specifier) {
  return Boolean(parse(specifier));
}


/***/ }),

/***/ 4818:
/***/ ((module) => {

const VERSION_PATTERN = [
  'v?',
  '(?:',
  /* */ '(?:(?<epoch>[0-9]+)!)?', // epoch
  /* */ '(?<release>[0-9]+(?:\\.[0-9]+)*)', // release segment
  /* */ '(?<pre>', // pre-release
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_l>(a|b|c|rc|alpha|beta|pre|preview))',
  /*    */ '[-_\\.]?',
  /*    */ '(?<pre_n>[0-9]+)?',
  /* */ ')?',
  /* */ '(?<post>', // post release
  /*    */ '(?:-(?<post_n1>[0-9]+))',
  /*    */ '|',
  /*    */ '(?:',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_l>post|rev|r)',
  /*        */ '[-_\\.]?',
  /*        */ '(?<post_n2>[0-9]+)?',
  /*    */ ')',
  /* */ ')?',
  /* */ '(?<dev>', // dev release
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_l>dev)',
  /*    */ '[-_\\.]?',
  /*    */ '(?<dev_n>[0-9]+)?',
  /* */ ')?',
  ')',
  '(?:\\+(?<local>[a-z0-9]+(?:[-_\\.][a-z0-9]+)*))?', // local version
].join('');

module.exports = {
  VERSION_PATTERN,
  valid,
  clean,
  explain,
  parse,
  stringify,
};

const validRegex = new RegExp('^' + VERSION_PATTERN + '$', 'i');

function valid(version) {
  return validRegex.test(version) ? version : null;
}

const cleanRegex = new RegExp('^\\s*' + VERSION_PATTERN + '\\s*$', 'i');
function clean(version) {
  return stringify(parse(version, cleanRegex));
}

function parse(version, regex) {
  // Validate the version and parse it into pieces
  const { groups } = (regex || validRegex).exec(version) || {};
  if (!groups) {
    return null;
  }

  // Store the parsed out pieces of the version
  const parsed = {
    epoch: Number(groups.epoch ? groups.epoch : 0),
    release: groups.release.split('.').map(Number),
    pre: normalize_letter_version(groups.pre_l, groups.pre_n),
    post: normalize_letter_version(
      groups.post_l,
      groups.post_n1 || groups.post_n2,
    ),
    dev: normalize_letter_version(groups.dev_l, groups.dev_n),
    local: parse_local_version(groups.local),
  };

  return parsed;
}

function stringify(parsed) {
  if (!parsed) {
    return null;
  }
  const { epoch, release, pre, post, dev, local } = parsed;
  const parts = [];

  // Epoch
  if (epoch !== 0) {
    parts.push(`${epoch}!`);
  }
  // Release segment
  parts.push(release.join('.'));

  // Pre-release
  if (pre) {
    parts.push(pre.join(''));
  }
  // Post-release
  if (post) {
    parts.push('.' + post.join(''));
  }
  // Development release
  if (dev) {
    parts.push('.' + dev.join(''));
  }
  // Local version segment
  if (local) {
    parts.push(`+${local}`);
  }
  return parts.join('');
}

function normalize_letter_version(letterIn, numberIn) {
  let letter = letterIn;
  let number = numberIn;
  if (letter) {
    // We consider there to be an implicit 0 in a pre-release if there is
    // not a numeral associated with it.
    if (!number) {
      number = 0;
    }
    // We normalize any letters to their lower case form
    letter = letter.toLowerCase();

    // We consider some words to be alternate spellings of other words and
    // in those cases we want to normalize the spellings to our preferred
    // spelling.
    if (letter === 'alpha') {
      letter = 'a';
    } else if (letter === 'beta') {
      letter = 'b';
    } else if (['c', 'pre', 'preview'].includes(letter)) {
      letter = 'rc';
    } else if (['rev', 'r'].includes(letter)) {
      letter = 'post';
    }
    return [letter, Number(number)];
  }
  if (!letter && number) {
    // We assume if we are given a number, but we are not given a letter
    // then this is using the implicit post release syntax (e.g. 1.0-1)
    letter = 'post';

    return [letter, Number(number)];
  }
  return null;
}

function parse_local_version(local) {
  /*
    Takes a string like abc.1.twelve and turns it into("abc", 1, "twelve").
    */
  if (local) {
    return local
      .split(/[._-]/)
      .map((part) =>
        Number.isNaN(Number(part)) ? part.toLowerCase() : Number(part),
      );
  }
  return null;
}

function explain(version) {
  const parsed = parse(version);
  if (!parsed) {
    return parsed;
  }
  const { epoch, release, pre, post, dev, local } = parsed;

  let base_version = '';
  if (epoch !== 0) {
    base_version += epoch + '!';
  }
  base_version += release.join('.');

  const is_prerelease = Boolean(dev || pre);
  const is_devrelease = Boolean(dev);
  const is_postrelease = Boolean(post);

  // return

  return {
    epoch,
    release,
    pre,
    post: post ? post[1] : post,
    dev: dev ? dev[1] : dev,
    local: local ? local.join('.') : local,
    public: stringify(parsed).split('+', 1)[0],
    base_version,
    is_prerelease,
    is_devrelease,
    is_postrelease,
  };
}


/***/ })

};
