#!/bin/sh
for pod in $(kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.name}'); do
  kubectl exec "$pod" -- sh -c 'echo ok > /www/ready'
done
