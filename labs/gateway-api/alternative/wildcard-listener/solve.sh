#!/bin/sh
# A wildcard listener (*.example.com) under another name, with a certificate for the
# same wildcard: it covers kubia.example.com.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=*.example.com" -addext "subjectAltName=DNS:*.example.com" 2>/dev/null
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key
kubectl apply -f - <<'YAML'
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: kindling
spec:
  gatewayClassName: traefik
  listeners:
    - name: http
      protocol: HTTP
      port: 80
    - name: websecure
      protocol: HTTPS
      port: 443
      hostname: "*.example.com"
      tls:
        mode: Terminate
        certificateRefs:
          - name: kubia-tls
YAML
