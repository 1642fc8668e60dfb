#!/bin/sh
kubectl delete endpointslice external-service-1 --ignore-not-found
