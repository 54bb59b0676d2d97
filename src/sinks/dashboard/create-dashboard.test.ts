import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createCensus } from '../../core/model/census.js';
import { type AppRequest, createApp } from '../http/create-app.js';
import type { ServeReading } from '../http/reading.js';
import { createDashboard, DASHBOARD_CSP } from './create-dashboard.js';
import { ASSETS, loadAssets, locateAssetDir } from './dashboard-assets.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const WEB = join(HERE, 'web');
const TOKEN = 'f'.repeat(32);

const fakeDir = mkdtempSync(join(tmpdir(), 'tcpdoctor-dashboard-'));
for (const { file } of Object.values(ASSETS))
  writeFileSync(join(fakeDir, file), `/* ${file} */\n`.repeat(20));
afterAll(() => rmSync(fakeDir, { recursive: true, force: true }));

let current: ServeReading;
/** Readings start now, so /healthz finds them fresh. */
const T0 = Date.now();

function reading(seq: number, tw: number | null, over: Partial<ServeReading> = {}): ServeReading {
  const r: ServeReading = {
    seq,
    startedAt: T0 + 1_000 * seq,
    durationMs: 3,
    namespaces: [],
    errors: [],
    ...over,
  };
  if (tw !== null) {
    const census = createCensus();
    census.ipv4[6] = tw;
    r.status = {
      host: 'h',
      kernel: 'k',
      time: '2026-11-25T00:00:00Z',
      source: { kind: 'netlink', netns: {}, paths: [] },
      census,
      notes: [],
    };
    const snapshot = r.status;
    if (over.namespaces === undefined)
      r.namespaces = [{ snapshot, diagnosis: { lang: 'en', findings: [], skipped: [] } }];
    r.lastSuccessAt = r.startedAt;
  }
  return r;
}

function setup(token?: string, assetsDir: string | undefined = fakeDir) {
  current = reading(1, 5);
  const counted: string[] = [];
  const dashboard = createDashboard({
    reading: () => current,
    intervalMs: 1_000,
    lang: 'en',
    assets: loadAssets(assetsDir),
  });
  dashboard.observe(current);
  const app = createApp({
    reading: () => current,
    metrics: {
      render: async () => ({ text: 'metrics\n', gzip: async () => Buffer.from('') }),
      observeScrape: () => {},
      countRequest: (path, code) => counted.push(`${path} ${code}`),
    },
    token: () => token,
    lang: 'en',
    intervalMs: 1_000,
    routes: dashboard.routes,
  });
  const observe = (r: ServeReading) => {
    current = r;
    dashboard.observe(r);
  };
  return { app, observe, counted };
}

function get(url: string, headers: AppRequest['headers'] = {}): AppRequest {
  return { method: 'GET', url, headers };
}

const bearer = { authorization: `Bearer ${TOKEN}` };

function json(body: string | Buffer): Record<string, unknown> {
  return JSON.parse(String(body)) as Record<string, unknown>;
}

describe('the dashboard routes in the serve app', () => {
  it('serves the page and its files without the token, and nothing else', async () => {
    const { app, counted } = setup(TOKEN);
    const page = await app.handle(get('/'));
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await app.handle(get('/assets/app.js'))).headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect((await app.handle(get('/assets/dashboard.css?v=1'))).status).toBe(200);
    // no path is ever a file path: unknown names and traversal attempts are plain 404s
    for (const path of [
      '/assets/',
      '/assets/../package.json',
      '/assets/%2e%2e/x',
      '/assets/app.js/x',
      '/assets/App.js',
    ]) {
      expect((await app.handle(get(path))).status, path).toBe(404);
    }
    // the data needs the token: the dashboard's own JSON and the built-in endpoints alike
    for (const path of [
      '/api/history',
      '/api/explain',
      '/api/status',
      '/api/diagnose',
      '/metrics',
      '/healthz',
    ]) {
      expect((await app.handle(get(path))).status, path).toBe(401);
      expect((await app.handle(get(path, bearer))).status, path).toBe(200);
    }
    expect(counted).toContain('/ 200');
    expect(counted).toContain('/assets/ 404');
    expect(counted).toContain('/api/history 401');
  });

  it('does not swallow the built-in paths with /', async () => {
    const { app } = setup();
    expect((await app.handle(get('/metrics'))).body).toBe('metrics\n');
    expect((await app.handle(get('/healthz'))).body).toBe('ok\n');
    expect((await app.handle(get('/nope'))).status).toBe(404);
    expect((await app.handle({ method: 'POST', url: '/', headers: {} })).status).toBe(405);
  });

  it('gzips the files for clients that accept it', async () => {
    const { app } = setup();
    const res = await app.handle(
      get('/assets/uPlot.iife.min.js', { 'accept-encoding': 'gzip, deflate, br' }),
    );
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(res.body as Buffer).toString()).toContain('uPlot.iife.min.js');
    expect((await app.handle(get('/assets/uPlot.iife.min.js'))).headers['content-encoding']).toBeUndefined();
  });

  it('says why when the files are missing, and the exporter keeps working', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tcpdoctor-dashboard-empty-'));
    try {
      const { app } = setup(undefined, empty);
      const page = await app.handle(get('/'));
      expect(page.status).toBe(503);
      expect(String(page.body)).toMatch(/index\.html is missing: run npm run build/);
      expect((await app.handle(get('/metrics'))).status).toBe(200);
      expect((await app.handle(get('/api/history'))).status).toBe(200);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    expect(loadAssets(undefined)).toEqual({
      ok: false,
      reason: 'dist/dashboard/ was not found next to this install: run npm run build',
    });
  });

  it('answers /api/history with the window and the state of the reads, incrementally', async () => {
    const { app, observe } = setup();
    observe(reading(2, 7));
    observe(
      reading(3, null, {
        errors: [{ stage: 'census', message: 'ESRCH: gone', code: 'ESRCH' }],
        lastSuccessAt: T0 + 2_000,
      }),
    );
    const all = json((await app.handle(get('/api/history'))).body);
    expect(all).toMatchObject({
      schema: 1,
      intervalMs: 1_000,
      windowMs: 3_600_000,
      lang: 'en',
      seq: 3,
      startedAt: T0 + 3_000,
      lastSuccessAt: T0 + 2_000,
      errors: [{ stage: 'census', message: 'ESRCH: gone', code: 'ESRCH' }],
      rules: 9,
      full: true,
    });
    expect(typeof all.instance).toBe('string');
    expect(typeof all.now).toBe('number');
    expect(all.states).toEqual([
      'ESTABLISHED',
      'SYN_SENT',
      'SYN_RECV',
      'FIN_WAIT1',
      'FIN_WAIT2',
      'TIME_WAIT',
      'CLOSE',
      'CLOSE_WAIT',
      'LAST_ACK',
      'LISTEN',
      'CLOSING',
    ]);
    const points = all.points as Array<{ seq: number; counts: number[] | null }>;
    expect(points.map((p) => [p.seq, p.counts?.[5] ?? null])).toEqual([
      [1, 5],
      [2, 7],
      [3, null],
    ]);
    const since = json((await app.handle(get('/api/history?after=2'))).body);
    expect(since.full).toBe(false);
    expect((since.points as unknown[]).length).toBe(1);
    // an `after` from an earlier process (larger than anything kept) gets the whole window
    const restarted = json((await app.handle(get('/api/history?after=99'))).body);
    expect(restarted.full).toBe(true);
    expect((restarted.points as unknown[]).length).toBe(3);
    expect((await app.handle(get('/api/history?after=-1'))).status).toBe(400);
  });

  it('lists each namespace’s findings with --netns all', async () => {
    const { app, observe } = setup();
    const ns = (label: string, ids: string[]) => ({
      label,
      snapshot: {
        host: 'h',
        kernel: 'k',
        time: '',
        source: { kind: 'netlink' as const, netns: {}, paths: [] },
        census: createCensus(),
        notes: [],
      },
      diagnosis: {
        lang: 'en' as const,
        skipped: [],
        findings: ids.map((id) => ({
          id,
          severity: 'warning' as const,
          title: `title of ${id}`,
          summary: '',
          evidence: { instances: [] },
          advice: [],
          references: [],
        })),
      },
    });
    observe(
      reading(2, 1, { namespaces: [ns('host', ['healthy']), ns('pid 7 (<b>x</b>)', ['close-wait-leak'])] }),
    );
    const doc = json((await app.handle(get('/api/history'))).body);
    expect(doc.namespaces).toEqual([
      { label: 'host', findings: [] },
      {
        label: 'pid 7 (<b>x</b>)',
        findings: [{ id: 'close-wait-leak', severity: 'warning', title: 'title of close-wait-leak' }],
      },
    ]);
  });

  it('serves the explanations of the eleven states in both languages', async () => {
    const { app } = setup();
    const en = json((await app.handle(get('/api/explain'))).body);
    const zh = json((await app.handle(get('/api/explain?lang=zh'))).body);
    const names = (d: Record<string, unknown>) => (d.states as Array<{ name: string }>).map((s) => s.name);
    expect(names(en)).toEqual([
      'LISTEN',
      'SYN_SENT',
      'SYN_RECV',
      'ESTABLISHED',
      'FIN_WAIT1',
      'FIN_WAIT2',
      'CLOSING',
      'TIME_WAIT',
      'CLOSE_WAIT',
      'LAST_ACK',
      'CLOSE',
    ]);
    expect(names(zh)).toEqual(names(en));
    expect((zh.headings as Record<string, string>).meaning).toBe('含义');
    const tw = (en.states as Array<{ name: string; summary: string; timeWait?: unknown }>)[7];
    expect(tw?.summary).toMatch(/closed first/);
    expect(tw?.timeWait).toBeDefined();
    expect((await app.handle(get('/api/explain?lang=fr'))).status).toBe(400);
  });
});

describe('the browser sources', () => {
  const sources = readdirSync(WEB)
    .filter((f) => /\.(js|ts)$/.test(f) && !f.includes('.test.'))
    .map((f) => ({ f, text: readFileSync(join(WEB, f), 'utf8') }));

  it('never turn a string into markup or code', () => {
    expect(sources.length).toBeGreaterThanOrEqual(7);
    for (const { f, text } of sources) {
      expect(text, f).not.toMatch(
        /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|createContextualFragment|DOMParser/,
      );
      expect(text, f).not.toMatch(/setAttribute\(\s*['"](on\w+|style|href|src)['"]/);
    }
  });

  it('have a page with no inline script, no inline style and no handlers (the CSP forbids them)', () => {
    const html = readFileSync(join(WEB, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=/i);
    for (const m of html.matchAll(/\s(?:src|href)="([^"]+)"/g)) {
      const url = m[1] as string;
      // every file the page loads is in the server's table; links go to the API
      if (url.startsWith('assets/')) expect(Object.keys(ASSETS), url).toContain(`/${url}`);
      else expect(url, url).toMatch(/^(metrics|api\/\w+|healthz|#findings)$/);
    }
  });

  it('are found in dist/dashboard once built', () => {
    const dir = locateAssetDir();
    if (dir === undefined) return; // not built yet: scripts/build-dashboard.mjs checks the same
    const loaded = loadAssets(dir);
    expect(loaded.ok).toBe(true);
  });
});
