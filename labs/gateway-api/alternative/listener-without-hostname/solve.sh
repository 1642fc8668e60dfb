#!/bin/sh
# An HTTPS listener without a hostname: it serves every host, so route kubia attaches to
# it (and route apps too); SNI still picks the certificate.
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
    - name: http
      protocol: HTTP
      port: 80
    - name: https
      protocol: HTTPS
      port: 443
      tls:
        mode: Terminate
        certificateRefs:
          - name: kubia-tls
YAML
