#!/usr/bin/env bash
# Idempotent, offline-friendly install of code-server (VS Code web + remote Node extension host)
# from the npm registry, for end-to-end tests of a VS Code extension.
#
# Usage: bash test/harness/setup.sh [DEST]   (DEST defaults to <repo>/.test-cache/code-server, gitignored)
#        FORCE=1 bash test/harness/setup.sh  (redo every step even if DEST verifies)
# Used by test/extension/run.js, test/e2e/run.js and test/package/run.js (each calls it; 1 s when done).
# Adapted from the project's offline e2e research (shared/testing-offline/setup.sh).
#
# Why not code-server's own postinstall: it runs `npm install` for lib/vscode WITH scripts, and
# @vscode/ripgrep's postinstall downloads rg from GitHub (no internet here). So everything is
# installed with --ignore-scripts, the native modules are rebuilt explicitly with node-gyp
# (needs Node 20 headers, found through nodedir or node-gyp's cache), rg comes from Debian,
# and the symlinks the postinstall would make are made by hand.
set -Eeuo pipefail

CS_VERSION="${CS_VERSION:-4.100.3}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DEST="${1:-${CODE_SERVER_DIR:-$REPO/.test-cache/code-server}}"
mkdir -p "$DEST"
DEST="$(cd "$DEST" && pwd)"
LOGS="$DEST/setup-logs"
mkdir -p "$LOGS"
CS="$DEST/node_modules/code-server"
VS="$CS/lib/vscode"
STAMP="$DEST/.setup-ok-$CS_VERSION"
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp must build against the local Node headers; it cannot download them (no internet).
# This machine's npm already has nodedir=/usr in ~/.npmrc; make it explicit for other setups.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ] && [ -z "$(npm config get nodedir 2>/dev/null | grep -v undefined)" ]; then
  export npm_config_nodedir=/usr
fi

T0=$SECONDS
# Two test layers (or two helpers) may call this at once: one installs, the other waits.
exec 9>"$DEST/.setup.lock"
if command -v flock >/dev/null; then flock 9; fi
CURRENT_STEP="init"
on_err() {
  local rc=$?
  echo "setup.sh: FAILED (exit $rc) in step: $CURRENT_STEP" >&2
  if [ -f "$LOGS/$CURRENT_STEP.log" ]; then
    echo "---- last 40 lines of $LOGS/$CURRENT_STEP.log ----" >&2
    tail -n 40 "$LOGS/$CURRENT_STEP.log" >&2
  fi
  exit "$rc"
}
trap on_err ERR

# step NAME CMD...  -> runs CMD with output in $LOGS/NAME.log, prints its duration
step() {
  CURRENT_STEP="$1"; shift
  local t=$SECONDS
  "$@" >"$LOGS/$CURRENT_STEP.log" 2>&1
  echo "  [$(printf '%4ss' $((SECONDS - t)))] $CURRENT_STEP"
}

NATIVE_VSCODE=(kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid)

verify() {
  # Every native module code-server's server / extension host loads, plus rg and the CLI itself.
  (cd "$VS" && node -e '
    for (const m of ["kerberos","node-pty","@parcel/watcher","@vscode/spdlog","native-watchdog","@vscode/deviceid"]) require(m);
  ') &&
  (cd "$CS" && node -e 'require("argon2")') &&
  "$VS/node_modules/@vscode/ripgrep/bin/rg" --version >/dev/null &&
  [ -L "$VS/node_modules.asar" ] && [ -e "$VS/bin/remote-cli/code-server" ] && [ -e "$VS/bin/helpers/browser.sh" ] &&
  [ -d "$VS/extensions/node_modules" ] &&
  node "$CS/out/node/entry.js" --version | grep -q "^$CS_VERSION "
}

echo "setup.sh: code-server $CS_VERSION into $DEST"

NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$NODE_MAJOR" != 20 ]; then
  echo "setup.sh: code-server $CS_VERSION needs Node 20, found $(node -v)" >&2
  exit 1
fi

if [ -z "${FORCE:-}" ] && [ -f "$STAMP" ] && verify >/dev/null 2>&1; then
  echo "setup.sh: already installed and verified ($STAMP); FORCE=1 to redo. ($((SECONDS - T0))s)"
  exit 0
fi

# 1. Debian packages: headers for the native modules, ripgrep, and the browser Playwright drives.
APT_PKGS=(build-essential python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" != 0 ]; then
  echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
  echo "  Not root, so they cannot be installed here. Run as root (or ask an admin):" >&2
  echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  echo "  then run this script again. (chromium is only needed by the UI e2e test.)" >&2
  exit 1
fi
if [ "${#missing[@]}" -gt 0 ]; then
  apt_install() { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"; }
  step apt apt_install
else
  echo "  [   0s] apt (all present)"
fi

# 2. code-server itself, scripts off. A package.json in DEST stops npm from walking up to a parent project.
[ -f "$DEST/package.json" ] || echo '{ "name": "code-server-e2e-install", "private": true }' >"$DEST/package.json"
step npm-code-server bash -c "cd '$DEST' && npm install --ignore-scripts --no-package-lock --save-exact code-server@$CS_VERSION"

# 3. VS Code's own runtime dependencies (what postinstall.sh would install), scripts off.
step npm-vscode bash -c "cd '$VS' && npm install --omit=dev --ignore-scripts"

# 4. Build the native modules against this Node (node-gyp; no prebuilt download needed).
step rebuild-vscode-native bash -c "cd '$VS' && npm rebuild ${NATIVE_VSCODE[*]}"

# 5. ripgrep: @vscode/ripgrep's postinstall would download it from GitHub; use Debian's.
copy_rg() { mkdir -p "$VS/node_modules/@vscode/ripgrep/bin" && cp -f "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"; }
step ripgrep copy_rg

# 6. The symlinks code-server's postinstall.sh makes.
links() {
  ln -sfn node_modules "$VS/node_modules.asar"
  (cd "$VS/bin/remote-cli" && ln -sfn code-linux.sh code-server)
  (cd "$VS/bin/helpers" && ln -sfn browser-linux.sh browser.sh)
}
step symlinks links

# 7. Dependencies of the built-in extensions (the postinstall's second npm install).
step npm-builtin-extensions bash -c "cd '$VS/extensions' && npm install --omit=dev --ignore-scripts"

# 8. code-server's own native module (password hashing; loaded at startup even with --auth none).
# argon2 is hoisted to DEST/node_modules, so rebuild from DEST (from $CS npm finds nothing to rebuild).
step rebuild-argon2 bash -c "cd '$DEST' && npm rebuild argon2"

# 9. Verify every native module loads and the CLI runs.
CURRENT_STEP=verify
if ! verify; then
  echo "setup.sh: verification failed (a native module does not load, or a link/binary is missing)" >&2
  exit 1
fi
echo "  verify: native modules load, rg runs, $(node "$CS/out/node/entry.js" --version | head -1)"
date -u +%FT%TZ >"$STAMP"
echo "setup.sh: done in $((SECONDS - T0))s. Binary: node $CS/out/node/entry.js"
