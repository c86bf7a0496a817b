/** How the command line prints settings for other CI systems to load. */
export type EnvFormat = 'sh' | 'gitlab' | 'dotenv'

export const ENV_FORMATS: EnvFormat[] = ['sh', 'gitlab', 'dotenv']

/**
 * `sh`: `export` lines to `eval` or source; `dotenv`: quoted `NAME="value"` lines; `gitlab`:
 * the plain `NAME=value` lines of GitLab's `artifacts:reports:dotenv`, which takes no quotes.
 */
export function formatEnv(env: Record<string, string>, format: EnvFormat): string {
  const lines = Object.entries(env).map(([name, value]) => {
    switch (format) {
      case 'sh':
        return `export ${name}='${value.replace(/'/g, `'\\''`)}'`
      case 'dotenv':
        return `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
      case 'gitlab':
        return `${name}=${value.replace(/\n/g, ' ')}`
    }
  })
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
