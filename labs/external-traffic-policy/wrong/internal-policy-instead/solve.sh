#!/bin/sh
# internalTrafficPolicy governs traffic from inside the cluster; outside clients still
# get Cluster behaviour.
kubectl patch service kubia-nodeport -p '{"spec":{"internalTrafficPolicy":"Local"}}'
