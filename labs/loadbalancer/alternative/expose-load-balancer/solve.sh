#!/bin/sh
# kubectl expose --type=LoadBalancer instead of a manifest.
set -e
kubectl expose deployment kubia --name=kubia-lb --type=LoadBalancer --port=80 --target-port=8080
