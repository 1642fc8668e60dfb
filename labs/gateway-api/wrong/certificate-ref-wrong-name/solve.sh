#!/bin/sh
# The Secret is kubia-tls, the listener names kubia-cert: the listener cannot be
# programmed, and Traefik answers on 443 with its default certificate.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=kubia.example.com" -addext "subjectAltName=DNS:kubia.example.com" 2>/dev/null
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key
sed 's/name: kubia-tls/name: kubia-cert/' <<'YAML' | kubectl apply -f -
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
