import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type StateMap, toStateMap } from '../model/census.js';
import type { SocketRecord } from '../model/socket.js';
import { parseCaptureFormat } from './capture-format.js';
import type { CaptureScanOptions } from './capture-state.js';
import { createCaptureScan, finishCaptureScan, scanCapture } from './scan-capture.js';
import { stateCodeOf } from './state-token.js';

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures');
const fixture = (name: string) => readFileSync(resolve(FIXTURES, name));

function scan(input: Uint8Array | string, opts: CaptureScanOptions = {}) {
  const buf = typeof input === 'string' ? Buffer.from(input) : input;
  const st = createCaptureScan(opts);
  scanCapture(buf, 0, buf.length, st, true);
  const summary = finishCaptureScan(st);
  return { st, summary, v4: nonZero(toStateMap(st.census.ipv4)), v6: nonZero(toStateMap(st.census.ipv6)) };
}

function nonZero(m: StateMap): Partial<StateMap> {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== 0));
}

// The population of test/fixtures/capture-linux.sh, counted by hand from the groups it builds:
// IPv4 2 idle listeners + 3 ESTABLISHED pairs (1 listener) + 4 client TIME_WAIT (1 listener) +
// 2 CLOSE_WAIT/FIN_WAIT2 pairs (1 listener) + 2 server TIME_WAIT (1 listener) + a backlog-1
// listener with 2 queued pairs and 1 SYN_SENT: LISTEN 7, ESTABLISHED 6+4+2, TIME_WAIT 6.
// IPv6: 1 idle listener, 2 pairs on [::1] (1 listener), 2 TIME_WAIT (1 listener), a dual-stack
// listener with 2 IPv4 clients (their server halves are v4-mapped IPv6 sockets).
const LINUX_V4: Partial<StateMap> = {
  ESTABLISHED: 12,
  SYN_SENT: 1,
  FIN_WAIT2: 2,
  TIME_WAIT: 6,
  CLOSE_WAIT: 2,
  LISTEN: 7,
};
const LINUX_V6: Partial<StateMap> = { ESTABLISHED: 6, TIME_WAIT: 2, LISTEN: 4 };

describe('real Linux captures of one known population (42 sockets)', () => {
  const full: Array<[string, string]> = [
    ['netstat-an.linux6.18.txt', 'netstat-linux'],
    ['netstat-ta.linux6.18.txt', 'netstat-linux'], // resolved names: localhost:43263, [::]:*
    ['netstat-tan.linux6.18.txt', 'netstat-linux'],
    ['netstat-tanW.linux6.18.txt', 'netstat-linux'],
    ['netstat-tane.linux6.18.txt', 'netstat-linux'],
    ['netstat-tanee.linux6.18.txt', 'netstat-linux'],
    ['netstat-tano.linux6.18.txt', 'netstat-linux'],
    ['netstat-tanp.linux6.18.txt', 'netstat-linux'],
    ['ss-an.linux6.18.txt', 'ss'], // Netid column, nl sockets to skip
    ['ss-ta.linux6.18.txt', 'ss'],
    ['ss-tan.linux6.18.txt', 'ss'],
    ['ss-tanH.linux6.18.txt', 'ss'], // no header at all
    ['ss-tanO.linux6.18.txt', 'ss'],
    ['ss-tane.linux6.18.txt', 'ss'],
    ['ss-tano.linux6.18.txt', 'ss'],
    ['ss-tanp.linux6.18.txt', 'ss'],
    // capture-linux-extra.sh, the same population:
    ['netstat-tanp-names.linux6.18.txt', 'netstat-linux'], // `15382/web worker: m`: $NF is "m"
    ['ss-tanp-names.linux6.18.txt', 'ss'], // users:(("web worker 1",…))
    ['ss-tani.linux6.18.txt', 'ss'], // a details line under every socket
    ['ss-tanp-tty.linux6.18.txt', 'ss'], // on a terminal: spread columns, CRLF
    ['proc-net-tcp-tcp6-udp.linux6.18.txt', 'proc'], // the udp table is skipped
  ];
  it.each(full)('%s: every socket, by family and state', (name, format) => {
    const r = scan(fixture(name));
    expect(r.v4).toEqual(LINUX_V4);
    expect(r.v6).toEqual(LINUX_V6);
    expect(r.summary.rows).toBe(42);
    expect(r.summary.formats).toEqual([format]);
    expect(r.summary.linesSkipped).toBe(0);
    expect(r.summary.limits.cannotShow).toEqual([]);
  });

  it('netstat -n without -a: no listeners, and says so', () => {
    const r = scan(fixture('netstat-n.linux6.18.txt'));
    expect(r.v4).toEqual({ ESTABLISHED: 12, SYN_SENT: 1, FIN_WAIT2: 2, TIME_WAIT: 6, CLOSE_WAIT: 2 });
    expect(r.v6).toEqual({ ESTABLISHED: 6, TIME_WAIT: 2 });
    expect(r.summary.limits.cannotShow).toEqual([
      'LISTEN sockets: netstat without -a ("w/o servers") lists no listeners',
    ]);
  });

  it('netstat -tanp as nobody: its stderr warning captured too, and said', () => {
    const r = scan(fixture('netstat-tanp-nobody.linux6.18.txt'));
    expect(r.v4).toEqual(LINUX_V4);
    expect(r.v6).toEqual(LINUX_V6);
    expect(r.summary.linesSkipped).toBe(0);
    expect(r.summary.limits.cannotShow).toEqual([
      "owners of other users' sockets: netstat -p ran without root",
    ]);
  });

  it('netstat -tn (no -a) and -tln (listeners only) say what they leave out', () => {
    const tn = scan(fixture('netstat-tn.linux6.18.txt'));
    expect(tn.v4).toEqual({ ESTABLISHED: 12, SYN_SENT: 1, FIN_WAIT2: 2, TIME_WAIT: 6, CLOSE_WAIT: 2 });
    expect(tn.v6).toEqual({ ESTABLISHED: 6, TIME_WAIT: 2 });
    expect(tn.summary.limits.cannotShow[0]).toMatch(/^LISTEN sockets: netstat without -a/);
    const tln = scan(fixture('netstat-tln.linux6.18.txt'));
    expect(tln.v4).toEqual({ LISTEN: 7 });
    expect(tln.v6).toEqual({ LISTEN: 4 });
    expect(tln.summary.limits.cannotShow).toEqual([
      'connections: netstat -l ("only servers") lists listening sockets only',
    ]);
  });

  it('ss -tar: host names instead of addresses; counted, their family said to be a guess', () => {
    const r = scan(fixture('ss-tar.linux6.18.txt'));
    expect(r.summary.rows).toBe(42);
    // 127.0.0.1 and the two v4-mapped server sockets print as `localhost`: all counted as IPv4
    expect(r.v4).toEqual({ ...LINUX_V4, ESTABLISHED: 14 });
    expect(r.v6).toEqual({ ESTABLISHED: 4, TIME_WAIT: 2, LISTEN: 4 });
    expect(r.summary.limits.cannotShow).toEqual([
      'the address family of 32 sockets shown by host name: counted as IPv4',
    ]);
  });

  it('ss -tan state established: no State column; counted with the assumed state', () => {
    const r = scan(fixture('ss-tan-state-established.linux6.18.txt'), { assumeState: 1 });
    expect(r.v4).toEqual({ ESTABLISHED: 12 });
    expect(r.v6).toEqual({ ESTABLISHED: 6 });
  });

  it('ss -tn without -a: no LISTEN, TIME-WAIT, SYN-RECV; says they may be hidden', () => {
    const r = scan(fixture('ss-tn.linux6.18.txt'));
    expect(r.v4).toEqual({ ESTABLISHED: 12, SYN_SENT: 1, FIN_WAIT2: 2, CLOSE_WAIT: 2 });
    expect(r.v6).toEqual({ ESTABLISHED: 6 });
    expect(r.summary.limits.cannotShow[0]).toMatch(/^LISTEN, TIME-WAIT, SYN-RECV and CLOSE sockets/);
  });

  it('ss -tan state time-wait has no State column: not counted unless a state is assumed', () => {
    const plain = scan(fixture('ss-tan-state-time-wait.linux6.18.txt'));
    expect(plain.summary.rows).toBe(0);
    expect(plain.summary.statelessRows).toBe(8);
    expect(plain.summary.firstStatelessLine).toBe(2);
    expect(plain.summary.linesSkipped).toBe(8);
    const assumed = scan(fixture('ss-tan-state-time-wait.linux6.18.txt'), { assumeState: 6 });
    expect(assumed.v4).toEqual({ TIME_WAIT: 6 });
    expect(assumed.v6).toEqual({ TIME_WAIT: 2 });
    expect(assumed.summary.limits.cannotShow[0]).toMatch(/no State column; 8 were counted as TIME_WAIT/);
  });

  it('/proc dumps: each table alone says which family it lacks; concatenated they are whole', () => {
    const v4 = scan(fixture('proc-net-tcp.linux6.18.txt'));
    expect(v4.v4).toEqual(LINUX_V4);
    expect(v4.summary.limits.cannotShow).toEqual([
      'IPv6 sockets: the capture holds /proc/net/tcp but not /proc/net/tcp6',
    ]);
    const both = scan(
      Buffer.concat([fixture('proc-net-tcp.linux6.18.txt'), fixture('proc-net-tcp6.linux6.18.txt')]),
    );
    expect(both.v4).toEqual(LINUX_V4);
    expect(both.v6).toEqual(LINUX_V6);
    expect(both.summary.formats).toEqual(['proc']);
    expect(both.summary.limits.cannotShow).toEqual([]);
  });

  it('several captures of different tools in one stream: each section in its own format', () => {
    const mixed = Buffer.concat([
      fixture('netstat-an.linux6.18.txt'),
      fixture('ss-tanH.linux6.18.txt'),
      fixture('proc-net-tcp.linux6.18.txt'),
      fixture('ss-an.linux6.18.txt'),
    ]);
    const r = scan(mixed);
    expect(r.summary.formats).toEqual(['netstat-linux', 'ss', 'proc']);
    expect(r.summary.rows).toBe(42 * 3 + 30);
    expect(r.summary.linesSkipped).toBe(0);
  });
});

describe('records (slow path): the same sockets whatever the tool', () => {
  const key = (r: SocketRecord) =>
    `${r.family} ${r.state} ${r.localAddress}:${r.localPort} ${r.remoteAddress}:${r.remotePort}`;
  function records(input: Uint8Array | string): SocketRecord[] {
    const out: SocketRecord[] = [];
    const r = scan(input, { onRecord: (rec) => out.push(rec) });
    expect(r.summary.linesSkipped).toBe(0);
    return out;
  }
  const fromProc = records(
    Buffer.concat([fixture('proc-net-tcp.linux6.18.txt'), fixture('proc-net-tcp6.linux6.18.txt')]),
  )
    .map(key)
    .sort();

  it.each([
    'netstat-tan.linux6.18.txt',
    'netstat-tanp.linux6.18.txt',
    'netstat-tano.linux6.18.txt',
    'netstat-tanee.linux6.18.txt',
    'ss-tan.linux6.18.txt',
    'ss-an.linux6.18.txt',
    'ss-tanp.linux6.18.txt',
    'ss-tano.linux6.18.txt',
    'ss-tane.linux6.18.txt',
  ])('%s has the same 42 (family, state, local, remote) as /proc', (name) => {
    expect(records(fixture(name)).map(key).sort()).toEqual(fromProc);
  });

  it('netstat -p owners, -e uid and inode, -o timers', () => {
    const p = records(fixture('netstat-tanp.linux6.18.txt'));
    // `-` (no owner): 8 TIME_WAIT and the 2 connections still queued on the backlog-1 listener
    expect(p.filter((r) => r.processes === undefined)).toHaveLength(10);
    expect(
      p.filter((r) => r.processes?.[0]?.command === 'python3' && r.processes[0].pid === 3639),
    ).toHaveLength(32);
    const e = records(fixture('netstat-tanee.linux6.18.txt'));
    expect(e.find((r) => r.state === 10 && r.localPort === 43263)).toMatchObject({ uid: 0, inode: 5513 });
    const o = records(fixture('netstat-tano.linux6.18.txt'));
    expect(o.find((r) => r.state === 2)).toMatchObject({ timer: 1, expiresMs: 420, retransmits: 1 });
    expect(o.find((r) => r.state === 6)).toMatchObject({ timer: 3 });
  });

  it('ss users:((…)), backlog as Send-Q of LISTEN, timers, ino', () => {
    const p = records(fixture('ss-tanp.linux6.18.txt'));
    expect(p.find((r) => r.state === 10 && r.localPort === 43263)).toMatchObject({
      rxQueue: 2,
      backlog: 1,
      processes: [{ command: 'python3', pid: 3639, fd: 20 }],
    });
    const o = records(fixture('ss-tano.linux6.18.txt'));
    expect(o.find((r) => r.state === 6 && r.family === 4)).toMatchObject({ timer: 3, expiresMs: 58_000 });
    const e = records(fixture('ss-tane.linux6.18.txt'));
    expect(e.find((r) => r.state === 10 && r.localPort === 43263)).toMatchObject({ inode: 5513, uid: 0 });
  });

  it('Windows -b: the [exe] line names the row above it; PID 0 is no owner', () => {
    const w = records(fixture('netstat-aonb.windows.txt'));
    expect(w).toHaveLength(8);
    expect(w.find((r) => r.localPort === 22)?.processes).toEqual([{ pid: 2016, command: 'sshd.exe' }]);
    expect(w.find((r) => r.localPort === 445 && r.family === 4)?.processes).toEqual([
      { pid: 4, command: '' },
    ]);
    expect(w.find((r) => r.state === 6)?.processes).toBeUndefined();
  });

  it('BSD addresses: ADDRESS.PORT, *.* wildcards, tcp46 as IPv6', () => {
    const b = records(fixture('netstat-an.freebsd.txt'));
    expect(b.find((r) => r.localPort === 22 && r.state === 10)).toMatchObject({
      family: 6,
      localAddress: '::',
      remoteAddress: '::',
      remotePort: 0,
    });
    expect(b.find((r) => r.localPort === 25)).toMatchObject({ family: 4, localAddress: '127.0.0.1' });
  });
});

describe('hand-built captures of BSD, macOS and Windows (formats of tcp-facts.md §7)', () => {
  // Every expected count below is counted by hand from the rows of the fixture.
  const cases: Array<{
    name: string;
    format: string;
    v4: Partial<StateMap>;
    v6: Partial<StateMap>;
    other?: number;
    cannotShow?: RegExp[];
  }> = [
    {
      // 15 tcp rows (tcp4/tcp6/tcp46), udp and icm6 rows, then Multipath, UNIX, kernel control,
      // kernel event and kernel control socket sections: skipped
      name: 'netstat-an.macos.txt',
      format: 'netstat-bsd',
      v4: {
        ESTABLISHED: 1,
        SYN_SENT: 1,
        SYN_RECV: 1,
        FIN_WAIT1: 1,
        FIN_WAIT2: 1,
        TIME_WAIT: 1,
        CLOSE: 1,
        CLOSE_WAIT: 1,
        LAST_ACK: 1,
        LISTEN: 1,
        CLOSING: 1,
      },
      v6: { ESTABLISHED: 2, LISTEN: 2 },
    },
    {
      name: 'netstat-an-ptcp.macos.txt', // plus "Some tcp sockets may have been deleted."
      format: 'netstat-bsd',
      v4: {
        ESTABLISHED: 1,
        SYN_SENT: 1,
        SYN_RECV: 1,
        FIN_WAIT1: 1,
        FIN_WAIT2: 1,
        TIME_WAIT: 1,
        CLOSE: 1,
        CLOSE_WAIT: 1,
        LAST_ACK: 1,
        LISTEN: 1,
        CLOSING: 1,
      },
      v6: { ESTABLISHED: 2, LISTEN: 2 },
    },
    {
      name: 'netstat-n.macos.txt', // no -a: bare title, no listeners
      format: 'netstat-bsd',
      v4: {
        ESTABLISHED: 1,
        SYN_SENT: 1,
        SYN_RECV: 1,
        FIN_WAIT1: 1,
        FIN_WAIT2: 1,
        TIME_WAIT: 1,
        CLOSE: 1,
        CLOSE_WAIT: 1,
        LAST_ACK: 1,
        CLOSING: 1,
      },
      v6: { ESTABLISHED: 2 },
      cannotShow: [/^LISTEN sockets: netstat without -a/],
    },
    {
      name: 'netstat-Aan.macos.txt', // Socket and Flowhash columns before Proto; 18-wide addresses
      format: 'netstat-bsd',
      v4: { ESTABLISHED: 1, CLOSE_WAIT: 1 },
      v6: { LISTEN: 1, TIME_WAIT: 1 },
    },
    {
      name: 'netstat-anb.macos.txt', // rxbytes txbytes after the state
      format: 'netstat-bsd',
      v4: { ESTABLISHED: 1, TIME_WAIT: 1 },
      v6: { ESTABLISHED: 1, LISTEN: 1 },
    },
    {
      name: 'netstat-anv.macos.txt', // process:pid with spaces ("Comet Helper:3300") after the state
      format: 'netstat-bsd',
      v4: { ESTABLISHED: 1, LISTEN: 1, CLOSE_WAIT: 1 },
      v6: { ESTABLISHED: 1 },
    },
    {
      name: 'netstat-an.freebsd.txt',
      format: 'netstat-bsd',
      v4: { ESTABLISHED: 1, SYN_RECV: 1, FIN_WAIT2: 1, TIME_WAIT: 1, LISTEN: 2 },
      v6: { ESTABLISHED: 2, LISTEN: 1 },
    },
    {
      name: 'netstat-anP.freebsd.txt', // Log ID after the state, toe4, ESTABLISHED* (hidden state)
      format: 'netstat-bsd',
      v4: { ESTABLISHED: 3, TIME_WAIT: 1 },
      v6: { CLOSE_WAIT: 1, LISTEN: 1 },
    },
    {
      name: 'netstat-ano.windows.txt', // CRLF
      format: 'netstat-windows',
      v4: {
        ESTABLISHED: 1,
        SYN_SENT: 1,
        SYN_RECV: 1,
        FIN_WAIT1: 1,
        FIN_WAIT2: 1,
        TIME_WAIT: 1,
        CLOSE_WAIT: 1,
        LAST_ACK: 1,
        LISTEN: 2,
      },
      v6: { ESTABLISHED: 1, LISTEN: 3 },
    },
    {
      name: 'netstat-aonb.windows.txt', // [exe], service names, "Can not obtain ownership information"
      format: 'netstat-windows',
      v4: { ESTABLISHED: 2, TIME_WAIT: 1, LISTEN: 3 },
      v6: { LISTEN: 2 },
    },
    {
      name: 'netstat-ano.windows-de-cp850.txt', // German states, ABHÖREN with Ö as CP850 0x99
      format: 'netstat-windows',
      v4: { ESTABLISHED: 1, SYN_SENT: 1, FIN_WAIT2: 1, TIME_WAIT: 1, CLOSE_WAIT: 1, LISTEN: 1, CLOSING: 1 },
      v6: { LISTEN: 1 },
    },
    {
      name: 'netstat-ano.windows-zh-gbk.txt', // Chinese title and header in GBK, English states
      format: 'netstat-windows',
      v4: { ESTABLISHED: 1, TIME_WAIT: 1, LISTEN: 1 },
      v6: { LISTEN: 1 },
    },
    {
      name: 'netstat-anoq.windows.txt', // BOUND: outside the eleven, counted as BOUND_INACTIVE (13)
      format: 'netstat-windows',
      v4: { ESTABLISHED: 1, LISTEN: 2 },
      v6: { LISTEN: 1 },
      other: 3,
    },
  ];
  it.each(cases)('$name', (c) => {
    const r = scan(fixture(c.name));
    expect(r.v4).toEqual(c.v4);
    expect(r.v6).toEqual(c.v6);
    expect(r.summary.formats).toEqual([c.format]);
    expect(r.st.issues.first).toEqual([]);
    expect((r.st.census.ipv4[13] ?? 0) + (r.st.census.ipv6[13] ?? 0)).toBe(c.other ?? 0);
    expect(r.summary.limits.cannotShow).toHaveLength(c.cannotShow?.length ?? 0);
    for (const [i, re] of (c.cannotShow ?? []).entries()) {
      expect(r.summary.limits.cannotShow[i]).toMatch(re);
    }
  });

  it('the German capture reads the same as UTF-8 and as Latin-1', () => {
    const text = fixture('netstat-ano.windows-de-cp850.txt').toString('latin1').replace('\x99', 'Ö');
    for (const enc of ['utf8', 'latin1'] as const) {
      const r = scan(Buffer.from(text.replaceAll('\u0099', 'Ö'), enc));
      expect(r.v4.LISTEN, enc).toBe(1);
      expect(r.v6.LISTEN, enc).toBe(1);
    }
  });
});

describe('edge cases the tools produce', () => {
  it('ss on a narrow terminal: fields wrapped onto indented lines, -i details', () => {
    const text = [
      'State    Recv-Q   Send-Q     Local Address:Port        Peer Address:Port',
      '                                                                        Process',
      'ESTAB    0        0          10.0.0.5:22',
      '                                                         10.0.0.9:51000',
      'users:(("sshd",pid=812,fd=4))',
      'LISTEN   0        128                 [::]:22',
      '                                                             [::]:*',
      'TIME-WAIT 0       0          10.0.0.5:22               10.0.0.9:50999',
      '\t cubic wscale:7,7 rto:204 rtt:0.05/0.025 mss:32768',
    ].join('\n');
    const r = scan(text);
    expect(r.v4).toEqual({ ESTABLISHED: 1, TIME_WAIT: 1 });
    expect(r.v6).toEqual({ LISTEN: 1 });
    expect(r.summary.linesSkipped).toBe(0);
  });

  it('old iproute2: `*` is IPv4, unbracketed IPv6; new: `*` is a dual-stack IPv6 wildcard', () => {
    const old = scan(
      [
        'State      Recv-Q Send-Q Local Address:Port               Peer Address:Port',
        'LISTEN     0      128          *:22                       *:*',
        'LISTEN     0      128         :::22                      :::*',
        'ESTAB      0      0      ::ffff:10.0.0.5:8080    ::ffff:10.0.0.9:51000',
      ].join('\n'),
    );
    expect(old.v4).toEqual({ LISTEN: 1 });
    expect(old.v6).toEqual({ LISTEN: 1, ESTABLISHED: 1 });
    const fresh = scan('LISTEN 0 4096 *:22 *:*\nLISTEN 0 4096 0.0.0.0:80 0.0.0.0:*\n');
    expect(fresh.v4).toEqual({ LISTEN: 1 });
    expect(fresh.v6).toEqual({ LISTEN: 1 });
  });

  it('ss -r host names: counted, family said to be a guess', () => {
    const r = scan(
      'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n' +
        'LISTEN 0 128 0.0.0.0:ssh 0.0.0.0:*\n' +
        'ESTAB 0 0 web1:ssh laptop.lan:51000\n',
    );
    expect(r.v4).toEqual({ ESTABLISHED: 1, LISTEN: 1 });
    expect(r.summary.limits.cannotShow).toEqual([
      'the address family of 1 sockets shown by host name: counted as IPv4',
    ]);
  });

  it('scopes and mapped addresses: 127.0.0.53%lo is IPv4, [fe80::1]%eth0 IPv6', () => {
    const r = scan('LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:*\nLISTEN 0 128 [fe80::1]%eth0:22 [::]:*\n');
    expect(r.v4).toEqual({ LISTEN: 1 });
    expect(r.v6).toEqual({ LISTEN: 1 });
  });

  it('a ticket: prose and a prompt before the table, the -p warning from stderr inside it', () => {
    const text = [
      'Hi team, here is what the box showed at 03:12:',
      '$ sudo -u app netstat -tanp',
      '(Not all processes could be identified, non-owned process info',
      ' will not be shown, you would have to be root to see it all.)',
      'Active Internet connections (servers and established)',
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name',
      'tcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      -',
      'tcp        0      0 10.0.0.5:8080           10.0.0.9:51000          CLOSE_WAIT  4242/java',
      'tcp        0      0 10.0.0.5:8080           10.0.0.9:51002          CLOSE_WAIT  977/nginx: worker',
      'Thanks!',
    ].join('\n');
    const r = scan(text);
    expect(r.v4).toEqual({ LISTEN: 1, CLOSE_WAIT: 2 });
    expect(r.summary.limits.cannotShow).toEqual([
      "owners of other users' sockets: netstat -p ran without root",
    ]);
    // the trailing word is inside the netstat section: a bad line, with its number
    expect(r.st.issues.first).toEqual([
      { lineNumber: 10, line: 'Thanks!', reason: 'not a line of Linux netstat output' },
    ]);
  });

  it('the awk trap: netstat -p program names with spaces do not move the state', () => {
    const text =
      'tcp 0 0 10.0.0.5:80 10.0.0.9:51000 ESTABLISHED 977/nginx: worker process\n' +
      'tcp 0 0 10.0.0.5:80 10.0.0.9:51001 TIME_WAIT -\n';
    expect(scan(text).v4).toEqual({ ESTABLISHED: 1, TIME_WAIT: 1 });
  });

  it('bad lines are counted with their number and reason, never thrown', () => {
    const text = [
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State',
      'tcp        0      0 10.0.0.5:80             10.0.0.9:1              ESTABLISHED',
      'tcp        0      0 10.0.0.5:80             10.0.0.9:2              SOMETHING',
      'tcp        x      0 10.0.0.5:80             10.0.0.9:3              ESTABLISHED',
      'tcp        0      0 10.0.0.5:80',
      'udp        0      0 0.0.0.0:68              0.0.0.0:*',
    ].join('\r\n');
    const r = scan(text);
    expect(r.v4).toEqual({ ESTABLISHED: 1 });
    expect(r.st.issues.first.map((i) => [i.lineNumber, i.reason])).toEqual([
      [3, 'unknown state "SOMETHING"'],
      [4, 'not a netstat row: Recv-Q is not a number'],
      [5, 'truncated row: no foreign address'],
    ]);
    expect(r.summary.linesSkipped).toBe(3);
  });

  it('a recognised format with no TCP rows is an empty census, not an error', () => {
    const r = scan('Active Internet connections (servers and established)\nudp 0 0 0.0.0.0:68 0.0.0.0:*\n');
    expect(r.summary.formats).toEqual(['netstat-linux']);
    expect(r.summary.rows).toBe(0);
    expect(r.summary.linesSkipped).toBe(0);
  });

  it('nothing recognised: the first unrecognised line is kept for the message', () => {
    const r = scan('hello\nworld\n');
    expect(r.summary.formats).toEqual([]);
    expect(r.summary.firstUnrecognised).toEqual({ lineNumber: 1, text: 'hello' });
  });

  it('--format forces one format: headers of others are not switched to', () => {
    const r = scan(fixture('ss-tan.linux6.18.txt'), { format: 'netstat-linux' });
    expect(r.summary.rows).toBe(0);
    expect(r.summary.linesSkipped).toBe(43);
    const ok = scan(fixture('ss-tanH.linux6.18.txt'), { format: 'ss' });
    expect(ok.summary.rows).toBe(42);
  });

  it('/proc/net/udp and /proc/net/unix tables are skipped, not counted', () => {
    const udp =
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n' +
      '  123: 00000000:0044 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 16851 2 0000000000000000 0\n';
    const r = scan(Buffer.concat([fixture('proc-net-tcp.linux6.18.txt'), Buffer.from(udp)]));
    expect(r.summary.rows).toBe(30);
    expect(r.summary.linesSkipped).toBe(0);
  });
});

describe('state spellings and --format names', () => {
  it.each([
    ['ESTAB', 1],
    ['SYN-RECV', 3],
    ['SYN_RCVD', 3],
    ['SYN_RECEIVED', 3],
    ['FIN_WAIT_1', 4],
    ['FIN-WAIT-1', 4],
    ['FIN_WAIT1', 4],
    ['UNCONN', 7],
    ['CLOSED', 7],
    ['LISTENING', 10],
    ['HERGESTELLT', 1],
    ['WARTEND', 6],
    ['ABHÖREN', 10],
    ['BOUND', 13],
    ['DELETE_TCB', 7],
    ['UNKNOWN', -1],
    ['06', -1],
    ['', -1],
  ])('%s → %i', (token, code) => {
    expect(stateCodeOf(token)).toBe(code);
  });

  it('format aliases', () => {
    expect(parseCaptureFormat('macos')).toBe('netstat-bsd');
    expect(parseCaptureFormat('Windows')).toBe('netstat-windows');
    expect(parseCaptureFormat('netstat')).toBe('netstat-linux');
    expect(parseCaptureFormat('auto')).toBe('auto');
    expect(parseCaptureFormat('nope')).toBeUndefined();
  });
});
