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
])

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
])

/**
 * The environment the router starts with: the allowed variables of `env` and no other. Left out
 * on purpose: NODE_OPTIONS (`--require` would run code in the router) and everything with a token
 * or an input in it.
 */
export function routerEnvironment(
  env: NodeJS.ProcessEnv,
  platform: string = process.platform
): Record<string, string> {
  // Windows' names have no case (`Path` is PATH), and its environment spells them as it likes.
  const isAllowed =
    platform === 'win32'
      ? (name: string) => ALLOWED.has(name.toUpperCase()) || WINDOWS_ALLOWED.has(name.toUpperCase())
      : (name: string) => ALLOWED.has(name) || name.startsWith('LC_')
  const allowed: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && isAllowed(name)) allowed[name] = value
  }
  return allowed
}
