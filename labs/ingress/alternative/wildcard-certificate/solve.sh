#!/bin/sh
# A wildcard certificate (*.example.com covers kubia.example.com), and kubectl patch
# instead of an edited manifest.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=*.example.com" -addext "subjectAltName=DNS:*.example.com" 2>/dev/null
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key
kubectl patch ingress kubia --type=merge \
  -p '{"spec":{"tls":[{"hosts":["kubia.example.com"],"secretName":"kubia-tls"}]}}'
