#!/bin/sh
# localhost:8443 forwarded to the pod's plain-HTTP port 8080: TLS cannot be spoken there.
setsid nohup kubectl port-forward pod/kubia-manual 8443:8080 >/tmp/wrong-forward.log 2>&1 </dev/null &
echo $! >/tmp/wrong-forward.pid
sleep 3
