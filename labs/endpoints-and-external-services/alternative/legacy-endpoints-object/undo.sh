#!/bin/sh
kubectl delete endpoints external-service --ignore-not-found --wait=true
kubectl delete service external-service --ignore-not-found --wait=true
