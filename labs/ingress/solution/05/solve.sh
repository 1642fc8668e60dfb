#!/bin/sh
# A self-signed certificate for kubia.example.com, stored as a TLS Secret.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 \
  -keyout tls.key -out tls.crt \
  -subj "/CN=kubia.example.com" -addext "subjectAltName=DNS:kubia.example.com" 2>/dev/null
# Safe to repeat (the step's own commands may have made the Secret already).
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key --dry-run=client -o yaml |
  kubectl apply -f -
