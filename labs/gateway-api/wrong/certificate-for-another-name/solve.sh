#!/bin/sh
# The certificate was made for another name (a copied command): the listener is fine, but
# no certificate matches kubia.example.com, so the default one is served.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=www.example.com" -addext "subjectAltName=DNS:www.example.com" 2>/dev/null
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
      hostname: kubia.example.com
      tls:
        mode: Terminate
        certificateRefs:
          - name: kubia-tls
YAML
