import type { ToolSelection } from './tool-env.js'
import { redactUrlText } from '../mirrors/mirror.js'
import type { SettingsSnapshot } from './settings-snapshot.js'

export interface Finding {
  level: 'notice' | 'warning'
  /** Where the setting lives: a variable, a config key or a file and line. */
  source: string
  message: string
}

const PIP_ENV: Record<string, { level: Finding['level']; effect: string }> = {
  PIP_INDEX_URL: {
    level: 'notice',
    effect: 'replaced by the chosen mirror for the rest of the job'
  },
  PIP_EXTRA_INDEX_URL: {
    level: 'warning',
    effect:
      'pip also asks this index for every package, with no priority (dependency confusion risk); left as is'
  },
  PIP_FIND_LINKS: {
    level: 'notice',
    effect: 'pip also takes files from these locations; left as is'
  },
  PIP_NO_INDEX: { level: 'warning', effect: 'pip ignores every index, the chosen mirror too' },
  PIP_TRUSTED_HOST: { level: 'notice', effect: 'TLS checks are off for these hosts; left as is' }
}

const UV_ENV: Record<string, { level: Finding['level']; effect: string }> = {
  UV_DEFAULT_INDEX: {
    level: 'notice',
    effect: 'replaced by the chosen mirror for the rest of the job'
  },
  UV_INDEX_URL: {
    level: 'warning',
    effect: 'deprecated alias of UV_DEFAULT_INDEX that may take precedence over the chosen mirror'
  },
  UV_INDEX: { level: 'notice', effect: 'uv also uses these named indexes; left as is' },
  UV_EXTRA_INDEX_URL: {
    level: 'warning',
    effect: 'uv also asks this index (dependency confusion risk); left as is'
  }
}

const PIP_CONFIG_KEYS: Record<string, { level: Finding['level']; effect: string }> = {
  'index-url': { level: 'notice', effect: 'overridden by PIP_INDEX_URL for the rest of the job' },
  'extra-index-url': PIP_ENV.PIP_EXTRA_INDEX_URL,
  'find-links': PIP_ENV.PIP_FIND_LINKS,
  'no-index': PIP_ENV.PIP_NO_INDEX
}

const REQUIREMENT_EFFECTS: Record<string, { level: Finding['level']; effect: string }> = {
  '--index-url': {
    level: 'warning',
    effect: 'pip uses this index instead of the chosen mirror when it installs this file'
  },
  '--extra-index-url': {
    level: 'warning',
    effect: 'pip also asks this index for every package of this install (dependency confusion risk)'
  },
  '--no-index': PIP_ENV.PIP_NO_INDEX,
  '--find-links': { level: 'notice', effect: 'pip also takes files from this location' }
}

const OPTION_ALIASES: Record<string, string> = { '-i': '--index-url', '-f': '--find-links' }

const REQUIREMENT_OPTION =
  /^\s*(-i|--index-url|--extra-index-url|--no-index|-f|--find-links)(?:[\s=]+(\S+))?/

/**
 * Finds index settings the runner already has, so the log can say how they interact with the
 * chosen mirror instead of silently overriding or being overridden by them.
 */
export function findIndexSettings(snapshot: SettingsSnapshot, tools: ToolSelection): Finding[] {
  const findings: Finding[] = []
  const fromEnv = (table: typeof PIP_ENV): void => {
    for (const [name, { level, effect }] of Object.entries(table)) {
      const value = snapshot.env[name]
      if (value)
        findings.push({
          level,
          source: name,
          message: `${name}=${redactUrlText(value)}: ${effect}`
        })
    }
  }
  if (tools.pip) fromEnv(PIP_ENV)
  if (tools.uv) fromEnv(UV_ENV)

  if (tools.pip) {
    for (const line of snapshot.pipConfigList.split(/\r?\n/)) {
      const match = /^([^:\s][^=]*)\.([\w-]+)=(.*)$/.exec(line.trim())
      const rule = match && PIP_CONFIG_KEYS[match[2]]
      if (!match || !rule) continue
      const value = redactUrlText(match[3].replace(/^'(.*)'$/, '$1'))
      findings.push({
        level: rule.level,
        source: `pip config ${match[1]}.${match[2]}`,
        message: `${match[2]} = ${value}: ${rule.effect}`
      })
    }
  }

  for (const file of snapshot.requirementFiles) {
    file.text.split(/\r?\n/).forEach((line, index) => {
      const match = REQUIREMENT_OPTION.exec(line)
      if (!match) return
      const option = OPTION_ALIASES[match[1]] ?? match[1]
      const { level, effect } = REQUIREMENT_EFFECTS[option]
      findings.push({
        level,
        source: `${file.path}:${index + 1}`,
        message: `${[option, match[2]]
          .filter(Boolean)
          .map(part => redactUrlText(part as string))
          .join(' ')}: ${effect}`
      })
    })
  }

  if (tools.uv) {
    for (const lockFile of snapshot.uvLockFiles) {
      findings.push({
        level: 'notice',
        source: lockFile,
        message:
          'uv.lock records index URLs: `uv sync --locked` fails when the default index changes, and `--frozen` ignores it'
      })
    }
  }
  return findings
}
