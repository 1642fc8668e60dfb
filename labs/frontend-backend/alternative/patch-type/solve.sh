#!/bin/sh
# The existing Service's type patched, instead of an edited manifest.
set -e
kubectl patch service frontend -p '{"spec":{"type":"LoadBalancer"}}'
