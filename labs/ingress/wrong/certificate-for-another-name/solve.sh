#!/bin/sh
# The certificate was made for another name (a copied command): the Ingress and Secret
# are right, but no certificate matches kubia.example.com, so the default one is served.
set -e
cd "$(mktemp -d)"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout tls.key -out tls.crt \
  -subj "/CN=www.example.com" -addext "subjectAltName=DNS:www.example.com" 2>/dev/null
kubectl create secret tls kubia-tls --cert=tls.crt --key=tls.key
kubectl patch ingress kubia --type=merge \
  -p '{"spec":{"tls":[{"hosts":["kubia.example.com"],"secretName":"kubia-tls"}]}}'
