#!/bin/sh
# kubectl create deployment labels the pods app=kubia (the Deployment's name) by itself.
set -e
kubectl create deployment kubia --image=kindling/kubia:v1 --replicas=3 --port=8080
kubectl rollout status deployment kubia --timeout=120s
