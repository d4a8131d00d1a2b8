#!/usr/bin/env bash
# Install configurable-http-proxy (the proxy JupyterHub starts) into hub/node_modules for the
# multi-user hub test (tests/test_hub.py) and for docs/hub.md. Never installs anything globally.
#
# It only acts where the hub test can run: as root on Linux with CI set, or when asked with
# HUB=1. Otherwise it says the hub test will be skipped. Running it again does nothing once the
# proxy is there.
set -euo pipefail
cd "$(dirname "$0")/.."
HUB_DIR=hub
PROXY="$HUB_DIR/node_modules/.bin/configurable-http-proxy"

if [ "${HUB:-}" != "1" ]; then
  if [ "$(uname -s)" != "Linux" ] || [ "$(id -u)" != "0" ] || [ -z "${CI:-}" ]; then
    echo "Not installing the JupyterHub proxy (needs root on Linux with CI set, or HUB=1);" \
         "the multi-user hub test will be skipped." >&2
    exit 0
  fi
fi

if [ -x "$PROXY" ] && "$PROXY" --version >/dev/null 2>&1; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    echo "Installing Node.js and npm from Debian's packages for the JupyterHub proxy..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  else
    echo "npm is not installed, so the JupyterHub proxy cannot be installed; install Node.js" \
         "(20 or newer) with npm and run this again." >&2
    exit 1
  fi
fi

NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$NODE_MAJOR" -lt 20 ]; then
  echo "Warning: configurable-http-proxy 5 wants Node.js 20 or newer; this is Node.js" \
       "$(node --version 2>/dev/null || echo '(none)')." >&2
fi

echo "Installing configurable-http-proxy into $HUB_DIR/node_modules (see $HUB_DIR/package.json)..."
npm install --prefix "$HUB_DIR" --no-package-lock --no-audit --no-fund --omit=dev \
    --loglevel=error >/dev/null
"$PROXY" --version >/dev/null
echo "configurable-http-proxy $("$PROXY" --version) is in $HUB_DIR/node_modules."
