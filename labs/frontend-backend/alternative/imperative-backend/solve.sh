#!/bin/sh
# All by command: create the Deployment, add the readiness probe, expose it.
set -e
kubectl create deployment backend --image=kindling/kubia:v1 --replicas=3 --port=8080
kubectl set probe deployment backend --readiness --get-url=http://:8080/healthz
kubectl expose deployment backend --port=80 --target-port=8080
kubectl rollout status deployment backend --timeout=120s
