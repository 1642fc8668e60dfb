#!/bin/sh
# The Service by its short resource name (svc/) and its port by name (http) instead of 80.
set -u
for pid in $(ss -ltnpH 'sport = :8888' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
  kill "$pid" 2>/dev/null
done
sleep 1
setsid nohup kubectl port-forward svc/kubia 8888:http >/tmp/alt-forward.log 2>&1 </dev/null &
echo $! >/tmp/alt-forward.pid
for _ in $(seq 1 40); do
  curl -s -o /dev/null --max-time 2 http://localhost:8888/ && exit 0
  sleep 0.5
done
cat /tmp/alt-forward.log >&2
exit 1
