#!/bin/sh
kubectl delete service kubia-exposed --ignore-not-found
