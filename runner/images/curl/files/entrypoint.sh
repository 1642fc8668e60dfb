#!/bin/sh
# Arguments are curl's unless they name a program: `... -- -sv http://web` runs curl,
# `... -- sh` opens a shell. Upstream's image behaves the same way.
set -e
if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ] || ! command -v "$1" >/dev/null 2>&1; then
  set -- curl "$@"
fi
exec "$@"
