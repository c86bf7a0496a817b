// pyproject.toml files of the kinds the tool tests and the tools benchmark lock and install.

/** A PEP 621 project (uv, PDM) named `app` that depends on `dependencies`. */
export function pep621Pyproject(dependencies: string[], extra = ''): string {
  return [
    '[project]',
    'name = "app"',
    'version = "0.1"',
    'requires-python = ">=3.8"',
    `dependencies = [${dependencies.map(name => JSON.stringify(name)).join(', ')}]`,
    extra
  ].join('\n')
}

/** A Poetry project (1.8 and 2.x) named `app`, not a package itself, with `sources` appended. */
export function poetryPyproject(dependencies: string[], sources = ''): string {
  return [
    '[tool.poetry]',
    'name = "app"',
    'version = "0.1.0"',
    'description = ""',
    'authors = ["a <a@example.com>"]',
    'package-mode = false',
    '',
    '[tool.poetry.dependencies]',
    'python = ">=3.8"',
    ...dependencies.map(name => `${name} = "*"`),
    '',
    sources
  ].join('\n')
}
