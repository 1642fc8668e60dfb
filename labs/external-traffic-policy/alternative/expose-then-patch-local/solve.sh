#!/bin/sh
# kubectl expose --type=LoadBalancer, then the policy patched in.
set -e
kubectl expose deployment kubia --name=kubia-lb --type=LoadBalancer --port=80 --target-port=8080
kubectl patch service kubia-lb -p '{"spec":{"externalTrafficPolicy":"Local"}}'
