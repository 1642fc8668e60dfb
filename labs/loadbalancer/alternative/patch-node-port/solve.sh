#!/bin/sh
# A JSON patch of the one port's nodePort instead of an edited manifest.
set -e
kubectl patch service kubia-lb --type=json \
  -p='[{"op":"replace","path":"/spec/ports/0/nodePort","value":30080}]'
