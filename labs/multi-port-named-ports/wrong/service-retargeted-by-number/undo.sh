#!/bin/sh
# Back to the step's starting state: the previous revision, and the Service by name.
kubectl rollout undo deployment kubia
kubectl patch service kubia --type=json \
  -p='[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]'
kubectl rollout status deployment kubia --timeout=180s
