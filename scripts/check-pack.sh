#!/usr/bin/env bash
# The package as a user installs it, without a compiler's help: pack it (prepack builds and bundles),
# install the tarball with --ignore-scripts into an empty project (so the netlink addon is not
# built), and check that tcpdoctor falls back to /proc, says why, and that forcing netlink is exit 5.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$repo"
npm pack --silent --pack-destination "$tmp" >/dev/null
mkdir "$tmp/app"
cd "$tmp/app"
npm init -y >/dev/null
npm install --silent --ignore-scripts --no-audit --no-fund "$tmp"/tcpdoctor-*.tgz
test ! -e node_modules/tcpdoctor/native/build || { echo "check-pack: the addon was built despite --ignore-scripts"; exit 1; }
node_modules/.bin/tcpdoctor --json --live | node -e '
  const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
  if (j.source.kind !== "proc" || !/not built/.test(j.source.fallbackReason ?? "")) {
    console.error("check-pack: expected the /proc fallback with its reason, got", JSON.stringify(j.source));
    process.exit(1);
  }
  console.log("check-pack: installed without the addon, census from /proc (" + j.total + " sockets): " + j.source.fallbackReason);
'
set +e
node_modules/.bin/tcpdoctor --live --source netlink >/dev/null 2>&1
code=$?
set -e
test "$code" -eq 5 || { echo "check-pack: --source netlink without the addon exited $code, not 5"; exit 1; }
cd "$repo"
echo "check-pack: ok"
