#!/bin/sh
kubectl delete pod kubia-manual --ignore-not-found --wait=true
