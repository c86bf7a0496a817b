import js from '@eslint/js'
import importPlugin from 'eslint-plugin-import'
import tseslint from 'typescript-eslint'

// Architecture rules for src/ (README, "Architecture"). Dependencies point one way:
//   entries (main.ts, post.ts, cli.ts) → action/, cli/ → engine.ts → the domain folders.
// Lint enforces three things: no import cycles, domain folders never reach up into action/ or
// cli/, and the pure modules below stay free of I/O.

// The only files that may import src/action/ or src/cli/: the entries and those two folders.
const TOP_LAYER = ['src/main.ts', 'src/post.ts', 'src/cli.ts', 'src/action/**', 'src/cli/**']

// Pure modules: parsing, ranking, classification, rendering. No side effects, so they import
// nothing that reaches the runner, the file system, processes or the network (PURE_FORBIDDEN
// below). They take what they need as arguments; the thin adapters (http-client.ts, shell.ts,
// actions-cache.ts, docker-daemon.ts, python-env.ts, …) do the I/O. A new module that does no
// I/O belongs on this list. __tests__/architecture.test.ts checks that each entry still matches.
const PURE_MODULES = [
  'src/inputs.ts',
  'src/cli/env-format.ts',
  'src/mirrors/*.ts',
  'src/net/index-page.ts',
  'src/net/probe-failure.ts',
  'src/net/proxy-env.ts',
  'src/net/ipv4.ts',
  'src/rank/ranking.ts',
  'src/rank/quality.ts',
  'src/rank/workload.ts',
  'src/rank/ranking-memory.ts',
  'src/configure/tool-env.ts',
  'src/configure/existing-settings.ts',
  'src/install/classify.ts',
  'src/install/fallback.ts',
  'src/install/private-index.ts',
  'src/cache/cache-key.ts',
  'src/cache/cache-policy.ts',
  'src/docker/docker-config.ts',
  'src/docker/docker-bridge.ts',
  'src/docker/docker-inputs.ts',
  'src/runner/runner-os.ts',
  'src/docker/docker-platform.ts',
  'src/router-process/process-system.ts',
  'src/proxy/ca-bundle-system-store.ts',
  'src/proxy/macos-trust-settings.ts',
  'src/install/bash.ts',
  'src/runner/powershell.ts',
  'src/router/config.ts',
  'src/router/render.ts',
  'src/router/request.ts',
  'src/router/install-bytes.ts',
  'src/router-process/environment.ts',
  'src/router-process/address.ts',
  'src/router-process/supervision.ts',
  'src/router/hedged-race.ts',
  'src/router/in-flight.ts',
  'src/report/*.ts',
  'src/format/*.ts',
  'src/files/file-rules.ts',
  'src/files/client-range.ts',
  'src/files/changes.ts',
  'src/files/file-types.ts',
  'src/proxy/connect-request.ts',
  'src/proxy/der.ts',
  'src/proxy/hop-headers.ts',
  'src/router/pypi-urls.ts',
  'src/router/pypi-json.ts',
  'src/tools/python-tools.ts',
  'src/prefetch/choose.ts',
  'src/prefetch/declared-files.ts',
  'src/prefetch/markers.ts',
  'src/prefetch/plan.ts',
  'src/prefetch/requirement.ts',
  'src/prefetch/wheel-tags.ts',
  'src/router/recent.ts',
  'src/router/wait-clock.ts'
]

const PURE_MESSAGE =
  'is I/O: a pure module (PURE_MODULES in eslint.config.js) must not import it; do the I/O in a thin adapter and pass the result in.'
const PURE_FORBIDDEN = {
  paths: [
    'node:fs',
    'node:fs/promises',
    'node:child_process',
    'node:net',
    'node:http',
    'node:https',
    'fs',
    'fs/promises',
    'child_process',
    'net',
    'http',
    'https',
    'undici'
  ].map(name => ({ name, message: `'${name}' ${PURE_MESSAGE}` })),
  patterns: [{ group: ['@actions/*'], message: `'@actions/*' ${PURE_MESSAGE}` }]
}

const LAYER_MESSAGE =
  'Only the entries, action/ and cli/ may import src/action/ or src/cli/: dependencies point entries → action/, cli/ → engine.ts → domain folders (README, "Architecture").'

const LAYER_RULE = [
  'error',
  {
    basePath: import.meta.dirname,
    zones: [
      { target: './src', from: './src/action', message: LAYER_MESSAGE },
      { target: './src', from: './src/cli', message: LAYER_MESSAGE }
    ]
  }
]

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }]
    }
  },
  {
    // eslint-plugin-import resolves each import to its file (TypeScript's `./x.js` → `x.ts`).
    files: ['src/**/*.ts'],
    plugins: { import: importPlugin },
    settings: {
      'import/extensions': ['.ts', '.js'],
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/resolver': { typescript: { project: `${import.meta.dirname}/tsconfig.json` } }
    },
    rules: {
      // No cycles anywhere in src/. Like TypeScript's emit, it skips `import type` edges.
      'import/no-cycle': ['error', { ignoreExternal: true }]
    }
  },
  {
    files: ['src/**/*.ts'],
    ignores: TOP_LAYER,
    rules: { 'import/no-restricted-paths': LAYER_RULE }
  },
  {
    files: PURE_MODULES,
    rules: { 'no-restricted-imports': ['error', PURE_FORBIDDEN] }
  }
)
