#!/bin/sh
kubectl delete endpointslice external-service --ignore-not-found
