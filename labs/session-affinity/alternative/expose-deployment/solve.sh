#!/bin/sh
# kubectl expose copies the Deployment's selector (app=kubia).
set -e
kubectl expose deployment kubia --port=80 --target-port=8080
