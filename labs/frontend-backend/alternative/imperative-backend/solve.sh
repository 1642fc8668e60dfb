#!/bin/sh
# By command: create the Deployment, patch the readiness probe in (kubectl has no flag for
# it), expose it.
set -e
kubectl create deployment backend --image=kindling/kubia:v1 --replicas=3 --port=8080
kubectl patch deployment backend --type=json -p='[{"op":"add",
  "path":"/spec/template/spec/containers/0/readinessProbe",
  "value":{"httpGet":{"path":"/healthz","port":8080}}}]'
kubectl expose deployment backend --port=80 --target-port=8080
kubectl rollout status deployment backend --timeout=120s
