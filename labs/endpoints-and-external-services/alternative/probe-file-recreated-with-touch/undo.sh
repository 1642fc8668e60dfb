#!/bin/sh
# Take the same pod out of service again: the state the step starts from.
pod=$(cat /tmp/unready-web-pod)
kubectl exec "$pod" -- rm -f /www/ready
kubectl wait "pod/$pod" --for=condition=Ready=false --timeout=30s
