#!/bin/sh
# Two ports without names: the API server rejects the Service, nothing is created.
kubectl apply -f - <<'YAML' || true
apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  selector:
    app: kubia
  ports:
    - port: 80
      targetPort: http
    - port: 443
      targetPort: https
YAML
