#!/bin/sh
# The slice's port has no name, the Service's port is named http: kube-proxy matches
# them by name, so the Service's http port has no endpoint.
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
  - protocol: TCP
    port: 8080
endpoints:
  - addresses: ["$ip"]
    conditions:
      ready: true
YAML
