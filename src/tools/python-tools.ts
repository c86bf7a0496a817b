// Every Python tool the action serves, in one place: how it is pointed at the mirrors (through
// the router as the job's HTTPS proxy, or by index variables), which CA bundle variable it
// reads, the files that show a workspace uses it, its cache folder, and what it cannot be kept
// from writing. Pure: the configure step renders the environment from it, the cache and
// `transparent: auto` read which tools a workspace uses.
import type { WorkspaceTop } from './workspace-files.js'

/** The tools, besides pip and uv (found by asking them), whose caches the action keeps. */
export type CachedTool = 'poetry' | 'pdm' | 'pipenv'

/** A tool's part of the job's environment, for one index URL (index mode). */
export type IndexVariables = (indexUrl: string) => Record<string, string>

export interface PythonTool {
  name: string
  /**
   * Variables that point it at an index without it writing the URL into any file; empty when it
   * has none (it then reaches the mirrors only through the router as the job's HTTPS proxy).
   */
  indexVariables: IndexVariables
  /**
   * The `configure` input's word that selects its variables: `uv` for uv's own, `pip` (the
   * default) for pip's and those of the tools that run pip or share its index.
   */
  selectedBy?: 'pip' | 'uv'
  /** The variables it reads a CA bundle from: the job's authority must be in the one it reads. */
  caBundleVariables: string[]
  /**
   * What shows a workspace uses it: top-level file names (its lock and input files) and its
   * `[tool.<name>]` table in pyproject.toml.
   */
  files?: { names: RegExp; table?: string }
  /**
   * For the tools whose cache the action restores and saves beside pip's and uv's (which say
   * where theirs is): its name in the cache key, the variable naming its folder, and its default
   * folder below the user's cache folder (platformdirs' `user_cache_dir`).
   */
  cache?: {
    key: CachedTool
    variable: string
    folder: { linux: string; darwin: string; win32: string }
  }
  /** What it still writes, or where it goes around the mirrors, when index variables are used. */
  indexModeLimit?: string
  /**
   * Its User-Agent, for a tool that reads PyPI's JSON API to install, never for vulnerabilities:
   * where neither a mirror's JSON API nor PyPI answers, it may get a document the router builds
   * from simple pages and core metadata. No other client gets one.
   */
  jsonApiUserAgent?: RegExp
  /**
   * Its User-Agent, for a tool whose HTTP cache entry for a file is what lets it reuse the file
   * it unpacked: told to keep no copy (`no-store`), it downloads and unpacks the file again on
   * every install. Every other client is told to keep none: the router's store has every file.
   */
  keepsFileCopiesUserAgent?: RegExp
}

export const PYTHON_TOOLS: readonly PythonTool[] = [
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
    indexModeLimit:
      'uv sync and uv lock write the index URL into uv.lock, uv sync --locked fails on a uv.lock made against PyPI, and uv sync --frozen (and uv pip install from pylock.toml) downloads from the URLs in the lock file, around the mirrors'
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
    indexModeLimit:
      'Poetry has no variable that replaces PyPI (its sources live in pyproject.toml): it goes to PyPI, around the mirrors',
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
    indexModeLimit:
      "pipenv copies pip's index (PIP_INDEX_URL) into the source of a Pipfile it creates"
  },
  {
    name: 'pip-tools',
    indexVariables: () => ({}),
    caBundleVariables: ['PIP_CERT', 'SSL_CERT_FILE'],
    files: { names: /^requirements.*\.in$/ },
    indexModeLimit:
      'pip-compile writes the index URL (--index-url) into requirements.txt unless run with --no-emit-index-url'
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
]

/** Every CA bundle variable some tool reads: each gets the bundle with the job's authority. */
export function caBundleVariables(tools: readonly PythonTool[] = PYTHON_TOOLS): string[] {
  return [...new Set(tools.flatMap(tool => tool.caBundleVariables))]
}

/**
 * Whether a client may get a JSON API document the router built (see `jsonApiUserAgent`): a tool
 * that installs from it. Any other client may read it for what it cannot tell (vulnerabilities).
 */
export function installsFromJsonApi(userAgent: string | undefined): boolean {
  return PYTHON_TOOLS.some(tool => tool.jsonApiUserAgent?.test(userAgent ?? '') === true)
}

/** Whether a client should keep its own copy of a file the router serves (see the registry). */
export function keepsFileCopies(userAgent: string | undefined): boolean {
  return PYTHON_TOOLS.some(tool => tool.keepsFileCopiesUserAgent?.test(userAgent ?? '') === true)
}

/** Whether a workspace uses `tool`, by its top-level files and pyproject.toml. */
export function usesTool(tool: PythonTool, workspace: WorkspaceTop): boolean {
  const files = tool.files
  if (!files) return false
  const table =
    files.table === undefined ? undefined : new RegExp(`^\\[tool\\.${files.table}[\\].]`, 'm')
  return (
    workspace.fileNames.some(name => files.names.test(name)) ||
    (table !== undefined && workspace.pyproject !== undefined && table.test(workspace.pyproject))
  )
}

/**
 * `transparent: auto`: whether the workspace uses a tool that index variables cannot serve
 * without a lock going stale, a URL written into a file, or a request going around the mirrors.
 */
export function workspaceNeedsProxy(workspace: WorkspaceTop): boolean {
  return PYTHON_TOOLS.some(tool => tool.indexModeLimit !== undefined && usesTool(tool, workspace))
}

/** What the cache folders of a runner depend on. */
export interface CacheHome {
  platform: string
  env: Record<string, string | undefined>
  home: string
}

/**
 * The cache folders of the tools a workspace uses, by their top-level files, as each tool finds
 * its folder: its variable, else platformdirs' user cache folder (`XDG_CACHE_HOME` or
 * `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows).
 */
export function usedToolCaches(
  machine: CacheHome,
  workspace: WorkspaceTop
): { tool: CachedTool; dir: string }[] {
  const { platform, env, home } = machine
  const join = (...parts: string[]): string => parts.join(platform === 'win32' ? '\\' : '/')
  const userCache =
    platform === 'win32'
      ? (env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : env.XDG_CACHE_HOME || join(home, '.cache')
  const system = platform === 'win32' || platform === 'darwin' ? platform : 'linux'
  return PYTHON_TOOLS.flatMap(tool => {
    const cache = tool.cache
    if (!cache || !usesTool(tool, workspace)) return []
    return [{ tool: cache.key, dir: env[cache.variable] || join(userCache, cache.folder[system]) }]
  })
}
