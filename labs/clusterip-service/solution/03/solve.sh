#!/bin/sh
# The same kind of Service, made imperatively from the Deployment's selector.
set -e
kubectl expose deployment kubia --name=kubia-exposed --port=80 --target-port=8080
