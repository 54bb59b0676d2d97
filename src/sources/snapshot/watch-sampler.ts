import type { Snapshot } from '../../core/model/snapshot.js';
import type { WatchSample } from '../../core/watch/watch-frame.js';
import { DIAGNOSE_SYSCTLS } from './take-diagnose-input.js';
import { takeSnapshot } from './take-snapshot.js';

export interface SamplerOptions {
  netns?: string | undefined;
}

/**
 * Takes the samples `watch` shows: every tick the per-state census and the counters (one pass,
 * no socket list) unless the view needs sockets (a grouping, a filter); the process map only in
 * the process view. On a large population the socket list is read less often so that reading
 * stays near 3 % of the interval; the census is fresh every tick.
 */
export class WatchSampler {
  private recordsEvery = 1;
  private tick = 0;
  private lastRecords: WatchSample['records'];
  private sysctls: Record<string, string> | undefined;
  lastSnapshot: Snapshot | undefined;

  constructor(private readonly opts: SamplerOptions) {}

  async sample(view: { records: boolean; owners: boolean; intervalMs: number }): Promise<WatchSample> {
    const single = this.opts.netns !== 'all';
    const wantRecords =
      view.records && (this.tick % this.recordsEvery === 0 || this.lastRecords === undefined);
    const refreshSysctls = single && this.tick % 10 === 0;
    const started = performance.now();
    const snap = await takeSnapshot({
      netns: this.opts.netns,
      records: wantRecords,
      owners: wantRecords && view.owners,
      counters: single,
      sysctls: refreshSysctls ? DIAGNOSE_SYSCTLS : undefined,
    });
    const took = performance.now() - started;
    this.tick++;
    if (snap.sysctls) this.sysctls = snap.sysctls;
    if (wantRecords) {
      this.lastRecords = snap.sockets;
      // keep the socket list's share of the interval near 3 % — on a large population only: a
      // small one is cheap whatever a busy machine makes a single read cost
      const big = (snap.sockets?.length ?? 0) >= 10_000;
      this.recordsEvery = big ? Math.max(1, Math.min(30, Math.ceil(took / (0.03 * view.intervalMs)))) : 1;
    }
    if (!view.records) this.lastRecords = undefined;
    this.lastSnapshot = snap;
    const sample: WatchSample = { time: Date.now(), census: snap.census };
    if (view.records && this.lastRecords) sample.records = this.lastRecords;
    if (snap.counters) sample.counters = snap.counters;
    if (this.sysctls) sample.sysctls = this.sysctls;
    return sample;
  }

  /** How many ticks pass between two reads of the socket list (1 = every tick). */
  get socketListEvery(): number {
    return this.recordsEvery;
  }
}
