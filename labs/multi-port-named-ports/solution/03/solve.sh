#!/bin/sh
# Wait for the rollout to replace every pod.
kubectl rollout status deployment kubia --timeout=180s
