import { AUTO_MIRRORS, BUILTIN_MIRRORS } from './catalog.js'

export interface Mirror {
  name: string
  /** The index URL as pip and uv get it: credentials kept, no trailing slash. */
  url: string
  /** The URL safe to print: any password replaced by `***`. */
  displayUrl: string
  /** `host[:port]`, the form pip's `trusted-host` and uv's `insecure-host` take. */
  host: string
  secure: boolean
  /** Credential strings that must be masked wherever they could be printed. */
  secrets: string[]
  /**
   * A private index: its URL carries credentials or its entry is marked `private:`. Private
   * indexes are tried before public mirrors, and their projects never come from a public one.
   */
  private: boolean
  /**
   * Set for the router as the job's HTTPS proxy: tools keep PyPI's own URLs and reach the
   * mirrors through it, trusting the job's authority in `caBundle`.
   */
  proxy?: JobProxy
}

export interface JobProxy {
  /** `http://127.0.0.1:PORT`. */
  url: string
  /** A CA bundle file: the roots the job trusted, plus the job's authority. */
  caBundle: string
}

/** The address the router listens on, and the only one: loopback. */
export const LOOPBACK = '127.0.0.1'

const ENTRY_SEPARATOR = /[\n,]/
const PRIVATE_MARKER = /^private:/i

/**
 * Parses the `mirrors` input: built-in names, URLs and `name=URL` entries, one per line or
 * comma-separated, each optionally marked `private:`. `auto` stands for every built-in. Throws
 * with a message naming the entry.
 */
export function parseMirrorList(text: string): Mirror[] {
  const entries = text
    .split(ENTRY_SEPARATOR)
    .map(entry => entry.trim())
    .filter(entry => entry !== '' && !entry.startsWith('#'))
  const expanded = (entries.length === 0 ? [AUTO_MIRRORS] : entries).flatMap(entry =>
    entry.toLowerCase() === AUTO_MIRRORS ? Object.keys(BUILTIN_MIRRORS) : [entry]
  )
  const mirrors: Mirror[] = []
  for (const entry of expanded) {
    const mirror = parseMirror(entry)
    const known = mirrors.find(other => other.url === mirror.url)
    // A URL listed twice is private if either entry says so: the safer reading wins.
    if (known) {
      known.private ||= mirror.private
      continue
    }
    mirrors.push({ ...mirror, name: uniqueName(mirror.name, mirrors) })
  }
  return mirrors
}

export function parseMirror(entry: string): Mirror {
  if (!PRIVATE_MARKER.test(entry)) return parseUnmarked(entry)
  const rest = entry.replace(PRIVATE_MARKER, '').trim()
  if (BUILTIN_MIRRORS[rest.toLowerCase()] || rest.toLowerCase() === AUTO_MIRRORS) {
    throw new Error(
      `'${entry}': the built-in mirrors are public; 'private:' marks your own index (private:name=URL)`
    )
  }
  return { ...parseUnmarked(rest), private: true }
}

function parseUnmarked(entry: string): Mirror {
  const builtin = BUILTIN_MIRRORS[entry.toLowerCase()]
  if (builtin) return mirrorFromUrl(entry.toLowerCase(), builtin)

  const named = /^([A-Za-z0-9][\w.-]*)=(.+)$/.exec(entry)
  if (named && /^[a-z][a-z0-9+.-]*:/i.test(named[2]))
    return mirrorFromUrl(named[1], named[2].trim())
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return mirrorFromUrl(undefined, entry)
  throw new Error(
    `unknown mirror '${entry}': use a built-in name (${Object.keys(BUILTIN_MIRRORS).join(', ')}), ` +
      `'${AUTO_MIRRORS}', an http(s) URL of a simple index, or name=URL, optionally marked private:`
  )
}

export function mirrorFromUrl(name: string | undefined, raw: string): Mirror {
  let parsed: URL
  try {
    parsed = new URL(raw)
  } catch {
    throw new Error(`'${redactUrlText(raw)}' is not a valid URL`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(
      `'${redactUrlText(raw)}' uses the scheme '${parsed.protocol.slice(0, -1)}'; only http and https are supported`
    )
  }
  parsed.hash = ''
  const url = parsed.toString().replace(/\/+$/, '')
  // A lone user name is usually a token (`https://TOKEN@host/simple`), so it is secret too.
  const secret = decodeURIComponent(parsed.password || parsed.username)
  const secrets = secret ? [...new Set([secret, parsed.password || parsed.username])] : []
  if (parsed.password) parsed.password = '***'
  else if (parsed.username) parsed.username = '***'
  return {
    name: name ?? parsed.host,
    url,
    displayUrl: parsed.toString().replace(/\/+$/, ''),
    host: parsed.host,
    secure: parsed.protocol === 'https:',
    secrets,
    private: secrets.length > 0
  }
}

function uniqueName(name: string, taken: Mirror[]): string {
  let candidate = name
  for (let n = 2; taken.some(mirror => mirror.name === candidate); n++) candidate = `${name}-${n}`
  return candidate
}

/** Hides a password in any URL-looking text, for messages about input that did not parse. */
export function redactUrlText(text: string): string {
  return text.replace(/\/\/[^/@\s]+@/g, '//***@')
}

/** The URL with any user name and password removed: the mirror's identity across tokens. */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url)
  parsed.username = ''
  parsed.password = ''
  return parsed.toString()
}
