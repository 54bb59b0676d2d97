import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { DiagnoseInput } from '../../core/diagnose/diagnose-input.js';
import { runRules } from '../../core/diagnose/run-rules.js';
import { createCensus } from '../../core/model/census.js';
import type { Snapshot } from '../../core/model/snapshot.js';
import type { SocketRecord } from '../../core/model/socket.js';
import { renderDiagnoseJson } from '../json/diagnose-json.js';
import { renderStatusJson } from '../json/status-json.js';
import { ExporterMetrics } from '../prometheus/exporter-metrics.js';
import { type AppDeps, type AppRequest, authorized, createApp } from './create-app.js';
import { formatListenAddress, isLoopbackAddress, parseListenAddress } from './listen-address.js';
import type { ServeReading } from './reading.js';

const NOW = 1_700_000_100_000;

function records(): SocketRecord[] {
  const out: SocketRecord[] = [
    {
      family: 4,
      state: 10,
      localAddress: '0.0.0.0',
      localPort: 8080,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
    },
  ];
  for (let i = 0; i < 12; i++) {
    out.push({
      family: 4,
      state: 6,
      localAddress: '127.0.0.1',
      localPort: 12000 + i,
      remoteAddress: '127.0.0.1',
      remotePort: 8080,
    });
  }
  return out;
}

function snapshot(): Snapshot {
  const census = createCensus();
  census.ipv4[10] = 1;
  census.ipv4[6] = 12;
  return {
    host: 'web-1',
    kernel: '6.1.0',
    time: '2026-11-25T00:00:00.000Z',
    source: { kind: 'netlink', netns: { inode: 4026531833 }, paths: ['sock_diag ipv4', 'sock_diag ipv6'] },
    census,
    notes: [],
  };
}

function reading(over: Partial<ServeReading> = {}): ServeReading {
  const status = snapshot();
  const ns: Snapshot = {
    ...status,
    notes: [],
    sockets: records(),
    counters: { snmp: { Tcp: { ActiveOpens: 12 } }, netstat: {}, sockstat: { tw: 12 } },
    rates: { seconds: 15, counters: [{ key: 'Tcp.ActiveOpens', value: 12, delta: 12, perSecond: 0.8 }] },
    sysctls: { 'net.ipv4.ip_local_port_range': '32768 60999', 'net.ipv4.tcp_max_tw_buckets': '131072' },
  };
  const input: DiagnoseInput = {
    census: ns.census,
    kernel: ns.kernel,
    records: ns.sockets as SocketRecord[],
    sysctls: ns.sysctls as Record<string, string>,
  };
  return {
    seq: 7,
    startedAt: NOW - 1000,
    durationMs: 20,
    status,
    namespaces: [{ snapshot: ns, input, diagnosis: { lang: 'en', ...runRules(input, 'en') } }],
    errors: [],
    lastSuccessAt: NOW - 1000,
    ...over,
  };
}

function app(over: Partial<AppDeps> = {}, r: ServeReading = reading()) {
  const metrics = new ExporterMetrics({
    perNetns: false,
    top: 10,
    maxNamespaces: 64,
    intervalSeconds: 15,
    version: 'test',
    processMetrics: false,
  });
  metrics.update(r);
  const deps: AppDeps = { reading: () => r, metrics, lang: 'en', intervalMs: 15_000, ...over };
  return { app: createApp(deps), metrics, r };
}

const get = (url: string, headers: AppRequest['headers'] = {}): AppRequest => ({
  method: 'GET',
  url,
  headers,
});
const bodyOf = (b: string | Buffer) => (typeof b === 'string' ? b : b.toString());

describe('createApp, without a socket', () => {
  it('serves /metrics from the rendered snapshot, gzipped on request', async () => {
    const { app: a } = app();
    const plain = await a.handle(get('/metrics'));
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(bodyOf(plain.body)).toContain('tcpdoctor_connections{state="time_wait",family="ipv4"} 12');
    const zipped = await a.handle(get('/metrics', { 'accept-encoding': 'gzip, deflate' }));
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.body as Buffer).toString()).toBe(bodyOf(plain.body));
    const refused = await a.handle(get('/metrics', { 'accept-encoding': 'gzip;q=0' }));
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers /api/status with exactly what status --json --interval prints', async () => {
    const { app: a, r } = app();
    const res = await a.handle(get('/api/status'));
    expect(res.status).toBe(200);
    const ns = r.namespaces[0]?.snapshot as Snapshot;
    const expected = renderStatusJson({ ...(r.status as Snapshot), counters: ns.counters, rates: ns.rates });
    expect(res.body).toBe(expected);
    const doc = JSON.parse(bodyOf(res.body));
    expect(doc.states.TIME_WAIT).toBe(12);
    expect(doc.sysctls).toBeUndefined(); // status reads sysctls only for --by dest
  });

  it('groups /api/status like status --by, and refuses unknown keys', async () => {
    const { app: a } = app();
    const res = await a.handle(get('/api/status?by=lport&by=dest&top=1'));
    const doc = JSON.parse(bodyOf(res.body));
    expect(doc.groups.lport[0]).toMatchObject({ label: 'outbound (ephemeral local ports)', total: 12 });
    expect(doc.groups.lport[1]).toMatchObject({ label: 'other (1 more)', total: 1 });
    expect(doc.sysctls).toEqual({ 'net.ipv4.ip_local_port_range': '32768 60999' });
    expect(doc.timeWait.buckets).toHaveLength(6);
    const bad = await a.handle(get('/api/status?by=colour'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bodyOf(bad.body)).error).toMatch(/^by takes lport, raddr/);
    expect((await a.handle(get('/api/status?top=0'))).status).toBe(400);
    expect((await a.handle(get('/api/status?netns=web'))).status).toBe(404);
  });

  it('answers /api/diagnose with diagnose --json, in either language', async () => {
    const { app: a, r } = app();
    const ns = r.namespaces[0];
    const en = await a.handle(get('/api/diagnose'));
    expect(en.status).toBe(200);
    expect(en.body).toBe(
      renderDiagnoseJson(
        ns?.snapshot as Snapshot,
        ns?.diagnosis?.findings ?? [],
        ns?.diagnosis?.skipped ?? [],
        'en',
      ),
    );
    const zh = JSON.parse(bodyOf((await a.handle(get('/api/diagnose?lang=zh'))).body));
    expect(zh.lang).toBe('zh');
    expect(zh.findings[0].id).toBe('healthy');
    expect(zh.findings[0].title).not.toBe(JSON.parse(bodyOf(en.body)).findings[0].title);
    expect((await a.handle(get('/api/diagnose?lang=fr'))).status).toBe(400);
  });

  it('says 503 with the reason when the census failed, on /api/* and /healthz', async () => {
    const failed = reading({
      status: undefined,
      namespaces: [],
      errors: [{ stage: 'census', message: 'no such process 4242', code: 'ESRCH' }],
      lastSuccessAt: NOW - 60_000,
    });
    const { app: a } = app({ now: () => 0 }, failed);
    const status = await a.handle(get('/api/status'));
    expect(status.status).toBe(503);
    expect(JSON.parse(bodyOf(status.body))).toMatchObject({
      error: 'no such process 4242',
      errors: [{ stage: 'census' }],
    });
    expect((await a.handle(get('/api/diagnose'))).status).toBe(503);
    const health = await a.handle(get('/healthz'));
    expect(health.status).toBe(503);
    expect(health.body).toBe('unhealthy: no such process 4242\n');
    // /metrics still answers: the failure is an error metric
    const m = await a.handle(get('/metrics'));
    expect(m.status).toBe(200);
    expect(bodyOf(m.body)).toContain('tcpdoctor_snapshot_success 0');
  });

  it('is healthy while snapshots are fresh, and not after three missed intervals', async () => {
    const realNow = Date.now();
    const fresh = app({}, reading({ lastSuccessAt: realNow - 1000 }));
    expect((await fresh.app.handle(get('/healthz'))).status).toBe(200);
    const stale = app({}, reading({ lastSuccessAt: realNow - 60_000 }));
    expect((await stale.app.handle(get('/healthz'))).status).toBe(503);
  });

  it('requires the bearer token on every path when one is set, before anything else', async () => {
    const token = 'a'.repeat(32);
    const { app: a } = app({ token: () => token });
    for (const path of ['/metrics', '/api/status', '/api/diagnose', '/healthz', '/', '/nope']) {
      const res = await a.handle(get(path));
      expect(res.status, path).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="tcpdoctor"');
    }
    expect((await a.handle(get('/metrics', { authorization: `Bearer ${'b'.repeat(32)}` }))).status).toBe(401);
    expect((await a.handle(get('/metrics', { authorization: `Basic ${token}` }))).status).toBe(401);
    expect((await a.handle(get('/metrics', { authorization: `Bearer ${token}` }))).status).toBe(200);
    expect((await a.handle(get('/metrics', { authorization: `bearer ${token}` }))).status).toBe(200);
    // the token is asked for at every request: a reload (SIGHUP) takes effect at once
    let current = token;
    const rotating = app({ token: () => current }).app;
    current = 'c'.repeat(32);
    expect((await rotating.handle(get('/metrics', { authorization: `Bearer ${token}` }))).status).toBe(401);
  });

  it('only reads: other methods get 405, unknown paths 404, each counted', async () => {
    const { app: a, metrics } = app();
    const post = await a.handle({ method: 'POST', url: '/metrics', headers: {} });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await a.handle({ method: 'DELETE', url: '/api/status', headers: {} })).status).toBe(405);
    expect((await a.handle(get('/admin'))).status).toBe(404);
    const landing = await a.handle(get('/'));
    expect(landing.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(landing.headers['x-content-type-options']).toBe('nosniff');
    const text = (await metrics.render()).text;
    expect(text).toContain('tcpdoctor_http_requests_total{path="/metrics",code="405"} 1');
    expect(text).toContain('tcpdoctor_http_requests_total{path="other",code="404"} 1');
  });

  it('lets a later route take / (the dashboard of issue 11)', async () => {
    const { app: a } = app({
      routes: [
        {
          path: '/',
          metricPath: '/',
          handle: () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: 'dashboard' }),
        },
      ],
    });
    expect((await a.handle(get('/'))).body).toBe('dashboard');
    expect((await a.handle(get('/metrics'))).status).toBe(200);
    // `/` is exact: it never takes the other paths
    expect((await a.handle(get('/metrics'))).body).not.toBe('dashboard');
    expect((await a.handle(get('/nope'))).status).toBe(404);
  });

  it('answers a public route without the token, and only that route', async () => {
    const token = 'a'.repeat(32);
    const page = { status: 200, headers: { 'content-type': 'text/html' }, body: 'page' };
    const { app: a } = app({
      token: () => token,
      routes: [
        {
          path: '/',
          metricPath: '/',
          public: true,
          handle: () => ({ ...page, headers: { ...page.headers } }),
        },
        { path: '/assets/', metricPath: '/assets/', public: true, handle: () => ({ ...page, headers: {} }) },
        { path: '/api/history', metricPath: '/api/history', handle: () => ({ ...page, headers: {} }) },
      ],
    });
    expect((await a.handle(get('/'))).status).toBe(200);
    expect((await a.handle(get('/assets/app.js'))).status).toBe(200);
    expect((await a.handle(get('/api/history'))).status).toBe(401);
    expect((await a.handle(get('/metrics'))).status).toBe(401);
    expect((await a.handle(get('/api/history', { authorization: `Bearer ${token}` }))).status).toBe(200);
  });
});

describe('authorized', () => {
  it('accepts only "Bearer <token>" with the exact token', () => {
    expect(authorized('Bearer s3cret-s3cret-s3cret', 's3cret-s3cret-s3cret')).toBe(true);
    expect(authorized('Bearer s3cret-s3cret-s3cre', 's3cret-s3cret-s3cret')).toBe(false);
    expect(authorized('Bearer', 's3cret')).toBe(false);
    expect(authorized(undefined, 's3cret')).toBe(false);
    expect(authorized(['Bearer s3cret'], 's3cret')).toBe(false);
  });
});

describe('parseListenAddress', () => {
  it('reads the forms operators type, and knows loopback from public', () => {
    expect(parseListenAddress('127.0.0.1:9879')).toEqual({ host: '127.0.0.1', port: 9879, loopback: true });
    expect(parseListenAddress('[::1]:9879')).toEqual({ host: '::1', port: 9879, loopback: true });
    expect(parseListenAddress('localhost:80')).toEqual({ host: '127.0.0.1', port: 80, loopback: true });
    expect(parseListenAddress('9879')).toEqual({ host: '127.0.0.1', port: 9879, loopback: true });
    expect(parseListenAddress(':9879')).toEqual({ host: '0.0.0.0', port: 9879, loopback: false });
    expect(parseListenAddress('0.0.0.0:9879')).toMatchObject({ loopback: false });
    expect(parseListenAddress('[::]:9879')).toMatchObject({ loopback: false });
    expect(parseListenAddress('10.1.2.3:0')).toMatchObject({ port: 0, loopback: false });
    expect(parseListenAddress('example.com:9879')).toMatch(/an IP address or localhost/);
    expect(parseListenAddress('127.0.0.1:70000')).toMatch(/0 to 65535/);
    expect(parseListenAddress('::1:9879')).toMatch(/\[IPv6\]:PORT/);
  });

  it('treats every loopback spelling as loopback and nothing else', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(h), h).toBe(true);
    }
    for (const h of ['0.0.0.0', '::', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', 'fe80::1']) {
      expect(isLoopbackAddress(h), h).toBe(false);
    }
    expect(formatListenAddress('::1', 9879)).toBe('[::1]:9879');
  });
});
