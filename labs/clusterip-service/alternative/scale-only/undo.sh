#!/bin/sh
# Back to the step's starting state: three replicas, the two extra pods gone.
kubectl scale deployment kubia --replicas=3
kubectl rollout status deployment kubia --timeout=120s
for _ in $(seq 1 60); do
  [ "$(kubectl get pods -l app=kubia --no-headers 2>/dev/null | wc -l)" -le 3 ] && exit 0
  sleep 1
done
exit 0
