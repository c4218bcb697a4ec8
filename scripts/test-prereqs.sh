#!/usr/bin/env bash
# The first step of `npm test`: bring what the tests need beyond npm packages, or stop within
# seconds with the exact command to run. Needed:
#   chromium      the portal and editor end-to-end tests drive it (CHROMIUM_PATH overrides)
#   ripgrep       code-server (the editor e2e test) links it instead of downloading it
#   libkrb5-dev   code-server's kerberos module builds against krb5.h
#   PostgreSQL    the peering store tests run on 127.0.0.1:5432 as well as SQLite
#   Redis         on 127.0.0.1:6379, for the cache
# As root on Debian, missing packages are installed with apt-get and stopped services started;
# otherwise nothing is changed and the script says what to run. YTK_TEST_PREREQS=skip skips it.
set -euo pipefail

[ "${YTK_TEST_PREREQS:-}" = skip ] && exit 0

say() { echo "ytk test prerequisites: $*" >&2; }
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

missing=()
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] || { say "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"; exit 1; }
else
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || missing+=(libkrb5-dev)
fresh_postgres=
if ! listening 5432 && ! command -v pg_ctlcluster >/dev/null 2>&1; then
  missing+=(postgresql)
  fresh_postgres=1
fi
listening 6379 || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

if [ ${#missing[@]} -gt 0 ]; then
  if ! can_install; then
    say "missing: ${missing[*]}"
    say "run:     sudo apt-get install -y ${missing[*]}   (then npm test again)"
    exit 1
  fi
  say "installing ${missing[*]} from Debian (about a minute)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$fresh_postgres" ]; then
    # The tests connect as postgres@127.0.0.1 without a password, as on this machine kind.
    hba="$(ls /etc/postgresql/*/main/pg_hba.conf | head -1)"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
fi

if ! listening 5432; then
  can_install || { say "PostgreSQL is not listening on 127.0.0.1:5432; start it (pg_ctlcluster <version> main start)"; exit 1; }
  say "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
fi
if ! listening 6379; then
  can_install || { say "Redis is not listening on 127.0.0.1:6379; start it (redis-server --daemonize yes --port 6379)"; exit 1; }
  say "starting Redis"
  mkdir -p /tmp/ytk-redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /tmp/ytk-redis --logfile /tmp/ytk-redis/redis.log
fi

for port in 5432 6379; do
  for _ in $(seq 1 60); do listening "$port" && break; sleep 0.5; done
  listening "$port" || { say "nothing listens on 127.0.0.1:$port after 30 s"; exit 1; }
done
