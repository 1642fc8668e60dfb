#!/bin/sh
# kubectl expose copies the Deployment's selector; --cluster-ip=None makes it headless.
set -e
kubectl expose deployment kubia --name=kubia-headless --cluster-ip=None --port=80 --target-port=8080
