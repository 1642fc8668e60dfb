#!/bin/sh
# The slice is named after the Service but carries no kubernetes.io/service-name label:
# nothing ties it to external-service.
ip=$(kubectl get pod outside-server -o jsonpath='{.status.podIP}')
kubectl apply -f - <<YAML
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: external-service
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
