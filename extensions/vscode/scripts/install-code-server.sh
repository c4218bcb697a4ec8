#!/bin/sh
# Installs code-server 4.100.3 (VS Code 1.100.3, the last line that runs on Node 20) into a
# git-ignored cache folder, offline-safe: code-server's own scripts download ripgrep/argon2 from
# GitHub, so they are skipped and the native modules are rebuilt from source against local headers.
# Usage: install-code-server.sh <dir>   (no-op when <dir>/node_modules/.bin/code-server exists)
set -eu
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
D="$1"
if [ -x "$D/node_modules/.bin/code-server" ] && [ -f "$D/.complete" ]; then exit 0; fi
command -v rg >/dev/null || { echo "ripgrep missing: apt-get install -y ripgrep libkrb5-dev chromium" >&2; exit 1; }
mkdir -p "$D" && cd "$D"
echo '{"name":"code-server-host","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts --no-package-lock code-server@4.100.3
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
