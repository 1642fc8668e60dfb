#!/bin/sh
kubectl delete ingress kubia --ignore-not-found --wait=true
