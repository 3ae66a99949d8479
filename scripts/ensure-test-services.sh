#!/usr/bin/env bash
# Make sure the test suite's real parts exist on this machine: a PostgreSQL server,
# Debian's Chromium (for the playground's browser test) and a Thai font.
# Prints `export DGBOT_TEST_POSTGRES_URL=...` for the caller to eval.
set -euo pipefail

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi "loma\|garuda\|noto sans thai" || need_apt+=(fonts-thai-tlwg)

if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing ${need_apt[*]}: install them (apt-get install ${need_apt[*]}) or run as root" >&2
    exit 1
  fi
  echo "installing ${need_apt[*]} ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >&2
fi

if [ -n "${DGBOT_TEST_POSTGRES_URL:-}" ]; then
  echo "export DGBOT_TEST_POSTGRES_URL='${DGBOT_TEST_POSTGRES_URL}'"
  exit 0
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^${version} main$"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -p "$port" && break
  sleep 0.5
done
runuser -u postgres -- psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dgbot_test') THEN
    CREATE ROLE dgbot_test LOGIN CREATEDB PASSWORD 'dgbot_test';
  END IF;
END \$\$;
-- DROP DATABASE ... WITH (FORCE) may have to stop an autovacuum worker on a test database
GRANT pg_signal_backend TO dgbot_test;
SQL
echo "export DGBOT_TEST_POSTGRES_URL='postgresql://dgbot_test:dgbot_test@127.0.0.1:${port}/postgres'"
