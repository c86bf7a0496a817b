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
#
# The other Python tools that talk to an index (Poetry, PDM, pipenv, pip-tools, Hatch, tox,
# nox) each get a venv of their own, venv-<tool>-<version>/, whose bin/ holds the executables;
# python-tools.txt lists them as `<tool> <version> <venv folder>`.
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

# tool, version, the Python minor version of its venv, then what that venv's pip installs.
# Each pinned to the newest release on PyPI when added; poetry 1.8.5 is the last 1.x.
PYTHON_TOOLS=(
  'poetry 2.5.1 3.12 poetry==2.5.1'
  'poetry 1.8.5 3.12 poetry==1.8.5'
  # PDM breaks with hishel 2.
  'pdm 2.29.4 3.12 pdm==2.29.4 hishel<2'
  'pipenv 2026.10.3 3.12 pipenv==2026.10.3'
  'pip-tools 7.7.0 3.12 pip-tools==7.7.0'
  'hatch 1.18.2 3.12 hatch==1.18.2'
  # tox-uv 1.37.2 and later pin a tox-uv-bare that PyPI does not serve.
  'tox 4.67.17 3.12 tox==4.67.17 tox-uv==1.37.1'
  'nox 2026.10.20 3.12 nox==2026.10.20'
  'pip-audit 2.10.1 3.12 pip-audit==2.10.1'
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

# The Python tools, one venv each.
lines=()
for entry in "${PYTHON_TOOLS[@]}"; do
  read -r tool version minor requirements <<<"$entry"
  name="venv-$tool-$version"
  dir="$CACHE/$name"
  lines+=("$tool $version $name")
  # Written last, so a venv without it is a broken one and is built again.
  marker="$dir/setup-test-tools.done"
  [ -e "$marker" ] && continue
  python=$(find_python "$minor")
  tmp=$(mktemp -d "$CACHE/.tmp-$name.XXXXXX")
  "$python" -m venv --prompt "$name" "$tmp"
  # shellcheck disable=SC2086 # the requirements are words on purpose
  PIP_ROOT_USER_ACTION=ignore "$tmp/bin/python" -m pip install --quiet \
    --disable-pip-version-check $requirements
  # A venv is not relocatable: its scripts' shebangs and activate name the folder it was made
  # in, so point them at the final one before the rename.
  "$python" - "$tmp" "$dir" <<'PY'
import os, sys
old, new = (os.fsencode(p) for p in sys.argv[1:])
bindir = os.path.join(old, b'bin')
for entry in os.scandir(bindir):
    if entry.is_file(follow_symlinks=False):
        with open(entry.path, 'rb') as f:
            data = f.read()
        if old in data:
            with open(entry.path, 'wb') as f:
                f.write(data.replace(old, new))
PY
  echo "$requirements" >"$tmp/setup-test-tools.done"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  echo "setup-test-tools: $tool $version with $("$python" --version) in $dir"
done
printf '%s\n' "${lines[@]}" >"$CACHE/python-tools.txt"

# The root of the offline Python image that container action tests import into their own
# dockerd (test-support/docker.ts, importPythonImage): Debian bookworm with python3, venv, pip
# and CA certificates, so those tests pull nothing from Docker Hub.
rootfs="$CACHE/python-rootfs-bookworm.tar"
if [ -e "$rootfs" ]; then
  :
elif ! command -v debootstrap >/dev/null; then
  echo "setup-test-tools: debootstrap is not installed, skipping $rootfs (apt-get install debootstrap)" >&2
elif [ "$(id -u)" -ne 0 ]; then
  echo "setup-test-tools: debootstrap needs root, skipping $rootfs" >&2
else
  tmp=$(mktemp -d "$CACHE/.tmp-python-rootfs.XXXXXX")
  # Its log is long and only worth reading when it fails.
  if ! debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
    bookworm "$tmp/root" http://deb.debian.org/debian >"$tmp/debootstrap.log" 2>&1; then
    cat "$tmp/debootstrap.log" >&2
    exit 1
  fi
  # Drop the downloaded .debs, package lists, docs and translations, as Debian's slim images
  # do: they are half of the root, and the test daemons' vfs storage copies the whole root for
  # every container (seconds each on a slow disk).
  rm -rf "$tmp/root/var/cache/apt/archives/"*.deb "$tmp/root/var/lib/apt/lists/"* \
    "$tmp/root/usr/share/doc/"* "$tmp/root/usr/share/man/"* "$tmp/root/usr/share/info/"* \
    "$tmp/root/usr/share/locale/"*/
  tar -C "$tmp/root" --numeric-owner -cf "$tmp/rootfs.tar" .
  mv "$tmp/rootfs.tar" "$rootfs"
  rm -rf "$tmp"
  echo "setup-test-tools: the Python image's root in $rootfs"
fi
