#!/bin/sh
# The app image's entry point, one role per service of docker-compose.yml:
#   secrets  makes the stack's secrets on the first start (files in the secrets volume)
#   web      applies the database migrations, then serves the web app (the database at
#            KINDLING_POSTGRES_HOST, loopback unless deploy/kubernetes names its Service)
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
    export DATABASE_URL="postgresql://kindling:$password@${KINDLING_POSTGRES_HOST:-127.0.0.1}:${KINDLING_POSTGRES_PORT:-5432}/kindling"
    # The database may still be starting (on Kubernetes nothing orders the pods): wait for
    # its port up to three minutes rather than fail and be restarted with a growing delay.
    DB_HOST="${KINDLING_POSTGRES_HOST:-127.0.0.1}" DB_PORT="${KINDLING_POSTGRES_PORT:-5432}" node -e '
      const net = require("node:net");
      const [host, port] = [process.env.DB_HOST, Number(process.env.DB_PORT)];
      const deadline = Date.now() + 180000;
      const attempt = () => {
        const socket = net.connect(port, host, () => { socket.end(); process.exit(0); });
        socket.on("error", () => {
          if (Date.now() > deadline) {
            console.error(`kindling: the database at ${host}:${port} did not answer in 3 minutes`);
            process.exit(1);
          }
          setTimeout(attempt, 1000);
        });
      };
      attempt();
    '
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
