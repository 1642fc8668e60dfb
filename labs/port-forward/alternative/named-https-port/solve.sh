#!/bin/sh
# The HTTPS port by its name, and an explicit listening address.
set -u
setsid nohup kubectl port-forward --address 127.0.0.1 pod/kubia-manual 8443:https >/tmp/alt-forward.log 2>&1 </dev/null &
echo $! >/tmp/alt-forward.pid
for _ in $(seq 1 40); do
  curl -sk -o /dev/null --max-time 2 https://localhost:8443/ && exit 0
  sleep 0.5
done
cat /tmp/alt-forward.log >&2
exit 1
