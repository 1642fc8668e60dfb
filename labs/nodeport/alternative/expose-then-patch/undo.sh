#!/bin/sh
kubectl delete service kubia-nodeport --ignore-not-found --wait=true
