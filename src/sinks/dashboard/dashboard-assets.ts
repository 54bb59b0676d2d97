import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/**
 * The dashboard's static files, as `npm run build` lays them out in dist/dashboard/
 * (scripts/build-dashboard.mjs). A fixed table: no request path is ever turned into a file path,
 * so there is nothing to traverse. Loaded once, gzipped once, served from memory.
 */
export const ASSETS = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/assets/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/assets/chart.js': { file: 'chart.js', type: 'text/javascript; charset=utf-8' },
  '/assets/format.js': { file: 'format.js', type: 'text/javascript; charset=utf-8' },
  '/assets/i18n.js': { file: 'i18n.js', type: 'text/javascript; charset=utf-8' },
  '/assets/states.js': { file: 'states.js', type: 'text/javascript; charset=utf-8' },
  '/assets/view-model.js': { file: 'view-model.js', type: 'text/javascript; charset=utf-8' },
  '/assets/dashboard.css': { file: 'dashboard.css', type: 'text/css; charset=utf-8' },
  '/assets/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
  '/assets/uPlot.iife.min.js': { file: 'uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  '/assets/uPlot.min.css': { file: 'uPlot.min.css', type: 'text/css; charset=utf-8' },
} as const;

export type AssetPath = keyof typeof ASSETS;

export interface LoadedAsset {
  type: string;
  body: Buffer;
  gzip: Buffer;
}

export type AssetTable =
  | { ok: true; dir: string; files: ReadonlyMap<string, LoadedAsset> }
  | { ok: false; reason: string };

/** The directory holding index.html & co: dist/dashboard/ of the package this module came from. */
export function locateAssetDir(moduleUrl: string = import.meta.url): string | undefined {
  // tsc output (dist/sinks/dashboard/), the bundle (dist/cli/, dist/cli/chunks/) and the sources
  // under vitest (src/sinks/dashboard/) all sit a few levels below the package root.
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'dashboard'), join(dir, 'dist', 'dashboard')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** Read every asset of the table; a missing one makes the whole table unavailable, with the reason. */
export function loadAssets(dir: string | undefined): AssetTable {
  if (dir === undefined)
    return { ok: false, reason: 'dist/dashboard/ was not found next to this install: run npm run build' };
  const files = new Map<string, LoadedAsset>();
  for (const [path, asset] of Object.entries(ASSETS)) {
    let body: Buffer;
    try {
      body = readFileSync(join(dir, asset.file));
    } catch {
      return { ok: false, reason: `${join(dir, asset.file)} is missing: run npm run build` };
    }
    files.set(path, { type: asset.type, body, gzip: gzipSync(body, { level: 9 }) });
  }
  return { ok: true, dir, files };
}
