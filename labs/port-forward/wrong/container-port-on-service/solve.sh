#!/bin/sh
# The pods' port (8080) where the Service's port (80) belongs: kubectl looks 8080 up among
# Service kubia's ports, finds none, and exits without listening on localhost:8888.
for pid in $(ss -ltnpH 'sport = :8888' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
  kill "$pid" 2>/dev/null
done
sleep 1
setsid nohup kubectl port-forward service/kubia 8888:8080 >/tmp/wrong-forward.log 2>&1 </dev/null &
echo $! >/tmp/wrong-forward.pid
sleep 3
