import { gzip } from 'node:zlib';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { counter as kernelCounter } from '../../core/counters/kernel-counters.js';
import type { Census } from '../../core/model/census.js';
import { STATE_NAMES } from '../../core/model/tcp-state.js';
import { portRangeFromSysctls } from '../../core/tally/group-by.js';
import type { NamespaceReading, ServeReading } from '../http/reading.js';
import { STAGES } from '../http/reading.js';
import { KERNEL_COUNTER_METRICS, METRICS, type MetricSpec, SYSCTL_METRICS } from './metric-catalog.js';
import { cappedNamespaces, destinationUse, listenerPorts, OTHER_PORT } from './metric-values.js';

/** How the exporter bounds its output (docs/metrics.md, "Cardinality"). */
export interface ExporterOptions {
  /** `--netns all`: every per-namespace family gains a `netns` label. */
  perNetns: boolean;
  /** Listener ports and destinations kept per namespace (`--top`). */
  top: number;
  /** Namespaces with their own series (`--max-netns`); the rest are summed as `(other)`. */
  maxNamespaces: number;
  intervalSeconds: number;
  version: string;
  /** Add prom-client's process_* and nodejs_* metrics (off in unit tests: they vary). */
  processMetrics: boolean;
  /** A rendered body is reused for this long when no new snapshot came (default 1 s). */
  renderTtlMs?: number;
  now?: () => number;
}

export interface MetricsBody {
  text: string;
  /** The same text gzipped, computed at most once per rendering. */
  gzip(): Promise<Buffer>;
}

/** The Prometheus text format's content type (version 0.0.4), as prom-client writes it. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The exporter's metric families in one prom-client registry. `update` sets them from a reading
 * (once per interval); `render` serialises at most once per snapshot and second, however many
 * scrapers ask, so concurrent scrapes cost a buffer write each.
 */
export class ExporterMetrics {
  readonly registry = new Registry();
  private readonly gauges = new Map<string, Gauge>();
  private readonly counters = new Map<string, Counter>();
  private readonly scrapeDuration: Histogram;
  /** Last exposed value per kernel-counter series, to turn absolute readings into increments. */
  private readonly counterValues = new Map<string, number>();
  private readonly labelled = new Set<string>();
  private cache: { key: string; at: number; body: Promise<MetricsBody> } | undefined;
  private seq = 0;
  private readonly now: () => number;

  constructor(private readonly opts: ExporterOptions) {
    this.now = opts.now ?? Date.now;
    let histogram: Histogram | undefined;
    for (const spec of METRICS) {
      if (
        !opts.perNetns &&
        (spec.name === 'tcpdoctor_namespaces' || spec.name === 'tcpdoctor_namespaces_omitted')
      )
        continue;
      const labelNames = [...(spec.perNetns && opts.perNetns ? ['netns'] : []), ...spec.labels];
      if (labelNames.length > 0) this.labelled.add(spec.name);
      const config = { name: spec.name, help: spec.help, labelNames, registers: [this.registry] };
      if (spec.type === 'gauge') this.gauges.set(spec.name, new Gauge(config));
      else if (spec.type === 'counter') this.counters.set(spec.name, new Counter(config));
      else histogram = new Histogram({ ...config, buckets: SCRAPE_BUCKETS });
    }
    this.scrapeDuration = histogram as Histogram;
    // prom-client shows an unlabelled series as 0 until set: data must be absent, not 0, until read
    for (const spec of METRICS) if (spec.perNetns || spec.name === 'tcpdoctor_orphans') this.clear(spec.name);
    this.gauge('tcpdoctor_build_info').set({ version: opts.version }, 1);
    this.gauge('tcpdoctor_snapshot_interval_seconds').set(opts.intervalSeconds);
    for (const stage of STAGES) this.counter('tcpdoctor_snapshot_errors_total').inc({ stage }, 0);
    this.counter('tcpdoctor_snapshots_total').inc(0);
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Set every family from a new reading. Families of a failed stage are left out, not zeroed. */
  update(reading: ServeReading): void {
    this.seq = reading.seq;
    for (const spec of METRICS)
      if (spec.perNetns && spec.type === 'gauge') this.gauges.get(spec.name)?.reset();
    this.gauge('tcpdoctor_orphans').reset();
    if (reading.status) this.setConnections(reading);
    const seen = new Set<string>();
    reading.namespaces.forEach((ns, i) => {
      this.setNamespace(ns, seen, i === 0);
    });
    this.dropStaleCounters(seen);
    if (this.opts.perNetns) {
      const total = reading.status?.namespaces?.length ?? 0;
      this.gauge('tcpdoctor_namespaces').set(total);
      this.gauge('tcpdoctor_namespaces_omitted').set(Math.max(0, total - reading.namespaces.length));
    }
    this.gauge('tcpdoctor_snapshot_duration_seconds').set(reading.durationMs / 1000);
    if (reading.lastSuccessAt !== undefined)
      this.gauge('tcpdoctor_snapshot_timestamp_seconds').set(reading.lastSuccessAt / 1000);
    this.gauge('tcpdoctor_snapshot_success').set(reading.errors.length === 0 ? 1 : 0);
    this.counter('tcpdoctor_snapshots_total').inc();
    for (const e of reading.errors) this.counter('tcpdoctor_snapshot_errors_total').inc({ stage: e.stage });
    this.cache = undefined;
  }

  /** Record one answered /metrics request. */
  observeScrape(seconds: number): void {
    this.scrapeDuration.observe(seconds);
  }

  /** Count one HTTP request; `path` must come from a fixed set (bounded cardinality). */
  countRequest(path: string, code: number): void {
    this.counter('tcpdoctor_http_requests_total').inc({ path, code: String(code) });
  }

  /** The exposition text, re-serialised only for a new snapshot or after the TTL. */
  render(): Promise<MetricsBody> {
    const now = this.now();
    const ttl = this.opts.renderTtlMs ?? 1000;
    const key = String(this.seq);
    if (this.cache && this.cache.key === key && now - this.cache.at < ttl) return this.cache.body;
    const body = this.registry.metrics().then((text) => bodyOf(text));
    this.cache = { key, at: now, body };
    // a failed serialisation must not be served from the cache
    body.catch(() => {
      if (this.cache?.body === body) this.cache = undefined;
    });
    return body;
  }

  // --- internal ---

  private gauge(name: string): Gauge {
    const m = this.gauges.get(name);
    if (!m) throw new Error(`no gauge ${name}`);
    return m;
  }

  private counter(name: string): Counter {
    const m = this.counters.get(name);
    if (!m) throw new Error(`no counter ${name}`);
    return m;
  }

  /** Drop every series of a family (an unlabelled one included: reset() would show it as 0). */
  private clear(name: string): void {
    const m = this.gauges.get(name) ?? this.counters.get(name);
    if (!m) return;
    m.reset();
    if (!this.labelled.has(name)) m.remove({});
  }

  private setConnections(reading: ServeReading): void {
    const status = reading.status;
    if (!status) return;
    const g = this.gauge('tcpdoctor_connections');
    if (this.opts.perNetns && status.namespaces) {
      for (const ns of cappedNamespaces(status.namespaces, this.opts.maxNamespaces)) {
        setCensus(g, ns.census, { netns: ns.label });
      }
    } else setCensus(g, status.census, {});
  }

  private setNamespace(ns: NamespaceReading, seen: Set<string>, first: boolean): void {
    const base: Record<string, string> =
      this.opts.perNetns && ns.label !== undefined ? { netns: ns.label } : {};
    const snap = ns.snapshot;
    const records = snap.sockets ?? [];
    if (snap.source.kind !== 'file')
      this.gauge('tcpdoctor_source_info').set({ ...base, kind: snap.source.kind }, 1);

    const conns = this.gauge('tcpdoctor_listener_connections');
    for (const row of listenerPorts(records, this.opts.top)) {
      const labels = { ...base, port: row.port };
      STATE_NAMES.forEach((name, i) => {
        conns.set({ ...labels, state: name.toLowerCase() }, row.counts[i + 1] ?? 0);
      });
      if (row.port === OTHER_PORT) continue;
      this.gauge('tcpdoctor_listener_accept_queue').set(labels, row.acceptQueue);
      if (row.backlog !== undefined) this.gauge('tcpdoctor_listener_backlog').set(labels, row.backlog);
    }

    const range = portRangeFromSysctls(snap.sysctls);
    const use = destinationUse(records, range, this.opts.top);
    this.gauge('tcpdoctor_ephemeral_port_range_size').set(base, use.rangeSize);
    for (const row of use.rows) {
      const labels = { ...base, local_address: row.localAddress, destination: row.destination };
      this.gauge('tcpdoctor_destination_ephemeral_ports_used').set(labels, row.inUse);
      this.gauge('tcpdoctor_destination_ephemeral_ports_used_ratio').set(labels, row.ratio);
    }

    const sockstat = snap.counters?.sockstat;
    if (sockstat?.tw !== undefined) this.gauge('tcpdoctor_tw_buckets').set(base, sockstat.tw);
    // host-wide: once, from the first namespace read
    if (first && sockstat?.orphan !== undefined) this.gauge('tcpdoctor_orphans').set(sockstat.orphan);
    for (const key of SYSCTL_METRICS) {
      const raw = snap.sysctls?.[key];
      if (raw === undefined || !/^-?\d+$/.test(raw)) continue;
      this.gauge('tcpdoctor_sysctl').set({ ...base, name: key }, Number(raw));
      if (key === 'net.ipv4.tcp_max_tw_buckets')
        this.gauge('tcpdoctor_tw_buckets_max').set(base, Number(raw));
    }

    if (snap.counters) {
      for (const [key, name] of KERNEL_COUNTER_METRICS) {
        const value = kernelCounter(snap.counters, key);
        if (value !== undefined) this.setCounter(name, base, value, seen);
      }
    }

    if (ns.diagnosis) {
      for (const f of ns.diagnosis.findings) {
        this.gauge('tcpdoctor_finding').set({ ...base, id: f.id, severity: f.severity }, 1);
      }
      for (const s of ns.diagnosis.skipped) {
        this.gauge('tcpdoctor_diagnosis_rule_skipped').set({ ...base, rule: s.rule }, 1);
      }
    }
  }

  /** Expose an absolute kernel counter as a Prometheus counter: increments, a reset starts over. */
  private setCounter(name: string, labels: Record<string, string>, value: number, seen: Set<string>): void {
    const c = this.counter(name);
    const key = `${name}|${labels.netns ?? ''}`;
    seen.add(key);
    const last = this.counterValues.get(key);
    if (last === undefined || value < last) {
      if (last !== undefined) c.remove(labels);
      c.inc(labels, value);
    } else if (value > last) c.inc(labels, value - last);
    this.counterValues.set(key, value);
  }

  private dropStaleCounters(seen: Set<string>): void {
    for (const key of [...this.counterValues.keys()]) {
      if (seen.has(key)) continue;
      const bar = key.indexOf('|');
      const name = key.slice(0, bar);
      const netns = key.slice(bar + 1);
      this.counter(name).remove(this.opts.perNetns ? { netns } : {});
      this.counterValues.delete(key);
    }
  }
}

/** Names of every family this exporter can emit (for docs checks). */
export function metricNames(specs: readonly MetricSpec[] = METRICS): string[] {
  return specs.map((s) => s.name);
}

// --- internal ---

/** /metrics is answered from memory: sub-millisecond normally, so the buckets start low. */
const SCRAPE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

function setCensus(g: Gauge, census: Census, base: Record<string, string>): void {
  for (const [family, counts] of [
    ['ipv4', census.ipv4],
    ['ipv6', census.ipv6],
  ] as const) {
    STATE_NAMES.forEach((name, i) => {
      g.set({ ...base, state: name.toLowerCase(), family }, counts[i + 1] ?? 0);
    });
  }
}

function bodyOf(text: string): MetricsBody {
  let zipped: Promise<Buffer> | undefined;
  return {
    text,
    gzip: () => {
      zipped ??= new Promise((resolve, reject) => {
        gzip(text, (err, buf) => (err ? reject(err) : resolve(buf)));
      });
      return zipped;
    },
  };
}
