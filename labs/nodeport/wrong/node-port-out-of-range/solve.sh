#!/bin/sh
# nodePort 8080 is outside 30000-32767: the API server rejects the Service, so nothing
# is created. The learner sees the error; the check sees no Service.
kubectl apply -f - <<'YAML' || true
apiVersion: v1
kind: Service
metadata:
  name: kubia-auto
spec:
  type: NodePort
  selector:
    app: kubia
  ports:
    - port: 80
      targetPort: 8080
      nodePort: 8080
YAML
