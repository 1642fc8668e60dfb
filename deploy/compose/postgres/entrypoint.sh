#!/bin/sh
# Initialises the data folder on the first start (superuser and database `kindling`, the
# password from the secrets volume), then serves on loopback only (Compose: the stack
# shares the host's network, and nothing but the web app needs the database).
set -eu
bin=/usr/lib/postgresql/15/bin
data=/var/lib/postgresql/data
password=$(cat /run/kindling-secrets/postgres-password 2>/dev/null || true)
if [ -z "$password" ]; then
  echo "postgres: the secret postgres-password is missing or empty in the secrets volume" >&2
  exit 1
fi
mkdir -p "$data" /run/postgresql
chown postgres:postgres "$data" /run/postgresql
chmod 700 "$data"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
if [ ! -s "$data/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "$password" >"$pwfile"
  chown postgres "$pwfile"
  as_postgres "$bin/initdb" -D "$data" -U kindling --pwfile="$pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8
  rm -f "$pwfile"
  echo "CREATE DATABASE kindling" | as_postgres "$bin/postgres" --single -D "$data" postgres >/dev/null
fi
# On Kubernetes (deploy/kubernetes) the web app connects from its own pod, through a Service
# only it may reach (a NetworkPolicy): KINDLING_POSTGRES_LISTEN=* there, with a password.
listen=${KINDLING_POSTGRES_LISTEN:-127.0.0.1}
if [ "$listen" != 127.0.0.1 ] && ! grep -q '^host all all all scram-sha-256' "$data/pg_hba.conf"; then
  echo 'host all all all scram-sha-256' >>"$data/pg_hba.conf"
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups "$bin/postgres" -D "$data" \
  -c listen_addresses="$listen" -c port="${KINDLING_POSTGRES_PORT:-5432}" \
  -c unix_socket_directories=/run/postgresql
