#!/bin/sh
# The hostless rule appended to Ingress kubia instead of a new Ingress: rules with a host
# still win for their host, whatever the order.
set -e
kubectl patch ingress kubia --type=json -p '[{"op":"add","path":"/spec/rules/-","value":
  {"http":{"paths":[{"path":"/","pathType":"Prefix",
  "backend":{"service":{"name":"nginx","port":{"number":80}}}}]}}}]'
