#!/bin/sh
kubectl delete deployment kubia --ignore-not-found --cascade=foreground --wait=true
kubectl wait --for=delete pod -l app=kubia --timeout=90s 2>/dev/null
exit 0
