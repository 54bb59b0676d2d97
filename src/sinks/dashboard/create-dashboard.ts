import { randomBytes } from 'node:crypto';
import { RULES } from '../../core/diagnose/run-rules.js';
import { stateEntry } from '../../core/explain/explain-entry.js';
import { glossaryFor, type Lang } from '../../core/explain/glossary.js';
import { LIFECYCLE_ORDER, STATE_NAMES } from '../../core/model/tcp-state.js';
import type { AppRequest, AppResponse, Route } from '../http/create-app.js';
import type { ServeReading } from '../http/reading.js';
import { type AssetTable, loadAssets, locateAssetDir } from './dashboard-assets.js';
import { DEFAULT_HISTORY_WINDOW_MS, StateHistory } from './state-history.js';

/**
 * The web dashboard of `tcpdoctor serve` (docs/dashboard.md): the page and its static files at `/`
 * and `/assets/`, plus two small JSON endpoints the page needs beside /api/status and
 * /api/diagnose: `/api/history` (the per-state counts of the last hour, kept here in memory, and
 * the state of the reads) and `/api/explain` (the knowledge base's text for the eleven states).
 *
 * The static files hold nothing about the host, so they are served without the token (a browser
 * cannot attach a bearer token to a page load); every /api/* answer needs it, and the page sends it.
 */
export interface DashboardOptions {
  /** The latest reading (the same one the rest of the app serves). */
  reading(): ServeReading;
  intervalMs: number;
  /** The server's language: the page's default until the user picks one. */
  lang: Lang;
  /** How much history to keep; default one hour (at most MAX_HISTORY_POINTS points). */
  windowMs?: number;
  /** The files of the page; default: dist/dashboard/ of this package. */
  assets?: AssetTable;
}

export interface Dashboard {
  routes: Route[];
  /** Feed every reading serve takes (the first one too): it becomes a point of the history. */
  observe(reading: ServeReading): void;
}

/** Version of the /api/history shape (docs/dashboard.md). */
export const HISTORY_SCHEMA = 1;

/**
 * The page's Content-Security-Policy: scripts, styles and requests from this origin only, no inline
 * script or style, no frames, no forms posting anywhere, and Trusted Types so that even a bug that
 * assigned a string to innerHTML would throw instead of parsing host data as markup.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');

export function createDashboard(opts: DashboardOptions): Dashboard {
  const windowMs = opts.windowMs ?? DEFAULT_HISTORY_WINDOW_MS;
  const history = new StateHistory(windowMs, opts.intervalMs);
  const assets = opts.assets ?? loadAssets(locateAssetDir());
  const explainCache = new Map<Lang, string>();
  // tells a page that this is a new process (its seq numbers start again): it drops its history
  const instance = randomBytes(6).toString('hex');

  const staticRoute = (req: AppRequest, path: string): AppResponse => {
    if (!assets.ok) return plain(503, `503 the dashboard is not available: ${assets.reason}\n`);
    const file = assets.files.get(path);
    if (!file) return plain(404, '404 not found\n');
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'content-type': file.type,
      vary: 'Accept-Encoding',
    };
    if (acceptsGzip(req.headers['accept-encoding'])) {
      return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: file.gzip };
    }
    return { status: 200, headers, body: file.body };
  };

  const routes: Route[] = [
    { path: '/', metricPath: '/', public: true, handle: (req) => staticRoute(req, '/') },
    {
      path: '/assets/',
      metricPath: '/assets/',
      public: true,
      handle: (req) => staticRoute(req, pathOf(req.url)),
    },
    {
      path: '/api/history',
      metricPath: '/api/history',
      handle: (_req, query) => {
        const raw = query.get('after');
        if (raw !== null && !/^\d{1,15}$/.test(raw)) return json(400, { error: 'after takes a seq number' });
        const after = raw === null ? undefined : Number(raw);
        return json(200, { instance, ...historyJson(opts, history, windowMs, after) });
      },
    },
    {
      path: '/api/explain',
      metricPath: '/api/explain',
      handle: (_req, query) => {
        const raw = query.get('lang') ?? opts.lang;
        if (raw !== 'en' && raw !== 'zh') return json(400, { error: 'lang takes en or zh' });
        let body = explainCache.get(raw);
        if (body === undefined) {
          body = JSON.stringify(explainJson(raw));
          explainCache.set(raw, body);
        }
        return { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': JSON_TYPE }, body };
      },
    },
  ];

  return { routes, observe: (reading) => history.observe(reading) };
}

// --- internal ---

const JSON_TYPE = 'application/json; charset=utf-8';

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DASHBOARD_CSP,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function historyJson(
  opts: DashboardOptions,
  history: StateHistory,
  windowMs: number,
  after: number | undefined,
): Record<string, unknown> {
  const reading = opts.reading();
  // an `after` from before a restart (larger than anything kept) gets the whole window
  const full = after === undefined || after > (history.newestSeq ?? 0);
  const doc: Record<string, unknown> = {
    schema: HISTORY_SCHEMA,
    intervalMs: opts.intervalMs,
    windowMs,
    lang: opts.lang,
    now: Date.now(),
    seq: reading.seq,
    startedAt: reading.startedAt,
    durationMs: reading.durationMs,
    lastSuccessAt: reading.lastSuccessAt ?? null,
    errors: reading.errors,
    rules: RULES.length,
  };
  const labelled = reading.namespaces.filter((n) => n.label !== undefined);
  if (labelled.length > 0) {
    doc.namespaces = labelled.map((n) => ({
      label: n.label,
      findings: (n.diagnosis?.findings ?? [])
        .filter((f) => f.id !== 'healthy')
        .map((f) => ({ id: f.id, severity: f.severity, title: f.title })),
    }));
  }
  doc.states = STATE_NAMES;
  doc.full = full;
  doc.points = history.since(full ? undefined : after);
  return doc;
}

function explainJson(lang: Lang): Record<string, unknown> {
  const ui = glossaryFor(lang).ui;
  return {
    schema: 1,
    lang,
    headings: ui.headings,
    labels: ui.labels,
    states: LIFECYCLE_ORDER.map((code) => stateEntry(code, lang)),
  };
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function plain(status: number, body: string): AppResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function json(status: number, doc: unknown): AppResponse {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': JSON_TYPE },
    body: `${JSON.stringify(doc)}\n`,
  };
}

function acceptsGzip(header: string | string[] | undefined): boolean {
  const v = Array.isArray(header) ? header.join(',') : (header ?? '');
  return /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(v);
}
