#!/usr/bin/env bash
# Installs everything the tests need (Debian packages, npm packages from the
# lock file, the project with its test extras) and runs every check CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  missing=""
  for package in chromium postgresql; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
  done
  command -v node >/dev/null 2>&1 || missing="$missing nodejs"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
  if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
  fi
fi
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
python3 -m pip install -q --disable-pip-version-check -e '.[test]'

ruff check src tests bench conftest.py
mypy src
lint-imports
python3 -m pytest -q -p no:cacheprovider
