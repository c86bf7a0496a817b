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

/***/ 244:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   C6: () => (/* binding */ isIpv4Cidr),
/* harmony export */   G2: () => (/* binding */ inNetwork),
/* harmony export */   VD: () => (/* binding */ isPrivateIpv4),
/* harmony export */   eH: () => (/* binding */ isIpv4)
/* harmony export */ });
/* unused harmony export firstHost */
// IPv4 addresses as text: what requests' NO_PROXY rules, Docker's subnets and Linux's socket
// tables need of them.
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
function isIpv4(text) {
    const match = IPV4.exec(text);
    return match !== null && match.slice(1).every(part => Number(part) <= 255);
}
/** requests' `is_valid_cidr`: an IPv4 address and a mask from 1 to 32. */
function isIpv4Cidr(text) {
    const [address, mask, ...rest] = text.split('/');
    return (rest.length === 0 &&
        mask !== undefined &&
        /^\d+$/.test(mask) &&
        Number(mask) >= 1 &&
        Number(mask) <= 32 &&
        isIpv4(address));
}
/** Whether `address` lies in `cidr` (both checked beforehand). */
function inNetwork(address, cidr) {
    const [network, mask] = cidr.split('/');
    const maskValue = networkMask(Number(mask));
    return (toNumber(address) & maskValue) >>> 0 === (toNumber(network) & maskValue) >>> 0;
}
/** `cidr`'s first host address: its network address plus one. */
function firstHost(cidr) {
    const [network, mask] = cidr.split('/');
    return fromNumber(((toNumber(network) & networkMask(Number(mask))) >>> 0) + 1);
}
/** The private ranges (RFC 1918): 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16. */
function isPrivateIpv4(address) {
    return isIpv4(address) && PRIVATE.some(cidr => inNetwork(address, cidr));
}
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
function networkMask(bits) {
    return bits === 32 ? 0xffffffff : ~(0xffffffff >>> bits) >>> 0;
}
function toNumber(address) {
    return address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
}
function fromNumber(value) {
    return [24, 16, 8, 0].map(shift => (value >>> shift) & 255).join('.');
}


/***/ }),

/***/ 5340:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ evaluateMarker)
/* harmony export */ });
/* unused harmony export MarkerError */
/* harmony import */ var _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8898);
/* harmony import */ var _renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__);
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
function evaluateMarker(marker, environment, extras = []) {
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
        lhs = valueOf(key, evaluation, fail);
        rhs = 'value' in right ? right.value : right.variable;
    }
    else if ('variable' in right) {
        key = right.variable;
        lhs = left.value;
        rhs = valueOf(key, evaluation, fail);
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
function valueOf(key, { environment, extra, requested }, fail) {
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
    const version = (0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.explain)(text.trim());
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
            return (0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare)(publicCandidate, version) <= 0;
        case '>=':
            return (0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare)(publicCandidate, version) >= 0;
        case '~=': {
            // packaging builds the prefix from the text, 'v' kept: '~=v3.12' matches nothing.
            if (/^v/i.test(version))
                return false;
            const release = requireVersion(version);
            const prefix = { epoch: release.epoch, release: release.release.slice(0, -1) };
            return (0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare)(publicCandidate, version) >= 0 && matchesPrefix(candidate, prefix);
        }
        case '<': {
            const spec = requireVersion(version);
            if ((0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare)(candidate.text, version) >= 0)
                return false;
            // "<V must not allow a pre-release of V unless V is one."
            return !(!spec.is_prerelease && candidate.is_prerelease && sameBase(candidate, spec));
        }
        case '>': {
            const spec = requireVersion(version);
            if ((0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare)(candidate.text, version) <= 0)
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
    return (0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare)(compared, spec) === 0;
}
/** `==prefix.*`: the same epoch, and a release that starts with the prefix once zero-padded. */
function matchesPrefix(candidate, prefix) {
    return (candidate.epoch === prefix.epoch &&
        prefix.release.every((part, index) => (candidate.release[index] ?? 0) === part));
}
function sameBase(a, b) {
    return (0,_renovatebot_pep440__WEBPACK_IMPORTED_MODULE_0__.compare)(a.base_version, b.base_version) === 0;
}
/** str(Version(text)): the normalised form. */
function normalizedText(version) {
    return version.local === null ? version.public : `${version.public}+${version.local}`;
}


/***/ }),

/***/ 3580:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   uq: () => (/* binding */ parsePrefetchPlan)
/* harmony export */ });
/* unused harmony exports planPrefetch, describePlan */
/* harmony import */ var _markers_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5340);

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
function parsePrefetchPlan(value) {
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


/***/ }),

/***/ 1535:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Cd: () => (/* binding */ issueServerCertificate),
  kL: () => (/* binding */ keyedCertificate)
});

// UNUSED EXPORTS: authorityLifetimeMs, createJobAuthority

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/proxy/der.ts
// The few DER (X.690) encodings an X.509 certificate of the job's authority needs. Written out
// rather than taken from an ASN.1 library: loading one costs each job about 0.2 s before its
// install can start, and these certificates have a fixed shape.
function der_tlv(tag, content) {
    const length = content.length;
    if (length < 0x80)
        return Buffer.concat([Buffer.from([tag, length]), content]);
    const bytes = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256))
        bytes.unshift(rest & 0xff);
    return Buffer.concat([Buffer.from([tag, 0x80 | bytes.length, ...bytes]), content]);
}
const der_sequence = (...items) => der_tlv(0x30, Buffer.concat(items));
const set = (...items) => der_tlv(0x31, Buffer.concat(items));
/** `[n]` EXPLICIT (constructed) or IMPLICIT of a primitive (`primitive: true`). */
const der_tagged = (n, content, primitive = false) => der_tlv((primitive ? 0x80 : 0xa0) | n, content);
const der_boolean = (value) => der_tlv(0x01, Buffer.from([value ? 0xff : 0]));
const octetString = (content) => der_tlv(0x04, content);
const utf8String = (text) => der_tlv(0x0c, Buffer.from(text, 'utf8'));
/** A BIT STRING of whole bytes (no unused bits). */
const bitString = (content) => der_tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
/** A non-negative INTEGER from its big-endian bytes. */
function unsignedInteger(bytes) {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0)
        start++;
    const trimmed = bytes.subarray(start);
    return der_tlv(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
const der_smallInteger = (value) => unsignedInteger(Buffer.from([value]));
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
    return der_tlv(0x06, Buffer.from(bytes));
}
/** UTCTime before 2050, GeneralizedTime from then on, to the second, as RFC 5280 asks. */
function time(date) {
    const iso = date.toISOString();
    const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
    return date.getUTCFullYear() < 2050
        ? der_tlv(0x17, Buffer.from(`${digits.slice(2)}Z`))
        : der_tlv(0x18, Buffer.from(`${digits}Z`));
}
/** The PEM form of a DER certificate. */
function der_certificatePem(der) {
    const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
    return ['-----BEGIN CERTIFICATE-----', ...lines, '-----END CERTIFICATE-----', ''].join('\n');
}

;// CONCATENATED MODULE: ./src/proxy/authority.ts
// The job's certificate authority: made by the main step as it starts the router, its key kept
// in memory only (never written: handed to the router, and on to its workers, over their IPC
// channels), limited by X.509 name constraints to the hosts the router answers for, so that it
// can vouch for nothing else even if it leaked.


/** A certificate and key from a message, checked for their shape; undefined for anything else. */
function keyedCertificate(value) {
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
            extension(OID.basicConstraints, true, der_sequence()),
            // digitalSignature (bit 0): seven unused bits.
            extension(OID.keyUsage, true, der_tlv(0x03, Buffer.from([7, 0x80]))),
            extension(OID.extKeyUsage, false, der_sequence(objectIdentifier(OID.serverAuth))),
            extension(OID.subjectAltName, false, der_sequence(...hosts.map(dnsName)))
        ]
    });
    return { certPem: der_certificatePem(der), keyPem: privateKeyPem(keys.privateKey) };
}
/** RFC 5280's Certificate: the TBSCertificate, its algorithm, and its ECDSA signature. */
function signedCertificate(fields) {
    const algorithm = der_sequence(objectIdentifier(OID.ecdsaWithSha256));
    // 16 random bytes, positive (the top bit clear), as X.509 serial numbers should be.
    const serial = (0,external_node_crypto_.randomBytes)(16);
    serial[0] &= 0x7f;
    const tbs = der_sequence(der_tagged(0, der_smallInteger(2)), unsignedInteger(serial), algorithm, distinguishedName(fields.issuer), der_sequence(time(fields.notBefore), time(fields.notAfter)), distinguishedName(fields.subject), fields.publicKey.export({ type: 'spki', format: 'der' }), der_tagged(3, der_sequence(...fields.extensions)));
    return der_sequence(tbs, algorithm, bitString((0,external_node_crypto_.sign)('sha256', tbs, fields.signingKey)));
}
function distinguishedName(commonName) {
    return der_sequence(set(der_sequence(objectIdentifier(OID.commonName), utf8String(commonName))));
}
/** A GeneralName's dNSName: `[2] IMPLICIT IA5String`. */
function dnsName(host) {
    return der_tagged(2, Buffer.from(host, 'ascii'), true);
}
function extension(oid, critical, value) {
    return der_sequence(objectIdentifier(oid), ...(critical ? [der_boolean(true)] : []), octetString(value));
}
function privateKeyPem(key) {
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}


/***/ }),

/***/ 2096:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Lj: () => (/* binding */ parseStartTime),
/* harmony export */   V4: () => (/* binding */ JOB_POLL_MS),
/* harmony export */   jD: () => (/* binding */ judgeJobReading),
/* harmony export */   k9: () => (/* binding */ jobWatchPlan),
/* harmony export */   qV: () => (/* binding */ parseProcStat),
/* harmony export */   sR: () => (/* binding */ inheritsStrayDescriptors),
/* harmony export */   td: () => (/* binding */ isProcessId),
/* harmony export */   vC: () => (/* binding */ startTimeCommand)
/* harmony export */ });
/* unused harmony exports commandLineCommand, isRouterCommandLine */
/* harmony import */ var _runner_powershell_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8813);
// What each system offers the router's processes to tell one process from another: a pid alone is
// not enough, since a pid that has ended is given to the next process that starts. Linux keeps a
// process's start time and command line under /proc; macOS has neither, but its `ps` reads both;
// Windows has no `ps`, and PowerShell reads them. The commands and their outputs are decided and
// parsed here; job-watch.ts and process-probe.ts run them.

/** How often the router checks that its job goes on. */
const JOB_POLL_MS = 1000;
/**
 * Linux: reading /proc costs a file read, so every poll. macOS hands out pids in increasing
 * order (xnu's nextpid) and wraps only at 99,999, so a pid comes back after tens of thousands of
 * process starts: the existence check each second is all but exact, and `ps` (a few ms) every 10 s
 * catches the rare reuse. Windows gives a freed pid to the next process soon, so the start time
 * matters more there; but each reading starts PowerShell, hundreds of ms of processor time, which
 * every second would take a noticeable share of a core from the job: every 30 s. A job process
 * whose pid was taken at once is then noticed within 30 s instead of 1 s.
 */
function jobWatchPlan(platform) {
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
function judgeJobReading(job, known, started) {
    if (started === undefined)
        return { ended: false, known };
    if (known !== undefined)
        return started === known ? { ended: false, known } : { ended: true };
    return started <= job.startTime ? { ended: false, known: started } : { ended: true };
}
/** The start time in a /proc/<pid>/stat line (field 22, clock ticks since boot). */
function parseProcStat(stat) {
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
function startTimeCommand(platform, pid, env) {
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
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `%c` in the C locale: `Mon Jan  6 10:23:45 2025`. */
const C_LOCALE_TIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;
/** 100 ns intervals from 1601-01-01 (a Windows file time's origin) to 1970-01-01. */
const FILE_TIME_AT_EPOCH = 116444736000000000n;
/**
 * The start time, in ms since the epoch, in the output of `startTimeCommand(platform, …)`;
 * undefined for anything else (an empty output: no such process).
 */
function parseStartTime(platform, output) {
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
function inheritsStrayDescriptors(platform) {
    return platform === 'linux';
}
/** `ps` prints dates in the C locale's format and in UTC, whatever the runner's settings. */
const C_UTC = { LC_ALL: 'C', TZ: 'UTC0' };
/**
 * Windows PowerShell, which every Windows since 10 has, by its full path: a `powershell` earlier
 * on PATH must not answer. The pid in `script` is a checked number, never text from elsewhere.
 */
function powerShell(env, script) {
    return { ...(0,_runner_powershell_js__WEBPACK_IMPORTED_MODULE_0__/* .windowsPowerShell */ .L8)(env, `$ErrorActionPreference = 'Stop'; ${script}`), env };
}
/** A pid a process can have: 0 is none (a parent outside the pid namespace). */
function isProcessId(pid) {
    return Number.isSafeInteger(pid) && pid > 0;
}
function checkedPid(pid) {
    if (!isProcessId(pid))
        throw new Error(`not a process id: ${pid}`);
    return String(pid);
}


/***/ }),

/***/ 3502:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   $c: () => (/* binding */ statsMessage),
/* harmony export */   I_: () => (/* binding */ QUICK_DEATH_MS),
/* harmony export */   R: () => (/* binding */ parseWorkerMessage),
/* harmony export */   jY: () => (/* binding */ RouterMode),
/* harmony export */   kB: () => (/* binding */ stopMessage),
/* harmony export */   ns: () => (/* binding */ restartDelayMs),
/* harmony export */   su: () => (/* binding */ startMessage),
/* harmony export */   vV: () => (/* binding */ parseSupervisorMessage),
/* harmony export */   x8: () => (/* binding */ statsRequest)
/* harmony export */ });
/* unused harmony export MAX_QUICK_DEATHS */
/* harmony import */ var _router_config_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9851);
/* harmony import */ var _proxy_authority_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1535);
/* harmony import */ var _prefetch_plan_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3580);
// The messages between the router's supervisor and its worker. The supervisor holds the listening
// socket and the config (read once, then deleted); each worker it starts gets both over the IPC
// channel, never through its arguments or environment, which other processes can read.



/** How the router's bundle is started: `node <bundle> supervisor <config>` or `worker`. */
const RouterMode = { Supervisor: 'supervisor', Worker: 'worker' };
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
            const config = (0,_router_config_js__WEBPACK_IMPORTED_MODULE_0__/* .checkRouterConfig */ .UD)(message.config);
            const ranking = message.ranking === undefined
                ? undefined
                : (0,_router_config_js__WEBPACK_IMPORTED_MODULE_0__/* .parseRouterRanking */ .VO)(message.ranking, config.mirrors.length);
            const plan = message.plan === undefined ? undefined : (0,_prefetch_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePrefetchPlan */ .uq)(message.plan);
            const authority = (0,_proxy_authority_js__WEBPACK_IMPORTED_MODULE_1__/* .keyedCertificate */ .kL)(message.authority);
            return startMessage(config, ranking, authority, plan, message.inherited === true);
        }
        if (message?.kind === 'prefetch') {
            const plan = (0,_prefetch_plan_js__WEBPACK_IMPORTED_MODULE_2__/* .parsePrefetchPlan */ .uq)(message.plan);
            if (plan)
                return { kind: 'prefetch', plan };
        }
        const host = (0,_router_config_js__WEBPACK_IMPORTED_MODULE_0__/* .containersHost */ .hh)(message);
        if (host !== undefined)
            return (0,_router_config_js__WEBPACK_IMPORTED_MODULE_0__/* .containersMessage */ .qe)(host);
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


/***/ }),

/***/ 8954:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _router_process_supervision_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3502);

// Started detached by the main step as `supervisor <config>`; the supervisor starts its workers
// from the same bundle as `worker`. Each mode loads only its own code.
const [mode, configFile] = process.argv.slice(2);
if (mode === _router_process_supervision_js__WEBPACK_IMPORTED_MODULE_0__/* .RouterMode */ .jY.Worker) {
    const { runRouterWorker } = await Promise.all(/* import() */[__nccwpck_require__.e(914), __nccwpck_require__.e(364)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9364));
    runRouterWorker();
}
else {
    const { Supervisor } = await __nccwpck_require__.e(/* import() */ 450).then(__nccwpck_require__.bind(__nccwpck_require__, 6450));
    await Supervisor.run(configFile ?? '', process.argv[1]);
}

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9851:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Jj: () => (/* binding */ parseParentMessage),
/* harmony export */   UD: () => (/* binding */ checkRouterConfig),
/* harmony export */   VO: () => (/* binding */ parseRouterRanking),
/* harmony export */   Ws: () => (/* reexport safe */ _mirrors_mirror_js__WEBPACK_IMPORTED_MODULE_1__.Ws),
/* harmony export */   hh: () => (/* binding */ containersHost),
/* harmony export */   jO: () => (/* binding */ readyMessage),
/* harmony export */   ke: () => (/* binding */ rankMessage),
/* harmony export */   qe: () => (/* binding */ containersMessage),
/* harmony export */   zC: () => (/* binding */ parseRouterConfig)
/* harmony export */ });
/* unused harmony exports ROUTER_UPSTREAM_TIMEOUT_MS, routerSettings, routerRanking, listenMessage, prefetchMessage, isReadyMessage */
/* harmony import */ var _install_private_index_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8633);
/* harmony import */ var _mirrors_mirror_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(709);
/* harmony import */ var _net_ipv4_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(244);
/* harmony import */ var _format_format_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(4496);
/* harmony import */ var _proxy_authority_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(1535);
/* harmony import */ var _router_process_process_system_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2096);
/* harmony import */ var _prefetch_plan_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(3580);







/** Checks a config read from disk: a router that starts on a bad one would serve nothing. */
function parseRouterConfig(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new Error(`router config is not JSON (${(0,_format_format_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error)})`);
    }
    return checkRouterConfig(value);
}
/** Checks a config from a file or a message. */
function checkRouterConfig(value) {
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
    if (job !== undefined && !((0,_router_process_process_system_js__WEBPACK_IMPORTED_MODULE_3__/* .isProcessId */ .td)(job?.pid) && Number.isSafeInteger(job.startTime)))
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
function parseRouterRanking(value, count) {
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
const listenMessage = (authority, inherited = false) => ({
    kind: 'listen',
    ...(authority ? { authority } : {}),
    ...(inherited ? { inherited: true } : {})
});
const containersMessage = (host) => ({
    kind: 'containers',
    host
});
/** A `containers` message's host, a private IPv4 address; undefined for anything else. */
function containersHost(value) {
    const message = value;
    return message?.kind === 'containers' &&
        typeof message.host === 'string' &&
        (0,_net_ipv4_js__WEBPACK_IMPORTED_MODULE_6__/* .isPrivateIpv4 */ .VD)(message.host)
        ? message.host
        : undefined;
}
const rankMessage = (ranking) => ({ kind: 'rank', ranking });
const prefetchMessage = (plan) => ({ kind: 'prefetch', plan });
const readyMessage = () => ({ kind: 'ready' });
function isReadyMessage(value) {
    return value?.kind === 'ready';
}
/** A message from the starting step, checked; undefined for anything else. */
function parseParentMessage(value, count) {
    const kind = value?.kind;
    if (kind === 'listen') {
        const { authority, inherited } = value;
        return listenMessage((0,_proxy_authority_js__WEBPACK_IMPORTED_MODULE_2__/* .keyedCertificate */ .kL)(authority), inherited === true);
    }
    if (kind === 'containers') {
        const host = containersHost(value);
        return host === undefined ? undefined : containersMessage(host);
    }
    if (kind === 'prefetch') {
        const plan = (0,_prefetch_plan_js__WEBPACK_IMPORTED_MODULE_4__/* .parsePrefetchPlan */ .uq)(value.plan);
        return plan ? prefetchMessage(plan) : undefined;
    }
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

/***/ 8813:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   L8: () => (/* binding */ windowsPowerShell)
/* harmony export */ });
/* unused harmony exports windowsVariable, windowsSystemRoot */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);

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
        file: node_path__WEBPACK_IMPORTED_MODULE_0___default().win32.join(windowsSystemRoot(env), 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
        args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', script]
    };
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

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

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

/***/ }),

/***/ 8898:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { valid, clean, explain, parse } = __nccwpck_require__(4818);

const { lt, le, eq, ne, ge, gt, compare, rcompare } = __nccwpck_require__(2124);

const {
  filter,
  maxSatisfying,
  minSatisfying,
  RANGE_PATTERN,
  satisfies,
  validRange,
} = __nccwpck_require__(790);

const { major, minor, patch, inc } = __nccwpck_require__(8940);

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
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { parse } = __nccwpck_require__(4818);

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
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

const { explain, parse, stringify } = __nccwpck_require__(4818);

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
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// This file is dual licensed under the terms of the Apache License, Version
// 2.0, and the BSD License. See the LICENSE file in the root of this repository
// for complete details.

const { VERSION_PATTERN, explain: explainVersion } = __nccwpck_require__(4818);

const Operator = __nccwpck_require__(2124);

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
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
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
