#!/usr/bin/env bash
# Install Debian's bubblewrap, the sandbox that autograding runs learners' code in.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" bwrap bubblewrap "the grading sandbox" || \
  echo "bubblewrap (bwrap) is not installed and cannot be installed here; autograding will refuse" \
       "to run learners' code until it is (see docs/isolation.md)." >&2
