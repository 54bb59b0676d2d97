#!/usr/bin/env node
// bundle.mjs - the shipped CLI: the tsc output's CLI entry as one CommonJS file that starts fast.
//
//   npm run build       (tsc, the dashboard assets, then this; also run by prepack)
//
// Node 20 loads an ES module graph file by file through its asynchronous ESM loader (resolve,
// read package.json scopes, compile, link), and importing `node:fs` as an ES module builds a
// facade that reads every export, loading fs streams on the way. Measured on the 2-vCPU VM
// (docs/benchmarks.md): `--version` from the ESM bundle 53 ms at best, from this CommonJS one 41 ms,
// Node's own floor 38 ms. So the bin, dist/cli/tcpdoctor.cjs, is CommonJS: one entry file plus
// lazily required chunks in dist/cli/chunks/ (subcommands stay lazy). Its first statements start
// the census's netlink dump on the addon's helper thread (src/sources/netlink/prefetch.ts), before
// the status chunk loads, so the kernel walks its tables while Node loads the rest.
//
// dist/cli/main.js stays the tsc output (ESM): `node dist/cli/main.js` behaves the same, only starts
// slower; the tests run it. Packages stay packages (installed beside tcpdoctor), except ES-module-only
// ones, which are merged in: require() of an ES module needs Node >= 20.19.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'rolldown';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --dist DIR bundles a copy elsewhere (bench/census.mjs measures a private copy, so that another
// `npm run build` in the same tree cannot swap the CLI under a running benchmark).
const distArg = process.argv.indexOf('--dist');
const DIST =
  distArg > 0 && process.argv[distArg + 1] ? resolve(process.argv[distArg + 1]) : join(ROOT, 'dist');
const MAIN = join(DIST, 'cli', 'main.js');
const BIN = join(DIST, 'cli', 'tcpdoctor.cjs');
const CHUNKS = join(DIST, 'cli', 'chunks');
const TMP = join(DIST, '.bundle');
const ENTRY = join(DIST, '.bundle-entry.js');
const MARKER = '// tcpdoctor bundle (scripts/bundle.mjs): rebuild with npm run build';
const PROLOGUE = readFileSync(join(ROOT, 'scripts', 'code-cache-prologue.cjs'), 'utf8');

if (!existsSync(MAIN)) fail(`${MAIN} is missing: run tsc first (npm run build)`);

// What the entry needs before any command: the early start of the census dump (with what it
// imports) and the error types main.js names. A small chunk, required first; the status chunk is
// required only once the dump is under way.
const early = staticGraph(join(DIST, 'sources', 'netlink', 'start-census-early.js'));
for (const f of ['cli/cli-error.js', 'sources/source-error.js']) early.add(join(DIST, f));
// The plain census (status) with everything it imports statically: one chunk, one file to load.
const statusGraph = staticGraph(join(DIST, 'cli', 'commands', 'status.js'));
for (const f of early) statusGraph.delete(f);

rmSync(TMP, { recursive: true, force: true });
writeFileSync(ENTRY, "import './sources/netlink/start-census-early.js';\nimport './cli/main.js';\n");
try {
  await build({
    input: ENTRY,
    platform: 'node',
    external: (id) => isPackage(id) && !esmOnly(id),
    plugins: [keepRelativeUrls()],
    logLevel: 'warn',
    onLog(level, log, handler) {
      // a package that does not resolve would be left to require() at run time: fail here instead
      if (log.code === 'UNRESOLVED_IMPORT') fail(log.message.split('\n')[0]);
      handler(level, log);
    },
    output: {
      dir: TMP,
      format: 'cjs',
      entryFileNames: 'tcpdoctor.cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
      // the entry starts with the code-cache prologue; chunks carry no shebang (the prologue
      // compiles them inside a function wrapper, where `#!` is a syntax error)
      banner: (chunk) => (chunk.isEntry ? `#!/usr/bin/env node\n${MARKER}\n${PROLOGUE}` : MARKER),
      codeSplitting: {
        groups: [
          { name: 'early', test: (id) => early.has(resolve(id)) },
          { name: 'status', test: (id) => statusGraph.has(resolve(id)) },
        ],
      },
    },
  });
} finally {
  rmSync(ENTRY, { force: true });
}
rmSync(CHUNKS, { recursive: true, force: true });
renameSync(join(TMP, 'tcpdoctor.cjs'), BIN);
chmodSync(BIN, 0o755);
if (existsSync(join(TMP, 'chunks'))) renameSync(join(TMP, 'chunks'), CHUNKS);
rmSync(TMP, { recursive: true, force: true });

// Every file a module names beside itself must be where the bundle now looks for it.
for (const file of [BIN, ...(existsSync(CHUNKS) ? readdirSync(CHUNKS).map((f) => join(CHUNKS, f)) : [])]) {
  for (const m of readFileSync(file, 'utf8').matchAll(
    /new URL\((['"])(\.\.?\/[^'"]+)\1,\s*import\.meta\.url\)/g,
  )) {
    const target = resolve(dirname(file), m[2]);
    if (!existsSync(target)) fail(`${file} refers to ${m[2]}, which is not at ${target}`);
  }
}

// The bundle must still answer: one census, whatever source this host allows. The same runs, and
// two on a small capture, write the V8 code caches the prologue reads (code-cache-prologue.cjs).
const sample = join(TMP, 'sample-capture.txt');
mkdirSync(TMP, { recursive: true });
// the parsers' own warm-up capture: a row of every shape the fast loops take (netstat and ss)
const { WARM_UP_CAPTURE } = await import(pathToFileURL(join(DIST, 'core', 'parse', 'scan-capture.js')).href);
writeFileSync(sample, WARM_UP_CAPTURE);
const cacheEnv = { ...process.env, TCPDOCTOR_WRITE_CODE_CACHE: '1' };
const runBin = (args) =>
  spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: cacheEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const r = runBin(['--json']);
let kind;
try {
  kind = JSON.parse(r.stdout).source.kind;
} catch {
  fail(`the bundled CLI did not print a census (exit ${r.status}): ${r.stderr.trim()}`);
}
for (const args of [['--input', sample, '--awk'], ['--input', sample], ['--json']]) {
  const c = runBin(args);
  if (c.status !== 0)
    fail(`the bundled CLI failed on ${args.join(' ')} (exit ${c.status}): ${c.stderr.trim()}`);
}
rmSync(TMP, { recursive: true, force: true });
const caches = readdirSync(CHUNKS).filter((f) => f.endsWith('.v8')).length;
console.log(
  `tcpdoctor: bundled ${relative(ROOT, BIN) || BIN} (+ chunks/, ${caches} code caches); a census read through ${kind}`,
);

/**
 * `new URL('./helper.js', import.meta.url)` names a file beside the module (a script run as a
 * child process, say). Merged into a chunk under dist/cli/, the module would look beside the
 * chunk; this keeps such URLs pointing at the file in dist/, which ships unchanged.
 */
function keepRelativeUrls() {
  const MARK = 'tcpdoctor-dist:';
  const pattern = /new URL\((['"])(\.\.?\/[^'"]+)\1,\s*import\.meta\.url\)/g;
  return {
    name: 'tcpdoctor-keep-relative-urls',
    transform(code, id) {
      if (!id.startsWith(DIST) || !pattern.test(code)) return null;
      pattern.lastIndex = 0;
      const out = code.replace(pattern, (_m, _q, rel) => {
        const target = relative(DIST, resolve(dirname(id), rel))
          .split(sep)
          .join('/');
        return `new URL(${JSON.stringify(MARK + target)}, import.meta.url)`;
      });
      return { code: out, map: null };
    },
    renderChunk(code, chunk) {
      if (!code.includes('tcpdoctor-dist:')) return null;
      const chunkDir = join(DIST, 'cli', dirname(chunk.fileName));
      const out = code.replace(/(['"])tcpdoctor-dist:([^'"]+)\1/g, (_m, _q, target) => {
        let rel = relative(chunkDir, join(DIST, target)).split(sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        return JSON.stringify(rel);
      });
      return { code: out, map: null };
    },
  };
}

/** The files `file` imports statically, transitively (tsc output: relative `from '...'` only). */
function staticGraph(file) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f) || !existsSync(f)) return;
    seen.add(f);
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/^(?:import|export)\s(?:[^;'"]*?\sfrom\s)?['"](\.[^'"]+)['"]/gm)) {
      visit(resolve(dirname(f), m[1]));
    }
  };
  visit(file);
  return seen;
}

/** A package (or one of its files), not a path or rolldown's own virtual module. */
function isPackage(id) {
  return !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
}

/** Whether a package only loads as an ES module (type module, no `require` export condition). */
function esmOnly(id) {
  if (id.startsWith('node:')) return false;
  const parts = id.split('/');
  const name = id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const file = join(ROOT, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return false; // a Node built-in without the node: prefix
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  if (pkg.type !== 'module') return false;
  return !JSON.stringify(pkg.exports ?? {}).includes('"require"');
}

function fail(msg) {
  console.error(`bundle: ${msg}`);
  process.exit(1);
}
