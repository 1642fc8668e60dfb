#!/bin/sh
# The HTTP listener replaced by the HTTPS one instead of kept beside it: HTTPS works for
# kubia.example.com, and plain HTTP — kubia's and every route of apps — no longer does.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=kubia.example.com" -addext "subjectAltName=DNS:kubia.example.com" 2>/dev/null
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key
kubectl apply -f - <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: kindling
spec:
  gatewayClassName: traefik
  listeners:
    - name: https
      protocol: HTTPS
      port: 443
      hostname: kubia.example.com
      tls:
        mode: Terminate
        certificateRefs:
          - name: kubia-tls
YAML
