#!/bin/sh
# Back to the step's starting state: the probe on, one pod taken out of service.
set -e
kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","readinessProbe":{"httpGet":{"path":"/ready","port":8080},"periodSeconds":2}}]}}}}'
kubectl rollout status deployment web --timeout=120s
# Old pods may still be terminating: wait until only the two new ones are left.
for i in $(seq 60); do [ "$(kubectl get pods -l app=web --no-headers | wc -l)" -eq 2 ] && break; sleep 1; done
pod=$(kubectl get pods -l app=web --field-selector=status.phase=Running -o jsonpath='{.items[0].metadata.name}')
kubectl exec "$pod" -- rm -f /www/ready
kubectl wait "pod/$pod" --for=condition=Ready=false --timeout=30s
