import { fstatSync } from 'node:fs';
import { DIAG_PER_FAMILY, type DiagAddon, type DiagJob, loadDiagAddon } from './diag-addon.js';

/**
 * Start the census dump before the CLI has loaded its command modules, so that the kernel walks
 * its tables on the addon's helper thread while Node loads and links the rest of tcpdoctor: at
 * 100k sockets the dump and the start-up are each ~50 ms, and on two CPUs they overlap
 * (docs/benchmarks.md). `start-census-early.ts` calls this as the first thing the bundled entry
 * evaluates; `startNetlinkCensus` then adopts the running job if it is the one it needs, and a
 * job nobody adopts is joined and freed by the addon's finalizer.
 *
 * Only the plain census qualifies - `[status] [--json|--awk] [--family F] [--state S]...
 * [--netns PID] [--source auto|netlink] [-v]` - and only when standard input is not a pipe or a
 * file (which may be a capture to read instead). Any other argument, including one added later
 * to `status`, means no early start: slower by the overlap, never wrong.
 */
export function prefetchCensus(argv: readonly string[] = process.argv.slice(2), env = process.env): void {
  if (prefetched) return;
  const ns = prefetchNetns(argv);
  if (ns === undefined || env.TCPDOCTOR_DIAG_FAULT || stdinMayHoldInput()) return;
  const load = loadDiagAddon(env);
  if (!load.ok) return;
  const flags = env.TCPDOCTOR_DIAG === 'per-family' ? DIAG_PER_FAMILY : 0;
  try {
    prefetched = { addon: load.addon, job: load.addon.start(flags, ns), flags, ns };
  } catch {
    // The request made after argument parsing meets the same error and reports it.
  }
}

/** The early job if it matches this request; it is handed out once. */
export function takePrefetched(flags: number, ns: number): { addon: DiagAddon; job: DiagJob } | undefined {
  const p = prefetched;
  prefetched = undefined;
  return p && p.flags === flags && p.ns === ns ? p : undefined;
}

/** 0 (this namespace) or a pid when argv is the plain census; undefined otherwise. */
export function prefetchNetns(argv: readonly string[]): number | undefined {
  let i = 0;
  if (argv[0] === 'status') i = 1;
  else if (argv[0] !== undefined && !argv[0].startsWith('-')) return undefined;
  let ns = 0;
  for (; i < argv.length; i++) {
    const raw = argv[i] as string;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string | undefined => (eq > 0 ? raw.slice(eq + 1) : argv[++i]);
    switch (flag) {
      case '--json':
      case '--awk':
      case '--live':
      case '--no-color':
      case '--verbose':
      case '-v':
        if (eq > 0) return undefined;
        break;
      case '--family':
      case '--state':
        if (value() === undefined) return undefined;
        break;
      case '--source': {
        const v = value();
        if (v !== 'auto' && v !== 'netlink') return undefined;
        break;
      }
      case '--netns': {
        const v = value();
        if (v === undefined || !/^[1-9]\d{0,9}$/.test(v)) return undefined;
        ns = Number(v);
        break;
      }
      default:
        return undefined;
    }
  }
  return ns;
}

// --- internal ---

let prefetched: { addon: DiagAddon; job: DiagJob; flags: number; ns: number } | undefined;

/** A pipe or a regular file on stdin may be a capture that replaces the live census. */
function stdinMayHoldInput(): boolean {
  try {
    const st = fstatSync(0);
    return st.isFIFO() || st.isFile() || st.isSocket();
  } catch {
    return false; // closed stdin: nothing to read
  }
}
