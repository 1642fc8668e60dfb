#!/bin/sh
kubectl delete ingress catch-all --ignore-not-found --wait=true
