#!/bin/sh
# Scaling alone is enough for five endpoints; deleting the pods first is the lesson's
# demonstration, not a requirement.
set -e
kubectl scale deployment kubia --replicas=5
kubectl rollout status deployment kubia --timeout=120s
