#!/bin/sh
# Back to the step's starting state: ClientIP affinity, as the previous step left it.
kubectl patch service kubia -p '{"spec":{"sessionAffinity":"ClientIP"}}'
