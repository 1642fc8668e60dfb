#!/bin/sh
# Back to the step's starting state: a ClusterIP Service (its node port goes with it).
kubectl patch service frontend -p '{"spec":{"type":"ClusterIP"}}'
