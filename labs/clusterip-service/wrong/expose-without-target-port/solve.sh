#!/bin/sh
# --target-port left out: it defaults to --port (80), where kubia does not listen.
kubectl expose deployment kubia --name=kubia-exposed --port=80
