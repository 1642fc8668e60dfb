#!/bin/sh
# "local" in lower case: the API server accepts only Cluster or Local and rejects it.
kubectl patch service kubia-nodeport -p '{"spec":{"externalTrafficPolicy":"local"}}' || true
