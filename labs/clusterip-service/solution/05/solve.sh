#!/bin/sh
# Replace every pod, then scale out: the Service's ClusterIP never changes.
set -e
kubectl delete pods -l app=kubia --wait=true
kubectl scale deployment kubia --replicas=5
kubectl rollout status deployment kubia --timeout=120s
