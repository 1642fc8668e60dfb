#!/bin/sh
# Put the file back in every web pod (the ready one has it already), then wait for both
# to pass their probe.
set -e
for pod in $(kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.name}'); do
  kubectl exec "$pod" -- sh -c 'echo ok > /www/ready'
done
kubectl wait pod -l app=web --for=condition=Ready --timeout=30s
