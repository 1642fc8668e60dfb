#!/bin/sh
# The same kind of Service, made imperatively from the Deployment's selector. Through
# apply, so it also holds when the step's own command already created the Service.
set -e
kubectl expose deployment kubia --name=kubia-exposed --port=80 --target-port=8080 \
  --dry-run=client -o yaml | kubectl apply -f -
