#!/bin/sh
# Back to the step's starting state: three replicas.
kubectl scale deployment kubia --replicas=3
kubectl rollout status deployment kubia --timeout=120s
