#!/usr/bin/env bash
# Install Debian's bubblewrap, the sandbox that autograding runs learners' code in.
set -euo pipefail
if command -v bwrap >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing bubblewrap from Debian's packages for the grading sandbox..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null
else
  echo "bubblewrap (bwrap) is not installed and cannot be installed here; autograding will refuse" \
       "to run learners' code until it is (see docs/isolation.md)." >&2
fi
