/**
 * The netlink source in this process's own namespace (no root needed). The namespace tests in
 * test/e2e/netlink.test.ts compare it with /proc and ss on a known population.
 */
import { describe, expect, it } from 'vitest';
import { SourceError } from '../source-error.js';
import { readHostInfo } from '../system/host-info.js';
import { loadDiagAddon } from './diag-addon.js';
import { NetlinkUnavailableError, readNetlinkCensus, startNetlinkCensus } from './read-netlink-census.js';

const addon = loadDiagAddon({});
const host = readHostInfo();

describe('loadDiagAddon', () => {
  it('reports why the addon is not there', () => {
    expect(loadDiagAddon({ TCPDOCTOR_ADDON: 'none' })).toEqual({
      ok: false,
      reason: 'disabled by TCPDOCTOR_ADDON=none',
    });
    const missing = loadDiagAddon({ TCPDOCTOR_ADDON: '/nonexistent/x.node' });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.reason).toMatch(
      /^the netlink addon is not built \(\/nonexistent\/x\.node is missing/,
    );
    const notAnAddon = loadDiagAddon({ TCPDOCTOR_ADDON: '/etc/hostname' });
    expect(!notAnAddon.ok && notAnAddon.reason).toMatch(/^the netlink addon does not load/);
  });

  it('throws NetlinkUnavailableError for the live snapshot to fall back on', () => {
    expect(() => startNetlinkCensus({}, { TCPDOCTOR_ADDON: 'none' })).toThrow(NetlinkUnavailableError);
  });
});

describe.skipIf(!addon.ok)('readNetlinkCensus in this namespace', () => {
  it('counts per family and state and names its source', () => {
    const r = readNetlinkCensus({}, host);
    expect(r.source.kind).toBe('netlink');
    expect(r.source.netns.inode).toBeGreaterThan(0);
    expect(r.census.ipv4).toHaveLength(16);
    expect(r.census.ipv6).toHaveLength(16);
    expect(r.sockets).toBeUndefined();
    expect(r.census.ipv4[0]).toBe(0);
    expect(r.census.ipv4[13]).toBe(0); // BOUND_INACTIVE is not asked for (mask 0xFFE)
  });

  it('materialises records only when asked, one per counted socket', () => {
    const r = readNetlinkCensus({ records: true }, host);
    const counted = [...r.census.ipv4, ...r.census.ipv6].reduce((a, b) => a + b, 0);
    // The tables may change between the dump and now, not within one dump.
    expect(r.sockets).toHaveLength(counted);
  });

  it('gives the same counts by the single-walk and the per-family requests', () => {
    const one = readNetlinkCensus({}, host);
    const two = startNetlinkCensus({}, { TCPDOCTOR_DIAG: 'per-family' }).finish(host).reading;
    // Live tables move; on a quiet host both are equal, and both are whole numbers per slot.
    expect(Array.from(two.census.ipv4).every(Number.isInteger)).toBe(true);
    expect(Math.abs(sum(one) - sum(two))).toBeLessThan(50);
  });

  it('says which pid does not exist, and why another namespace cannot be entered', () => {
    const err = catchError(() => readNetlinkCensus({ netnsPid: 999_999_999 }, host));
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).code).toBe('ESRCH');
    expect(err?.message).toBe('no process 999999999: --netns needs the pid of a running process');
  });

  it('discards a dump that failed after its retries and says how', () => {
    const err = catchError(() => startNetlinkCensus({}, { TCPDOCTOR_DIAG_FAULT: 'enobufs' }).finish(host));
    expect(err).toBeInstanceOf(NetlinkUnavailableError);
    expect(err?.message).toMatch(
      /No buffer space available.*after 3 attempts; the partial dump was discarded$/,
    );
    const once = startNetlinkCensus({}, { TCPDOCTOR_DIAG_FAULT: 'enobufs-once' }).finish(host);
    expect(once.stats.retries).toBe(1);
  });
});

function sum(r: { census: { ipv4: Float64Array; ipv6: Float64Array } }): number {
  return [...r.census.ipv4, ...r.census.ipv6].reduce((a, b) => a + b, 0);
}

function catchError(fn: () => unknown): Error | undefined {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  return undefined;
}
