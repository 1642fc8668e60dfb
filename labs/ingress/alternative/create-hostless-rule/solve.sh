#!/bin/sh
# kubectl create ingress with a rule that starts with its path: no host, every host.
set -e
kubectl create ingress catch-all --rule='/*=nginx:80'
