#!/bin/sh
kubectl delete service kubia-headless --ignore-not-found --wait=true
