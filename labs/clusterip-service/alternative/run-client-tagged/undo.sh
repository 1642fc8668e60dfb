#!/bin/sh
kubectl delete pod client --ignore-not-found --grace-period=1 --wait=true
