#!/bin/sh
# The existing Service's type patched, instead of an edited manifest. (lab test removes the
# known-wrong answer proved before this one by deleting Service frontend; a learner has the
# ClusterIP Service of the previous step here, so make that first when it is missing.)
set -e
kubectl get service frontend >/dev/null 2>&1 ||
  kubectl expose deployment frontend --name=frontend --port=80 --target-port=80
kubectl patch service frontend -p '{"spec":{"type":"LoadBalancer"}}'
