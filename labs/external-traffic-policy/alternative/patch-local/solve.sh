#!/bin/sh
# kubectl patch instead of an edited manifest.
set -e
kubectl patch service kubia-nodeport -p '{"spec":{"externalTrafficPolicy":"Local"}}'
