#!/bin/sh
# kubectl create service externalname instead of a manifest.
set -e
kubectl create service externalname external-kubia --external-name=kubia.default.svc.cluster.local
