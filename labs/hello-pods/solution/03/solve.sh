# Left running in the background, as a learner leaves it running in a second terminal.
# Output goes to a file so the exec that started it can end. When the step's own commands
# already started a forward on 8888, that one is kept.
curl -s -o /dev/null --max-time 2 http://localhost:8888/ && exit 0
setsid nohup kubectl port-forward pod/hello 8888:8080 >/tmp/forward-8888.log 2>&1 </dev/null &
for _ in 1 2 3 4 5 6 7 8 9 10; do
  grep -q "Forwarding from" /tmp/forward-8888.log 2>/dev/null && exit 0
  sleep 1
done
cat /tmp/forward-8888.log >&2
exit 1
