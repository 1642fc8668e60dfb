#!/bin/sh
# The listener's hostname is another host: route kubia (kubia.example.com) does not attach
# to it, so HTTPS requests for kubia.example.com match no route (404).
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=kubia.example.com" -addext "subjectAltName=DNS:kubia.example.com" 2>/dev/null
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key
sed 's/hostname: kubia.example.com/hostname: www.example.com/' <<'YAML' | kubectl apply -f -
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
