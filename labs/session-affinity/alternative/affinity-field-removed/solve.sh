#!/bin/sh
# Removing the field instead of setting None: the API server defaults it to None.
set -e
kubectl patch service kubia -p '{"spec":{"sessionAffinity":null,"sessionAffinityConfig":null}}'
