#!/bin/sh
# The file was edited but the Service applied is the old one: sessionAffinity stays None.
# (Through solve.sh rather than a manifest, so removing this answer leaves Service kubia
# as the previous step made it.)
set -e
kubectl apply -f - <<'YAML'
apiVersion: v1
kind: Service
metadata:
  name: kubia
spec:
  selector:
    app: kubia
  ports:
    - port: 80
      targetPort: 8080
YAML
