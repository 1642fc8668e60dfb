#!/bin/sh
kubectl delete service kubia --ignore-not-found --wait=true
