#!/bin/sh
# Back to the Deployment as setup made it (replace, so the patched probe goes too).
kubectl replace -f - <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      terminationGracePeriodSeconds: 2
      containers:
        - name: web
          image: busybox:latest
          imagePullPolicy: IfNotPresent
          command:
            - sh
            - -c
            - |
              mkdir -p /www
              echo "You've hit $HOSTNAME" > /www/index.html
              echo ok > /www/ready
              exec httpd -f -p 8080 -h /www
          ports:
            - containerPort: 8080
YAML
kubectl rollout status deployment web --timeout=120s
