#!/bin/sh
# The pod's port by its name (`http` in the pod's ports list) instead of its number, and
# the pod named without the pod/ prefix.
set -u
setsid nohup kubectl port-forward kubia-manual 8888:http >/tmp/alt-forward.log 2>&1 </dev/null &
echo $! >/tmp/alt-forward.pid
for _ in $(seq 1 40); do
  curl -s -o /dev/null --max-time 2 http://localhost:8888/ && exit 0
  sleep 0.5
done
cat /tmp/alt-forward.log >&2
exit 1
