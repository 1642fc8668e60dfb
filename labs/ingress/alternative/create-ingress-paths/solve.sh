#!/bin/sh
# kubectl create ingress: /kubia* is a Prefix path, / without * is an Exact one.
set -e
kubectl create ingress apps \
  --rule='apps.example.com/kubia*=kubia:80' \
  --rule='apps.example.com/=nginx:80'
