#!/usr/bin/env bash
# Install Debian's PostgreSQL server for the tests of the shared gradebook (docs/scale.md).
# The tests start their own throw-away server in a temporary folder (tests/pg.py), so the
# package is told not to create or start a cluster of its own. Debian keeps the programs in
# /usr/lib/postgresql/<version>/bin, off PATH; a machine may also have them on PATH.
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/course-no-main.conf
fi
# apt-install.sh skips only what is on PATH, and Debian's initdb is not: it installs.
bash "$(dirname "$0")/apt-install.sh" initdb postgresql "the shared gradebook's tests" || \
  echo "PostgreSQL is not installed and cannot be installed here; the shared gradebook's" \
       "tests need it (apt-get install postgresql)." >&2
