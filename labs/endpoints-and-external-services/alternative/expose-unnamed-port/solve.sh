#!/bin/sh
# kubectl expose copies the Deployment's selector; its one port stays unnamed.
set -e
kubectl expose deployment kubia --port=80 --target-port=8080
