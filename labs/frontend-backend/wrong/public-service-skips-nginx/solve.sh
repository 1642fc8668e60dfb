#!/bin/sh
# The shortcut: Service frontend made a LoadBalancer that selects the backend pods. Its
# targetPort is the name http, which the backend's container port has too, so the external
# IP answers with the backend's answers — without nginx in the path.
set -e
kubectl get service frontend >/dev/null 2>&1 ||
  kubectl expose deployment frontend --name=frontend --port=80 --target-port=80
kubectl patch service frontend -p '{"spec":{"type":"LoadBalancer","selector":{"app":"backend"}}}'
