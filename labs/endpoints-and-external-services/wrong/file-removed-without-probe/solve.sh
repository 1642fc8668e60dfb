#!/bin/sh
# The file removed from one pod, but no readiness probe asks for it: the pod stays ready.
set -e
pod=$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}')
kubectl exec "$pod" -- rm -f /www/ready
