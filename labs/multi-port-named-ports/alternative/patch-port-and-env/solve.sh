#!/bin/sh
# One JSON patch (one rollout) sets PORT and the declared port together, instead of an
# edited manifest.
set -e
kubectl patch deployment kubia --type=json -p='[
  {"op":"add","path":"/spec/template/spec/containers/0/env","value":[{"name":"PORT","value":"9090"}]},
  {"op":"replace","path":"/spec/template/spec/containers/0/ports/0/containerPort","value":9090}
]'
kubectl rollout status deployment kubia --timeout=180s
