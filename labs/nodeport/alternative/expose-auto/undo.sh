#!/bin/sh
kubectl delete service kubia-auto --ignore-not-found --wait=true
