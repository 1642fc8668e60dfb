#!/bin/sh
# The forward of step 2 again: localhost:8888 reaches kubia-manual, a pod Service kubia
# does not select, so nothing of the Service is involved.
for pid in $(ss -ltnpH 'sport = :8888' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
  kill "$pid" 2>/dev/null
done
sleep 1
setsid nohup kubectl port-forward pod/kubia-manual 8888:8080 >/tmp/wrong-forward.log 2>&1 </dev/null &
echo $! >/tmp/wrong-forward.pid
sleep 3
