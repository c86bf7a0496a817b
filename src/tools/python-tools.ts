// Every Python tool the action serves, in one place: how it is pointed at the mirrors (through
// the router as the job's HTTPS proxy, or by index variables), which CA bundle variable it
// reads, its lock files, and what it cannot be kept from writing. Pure data: the configure step
// renders the environment from it, the cache key and the README read it.

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
  /** The variables it reads a CA bundle from: the job's authority must be in the one it reads. */
  caBundleVariables: string[]
  /** The lock and requirement files it reads (globs below the workspace). */
  lockFiles: string[]
  /** The variable naming its cache folder. */
  cacheVariable?: string
  /**
   * For the tools whose cache the action restores and saves beside pip's and uv's: its name in
   * the cache key, its default folder below the user's cache folder (platformdirs'
   * `user_cache_dir`: Linux, macOS, Windows), and whether a workspace uses the tool.
   */
  cache?: {
    key: CachedTool
    folder: { linux: string; darwin: string; win32: string }
    usedBy: (fileNames: string[], pyproject: string | undefined) => boolean
  }
  /** What it still writes, or where it goes around the mirrors, when index variables are used. */
  indexModeLimit?: string
}

export const PYTHON_TOOLS: readonly PythonTool[] = [
  {
    name: 'pip',
    indexVariables: url => ({ PIP_INDEX_URL: url }),
    // pip 24.2+ may verify through the system store (truststore), which reads SSL_CERT_FILE.
    caBundleVariables: ['PIP_CERT', 'SSL_CERT_FILE'],
    lockFiles: ['**/requirements*.txt', '**/pylock.toml', '**/pylock.*.toml'],
    cacheVariable: 'PIP_CACHE_DIR'
  },
  {
    name: 'uv',
    indexVariables: url => ({ UV_DEFAULT_INDEX: url }),
    // uv reads neither REQUESTS_CA_BUNDLE nor PIP_CERT.
    caBundleVariables: ['SSL_CERT_FILE'],
    lockFiles: ['**/uv.lock'],
    cacheVariable: 'UV_CACHE_DIR',
    indexModeLimit:
      'uv sync and uv lock write the index URL into uv.lock, uv sync --locked fails on a uv.lock made against PyPI, and uv sync --frozen downloads from the URLs in uv.lock, around the mirrors'
  },
  {
    name: 'Poetry',
    indexVariables: () => ({}),
    // requests: REQUESTS_CA_BUNDLE, not SSL_CERT_FILE.
    caBundleVariables: ['REQUESTS_CA_BUNDLE'],
    lockFiles: ['**/poetry.lock'],
    cacheVariable: 'POETRY_CACHE_DIR',
    cache: {
      key: 'poetry',
      folder: { linux: 'pypoetry', darwin: 'pypoetry', win32: 'pypoetry\\Cache' },
      usedBy: (names, pyproject) =>
        names.includes('poetry.lock') || /^\[tool\.poetry[\].]/m.test(pyproject ?? '')
    },
    indexModeLimit:
      'Poetry has no variable that replaces PyPI (its sources live in pyproject.toml): it goes to PyPI, around the mirrors'
  },
  {
    name: 'PDM',
    // PDM never writes PDM_PYPI_URL into pdm.lock or pyproject.toml.
    indexVariables: url => ({ PDM_PYPI_URL: url }),
    caBundleVariables: ['REQUESTS_CA_BUNDLE', 'SSL_CERT_FILE'],
    lockFiles: ['**/pdm.lock'],
    cacheVariable: 'PDM_CACHE_DIR',
    cache: {
      key: 'pdm',
      folder: { linux: 'pdm', darwin: 'pdm', win32: 'pdm\\pdm\\Cache' },
      usedBy: (names, pyproject) =>
        names.includes('pdm.lock') || /^\[tool\.pdm[\].]/m.test(pyproject ?? '')
    }
  },
  {
    name: 'pipenv',
    // Replaces pypi.org at run time only, unlike PIP_INDEX_URL, which pipenv copies into a new
    // Pipfile's source.
    indexVariables: url => ({ PIPENV_PYPI_MIRROR: url }),
    caBundleVariables: ['REQUESTS_CA_BUNDLE', 'PIP_CERT'],
    lockFiles: ['**/Pipfile.lock'],
    cacheVariable: 'PIPENV_CACHE_DIR',
    cache: {
      key: 'pipenv',
      folder: { linux: 'pipenv', darwin: 'pipenv', win32: 'pipenv\\pipenv\\Cache' },
      usedBy: names => names.includes('Pipfile') || names.includes('Pipfile.lock')
    },
    indexModeLimit:
      "pipenv copies pip's index (PIP_INDEX_URL) into the source of a Pipfile it creates"
  },
  {
    name: 'pip-tools',
    indexVariables: () => ({}),
    caBundleVariables: ['PIP_CERT', 'SSL_CERT_FILE'],
    lockFiles: ['**/requirements*.in'],
    indexModeLimit:
      'pip-compile writes the index URL (--index-url) into requirements.txt unless run with --no-emit-index-url'
  },
  {
    name: 'tox',
    indexVariables: () => ({}),
    // tox 4 passes on only lower-case proxy variables, SSL_CERT_FILE, REQUESTS_CA_BUNDLE,
    // CURL_CA_BUNDLE and PIP_* (tox-uv: UV_*).
    caBundleVariables: ['SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE'],
    lockFiles: ['**/tox.ini']
  },
  { name: 'Hatch', indexVariables: () => ({}), caBundleVariables: [], lockFiles: [] },
  { name: 'nox', indexVariables: () => ({}), caBundleVariables: [], lockFiles: ['**/noxfile.py'] }
]

/** Every CA bundle variable some tool reads: each gets the bundle with the job's authority. */
export function caBundleVariables(tools: readonly PythonTool[] = PYTHON_TOOLS): string[] {
  return [...new Set(tools.flatMap(tool => tool.caBundleVariables))]
}

/** Files that index variables cannot serve without a lock going stale or a URL written. */
const PROXY_ONLY_FILES = [
  /^uv\.lock$/,
  /^poetry\.lock$/,
  /^pdm\.lock$/,
  /^Pipfile(\.lock)?$/,
  /^pylock(\.[^.]+)?\.toml$/,
  /^requirements.*\.in$/
]
/** pyproject.toml tables of tools that index variables cannot keep from going around the mirrors. */
const PROXY_ONLY_TABLES = /^\[tool\.(poetry|uv|pdm)[\].]/m

/**
 * `transparent: auto`: whether a workspace, by its top-level file names and its pyproject.toml,
 * has a tool or lock file that only the router as the job's HTTPS proxy serves without a
 * change to a file.
 */
export function workspaceNeedsProxy(fileNames: string[], pyproject: string | undefined): boolean {
  return (
    fileNames.some(name => PROXY_ONLY_FILES.some(pattern => pattern.test(name))) ||
    (pyproject !== undefined && PROXY_ONLY_TABLES.test(pyproject))
  )
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
  fileNames: string[],
  pyproject: string | undefined
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
    if (!cache || !cache.usedBy(fileNames, pyproject)) return []
    const named = tool.cacheVariable ? env[tool.cacheVariable] : undefined
    return [{ tool: cache.key, dir: named || join(userCache, cache.folder[system]) }]
  })
}
