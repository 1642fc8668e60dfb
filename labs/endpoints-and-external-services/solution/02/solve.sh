#!/bin/sh
# The EndpointSlice needs the outside server's address, known only at run time: the same
# slice as external-service-slice.yaml, with the address put in.
set -e
ip=$(kubectl get pod outside-server -o jsonpath='{.status.podIP}')
kubectl apply -f - <<YAML
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: external-service-1
  labels:
    kubernetes.io/service-name: external-service
addressType: IPv4
ports:
  - name: http
    protocol: TCP
    port: 8080
endpoints:
  - addresses: ["$ip"]
    conditions:
      ready: true
YAML
