#!/usr/bin/env bash
# Usage: scripts/with-node.sh <major | exact version> <command...>
# Runs <command> with the newest Node <major> (or exactly 20.0.0, say) first on PATH, so `npm test` can be run on every Node the
# package supports (engines). The binary comes from the npm registry's node-<os>-<arch> package (the one the
# `node` package installs), unpacked without install scripts, and is cached in .cache/node-<major>/.
set -euo pipefail

if [ $# -lt 2 ] || ! [[ $1 =~ ^[0-9]+(\.[0-9]+){0,2}$ ]]; then
  echo "usage: $0 <node-major | version> <command...>   e.g. $0 24 npm test" >&2
  exit 2
fi
major=$1
shift

root=$(cd "$(dirname "$0")/.." && pwd)
dir="$root/.cache/node-$major"

case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "with-node: no node-<os>-<arch> package for $(uname -s)" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "with-node: no node-<os>-<arch> package for $(uname -m)" >&2; exit 1 ;;
esac

if [ ! -x "$dir/bin/node" ]; then
  mkdir -p "$root/.cache"
  tmp=$(mktemp -d "$root/.cache/.node-$major.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "with-node: fetching node-$os-$arch@$major from the npm registry into .cache/node-$major" >&2
  # npm pack checks the tarball against the registry's integrity hash; nothing from it is executed here.
  tarball=$(cd "$tmp" && npm pack --silent "node-$os-$arch@$major")
  mkdir "$tmp/unpacked"
  tar xzf "$tmp/$tarball" -C "$tmp/unpacked" --strip-components=1
  "$tmp/unpacked/bin/node" --version >/dev/null
  # A concurrent run that got there first wins, and this copy is dropped.
  [ -e "$dir" ] || mv "$tmp/unpacked" "$dir" 2>/dev/null || true
fi
if [ ! -x "$dir/bin/node" ]; then
  echo "with-node: $dir/bin/node is missing; delete $dir and retry" >&2
  exit 1
fi

export PATH="$dir/bin:$PATH"
echo "with-node: $(node --version) ($dir/bin/node)" >&2
exec "$@"
