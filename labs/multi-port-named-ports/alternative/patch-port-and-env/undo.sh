#!/bin/sh
# Back to the previous revision (port 8080, no PORT), as it was before this answer.
kubectl rollout undo deployment kubia
kubectl rollout status deployment kubia --timeout=180s
