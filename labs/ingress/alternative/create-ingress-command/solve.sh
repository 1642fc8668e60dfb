#!/bin/sh
# kubectl create ingress: a rule path ending in * becomes pathType Prefix.
set -e
kubectl create ingress kubia --rule='kubia.example.com/*=kubia:80'
