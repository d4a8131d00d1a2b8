#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (never a browser download of a test tool's own).
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" chromium chromium "the browser tests" || \
  echo "Chromium is not installed and cannot be installed here; the browser tests will be skipped" \
       "(install the 'chromium' package, or set CHROMIUM=/path/to/chrome)." >&2
