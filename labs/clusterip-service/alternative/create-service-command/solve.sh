#!/bin/sh
# kubectl create service clusterip selects app=<name>, here app=kubia, and names the port 80-8080.
set -e
kubectl create service clusterip kubia --tcp=80:8080
