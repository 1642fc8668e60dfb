#!/bin/sh
# kubectl run, with the image's tag spelt out (busybox:latest is the same image as busybox).
set -e
kubectl run client --image=busybox:latest --restart=Never --command -- sleep 86400
kubectl wait --for=condition=Ready pod/client --timeout=60s
