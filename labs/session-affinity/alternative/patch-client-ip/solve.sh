#!/bin/sh
# A patch instead of an edited manifest, with the affinity's time-out spelt out (its
# default is 10800 s).
set -e
kubectl patch service kubia -p '{"spec":{"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":3600}}}}'
