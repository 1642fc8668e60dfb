#!/bin/sh
# Forward localhost:8888 to port 8080 of kubia-manual and leave it running in the
# background, as a learner does with `kubectl port-forward … &`.
set -u
setsid nohup kubectl port-forward pod/kubia-manual 8888:8080 >/tmp/port-forward-8888.log 2>&1 </dev/null &
echo $! >/tmp/port-forward-8888.pid
for _ in $(seq 1 40); do
  curl -s -o /dev/null --max-time 2 http://localhost:8888/ && exit 0
  sleep 0.5
done
echo "the forward on 8888 did not start:" >&2
cat /tmp/port-forward-8888.log >&2
exit 1
