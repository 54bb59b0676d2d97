import { createHash, timingSafeEqual } from 'node:crypto';
import { runRules } from '../../core/diagnose/run-rules.js';
import type { DiagnoseLang } from '../../core/diagnose/texts.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import {
  GROUP_KEYS,
  type GroupKey,
  groupSockets,
  portRangeFromSysctls,
  timeWaitAge,
} from '../../core/tally/group-by.js';
import { renderDiagnoseJson } from '../json/diagnose-json.js';
import { renderStatusJson, type StatusExtras } from '../json/status-json.js';
import type { MetricsBody } from '../prometheus/exporter-metrics.js';
import { METRICS_CONTENT_TYPE } from '../prometheus/exporter-metrics.js';
import type { NamespaceReading, ServeReading } from './reading.js';

/**
 * The HTTP application of `tcpdoctor serve`, without a socket: a request in, a response out, so
 * tests call it directly and `serve-http.ts` adapts it to node:http. Read-only by construction:
 * GET and HEAD only, every answer comes from the latest reading, nothing on the host changes.
 */
export interface AppRequest {
  method: string;
  /** Path and query, as in the request line: `/api/status?by=lport`. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
}

/** An extra route (issue 11: the dashboard at `/` and its assets under `/assets/`). */
export interface Route {
  /** An exact path, or a prefix ending in `/` (`/` alone is exact: it never swallows other paths). */
  path: string;
  /** The label in `tcpdoctor_http_requests_total{path}`: keep it from a fixed set. */
  metricPath: string;
  /**
   * Answered without the token. Only for responses that hold nothing about the host (the
   * dashboard's static files: a browser cannot send a bearer token when it loads a page; the page
   * then sends it with every API request).
   */
  public?: boolean;
  handle(req: AppRequest, query: URLSearchParams): AppResponse | Promise<AppResponse>;
}

export interface AppDeps {
  /** The latest reading. Never starts a read. */
  reading(): ServeReading;
  metrics: {
    render(): Promise<MetricsBody>;
    observeScrape(seconds: number): void;
    countRequest(path: string, code: number): void;
  };
  /** The bearer token every request must carry; undefined: none required (loopback). */
  token?: () => string | undefined;
  lang: DiagnoseLang;
  intervalMs: number;
  /** Routes checked before the built-in ones: they may take `/`. */
  routes?: readonly Route[];
  now?: () => number;
}

export interface App {
  handle(req: AppRequest): Promise<AppResponse>;
}

/** Routes served; anything else is a 404 counted as `other`. */
export const BUILTIN_PATHS = ['/metrics', '/api/status', '/api/diagnose', '/healthz', '/'] as const;

export function createApp(deps: AppDeps): App {
  const now = deps.now ?? (() => performance.now());
  const wall = () => Date.now();
  const jsonCache = new BoundedCache<string, AppResponse>(32);

  async function route(req: AppRequest, path: string, query: URLSearchParams): Promise<AppResponse> {
    const extra = routeOf(path, deps.routes);
    if (extra) return extra.handle(req, query);
    switch (path) {
      case '/metrics':
        return metrics(req);
      case '/api/status':
        return apiStatus(query);
      case '/api/diagnose':
        return apiDiagnose(query);
      case '/healthz':
        return healthz();
      case '/':
        return text(200, LANDING, 'text/html; charset=utf-8', { 'content-security-policy': STRICT_CSP });
      default:
        return text(404, `404 not found: ${BUILTIN_PATHS.join(', ')}\n`);
    }
  }

  async function metrics(req: AppRequest): Promise<AppResponse> {
    const body = await deps.metrics.render();
    const headers: Record<string, string> = { 'content-type': METRICS_CONTENT_TYPE, vary: 'Accept-Encoding' };
    if (acceptsGzip(req.headers['accept-encoding'])) {
      return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: await body.gzip() };
    }
    return { status: 200, headers, body: body.text };
  }

  function apiStatus(query: URLSearchParams): AppResponse {
    const reading = deps.reading();
    const by = parseBy(query.getAll('by'));
    if (typeof by === 'string') return jsonError(400, by);
    const top = parseTop(query.get('top'));
    if (typeof top === 'string') return jsonError(400, top);
    const netns = query.get('netns') ?? undefined;
    const key = `status|${reading.seq}|${netns ?? ''}|${by.join(',')}|${top}`;
    return jsonCache.get(key, () => {
      const view = statusView(reading, netns, by.includes('dest'));
      if (typeof view === 'string') return jsonError(reading.status ? 404 : 503, view, reading);
      return json(200, renderStatusJson(view.snapshot, view.snapshot.census, groups(view.snapshot, by, top)));
    });
  }

  function apiDiagnose(query: URLSearchParams): AppResponse {
    const reading = deps.reading();
    const rawLang = query.get('lang');
    if (rawLang !== null && rawLang !== 'en' && rawLang !== 'zh')
      return jsonError(400, 'lang takes en or zh');
    const lang: DiagnoseLang = rawLang ?? deps.lang;
    const ns = pickNamespace(reading, query.get('netns') ?? undefined);
    if (typeof ns === 'string') return jsonError(reading.status ? 404 : 503, ns, reading);
    const key = `diagnose|${reading.seq}|${ns.label ?? ''}|${lang}`;
    return jsonCache.get(key, () => {
      let d = ns.diagnosis;
      if (d && d.lang !== lang && ns.input) d = { lang, ...runRules(ns.input, lang) };
      if (!d) return jsonError(503, 'the diagnosis failed on the last snapshot', reading);
      return json(200, renderDiagnoseJson(ns.snapshot, d.findings, d.skipped, lang));
    });
  }

  function healthz(): AppResponse {
    const reading = deps.reading();
    const last = reading.lastSuccessAt;
    const age = last === undefined ? Number.POSITIVE_INFINITY : wall() - last;
    // three missed intervals: the reads have stopped working, not just hiccupped
    if (!reading.status || age > 3 * deps.intervalMs + reading.durationMs) {
      const why = reading.errors[0]?.message ?? 'no snapshot in three intervals';
      return text(503, `unhealthy: ${why}\n`);
    }
    return text(200, 'ok\n');
  }

  return {
    async handle(req: AppRequest): Promise<AppResponse> {
      const started = now();
      const q = req.url.indexOf('?');
      const path = q < 0 ? req.url : req.url.slice(0, q);
      const query = new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1));
      const metricPath = metricPathOf(path, deps.routes);
      let res: AppResponse;
      const token = deps.token?.();
      const open = routeOf(path, deps.routes)?.public === true;
      if (token !== undefined && !open && !authorized(req.headers.authorization, token)) {
        res = text(401, '401 unauthorized: send "Authorization: Bearer <token>"\n', undefined, {
          'www-authenticate': 'Bearer realm="tcpdoctor"',
        });
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        res = text(405, '405 method not allowed: tcpdoctor serve only reads\n', undefined, {
          allow: 'GET, HEAD',
        });
      } else {
        try {
          res = await route(req, path, query);
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          res = text(500, `500 internal error: ${msg}\n`);
        }
      }
      res.headers['cache-control'] = 'no-store';
      res.headers['x-content-type-options'] = 'nosniff';
      deps.metrics.countRequest(metricPath, res.status);
      if (path === '/metrics' && res.status === 200) deps.metrics.observeScrape((now() - started) / 1000);
      return res;
    },
  };
}

/** Constant-time comparison of the bearer token (hashes first, so lengths never leak). */
export function authorized(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const m = /^Bearer +(\S+) *$/i.exec(header);
  if (!m) return false;
  const a = createHash('sha256')
    .update(m[1] as string)
    .digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

// --- internal ---

const PORT_RANGE_SYSCTLS = ['net.ipv4.ip_local_port_range', 'net.ipv4.ip_local_reserved_ports'] as const;

const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const LANDING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tcpdoctor serve</title></head>
<body>
<h1>tcpdoctor serve</h1>
<p>What every TCP connection on this host is doing, for Prometheus and for people.</p>
<ul>
<li><a href="metrics">/metrics</a>: Prometheus metrics (docs/metrics.md)</li>
<li><a href="api/status">/api/status</a>: <code>tcpdoctor status --json</code> (<code>?by=lport&amp;by=dest&amp;top=10</code>)</li>
<li><a href="api/diagnose">/api/diagnose</a>: <code>tcpdoctor diagnose --json</code> (<code>?lang=zh</code>)</li>
<li><a href="healthz">/healthz</a>: ok while snapshots succeed</li>
</ul>
</body></html>
`;

/** The extra route of a path: an exact match, or a prefix ending in `/` (`/` itself is exact only). */
function routeOf(path: string, routes: readonly Route[] | undefined): Route | undefined {
  return routes?.find(
    (r) => r.path === path || (r.path.length > 1 && r.path.endsWith('/') && path.startsWith(r.path)),
  );
}

function metricPathOf(path: string, routes: readonly Route[] | undefined): string {
  const r = routeOf(path, routes);
  if (r) return r.metricPath;
  return (BUILTIN_PATHS as readonly string[]).includes(path) ? path : 'other';
}

function text(
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): AppResponse {
  return { status, headers: { 'content-type': type, ...extra }, body };
}

function json(status: number, body: string): AppResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body };
}

function jsonError(status: number, error: string, reading?: ServeReading): AppResponse {
  const doc: Record<string, unknown> = { error };
  if (reading) {
    doc.errors = reading.errors;
    doc.lastSuccess =
      reading.lastSuccessAt === undefined ? null : new Date(reading.lastSuccessAt).toISOString();
  }
  return json(status, `${JSON.stringify(doc, null, 2)}\n`);
}

function acceptsGzip(header: string | string[] | undefined): boolean {
  const v = Array.isArray(header) ? header.join(',') : (header ?? '');
  return /(^|,)\s*gzip\s*(;\s*q=(?!0(\.0*)?\s*(,|$))[\d.]+)?\s*(,|$)/i.test(v);
}

function parseBy(raw: string[]): GroupKey[] | string {
  const out: GroupKey[] = [];
  for (const item of raw.flatMap((r) => r.split(','))) {
    const k = item.trim().toLowerCase();
    if (!(GROUP_KEYS as readonly string[]).includes(k))
      return `by takes ${GROUP_KEYS.join(', ')}, not "${item}"`;
    if (!out.includes(k as GroupKey)) out.push(k as GroupKey);
  }
  return out;
}

function parseTop(raw: string | null): number | string {
  if (raw === null) return 10;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1)
    return `top takes a whole number from 1 to 9999, not "${raw}"`;
  return Number(raw);
}

/**
 * The snapshot `tcpdoctor status --json --interval I [--netns NS] [--by …]` would print: the
 * census with counters and rates for one namespace; with `--netns all` every namespace and no
 * counters (they are per namespace; `?netns=LABEL` picks one).
 */
function statusView(
  reading: ServeReading,
  netns: string | undefined,
  portRange: boolean,
): { snapshot: Snapshot } | string {
  const status = reading.status;
  if (!status) return reading.errors[0]?.message ?? 'no snapshot yet';
  const several = status.namespaces !== undefined && reading.namespaces.some((n) => n.label !== undefined);
  if (several && netns === undefined) {
    return {
      snapshot: {
        ...status,
        notes: [
          ...status.notes,
          'kernel counters are per namespace: pick one with --netns PID|NAME to see them',
        ],
      },
    };
  }
  const ns = pickNamespace(reading, netns);
  if (typeof ns === 'string') return ns;
  const base = several ? ns.snapshot : status;
  const { counters, rates, sysctls, sockets } = ns.snapshot;
  const view: Snapshot = { ...base, notes: [...base.notes] };
  delete view.counters;
  delete view.rates;
  delete view.sysctls;
  if (counters) view.counters = counters;
  if (rates) view.rates = rates;
  if (sockets) view.sockets = sockets;
  // status reads only the port-range sysctls, and only for --by dest
  if (sysctls && portRange) {
    view.sysctls = {};
    for (const key of PORT_RANGE_SYSCTLS) {
      const v = sysctls[key];
      if (v !== undefined) view.sysctls[key] = v;
    }
  }
  return { snapshot: view };
}

function pickNamespace(reading: ServeReading, netns: string | undefined): NamespaceReading | string {
  if (!reading.status) return reading.errors[0]?.message ?? 'no snapshot yet';
  const several = reading.namespaces.some((n) => n.label !== undefined);
  if (!several) {
    const only = reading.namespaces[0];
    if (netns !== undefined) return 'netns= applies with tcpdoctor serve --netns all';
    return only ?? 'no namespace was read';
  }
  const labels = reading.namespaces.map((n) => n.label ?? '');
  if (netns === undefined)
    return `several namespaces are watched: add ?netns= one of ${JSON.stringify(labels)}`;
  return (
    reading.namespaces.find((n) => n.label === netns) ??
    `no namespace "${netns}"; known: ${JSON.stringify(labels)}`
  );
}

/** `status --by …`: the groups and the TIME_WAIT ages, the dest groups on this namespace's range. */
function groups(snapshot: Snapshot, by: readonly GroupKey[], top: number): StatusExtras {
  if (by.length === 0) return {};
  const records = snapshot.sockets ?? [];
  const ephemeral = portRangeFromSysctls(snapshot.sysctls);
  const extras: StatusExtras = { groups: {} };
  for (const key of by)
    (extras.groups as NonNullable<StatusExtras['groups']>)[key] = groupSockets(records, key, {
      top,
      ephemeral,
    });
  extras.timeWait = timeWaitAge(records);
  return extras;
}

/** A small map that forgets its oldest entry: per-snapshot JSON bodies, a handful of variants. */
class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}
  get(key: K, make: () => V): V {
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    const value = make();
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
    return value;
  }
}
