#!/bin/sh
# The replica count patched instead of kubectl scale.
set -e
kubectl patch deployment kubia -p '{"spec":{"replicas":1}}'
kubectl rollout status deployment kubia --timeout=120s
for _ in $(seq 1 60); do
  [ "$(kubectl get pods -l app=kubia --no-headers | wc -l)" -eq 1 ] && exit 0
  sleep 1
done
exit 1
