#!/usr/bin/env node
// bundle.mjs - turn the tsc output's CLI entry into a bundle that starts fast.
//
//   npm run bundle      (= npm run build && node scripts/bundle.mjs; also run by prepack)
//
// Node 20 loads an ES module graph file by file (resolve, read, compile, link): the plain census
// pulled in 22 modules, about 15-20 ms of a 45 ms start-up floor. The bundle makes the CLI one
// entry file plus lazily loaded chunks (subcommands stay lazy), and its first statement starts
// the census's netlink dump on the addon's helper thread (src/sources/netlink/prefetch.ts) so the
// kernel walks its tables while Node loads the rest. Measurements: docs/benchmarks.md.
//
// dist/cli/main.js (the bin) is replaced by the bundle and its chunks go to dist/cli/chunks/; the
// other dist/ files stay as tsc wrote them (the library entry uses them). `npm run build` alone
// gives the unbundled CLI, which behaves the same, only starts slower.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// --dist DIR bundles a copy elsewhere (bench/census.mjs measures a private copy, so that another
// `npm run build` in the same tree cannot swap the CLI under a running benchmark).
const distArg = process.argv.indexOf('--dist');
const DIST =
  distArg > 0 && process.argv[distArg + 1] ? resolve(process.argv[distArg + 1]) : join(ROOT, 'dist');
const MAIN = join(DIST, 'cli', 'main.js');
const CHUNKS = join(DIST, 'cli', 'chunks');
const TMP = join(DIST, '.bundle');
const ENTRY = join(DIST, '.bundle-entry.js');
const MARKER = '// tcpdoctor bundle (scripts/bundle.mjs)';

if (!existsSync(MAIN)) fail(`${MAIN} is missing: run npm run build first`);
if (readFileSync(MAIN, 'utf8').includes(MARKER))
  fail('dist/cli/main.js is already a bundle: run npm run build first');

// The plain census (status) with everything it imports statically: one chunk, one file to load.
const statusGraph = staticGraph(join(DIST, 'cli', 'commands', 'status.js'));

rmSync(TMP, { recursive: true, force: true });
writeFileSync(ENTRY, "import './sources/netlink/start-census-early.js';\nimport './cli/main.js';\n");
try {
  await build({
    input: ENTRY,
    platform: 'node',
    // Packages stay packages (installed beside tcpdoctor); only tcpdoctor's own modules are merged.
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    plugins: [keepRelativeUrls()],
    logLevel: 'warn',
    output: {
      dir: TMP,
      format: 'esm',
      entryFileNames: 'main.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      banner: `#!/usr/bin/env node\n${MARKER}: rebuild with npm run bundle`,
      codeSplitting: { groups: [{ name: 'status', test: (id) => statusGraph.has(resolve(id)) }] },
    },
  });
} finally {
  rmSync(ENTRY, { force: true });
}
rmSync(CHUNKS, { recursive: true, force: true });
renameSync(join(TMP, 'main.js'), MAIN);
if (existsSync(join(TMP, 'chunks'))) renameSync(join(TMP, 'chunks'), CHUNKS);
rmSync(TMP, { recursive: true, force: true });

// Every file a module names beside itself must be where the bundle now looks for it.
for (const file of [MAIN, ...(existsSync(CHUNKS) ? readdirSync(CHUNKS).map((f) => join(CHUNKS, f)) : [])]) {
  for (const m of readFileSync(file, 'utf8').matchAll(
    /new URL\((['"])(\.\.?\/[^'"]+)\1,\s*import\.meta\.url\)/g,
  )) {
    const target = resolve(dirname(file), m[2]);
    if (!existsSync(target)) fail(`${file} refers to ${m[2]}, which is not at ${target}`);
  }
}

// The bundle must still answer: one census, whatever source this host allows.
const r = spawnSync(process.execPath, [MAIN, '--json'], {
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
});
let kind;
try {
  kind = JSON.parse(r.stdout).source.kind;
} catch {
  fail(`the bundled CLI did not print a census (exit ${r.status}): ${r.stderr.trim()}`);
}
console.log(`tcpdoctor: bundled ${MAIN} (+ chunks/); a census read through ${kind}`);

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

function fail(msg) {
  console.error(`bundle: ${msg}`);
  process.exit(1);
}
