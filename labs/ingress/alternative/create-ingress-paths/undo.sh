#!/bin/sh
kubectl delete ingress apps --ignore-not-found --wait=true
