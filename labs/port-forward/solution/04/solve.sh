#!/bin/sh
# Stops the forwards still listening on localhost:8888 (found by the listening socket, so by
# process id), then forwards 8888 to port 80 of Service kubia in the background.
set -u
for pid in $(ss -ltnpH 'sport = :8888' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
  kill "$pid" 2>/dev/null
done
sleep 1
setsid nohup kubectl port-forward service/kubia 8888:80 >/tmp/port-forward-service.log 2>&1 </dev/null &
echo $! >/tmp/port-forward-service.pid
for _ in $(seq 1 40); do
  curl -s -o /dev/null --max-time 2 http://localhost:8888/ && exit 0
  sleep 0.5
done
echo "the forward to Service kubia did not start:" >&2
cat /tmp/port-forward-service.log >&2
exit 1
