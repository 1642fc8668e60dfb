#!/bin/sh
kubectl delete service backend --ignore-not-found --wait=true
kubectl delete deployment backend --ignore-not-found --cascade=foreground --wait=true
kubectl wait --for=delete pod -l app=backend --timeout=90s 2>/dev/null
exit 0
