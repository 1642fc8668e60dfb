#!/bin/sh
# Back to the step's starting state: no affinity.
kubectl patch service kubia -p '{"spec":{"sessionAffinity":"None","sessionAffinityConfig":null}}'
