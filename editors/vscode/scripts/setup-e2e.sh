#!/usr/bin/env bash
# Installs what the VS Code extension's tests need on a Debian machine, skipping what is already there:
# Debian packages, the extension's npm packages (npm ci), and code-server into a cache outside the repo.
# Offline-friendly: only the npm registry and Debian mirrors are used.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3  # VS Code 1.100.3; the extension's engines.vscode must stay at or below it
CODE_SERVER_DIR="${BITE_CODE_SERVER_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bite/code-server-$CODE_SERVER_VERSION}"
# code-server's own lib/vscode pins @vscode/ripgrep 1.15.11, whose postinstall downloads ripgrep v13.0.0-10
# from GitHub unless this file is in its cache (os.tmpdir()/vscode-ripgrep-cache-<package version>/).
RIPGREP_PACKAGE=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
EXTENSION_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# code-server 4.100 runs on node 20 only (its postinstall refuses others); Debian 12's own nodejs is 18.
node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || true)"
if [ "$node_major" != 20 ] || ! command -v npm >/dev/null; then
  echo "setup-e2e.sh needs node 20 and npm (found node ${node_major:-none}); install them first" >&2
  exit 1
fi

# --- Debian packages: only the missing ones ------------------------------------------------------
packages=(chromium ripgrep libkrb5-dev libsecret-1-dev libxkbfile-dev pkg-config build-essential python3)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  echo "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Native modules build against the installed node's headers instead of downloading them.
if [ -f /usr/include/node/node_version.h ]; then export npm_config_nodedir=/usr; fi

# --- the extension's own packages (esbuild, vsce, languageclient, playwright-core) -------------------
lock_hash="$(sha256sum "$EXTENSION_DIR/package-lock.json" | cut -d' ' -f1)"
if [ "$(cat "$EXTENSION_DIR/node_modules/.lock-hash" 2>/dev/null)" != "$lock_hash" ]; then
  echo "npm ci in $EXTENSION_DIR"
  (cd "$EXTENSION_DIR" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > "$EXTENSION_DIR/node_modules/.lock-hash"
fi

# --- code-server ------------------------------------------------------------------------------------
CODE_SERVER="$CODE_SERVER_DIR/node_modules/.bin/code-server"
if [ ! -x "$CODE_SERVER" ]; then
  echo "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_DIR (builds native modules: minutes)"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE" "$work/rg"
  cp "$(command -v rg)" "$work/rg/rg"
  tar czf "$work/tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE/$RIPGREP_ASSET" -C "$work/rg" rg
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  echo '{"private": true}' > "$CODE_SERVER_DIR/package.json"
  # TMPDIR: where the ripgrep postinstall looks for its cache. yes: node-pty's build runs npx without a prompt.
  # unsafe-perm: code-server's postinstall refuses to run as root without it.
  # dangerously_allow_all_scripts: npm 11 blocks dependency install scripts unless allowed; code-server
  # and its nested lib/vscode install need theirs (native modules, bin links).
  # A local install, not --global: the nested installs inherit npm's settings, and a global one makes them
  # ignore code-server's shrinkwrap.
  (cd "$CODE_SERVER_DIR" && TMPDIR="$work/tmp" npm_config_yes=true npm_config_unsafe_perm=true \
    npm_config_dangerously_allow_all_scripts=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  XDG_CONFIG_HOME="$work" "$CODE_SERVER" --version  # it writes a default config file: not into ~/.config
fi
echo "e2e setup ready: code-server at $CODE_SERVER, chromium at $(command -v chromium)"
