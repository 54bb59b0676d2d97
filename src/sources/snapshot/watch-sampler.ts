import type { Snapshot } from '../../core/model/snapshot.js';
import type { WatchSample } from '../../core/watch/watch-frame.js';
import { DIAGNOSE_SYSCTLS } from './take-diagnose-input.js';
import { takeSnapshot } from './take-snapshot.js';

export interface SamplerOptions {
  netns?: string | undefined;
}

/** The share of one core the socket list and what is built on it may take, on average. */
const BUDGET = 0.03;

/**
 * Takes the samples `watch` shows: every tick the per-state census and the counters (one pass,
 * no socket list) unless the view needs sockets (a grouping, a filter); the process map only in
 * the process view. On a large population the socket list is read less often, so that the whole
 * refresh built on it — reading it, grouping it, running the rules over it — costs near 3 % of
 * one core: the caller reports when the frame built on a fresh list is done (`frameDone`), and
 * the CPU time the process spent since the read began (all threads: the kernel's dump counts)
 * sets the cadence. The census is fresh every tick.
 */
export class WatchSampler {
  private recordsEvery = 1;
  private tick = 0;
  /** The tick that last read the socket list. */
  private recordsTick = 0;
  private lastRecords: WatchSample['records'];
  /** CPU usage when the pending fresh socket list began to be read; undefined when none is. */
  private refreshStarted: NodeJS.CpuUsage | undefined;
  private intervalMs = 1000;
  /** A refresh's cost has been measured once already (see frameDone). */
  private measured = false;
  private sysctls: Record<string, string> | undefined;
  lastSnapshot: Snapshot | undefined;

  constructor(private readonly opts: SamplerOptions) {}

  async sample(view: { records: boolean; owners: boolean; intervalMs: number }): Promise<WatchSample> {
    const single = this.opts.netns !== 'all';
    // counted from the last read, not as multiples of the cadence: a cadence that changes after a
    // read must not bring the next read forward
    const wantRecords =
      view.records && (this.tick - this.recordsTick >= this.recordsEvery || this.lastRecords === undefined);
    const refreshSysctls = single && this.tick % 10 === 0;
    if (wantRecords) {
      this.recordsTick = this.tick;
      this.refreshStarted = process.cpuUsage();
    }
    const snap = await takeSnapshot({
      netns: this.opts.netns,
      records: wantRecords,
      owners: wantRecords && view.owners,
      counters: single,
      sysctls: refreshSysctls ? DIAGNOSE_SYSCTLS : undefined,
    });
    this.tick++;
    this.intervalMs = view.intervalMs;
    if (snap.sysctls) this.sysctls = snap.sysctls;
    if (wantRecords) {
      this.lastRecords = snap.sockets;
      // a small population is cheap whatever a busy machine makes one refresh cost: every tick
      if ((snap.sockets?.length ?? 0) < 10_000) {
        this.recordsEvery = 1;
        this.refreshStarted = undefined;
      }
    }
    if (!view.records) this.lastRecords = undefined;
    this.lastSnapshot = snap;
    const sample: WatchSample = { time: Date.now(), census: snap.census };
    if (view.records && this.lastRecords) sample.records = this.lastRecords;
    if (snap.counters) sample.counters = snap.counters;
    if (this.sysctls) sample.sysctls = this.sysctls;
    return sample;
  }

  /**
   * The frame built on the latest sample is done (grouped, diagnosed, drawn): when that sample
   * read a fresh socket list of a large population, what the refresh cost sets how many ticks
   * pass before the next read (at most 30). The first refresh runs on code not compiled yet
   * (it cost ~1.4 times a later one at 100,000 sockets): it waits 10 ticks at most, so the
   * cadence is soon taken from what a refresh really costs.
   */
  frameDone(): void {
    if (!this.refreshStarted) return;
    const used = process.cpuUsage(this.refreshStarted);
    this.refreshStarted = undefined;
    const ms = (used.user + used.system) / 1000;
    const every = Math.ceil(ms / (BUDGET * this.intervalMs));
    this.recordsEvery = Math.max(1, Math.min(this.measured ? 30 : 10, every));
    this.measured = true;
  }

  /** How many ticks pass between two reads of the socket list (1 = every tick). */
  get socketListEvery(): number {
    return this.recordsEvery;
  }
}
