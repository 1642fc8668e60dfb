#!/bin/sh
# The Secret is kubia-tls, the Ingress names kubia-cert: the controller has no certificate
# for the host and falls back to its default one.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=kubia.example.com" -addext "subjectAltName=DNS:kubia.example.com" 2>/dev/null
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key
kubectl patch ingress kubia --type=merge \
  -p '{"spec":{"tls":[{"hosts":["kubia.example.com"],"secretName":"kubia-cert"}]}}'
