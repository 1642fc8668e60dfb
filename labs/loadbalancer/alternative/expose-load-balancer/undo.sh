#!/bin/sh
kubectl delete service kubia-lb --ignore-not-found --wait=true
