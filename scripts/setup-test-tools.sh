#!/usr/bin/env bash
# Installs the pips and the uv that the pip-output fixtures and the live drift test run:
#
#   bash scripts/setup-test-tools.sh
#
# Each tool gets a folder under the cache, named like its fixture folder
# (__tests__/fixtures/pip-output/<tool>/): pip-X.Y.Z/ holds that pip alone (`pip install
# --target`) and a `python` link to an interpreter it supports; uv-X.Y.Z/ holds uv and a
# `python` link for the venvs uv installs into; tools.txt lists them all. Tests run
# `<fresh venv>/bin/python <folder>/pip install ...`, the way pip's own `--python` does,
# because pip < 22.3 has no `--python` and every run needs a fresh venv of its own. Tools
# already in place are kept.
set -euo pipefail

CACHE="${PIP_MIRROR_ACTION_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/pip-mirror-action-test}"

# tool, version, the Python minor version that runs it (the oldest pip needs an old Python).
TOOLS=(
  'pip 22.0.4 3.7'
  'pip 23.0.1 3.8'
  'pip 23.2.1 3.11'
  'pip 24.2 3.13'
  'pip 26.2.1 3.12'
  'uv 0.13.9 3.12'
)

# The newest installed CPython X.Y: pyenv's first, then one on PATH.
find_python() {
  local minor=$1 candidate found=''
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$minor".*/bin/python; do
    [ -x "$candidate" ] && found=$candidate
  done
  [ -n "$found" ] || found=$(command -v "python$minor" || true)
  [ -n "$found" ] || {
    echo "setup-test-tools: no Python $minor found (pyenv or python$minor on PATH)" >&2
    return 1
  }
  echo "$found"
}

mkdir -p "$CACHE"
names=()
for entry in "${TOOLS[@]}"; do
  read -r tool version minor <<<"$entry"
  dir="$CACHE/$tool-$version"
  names+=("$tool-$version")
  marker="$dir/$tool-$version.dist-info"
  [ -d "$marker" ] && [ -e "$dir/python" ] && continue
  python=$(find_python "$minor")
  # Build aside and rename, so an interrupted run never leaves a half-installed tool.
  tmp=$(mktemp -d "$CACHE/.tmp-$tool-$version.XXXXXX")
  # The machine's own pip configuration (local wheels, mirrors) applies here, on purpose:
  # only the tests' own runs are isolated from it.
  PIP_ROOT_USER_ACTION=ignore "$python" -m pip install --quiet --disable-pip-version-check \
    --no-deps --target "$tmp" "$tool==$version"
  ln -s "$python" "$tmp/python"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  echo "setup-test-tools: $tool $version with $("$python" --version) in $dir"
done
# The list scripts/capture-pip-output.ts captures with.
printf '%s\n' "${names[@]}" >"$CACHE/tools.txt"
