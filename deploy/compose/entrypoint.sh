#!/bin/sh
# The app image's entry point, one role per service of docker-compose.yml:
#   secrets  makes the stack's secrets on the first start (files in the secrets volume)
#   web      applies the database migrations, then serves the web app
#   runner   the runner service (`kindling serve`)
# A secret that exists but is empty stops the service: it never falls back to a default.
set -eu
secrets=/run/kindling-secrets
names="runner-secret auth-secret postgres-password"

secret() {
  value=$(cat "$secrets/$1" 2>/dev/null || true)
  if [ -z "$value" ]; then
    echo "kindling: the secret $1 is missing or empty in the secrets volume; write one of at" >&2
    echo "least 32 characters there, or delete the file to have a new one made (README: Compose)" >&2
    exit 1
  fi
  printf '%s' "$value"
}

case "${1:-}" in
  secrets)
    umask 077
    for name in $names; do
      [ -e "$secrets/$name" ] && continue
      node -e 'process.stdout.write(require("node:crypto").randomBytes(32).toString("hex"))' \
        >"$secrets/$name.new"
      mv "$secrets/$name.new" "$secrets/$name"
      echo "kindling: made the secret $name"
    done
    # Fail closed here too, so `up` stops before any service starts with an empty one.
    for name in $names; do secret "$name" >/dev/null; done
    ;;
  web)
    runner_secret=$(secret runner-secret)
    auth_secret=$(secret auth-secret)
    password=$(secret postgres-password)
    export KINDLING_RUNNER_SECRET="$runner_secret" KINDLING_AUTH_SECRET="$auth_secret"
    export DATABASE_URL="postgresql://kindling:$password@127.0.0.1:${KINDLING_POSTGRES_PORT:-5432}/kindling"
    node_modules/.bin/tsx scripts/db/migrate.ts deploy
    # The same server `npm start` runs: rate limits on the real peer, terminals on this origin.
    export KINDLING_HOST="${KINDLING_HOST:-0.0.0.0}" PORT="${PORT:-3000}"
    exec node --import tsx scripts/web-server.ts
    ;;
  runner)
    runner_secret=$(secret runner-secret)
    export KINDLING_RUNNER_SECRET="$runner_secret"
    exec node runner/bin/kindling.mjs serve
    ;;
  *)
    echo "usage: entrypoint.sh secrets | web | runner" >&2
    exit 2
    ;;
esac
