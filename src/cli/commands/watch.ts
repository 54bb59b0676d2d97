import type { Finding } from '../../core/diagnose/finding.js';
import { runRules } from '../../core/diagnose/run-rules.js';
import { langFromEnv, parseLang } from '../../core/explain/lang.js';
import { filterCensus } from '../../core/model/census.js';
import { History } from '../../core/watch/history.js';
import {
  buildFrame,
  type GroupCache,
  WATCH_GROUP_KEYS,
  WATCH_SORTS,
  type WatchFrame,
  type WatchGroupKey,
  type WatchSample,
  type WatchSort,
} from '../../core/watch/watch-frame.js';
import { statusJson } from '../../sinks/json/status-json.js';
import { describeSource } from '../../sinks/terminal/status-table.js';
import { renderWatchLine } from '../../sinks/terminal/watch-text.js';
import { WatchSampler } from '../../sources/snapshot/watch-sampler.js';
import { EXIT, usageError } from '../cli-error.js';
import { type CliContext, colourWanted } from '../context.js';
import { parseDuration, parseFlags, parseNetns, parseStates } from '../options.js';

export const HELP = `Usage: tcpdoctor watch [options]

A live view of TCP states, like top for connections: counts with change per second and a trend,
the top groups with their state mix, the counter rates that matter, and active findings.

Options:
  --interval DUR      refresh every DUR (default 1s; 500ms, 2s, 1m)
  --by KEY            grouping: lport (listener), raddr (peer), dest, process (default lport)
  --netns NS          a pid, a name under /run/netns, or "all"
  --state NAME        only these states (repeatable, any spelling)
  --top N             group rows at most (default: what fits the screen)
  --count N           stop after N frames
  --json              one JSON object per line (NDJSON), for pipes
  --lang en|zh        labels (default from LC_ALL / LC_MESSAGES / LANG)
  --no-color          no colour (NO_COLOR is honoured too)
  -h, --help          this help

Keys: q quit · g cycle grouping · s cycle sort · p pause · / filter by address or port · ? help.
When stdout is not a terminal: one compact line per interval (or NDJSON with --json).`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(args, {
    interval: { type: 'string' },
    by: { type: 'string' },
    netns: { type: 'string' },
    state: { type: 'string', multiple: true },
    top: { type: 'string' },
    count: { type: 'string' },
    json: { type: 'boolean' },
    lang: { type: 'string' },
    'no-color': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    ctx.out(`${HELP}\n`);
    return EXIT.OK;
  }
  const intervalMs = values.interval === undefined ? 1000 : parseDuration(values.interval, '--interval');
  if (intervalMs < 100) throw usageError('--interval must be at least 100ms');
  const by = (values.by ?? 'lport') as WatchGroupKey;
  if (!(WATCH_GROUP_KEYS as readonly string[]).includes(by)) {
    throw usageError(`--by takes ${WATCH_GROUP_KEYS.join(', ')}, not "${values.by}"`);
  }
  const count = values.count === undefined ? Number.POSITIVE_INFINITY : Number(values.count);
  if (!Number.isInteger(count) && count !== Number.POSITIVE_INFINITY)
    throw usageError(`--count takes a whole number, not "${values.count}"`);
  if (count < 1) throw usageError('--count must be at least 1');
  const top = values.top === undefined ? 50 : Number(values.top);
  if (!Number.isInteger(top) || top < 1)
    throw usageError(`--top takes a whole number ≥ 1, not "${values.top}"`);
  const lang = values.lang === undefined ? langFromEnv(ctx.env) : parseLang(values.lang);
  if (!lang) throw usageError(`--lang takes en or zh, not "${values.lang}"`);
  const states = parseStates(values.state) ?? [];

  const screen = ctx.stdoutIsTTY && !values.json;
  const control = new WatchController({
    sampler: new WatchSampler({ netns: parseNetns(values.netns, true) }),
    intervalMs,
    by,
    grouped: screen || values.by !== undefined,
    states,
    top,
    lang,
  });
  await control.start(); // the first frame, before anything is drawn: errors surface as messages
  if (screen) {
    const { runScreen } = await import('./watch-screen.js');
    return runScreen(control, { lang, colour: colourWanted(ctx, values['no-color']), count });
  }
  return runLines(control, ctx, { json: values.json === true, count });
}

/** Feeds frames: one sample per interval, never overlapping, paused on demand. */
export class WatchController {
  readonly history = new History(600);
  private readonly previousGroups = new Map<string, number>();
  private readonly listeners = new Set<(frame: WatchFrame) => void>();
  private prev: WatchSample | undefined;
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private stopped = false;
  private filter = '';
  private sortIndex = 0;
  private by: WatchGroupKey;
  private findings: { at: number; records: unknown; list: Finding[] } = {
    at: -1,
    records: undefined,
    list: [],
  };
  private readonly groupCache: GroupCache = {};
  private ticks = 0;
  frame: WatchFrame | undefined;
  header = '';

  constructor(
    private readonly o: {
      sampler: WatchSampler;
      intervalMs: number;
      by: WatchGroupKey;
      grouped: boolean;
      states: readonly number[];
      top: number;
      lang: 'en' | 'zh';
    },
  ) {
    this.by = o.by;
  }

  get intervalText(): string {
    return this.o.intervalMs % 1000 === 0 ? `${this.o.intervalMs / 1000}s` : `${this.o.intervalMs}ms`;
  }
  get sort(): WatchSort {
    return WATCH_SORTS[this.sortIndex] as WatchSort;
  }
  get socketListEvery(): number {
    return this.o.sampler.socketListEvery;
  }

  async start(): Promise<void> {
    await this.step();
    const snap = this.o.sampler.lastSnapshot;
    if (snap) this.header = describeSource(snap).replace(/ · \d{4}-\d\d-\d\dT[^ ]+$/, '');
  }

  /** Schedule the following frames. */
  run(): void {
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(async () => {
        if (!this.paused) await this.step();
        loop();
      }, this.o.intervalMs);
    };
    loop();
  }

  subscribe(listener: (frame: WatchFrame) => void): () => void {
    this.listeners.add(listener);
    if (this.frame) listener(this.frame);
    return () => this.listeners.delete(listener);
  }
  cycleGrouping(): void {
    this.by = WATCH_GROUP_KEYS[
      (WATCH_GROUP_KEYS.indexOf(this.by) + 1) % WATCH_GROUP_KEYS.length
    ] as WatchGroupKey;
    void this.refresh();
  }
  cycleSort(): void {
    this.sortIndex = (this.sortIndex + 1) % WATCH_SORTS.length;
    void this.refresh();
  }
  togglePause(): boolean {
    this.paused = !this.paused;
    return this.paused;
  }
  setFilter(text: string): void {
    this.filter = text.trim();
    void this.refresh();
  }
  quit(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Take a sample now and draw it (after a key changed the view). */
  private async refresh(): Promise<void> {
    if (!this.paused) await this.step();
    else if (this.prev) this.emit(this.prev, undefined);
  }

  private async step(): Promise<void> {
    const needRecords = this.o.grouped || this.filter !== '';
    const sample = await this.o.sampler.sample({
      records: needRecords,
      owners: this.by === 'process',
      intervalMs: this.o.intervalMs,
    });
    const before = this.prev;
    this.prev = sample;
    this.ticks++;
    this.emit(sample, before);
    this.o.sampler.frameDone();
  }

  private emit(sample: WatchSample, before: WatchSample | undefined): void {
    const frame = buildFrame(before, sample, this.history, this.previousGroups, {
      by: this.by,
      sort: this.sort,
      filter: this.filter,
      top: this.o.top,
      sparkWidth: 60,
      kernel: this.o.sampler.lastSnapshot?.kernel ?? 'unknown',
      states: this.o.states,
      groupCache: this.groupCache,
      diagnose: (input) => {
        // the rules walk every socket: on a large population run them only when the socket list
        // was re-read (every few frames, see WatchSampler); on a small one every frame
        const big = (input.records?.length ?? 0) > 20_000;
        const fresh = input.records !== this.findings.records;
        if (this.findings.at < 0 || !big || fresh) {
          this.findings = {
            at: this.ticks,
            records: input.records,
            list: runRules(input, this.o.lang).findings,
          };
        }
        return this.findings.list;
      },
    });
    if (!this.o.grouped) delete frame.groups;
    this.frame = frame;
    for (const l of this.listeners) l(frame);
  }

  /** The status JSON of the latest sample, filtered like the view, for NDJSON lines. */
  statusLine(): string {
    const snap = this.o.sampler.lastSnapshot;
    const frame = this.frame;
    if (!snap || !frame) return '';
    const census = filterCensus(snap.census, { states: this.o.states });
    const j = {
      ...statusJson(snap, census),
      perSecond: Object.fromEntries(frame.states.map((s) => [s.name, Number(s.perSecond.toFixed(3))])),
      rates: frame.rates,
      findings: frame.findings,
      ...(frame.groups ? { groups: { [frame.groups.key]: frame.groups.rows } } : {}),
    };
    return `${JSON.stringify(j)}\n`;
  }
}

// --- internal ---

/** Line or NDJSON mode: one line per frame until --count or a signal. */
async function runLines(
  control: WatchController,
  ctx: CliContext,
  o: { json: boolean; count: number },
): Promise<number> {
  let written = 0;
  return new Promise<number>((resolve) => {
    const finish = () => {
      control.quit();
      resolve(EXIT.OK);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
    control.subscribe((frame) => {
      if (written >= o.count) return;
      ctx.out(o.json ? control.statusLine() : renderWatchLine(frame));
      written++;
      if (written >= o.count) finish();
    });
    if (written < o.count) control.run();
  });
}
