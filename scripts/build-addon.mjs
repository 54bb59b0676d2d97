#!/usr/bin/env node
// build-addon.mjs - build tcpdoctor's optional netlink addon (native/) with npm's bundled node-gyp.
//
//   node scripts/build-addon.mjs            the package's "install" script: never fails the install
//   node scripts/build-addon.mjs --strict   exit 1 when the addon cannot be built (CI, benchmarks)
//
// Without the addon tcpdoctor reads /proc/net/tcp{,6} instead: same counts, slower on hosts with
// many sockets (docs/netlink.md). binding.gyp lives in native/, not at the package root, because a
// root binding.gyp makes npm run an implicit `node-gyp rebuild` whose failure fails the install.
//
// Environment: TCPDOCTOR_SKIP_NATIVE=1 skips the build; CC picks the compiler (default cc).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE = join(ROOT, 'native');
const ADDON = join(NATIVE, 'build', 'Release', 'tcpdoctor_diag.node');
const strict = process.argv.includes('--strict');
const TIMEOUT_MS = 300_000;
// The running Node's installation prefix (/usr for distribution and nodesource packages).
const PREFIX = resolve(dirname(process.execPath), '..');

function done(ok, reason) {
  if (ok) {
    console.log(`tcpdoctor: netlink addon built (${ADDON.slice(ROOT.length + 1)})`);
    process.exit(0);
  }
  const msg =
    `tcpdoctor: netlink addon not built: ${reason}. tcpdoctor works without it and reads ` +
    '/proc/net/tcp{,6} instead (same counts, slower on busy hosts). To build it later: install a C ' +
    'compiler, make and python3, then run `npm rebuild tcpdoctor`.';
  console.warn(msg);
  process.exit(strict ? 1 : 0);
}

if (process.env.TCPDOCTOR_SKIP_NATIVE === '1') done(false, 'TCPDOCTOR_SKIP_NATIVE=1');
if (process.platform !== 'linux')
  done(false, `netlink sock_diag is Linux-only (this is ${process.platform})`);

const missing = [
  [process.env.CC || 'cc', ['--version'], 'a C compiler (cc)'],
  ['make', ['--version'], 'make'],
  [process.env.PYTHON || 'python3', ['--version'], 'python3 (for node-gyp)'],
]
  .filter(([cmd, args]) => spawnSync(cmd, args, { stdio: 'ignore' }).status !== 0)
  .map(([, , what]) => what);
if (missing.length > 0) done(false, `${missing.join(', ')} not found`);

const nodeGyp = findNodeGyp();
if (!nodeGyp) done(false, "npm's bundled node-gyp was not found");

const args = [nodeGyp, 'rebuild', `--directory=${NATIVE}`, '--loglevel=warn'];
// Headers of the running Node, where the distribution installed them (nodesource, nvm, official
// tarballs): no download needed. Otherwise node-gyp fetches them (needs network).
if (existsSync(join(PREFIX, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${PREFIX}`);

const r = spawnSync(process.execPath, args, { cwd: NATIVE, encoding: 'utf8', timeout: TIMEOUT_MS });
if (r.status !== 0 || !existsSync(ADDON)) {
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-12).join('\n');
  if (output) console.warn(output);
  done(false, r.error ? `node-gyp did not run (${r.error.message})` : `node-gyp exited with ${r.status}`);
}

// Load it once: a binary that builds but cannot load is no better than none.
try {
  const addon = createRequire(import.meta.url)(ADDON);
  if (typeof addon.dump !== 'function') throw new Error('no dump() export');
} catch (err) {
  done(false, `the built addon does not load (${err instanceof Error ? err.message : String(err)})`);
}
done(true);

// --- internal ---

/** npm sets npm_config_node_gyp for lifecycle scripts; otherwise look beside the running npm. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath &&
      join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(PREFIX, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((p) => p && existsSync(p));
}
