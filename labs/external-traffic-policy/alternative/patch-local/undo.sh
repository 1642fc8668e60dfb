#!/bin/sh
kubectl patch service kubia-nodeport -p '{"spec":{"externalTrafficPolicy":"Cluster"}}'
