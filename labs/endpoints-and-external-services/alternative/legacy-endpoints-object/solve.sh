#!/bin/sh
# The older way: a v1 Endpoints object named after the Service (deprecated since
# Kubernetes 1.33 in favour of EndpointSlices, still served; the EndpointSlice mirroring
# controller copies it into a slice for kube-proxy).
set -e
ip=$(kubectl get pod outside-server -o jsonpath='{.status.podIP}')
kubectl apply -f - <<YAML
apiVersion: v1
kind: Service
metadata:
  name: external-service
spec:
  ports:
    - name: http
      port: 80
---
apiVersion: v1
kind: Endpoints
metadata:
  name: external-service
subsets:
  - addresses:
      - ip: "$ip"
    ports:
      - name: http
        port: 8080
YAML
