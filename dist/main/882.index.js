export const id = 882;
export const ids = [882];
export const modules = {

/***/ 2882:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  readJobPlan: () => (/* binding */ readJobPlan)
});

// UNUSED EXPORTS: pythonFacts

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
// EXTERNAL MODULE: ./node_modules/@renovatebot/pep440/index.js
var pep440 = __webpack_require__(8898);
// EXTERNAL MODULE: ./src/mirrors/project-name.ts
var project_name = __webpack_require__(7729);
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

;// CONCATENATED MODULE: ./src/prefetch/declared-files.ts
// What a workspace declares it will install, read from the text of its requirement and lock
// files (the caller reads them): each project with the version, hashes and files the file pins,
// so the router can fetch them before pip or uv ask. Malformed input yields what could be read,
// never an error: a file this misreads costs a prefetch, not the job.




// ---------------------------------------------------------------------------------------------
// Requirement files (pip's format)
/** pip's COMMENT_RE: `#` at the start of a line or after whitespace, to the line's end. */
const COMMENT = /(^|\s+)#.*$/;
/** pip's COMMENT_RE.match: a line that is only a comment, which never continues. */
const COMMENT_LINE = /^\s*#/;
/** Options of a requirements line that take a value, so the value is not read as an option. */
const OPTIONS_WITH_VALUE = new Set([
    '-i',
    '--index-url',
    '--extra-index-url',
    '-f',
    '--find-links',
    '--no-binary',
    '--only-binary',
    '--trusted-host',
    '--use-feature',
    '--config-settings',
    '--global-option',
    '--install-option'
]);
function parseRequirementsText(text, from) {
    const declared = [];
    const includes = [];
    for (const line of logicalLines(text)) {
        const { args, options } = splitArgsAndOptions(line);
        const read = readLineOptions(shellWords(options) ?? []);
        includes.push(...read.includes);
        if (args === '' || read.editable)
            continue;
        const requirement = parseRequirement(args);
        if (requirement === undefined)
            continue;
        const version = pinnedVersion(requirement.specifier);
        declared.push({
            project: requirement.project,
            ...(version === undefined ? {} : { version }),
            specifier: requirement.specifier,
            extras: requirement.extras,
            hashes: unique(read.hashes),
            ...(requirement.marker === undefined ? {} : { marker: requirement.marker }),
            from
        });
    }
    return { declared, includes };
}
/** The files an install command line names with -r/--requirement/-c/--constraint (and `--requirement=x`, `-rx`). */
function requirementFilesOf(command) {
    const includes = [];
    for (const words of shellCommands(command)) {
        // After `install` are pip's and uv's options; a command without it counts only when it is
        // bare options (`-r requirements.txt`), so `python -c "…"` names no constraint file.
        const install = words.indexOf('install');
        if (install === -1 && !words[0]?.startsWith('-'))
            continue;
        includes.push(...readLineOptions(words.slice(install + 1)).includes);
    }
    return includes;
}
/** pip's join_lines and ignore_comments: continuations joined, comments and blanks gone. */
function logicalLines(text) {
    const lines = [];
    let pending = [];
    for (const raw of text.split(/\r?\n|\r/)) {
        const comment = COMMENT_LINE.test(raw);
        if (raw.endsWith('\\') && !comment) {
            pending.push(raw.replace(/^\\+|\\+$/g, ''));
            continue;
        }
        // As pip does: a space before a comment line, so it stays a comment once joined.
        pending.push(comment ? ` ${raw}` : raw);
        lines.push(pending.join(''));
        pending = [];
    }
    if (pending.length > 0)
        lines.push(pending.join(''));
    return lines.map(line => line.replace(COMMENT, '').trim()).filter(line => line !== '');
}
/** pip's break_args_options: the requirement is the words before the first option. */
function splitArgsAndOptions(line) {
    const words = line.split(/[ \t]+/);
    const firstOption = words.findIndex(word => word.startsWith('-'));
    if (firstOption === -1)
        return { args: words.join(' '), options: '' };
    return {
        args: words.slice(0, firstOption).join(' '),
        options: words.slice(firstOption).join(' ')
    };
}
/** The hashes, includes and editable flag among one line's (or command's) options. */
function readLineOptions(words) {
    const hashes = [];
    const includes = [];
    let editable = false;
    for (let index = 0; index < words.length; index++) {
        // Flags without a value may lead a cluster of short options: `-qr requirements.txt`.
        const word = (words[index] ?? '').replace(/^-[qvUI]+(?=[rc])/, '-');
        const next = () => words[++index];
        // At most one of the three matches `word`, so only that one takes the next word.
        const hash = optionValue(word, '--hash', undefined, next);
        const requirement = optionValue(word, '--requirement', '-r', next);
        const constraint = optionValue(word, '--constraint', '-c', next);
        if (hash !== undefined) {
            const sha256 = sha256OfPrefixed(hash);
            if (sha256 !== undefined)
                hashes.push(sha256);
        }
        else if (requirement !== undefined) {
            includes.push({ path: requirement, constraint: false });
        }
        else if (constraint !== undefined) {
            includes.push({ path: constraint, constraint: true });
        }
        else if (word === '-e' || word.startsWith('--editable') || /^-e./.test(word)) {
            editable = true;
        }
        else if (OPTIONS_WITH_VALUE.has(word)) {
            index++;
        }
    }
    return { hashes, includes, editable };
}
/**
 * The value of `word` when it is option `long` (or `short`): `--long=v`, `--long v`, `-s v`,
 * `-sv`; `next` takes the following word. Undefined when `word` is another option.
 */
function optionValue(word, long, short, next) {
    if (word === long || word === short)
        return next();
    if (word.startsWith(`${long}=`))
        return word.slice(long.length + 1);
    if (short !== undefined && word.startsWith(short) && !word.startsWith('--')) {
        return word.slice(short.length);
    }
    return undefined;
}
/** A POSIX shell's words for one line of options (shlex.split); undefined on an open quote. */
function shellWords(text) {
    const commands = shellCommands(text, false);
    return commands === undefined ? undefined : commands.flat();
}
function shellCommands(script, separate = true) {
    const commands = [];
    let words = [];
    let word;
    const endWord = () => {
        if (word !== undefined)
            words.push(word);
        word = undefined;
    };
    const endCommand = () => {
        endWord();
        if (words.length > 0)
            commands.push(words);
        words = [];
    };
    for (let index = 0; index < script.length; index++) {
        const char = script[index] ?? '';
        if (char === '\\') {
            const escaped = script[++index];
            if (escaped === undefined)
                break;
            if (escaped === '\n')
                continue;
            if (escaped === '\r' && script[index + 1] === '\n') {
                index++;
                continue;
            }
            word = (word ?? '') + escaped;
        }
        else if (char === "'" || char === '"') {
            const close = closingQuote(script, index);
            if (close === -1) {
                if (!separate)
                    return undefined;
                break;
            }
            const quoted = script.slice(index + 1, close);
            word = (word ?? '') + (char === '"' ? quoted.replace(/\\([\\"$`\n])/g, '$1') : quoted);
            index = close;
        }
        else if (/\s/.test(char)) {
            if (separate && char === '\n')
                endCommand();
            else
                endWord();
        }
        else if (char === '#' && word === undefined) {
            const end = script.indexOf('\n', index);
            if (end === -1)
                break;
            index = end - 1;
        }
        else if (separate && /[;&|]/.test(char)) {
            endCommand();
        }
        else {
            word = (word ?? '') + char;
        }
    }
    endCommand();
    return commands;
}
/** Where the quote opened at `open` closes: `'` takes no escapes, `"` takes `\"`. */
function closingQuote(text, open) {
    const quote = text[open];
    for (let index = open + 1; index < text.length; index++) {
        if (quote === '"' && text[index] === '\\')
            index++;
        else if (text[index] === quote)
            return index;
    }
    return -1;
}
/** uv's sources for the workspace's own packages: the roots of what `uv sync` installs. */
const UV_ROOT_SOURCES = ['editable', 'virtual', 'directory'];
function parseUvLock(text, from, applies) {
    const lock = readToml(text);
    if (lock === undefined)
        return [];
    const packages = tables(lock.package).flatMap(table => {
        const name = stringOf(table.name);
        if (name === undefined)
            return [];
        const version = stringOf(table.version);
        const source = isTable(table.source) ? table.source : undefined;
        return [
            {
                project: (0,project_name/* normalizeProjectName */.y)(name),
                ...(version === undefined ? {} : { version }),
                ...(source === undefined ? {} : { source }),
                table
            }
        ];
    });
    const byName = new Map();
    packages.forEach((entry, index) => {
        byName.set(entry.project, [...(byName.get(entry.project) ?? []), index]);
    });
    /** The packages an edge names: one of a fork's versions when it says which. */
    const targets = (edge) => {
        const name = stringOf(edge.name);
        if (name === undefined)
            return [];
        let found = byName.get((0,project_name/* normalizeProjectName */.y)(name)) ?? [];
        const version = stringOf(edge.version);
        if (version !== undefined)
            found = found.filter(index => packages[index]?.version === version);
        const source = edge.source;
        if (isTable(source) && found.length > 1) {
            found = found.filter(index => sameTable(packages[index]?.source, source));
        }
        return found;
    };
    const reached = new Map();
    const pending = [];
    const visit = (index, extras) => {
        const entry = packages[index];
        if (entry === undefined)
            return;
        let requested = reached.get(index);
        if (requested === undefined) {
            requested = new Set();
            reached.set(index, requested);
            pending.push(tables(entry.table.dependencies));
            if (isUvRoot(entry))
                pending.push(group(entry.table['dev-dependencies'], 'dev'));
        }
        for (const extra of extras) {
            if (requested.has(extra))
                continue;
            requested.add(extra);
            pending.push(group(entry.table['optional-dependencies'], extra));
        }
    };
    packages.forEach((entry, index) => {
        if (isUvRoot(entry))
            visit(index, []);
    });
    for (let edges = pending.pop(); edges !== undefined; edges = pending.pop()) {
        for (const edge of edges) {
            const marker = stringOf(edge.marker);
            if (marker !== undefined && !applies(marker, []))
                continue;
            const extras = strings(edge.extra).map(project_name/* normalizeProjectName */.y);
            for (const index of targets(edge))
                visit(index, extras);
        }
    }
    return packages.flatMap((entry, index) => {
        const requested = reached.get(index);
        if (requested === undefined || typeof entry.source?.registry !== 'string')
            return [];
        const files = [
            ...(isTable(entry.table.sdist) ? [entry.table.sdist] : []),
            ...tables(entry.table.wheels)
        ].flatMap(file => {
            const filename = fileNameOf(file.url ?? file.path ?? file.filename);
            if (filename === undefined)
                return [];
            return [declaredFile(filename, sha256OfPrefixed(file.hash))];
        });
        return [locked(entry.project, entry.version, from, { files, extras: [...requested].sort() })];
    });
}
function isUvRoot(entry) {
    return UV_ROOT_SOURCES.some(key => entry.source?.[key] !== undefined);
}
/** The edges of one named group of a `{ group = [edges] }` table, names compared normalised. */
function group(groups, name) {
    if (!isTable(groups))
        return [];
    const key = Object.keys(groups).find(candidate => (0,project_name/* normalizeProjectName */.y)(candidate) === name);
    return key === undefined ? [] : tables(groups[key]);
}
function sameTable(left, right) {
    if (left === undefined)
        return false;
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    return [...keys].every(key => left[key] === right[key]);
}
// ---------------------------------------------------------------------------------------------
// pylock.toml (PEP 751)
function parsePylock(text, from) {
    const lock = readToml(text);
    if (lock === undefined)
        return [];
    return tables(lock.packages).flatMap(entry => {
        const name = stringOf(entry.name);
        if (name === undefined || ['vcs', 'directory', 'archive'].some(key => key in entry))
            return [];
        const files = [...(isTable(entry.sdist) ? [entry.sdist] : []), ...tables(entry.wheels)].flatMap(file => {
            const filename = stringOf(file.name) ?? fileNameOf(file.url ?? file.path);
            if (filename === undefined)
                return [];
            const hashes = isTable(file.hashes) ? file.hashes : {};
            return [declaredFile(filename, sha256OfHex(hashes.sha256))];
        });
        return [
            locked((0,project_name/* normalizeProjectName */.y)(name), stringOf(entry.version), from, {
                files,
                marker: stringOf(entry.marker)
            })
        ];
    });
}
// ---------------------------------------------------------------------------------------------
// poetry.lock
/** Poetry sources that are no index: nothing the router can fetch ahead. */
const POETRY_NOT_INDEX = new Set(['git', 'directory', 'file', 'url']);
function parsePoetryLock(text, from) {
    const lock = readToml(text);
    if (lock === undefined)
        return [];
    const entries = tables(lock.package);
    // Poetry 1.x (lock-version < 2) keeps the files under [metadata.files], by project name.
    const metadata = isTable(lock.metadata) ? lock.metadata : {};
    const legacyFiles = new Map();
    if (isTable(metadata.files)) {
        for (const [name, files] of Object.entries(metadata.files)) {
            legacyFiles.set((0,project_name/* normalizeProjectName */.y)(name), tables(files));
        }
    }
    const count = new Map();
    for (const entry of entries) {
        const name = stringOf(entry.name);
        if (name === undefined)
            continue;
        const project = (0,project_name/* normalizeProjectName */.y)(name);
        count.set(project, (count.get(project) ?? 0) + 1);
    }
    return entries.flatMap(entry => {
        const name = stringOf(entry.name);
        if (name === undefined)
            return [];
        const source = isTable(entry.source) ? entry.source : {};
        const sourceType = stringOf(source.type);
        if (sourceType !== undefined && POETRY_NOT_INDEX.has(sourceType))
            return [];
        const project = (0,project_name/* normalizeProjectName */.y)(name);
        const version = stringOf(entry.version);
        const own = tables(entry.files);
        let listed = own.length > 0 ? own : (legacyFiles.get(project) ?? []);
        // [metadata.files] lists the files of every locked version of a name under that one name.
        if (own.length === 0 && (count.get(project) ?? 0) > 1 && version !== undefined) {
            listed = listed.filter(file => fileMayBeVersion(stringOf(file.file), version));
        }
        const files = listed.flatMap(file => {
            const filename = fileNameOf(file.file ?? file.url);
            return filename === undefined ? [] : [declaredFile(filename, sha256OfPrefixed(file.hash))];
        });
        // Poetry 2 may lock markers per group (`{ main = "…", dev = "…" }`): which group installs is
        // not known here, so no marker (fetching a file for nothing costs less than missing one).
        return [locked(project, version, from, { files, marker: stringOf(entry.markers) })];
    });
}
/** Whether `filename` could be a file of `version`: false only when it names another version. */
function fileMayBeVersion(filename, version) {
    if (filename === undefined)
        return true;
    let fileVersion;
    if (filename.endsWith('.whl'))
        fileVersion = filename.split('-')[1];
    else {
        const stem = filename.replace(/\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|tbz|txz|zip|tar)$/i, '');
        if (stem !== filename)
            fileVersion = stem.slice(stem.lastIndexOf('-') + 1);
    }
    if (fileVersion === undefined)
        return true;
    if ((0,pep440.valid)(fileVersion) !== null && (0,pep440.valid)(version) !== null)
        return (0,pep440.eq)(fileVersion, version);
    return fileVersion === version;
}
// ---------------------------------------------------------------------------------------------
// pdm.lock
/** pdm's keys for a package that comes from no index. */
const PDM_NOT_INDEX = ['editable', 'path', 'git', 'url'];
function parsePdmLock(text, from) {
    const lock = readToml(text);
    if (lock === undefined)
        return [];
    const declared = tables(lock.package).flatMap(entry => {
        const name = stringOf(entry.name);
        if (name === undefined || PDM_NOT_INDEX.some(key => key in entry))
            return [];
        const files = tables(entry.files).flatMap(file => {
            const filename = fileNameOf(file.file ?? file.url);
            return filename === undefined ? [] : [declaredFile(filename, sha256OfPrefixed(file.hash))];
        });
        const extras = unique(strings(entry.extras).map(project_name/* normalizeProjectName */.y)).sort();
        return [
            locked((0,project_name/* normalizeProjectName */.y)(name), stringOf(entry.version), from, {
                files,
                extras,
                marker: stringOf(entry.marker)
            })
        ];
    });
    // pdm locks a project once more for each set of extras asked of it, with the same files.
    return mergeDuplicates(declared);
}
// ---------------------------------------------------------------------------------------------
// Pipfile.lock
/** Pipenv's keys for an entry that comes from no index. */
const PIPFILE_NOT_INDEX = ['git', 'path', 'file', 'editable'];
function parsePipfileLock(text, from, sections) {
    let lock;
    try {
        lock = JSON.parse(text);
    }
    catch {
        return [];
    }
    if (!isTable(lock))
        return [];
    const declared = sections.flatMap(section => {
        const entries = lock[section];
        if (!isTable(entries))
            return [];
        return Object.entries(entries).flatMap(([name, entry]) => {
            if (!isTable(entry) || PIPFILE_NOT_INDEX.some(key => key in entry))
                return [];
            if (parseRequirement(name)?.project !== (0,project_name/* normalizeProjectName */.y)(name))
                return [];
            const written = stringOf(entry.version) ?? '';
            const specifier = parseRequirement(`${name} ${written}`)?.specifier ?? '';
            const version = pinnedVersion(specifier);
            const marker = stringOf(entry.markers);
            const item = {
                project: (0,project_name/* normalizeProjectName */.y)(name),
                ...(version === undefined ? {} : { version }),
                specifier,
                extras: unique(strings(entry.extras).map(project_name/* normalizeProjectName */.y)).sort(),
                hashes: unique(strings(entry.hashes).flatMap(hash => sha256OfPrefixed(hash) ?? [])),
                ...(marker === undefined ? {} : { marker }),
                from
            };
            return [item];
        });
    });
    // A project both sections lock is installed once.
    return mergeDuplicates(declared);
}
// ---------------------------------------------------------------------------------------------
// Shared
/** A locked project: pinned to its version, hashes those of its files. */
function locked(project, version, from, details) {
    const hashes = unique(details.files.flatMap(file => (file.sha256 === undefined ? [] : [file.sha256])));
    return {
        project,
        ...(version === undefined ? {} : { version }),
        specifier: version === undefined ? '' : `==${version}`,
        extras: details.extras ?? [],
        hashes,
        ...(details.files.length > 0 ? { files: details.files } : {}),
        ...(details.marker === undefined ? {} : { marker: details.marker }),
        from
    };
}
/** Entries for the same project, version and marker as one, their extras, hashes and files joined. */
function mergeDuplicates(declared) {
    const merged = new Map();
    for (const entry of declared) {
        const key = [entry.project, entry.version ?? entry.specifier, entry.marker ?? ''].join('\0');
        const earlier = merged.get(key);
        if (earlier === undefined) {
            merged.set(key, entry);
            continue;
        }
        const files = [...(earlier.files ?? []), ...(entry.files ?? [])].filter((file, index, all) => all.findIndex(other => other.filename === file.filename) === index);
        merged.set(key, {
            ...earlier,
            extras: unique([...earlier.extras, ...entry.extras]).sort(),
            hashes: unique([...earlier.hashes, ...entry.hashes]),
            ...(files.length > 0 ? { files } : {})
        });
    }
    return [...merged.values()];
}
function declaredFile(filename, sha256) {
    return sha256 === undefined ? { filename } : { filename, sha256 };
}
/** The hex of a `sha256:HEX` hash, lowercased; undefined for another algorithm or a bad value. */
function sha256OfPrefixed(value) {
    if (typeof value !== 'string')
        return undefined;
    const colon = value.indexOf(':');
    if (colon === -1 || value.slice(0, colon).toLowerCase() !== 'sha256')
        return undefined;
    return sha256OfHex(value.slice(colon + 1));
}
function sha256OfHex(value) {
    if (typeof value !== 'string')
        return undefined;
    const hex = value.trim().toLowerCase();
    return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}
/** A file's name from its URL or path: the last segment, percent-decoded, without query or fragment. */
function fileNameOf(location) {
    if (typeof location !== 'string')
        return undefined;
    const path = location.replace(/[?#].*$/, '');
    const segment = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    let name = segment;
    try {
        name = decodeURIComponent(segment);
    }
    catch {
        // A stray `%` is part of the name.
    }
    return name === '' ? undefined : name;
}
function readToml(text) {
    try {
        return (0,dist/* parse */.qg)(text);
    }
    catch {
        return undefined;
    }
}
function isTable(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function tables(value) {
    return Array.isArray(value) ? value.filter(isTable) : [];
}
function stringOf(value) {
    return typeof value === 'string' ? value : undefined;
}
function strings(value) {
    return Array.isArray(value)
        ? value.filter((item) => typeof item === 'string')
        : [];
}
function unique(items) {
    return [...new Set(items)];
}

// EXTERNAL MODULE: ./src/prefetch/markers.ts
var markers = __webpack_require__(5340);
// EXTERNAL MODULE: ./src/prefetch/plan.ts
var plan = __webpack_require__(3580);
;// CONCATENATED MODULE: ./src/prefetch/job-plan.ts
// Reads what the job will install, for the router to fetch ahead: the workspace's requirement
// and lock files, and the job's Python (its tags and marker values) from the interpreter on
// PATH, asked the way pip asks itself.






/** Files read at most, and the size of each: a bound on what a workspace can make this read. */
const MAX_FILES = 100;
const MAX_FILE_BYTES = 8 * 1024 * 1024;
const PYTHON_TIMEOUT_MS = 5000;
/**
 * pip's own view of the interpreter: its vendored `packaging` (the plain one where pip is
 * missing), so the tags are those pip ranks files by.
 */
// The marker values are packaging's default_environment(), written out: importing its markers
// module (and pyparsing, in older pips) takes about a third of the script's time, while the job's
// install starts beside it.
const PYTHON_FACTS_SCRIPT = `
import json, os, platform, sys
try:
    from pip._vendor.packaging import tags
except Exception:
    from packaging import tags
def version(info):
    text = "{0.major}.{0.minor}.{0.micro}".format(info)
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text
environment = {
    "implementation_name": sys.implementation.name,
    "implementation_version": version(sys.implementation.version),
    "os_name": os.name,
    "platform_machine": platform.machine(),
    "platform_release": platform.release(),
    "platform_system": platform.system(),
    "platform_version": platform.version(),
    "python_full_version": platform.python_version(),
    "platform_python_implementation": platform.python_implementation(),
    "python_version": ".".join(platform.python_version_tuple()[:2]),
    "sys_platform": sys.platform,
}
print(json.dumps({"tags": [str(t) for t in tags.sys_tags()], "environment": environment}))
`;
/** Lock files at the workspace's top, each with its reader. */
const LOCK_FILES = [
    {
        match: name => name === 'uv.lock',
        parse: (text, from, facts) => parseUvLock(text, from, applies(facts))
    },
    { match: name => /^pylock(\.[^.]+)?\.toml$/.test(name), parse: parsePylock },
    { match: name => name === 'poetry.lock', parse: parsePoetryLock },
    { match: name => name === 'pdm.lock', parse: parsePdmLock },
    {
        match: name => name === 'Pipfile.lock',
        parse: (text, from, _facts, install) => parsePipfileLock(text, from, /\s--dev\b/.test(` ${install}`) ? ['default', 'develop'] : ['default'])
    }
];
/**
 * The plan for the job in `workspace`, whose install command is `install` (may be empty):
 * undefined, after saying why in `log`, when there is no Python to choose files for.
 */
async function readJobPlan(workspace, install, log) {
    const facts = await pythonFacts();
    if (!facts) {
        log('No Python on PATH to choose files for: the router fetches only what the tools ask for.');
        return undefined;
    }
    const top = await (0,promises_.readdir)(workspace).catch(() => []);
    const named = requirementFilesOf(install);
    const requirementFiles = named.length > 0
        ? named
        : top
            .filter(name => /^requirements.*\.txt$/.test(name))
            .sort()
            .map(name => ({ path: name, constraint: false }));
    const reader = new WorkspaceReader(workspace);
    const declared = await reader.requirements(requirementFiles);
    for (const name of top.sort()) {
        const lock = LOCK_FILES.find(entry => entry.match(name));
        const text = lock && (await reader.read(name));
        if (lock && text !== undefined)
            declared.push(...lock.parse(text, name, facts, install));
    }
    return (0,plan/* planPrefetch */.xu)(declared, facts, reader.readFiles);
}
const PYTHON_COMMANDS = process.platform === 'win32' ? ['python'] : ['python3', 'python'];
/**
 * The first of `commands` (by default the interpreter on PATH) that answers, as pip sees it;
 * undefined when none does.
 */
async function pythonFacts(commands = PYTHON_COMMANDS) {
    for (const command of commands) {
        const output = await new Promise(resolve => (0,external_node_child_process_.execFile)(command, ['-c', PYTHON_FACTS_SCRIPT], { timeout: PYTHON_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, env: pythonEnvironment() }, (error, stdout) => resolve(error ? undefined : stdout)));
        const facts = output === undefined ? undefined : parseFacts(output);
        if (facts)
            return facts;
    }
    return undefined;
}
function parseFacts(output) {
    try {
        const facts = JSON.parse(output);
        if (!Array.isArray(facts.tags) || typeof facts.environment !== 'object')
            return undefined;
        return { tags: facts.tags.map(String), environment: facts.environment ?? {} };
    }
    catch {
        return undefined;
    }
}
/** Without the job's Python settings that could make it print anything but the answer. */
function pythonEnvironment() {
    return Object.fromEntries(Object.entries(process.env).filter(([name]) => !['PYTHONSTARTUP', 'PYTHONINSPECT'].includes(name)));
}
function applies(facts) {
    return (marker, extras) => {
        try {
            return (0,markers/* evaluateMarker */.U)(marker, facts.environment, extras);
        }
        catch {
            return true;
        }
    };
}
/**
 * Reads workspace files, each once, within the workspace only, up to the bounds; requirement
 * files with the files they include, their constraints applied to what they leave unpinned.
 */
class WorkspaceReader {
    readFiles = [];
    root;
    constructor(workspace) {
        this.root = external_node_path_default().resolve(workspace);
    }
    async requirements(files) {
        const declared = [];
        const constraints = new Map();
        const pending = [...files];
        const seen = new Set();
        while (pending.length > 0) {
            const include = pending.shift();
            const relative = external_node_path_default().normalize(include.path);
            if (seen.has(relative))
                continue;
            seen.add(relative);
            const text = await this.read(relative);
            if (text === undefined)
                continue;
            const parsed = parseRequirementsText(text, relative);
            const folder = external_node_path_default().dirname(relative);
            pending.push(...parsed.includes.map(next => ({
                path: external_node_path_default().join(folder, next.path),
                constraint: include.constraint || next.constraint
            })));
            for (const entry of parsed.declared) {
                if (include.constraint)
                    constraints.set(entry.project, entry);
                else
                    declared.push(entry);
            }
        }
        return declared.map(entry => {
            const pin = constraints.get(entry.project);
            if (entry.version !== undefined || pin?.version === undefined)
                return entry;
            return { ...entry, version: pin.version, specifier: pin.specifier, hashes: pin.hashes };
        });
    }
    /** A file's text, by its path relative to the workspace; undefined when it cannot be read. */
    async read(relative) {
        const file = external_node_path_default().resolve(this.root, relative);
        if (file !== this.root && !file.startsWith(this.root + (external_node_path_default()).sep))
            return undefined;
        if (this.readFiles.length >= MAX_FILES)
            return undefined;
        try {
            const info = await (0,promises_.stat)(file);
            if (!info.isFile() || info.size > MAX_FILE_BYTES)
                return undefined;
            const text = await (0,promises_.readFile)(file, 'utf8');
            this.readFiles.push(external_node_path_default().relative(this.root, file));
            return text;
        }
        catch {
            return undefined;
        }
    }
}


/***/ })

};
