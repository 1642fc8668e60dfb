#!/bin/sh
# kubectl expose with --type=NodePort and no node port: Kubernetes picks one.
set -e
kubectl expose deployment kubia --name=kubia-auto --type=NodePort --port=80 --target-port=8080
