#!/bin/sh
# A second forward for the HTTPS port; the one on 8888 from step 2 keeps running.
set -u
setsid nohup kubectl port-forward pod/kubia-manual 8443:8443 >/tmp/port-forward-8443.log 2>&1 </dev/null &
echo $! >/tmp/port-forward-8443.pid
for _ in $(seq 1 40); do
  curl -sk -o /dev/null --max-time 2 https://localhost:8443/ && exit 0
  sleep 0.5
done
echo "the forward on 8443 did not start:" >&2
cat /tmp/port-forward-8443.log >&2
exit 1
