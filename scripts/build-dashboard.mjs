#!/usr/bin/env node
// build-dashboard.mjs - lay out the web dashboard's static files in dist/dashboard/.
//
//   npm run build          (tsc, then this script)
//
// `tcpdoctor serve` serves `/` and `/assets/*` from dist/dashboard/ (src/sinks/dashboard/
// dashboard-assets.ts holds the table of files): the page, its stylesheet and hand-written
// browser modules (src/sinks/dashboard/web/*.{html,css,svg,js}), the pure modules tsc compiled
// from src/sinks/dashboard/web/*.ts (dist/sinks/dashboard/web/*.js, plain ES modules without Node
// imports), and uPlot's browser build with its licence. No bundler and no network: copies only, so
// `npm run build` works on a machine without a C compiler and the package ships what was tested.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src', 'sinks', 'dashboard', 'web');
const COMPILED = join(ROOT, 'dist', 'sinks', 'dashboard', 'web');
const OUT = join(ROOT, 'dist', 'dashboard');

if (!existsSync(COMPILED)) fail(`${COMPILED} is missing: run tsc first (npm run build does)`);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const copied = [];
const copy = (from, name = from.split('/').pop()) => {
  copyFileSync(from, join(OUT, name));
  copied.push(name);
};

for (const name of readdirSync(SRC)) {
  if (/\.(html|css|svg)$/.test(name) || (name.endsWith('.js') && !name.includes('.test.')))
    copy(join(SRC, name));
}
for (const name of readdirSync(COMPILED)) {
  if (name.endsWith('.js') && !name.includes('.test.')) copy(join(COMPILED, name));
}
const require = createRequire(import.meta.url);
const uplotDir = dirname(require.resolve('uplot/package.json'));
copy(join(uplotDir, 'dist', 'uPlot.iife.min.js'));
copy(join(uplotDir, 'dist', 'uPlot.min.css'));
copy(join(uplotDir, 'LICENSE'), 'uPlot.LICENSE');

// Every file the server's table names must be here (the table is the contract).
const table = readFileSync(join(ROOT, 'src', 'sinks', 'dashboard', 'dashboard-assets.ts'), 'utf8');
const wanted = [...table.matchAll(/file: '([^']+)'/g)].map((m) => m[1]);
const missing = wanted.filter((f) => !copied.includes(f));
if (missing.length > 0) fail(`dist/dashboard/ lacks ${missing.join(', ')}`);
// A browser module may only import its siblings: the page loads them from /assets/ one by one.
for (const name of copied.filter((f) => f.endsWith('.js') && !f.startsWith('uPlot'))) {
  const text = readFileSync(join(OUT, name), 'utf8');
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gm)) {
    if (!/^\.\/[\w-]+\.js$/.test(m[1]) || !copied.includes(m[1].slice(2)))
      fail(`${name} imports ${m[1]}, which the page cannot load`);
  }
}
console.log(`tcpdoctor: dashboard assets in ${OUT} (${copied.length} files)`);

function fail(msg) {
  console.error(`build-dashboard: ${msg}`);
  process.exit(1);
}
