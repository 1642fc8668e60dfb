#!/bin/sh
# Only the declared containerPort changes; the server still listens on 8080, so the
# readiness probe on the http port (now 9090) fails and the rollout stalls.
kubectl patch deployment kubia --type=json \
  -p='[{"op":"replace","path":"/spec/template/spec/containers/0/ports/0/containerPort","value":9090}]'
