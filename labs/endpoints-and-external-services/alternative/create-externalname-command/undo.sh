#!/bin/sh
kubectl delete service external-kubia --ignore-not-found --wait=true
