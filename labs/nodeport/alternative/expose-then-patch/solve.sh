#!/bin/sh
# kubectl expose has no flag for the node port: expose, then patch the port it chose.
set -e
kubectl expose deployment kubia --name=kubia-nodeport --type=NodePort --port=80 --target-port=8080
kubectl patch service kubia-nodeport --type=json \
  -p='[{"op":"replace","path":"/spec/ports/0/nodePort","value":30123}]'
