#!/bin/sh
# The forward points at port 80 of the pod, where nothing listens: kubectl accepts the
# local connection, then the pod refuses it and the client gets no answer.
setsid nohup kubectl port-forward pod/kubia-manual 8888:80 >/tmp/wrong-forward.log 2>&1 </dev/null &
echo $! >/tmp/wrong-forward.pid
sleep 3
