#!/bin/sh
# The pod made imperatively: kubectl run declares the container port with --port.
set -e
kubectl run kubia-manual --image=kindling/kubia:v1 --port=8080
kubectl wait --for=condition=Ready pod/kubia-manual --timeout=60s
