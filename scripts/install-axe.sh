#!/usr/bin/env bash
# Install axe-core (Deque's accessibility rules engine) into tests/axe/node_modules for the
# browser tests that check every page the course writes against WCAG 2.1 AA. Never installs
# anything globally; running it again does nothing once axe-core is there.
set -euo pipefail
cd "$(dirname "$0")/.."
AXE_DIR=tests/axe
AXE="$AXE_DIR/node_modules/axe-core/axe.min.js"

if [ -f "$AXE" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    bash scripts/apt-install.sh npm npm "the accessibility tests"
  else
    echo "npm is not installed, so axe-core cannot be installed for the accessibility tests;" \
         "install Node.js with npm and run this again." >&2
    exit 1
  fi
fi
echo "Installing axe-core into $AXE_DIR/node_modules (see $AXE_DIR/package.json)..."
npm install --prefix "$AXE_DIR" --no-package-lock --no-audit --no-fund --omit=dev \
    --loglevel=error >/dev/null
test -f "$AXE"
echo "axe-core $(node -p "require('./$AXE_DIR/node_modules/axe-core/package.json').version") is in $AXE_DIR/node_modules."
