#!/bin/sh
# The port moved in the Deployment, and the Service's http targetPort changed to the number
# 9090 as well: it works, but the Service was touched — the step is about not needing to.
set -e
kubectl patch deployment kubia --type=json -p='[
  {"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"PORT","value":"9090"}]},
  {"op":"replace","path":"/spec/template/spec/containers/0/ports/0/containerPort","value":9090}
]'
kubectl patch service kubia --type=json \
  -p='[{"op":"replace","path":"/spec/ports/0/targetPort","value":9090}]'
kubectl rollout status deployment kubia --timeout=180s
