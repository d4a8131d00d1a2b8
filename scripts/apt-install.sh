#!/usr/bin/env bash
# apt-install.sh COMMAND PACKAGE PURPOSE: install a Debian package unless COMMAND is on PATH.
# Used by install-browser.sh and install-sandbox.sh; says plainly what to do where it cannot.
set -euo pipefail
command_name="$1" package="$2" purpose="$3"
if command -v "$command_name" >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing $package from Debian's packages for $purpose..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
  sudo apt-get update -qq
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
else
  exit 1
fi
