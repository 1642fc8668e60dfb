# The learner started the forward, then stopped it with Ctrl+C before pressing Check.
timeout 3 kubectl port-forward pod/hello 8888:8080 >/dev/null 2>&1
exit 0
