#!/bin/sh
set -e
kubectl scale deployment kubia --replicas=1
kubectl rollout status deployment kubia --timeout=120s
# Scaling down leaves terminating pods behind for a moment; wait until only one is left.
for _ in $(seq 1 60); do
  [ "$(kubectl get pods -l app=kubia --no-headers | wc -l)" -eq 1 ] && exit 0
  sleep 1
done
exit 1
