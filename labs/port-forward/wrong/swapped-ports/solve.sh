#!/bin/sh
# REMOTE:LOCAL instead of LOCAL:REMOTE: listens on localhost:8080 and forwards to the
# pod's port 8888, so nothing listens on localhost:8888.
setsid nohup kubectl port-forward pod/kubia-manual 8080:8888 >/tmp/wrong-forward.log 2>&1 </dev/null &
echo $! >/tmp/wrong-forward.pid
sleep 3
