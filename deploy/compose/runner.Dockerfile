# The runner: the app image plus a docker CLI, which the runner uses to seed the clusters'
# image mirror (`docker push`). It drives the host's engine through the mounted socket.
FROM kindling/compose-app:local
COPY docker /usr/local/bin/docker
CMD ["runner"]
