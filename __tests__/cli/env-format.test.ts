import { describe, expect, it } from '@jest/globals'
import { type EnvFormat, formatEnv } from '../../src/cli/env-format.js'

const env = { PIP_INDEX_URL: 'https://u:p\'w"d@m.example/simple', PIP_TIMEOUT: '10' }

describe('formatEnv', () => {
  it.each<[EnvFormat, string]>([
    [
      'sh',
      `export PIP_INDEX_URL='https://u:p'\\''w"d@m.example/simple'\nexport PIP_TIMEOUT='10'\n`
    ],
    ['dotenv', `PIP_INDEX_URL="https://u:p'w\\"d@m.example/simple"\nPIP_TIMEOUT="10"\n`],
    ['gitlab', `PIP_INDEX_URL=https://u:p'w"d@m.example/simple\nPIP_TIMEOUT=10\n`]
  ])('%s', (format, expected) => expect(formatEnv(env, format)).toBe(expected))

  it('prints nothing for no variables', () => expect(formatEnv({}, 'sh')).toBe(''))
})
