import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { damageLine } from '../../../test/support/damage-line.js';
import { feedInChunks } from '../../../test/support/feed-in-chunks.js';
import { combined } from '../model/census.js';
import { STATES } from '../model/tcp-state.js';
import type { CaptureScanOptions } from './capture-state.js';
import { createCaptureScan, finishCaptureScan, scanCapture } from './scan-capture.js';

/**
 * Properties of the capture scanner: whatever the bytes, it never throws and never counts a line
 * that is not a TCP socket; generated captures of every format count exactly the TCP rows they
 * hold; mutated real captures never gain sockets; and the result does not depend on where the
 * stream is cut into chunks.
 */

const FIXTURES = resolve(import.meta.dirname, '../../../test/fixtures');

function scanWhole(buf: Uint8Array, opts: CaptureScanOptions = {}) {
  const st = createCaptureScan(opts);
  scanCapture(buf, 0, buf.length, st, true);
  const summary = finishCaptureScan(st);
  return { st, summary, counts: Array.from(combined(st.census)), v4: Array.from(st.census.ipv4) };
}

/** The way the file reader feeds the scanner: chunks, the unfinished line carried over. */
function scanChunked(buf: Uint8Array, cuts: number[]) {
  const st = createCaptureScan();
  feedInChunks(buf, cuts, st);
  const summary = finishCaptureScan(st);
  return { st, summary, counts: Array.from(combined(st.census)), v4: Array.from(st.census.ipv4) };
}

const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
const lineCount = (buf: Uint8Array) => buf.reduce((n, b) => n + (b === 10 ? 1 : 0), 1);

describe('any bytes', () => {
  it('never throw; rows ≤ lines; the census holds exactly the rows; bad lines ≤ lines', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => {
        const r = scanWhole(bytes);
        expect(total(r.counts)).toBe(r.summary.rows);
        expect(r.summary.rows).toBeLessThanOrEqual(lineCount(bytes));
        expect(r.st.issues.count).toBeLessThanOrEqual(lineCount(bytes));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });

  it('lines made of capture vocabulary never throw, and chunking does not change the result', () => {
    const word = fc.constantFrom(
      ...[
        'tcp',
        'tcp6',
        'tcp4',
        'tcp46',
        'udp',
        'TCP',
        'UDP',
        'ESTAB',
        'LISTEN',
        'TIME-WAIT',
        'TIME_WAIT',
        'LISTENING',
        'SYN_RCVD',
        'ABHÖREN',
        '0',
        '12',
        '4096',
        '127.0.0.1:80',
        '[::1]:443',
        '*:*',
        '0.0.0.0:*',
        ':::22',
        '10.0.0.1.443',
        '*.*',
        'users:(("a b",pid=1,fd=3))',
        'Proto',
        'Recv-Q',
        'Send-Q',
        'State',
        '(state)',
        'Netid',
        'Local Address',
        'Active Internet connections',
        'Active UNIX domain sockets',
        'Active Connections',
        'sl',
        'local_address',
        '0:',
        '0100007F:0050',
        '00000000:0000',
        '0A',
        '[svchost.exe]',
        '-',
        '1234/nginx: worker',
        '\t',
        '',
      ],
    );
    const line = fc.array(word, { maxLength: 9 }).map((ws) => ws.join(' '));
    const text = fc.array(line, { maxLength: 40 }).map((ls) => Buffer.from(ls.join('\n')));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (buf, cuts) => {
        const whole = scanWhole(buf);
        const chunked = scanChunked(buf, cuts);
        expect(chunked.counts).toEqual(whole.counts);
        expect(chunked.v4).toEqual(whole.v4);
        expect(chunked.st.issues.count).toBe(whole.st.issues.count);
        expect(chunked.summary.formats).toEqual(whole.summary.formats);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });
});

// ---- generated captures: TCP rows with known states among lines that are not TCP sockets ----

interface Gen {
  text: string;
  /** expected count per kernel state code, both families */
  expect: number[];
  v6: number[];
}

const code = fc.integer({ min: 1, max: 11 });
const port = fc.integer({ min: 1, max: 65535 });
const octet = fc.integer({ min: 0, max: 255 });
const v4addr = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const v6addr = fc.constantFrom('::1', '2001:db8::5', 'fe80::1:2', '2001:db8:aa::ffff');
const spaces = fc.integer({ min: 1, max: 6 }).map((n) => ' '.repeat(n));

function emptyCounts(): number[] {
  return new Array(16).fill(0);
}

type Row = { line: string; state?: number; family?: 4 | 6 };

function assemble(rows: Row[], head: string[] = [], tail: string[] = [], eol = '\n'): Gen {
  const expect = emptyCounts();
  const v6 = emptyCounts();
  for (const r of rows) {
    if (r.state !== undefined) {
      expect[r.state] = (expect[r.state] ?? 0) + 1;
      if (r.family === 6) v6[r.state] = (v6[r.state] ?? 0) + 1;
    }
  }
  return { text: [...head, ...rows.map((r) => r.line), ...tail].join(eol), expect, v6 };
}

const spelling = (c: number, tool: 'name' | 'ss' | 'bsd' | 'windows') => STATES[c - 1]?.[tool] as string;

const linuxRow: fc.Arbitrary<Row> = fc.oneof(
  fc
    .record({
      c: code,
      six: fc.boolean(),
      a: v4addr,
      b: v4addr,
      p: port,
      q: port,
      s: spaces,
      prog: fc.boolean(),
    })
    .map(({ c, six, a, b, p, q, s, prog }) => ({
      line: `${six ? 'tcp6' : 'tcp '}  ${s}0      0 ${a}:${p}${s}${b}:${q}${s}${spelling(c, 'name')}${prog ? ' 1234/nginx: worker process' : ''}`,
      state: c,
      family: (six ? 6 : 4) as 4 | 6,
    })),
  fc.constantFrom<Row>(
    { line: 'udp        0      0 0.0.0.0:68              0.0.0.0:*' },
    { line: 'udp6       0      0 :::546                  :::*' },
    { line: 'raw6       0      0 :::58                   :::*                    7' },
    { line: '' },
  ),
);

/** Rows exactly as net-tools prints them (`%-4s  %6ld %6ld %-23s %-23s %-11s`), read by column. */
const netToolsRow: fc.Arbitrary<Row> = fc.oneof(
  fc
    .record({
      c: code,
      six: fc.boolean(),
      a: v4addr,
      b: fc.oneof(v4addr, v6addr),
      p: port,
      q: port,
      rq: fc.nat(999999),
      tail: fc.constantFrom('', ' 1234/nginx: worker process', ' -                   ', ' off (0.00/0/0)'),
    })
    .map(({ c, six, a, b, p, q, rq, tail }) => ({
      line: `${six ? 'tcp6' : 'tcp '}  ${String(rq).padStart(6)} ${'0'.padStart(6)} ${`${a}:${p}`.padEnd(23)} ${`${b}:${q}`.padEnd(23)} ${spelling(c, 'name').padEnd(11)}${tail}`,
      state: c,
      family: (six ? 6 : 4) as 4 | 6,
    })),
  fc.constantFrom<Row>(
    { line: 'udp        0      0 0.0.0.0:68              0.0.0.0:*                          ' },
    { line: 'tcp        0      0 10.0.0.1:80             10.0.0.2:1              BOGUS_STATE' },
  ),
);

/** ss rows in aligned columns, as ss renders them: what its learned-column loop reads. */
const ssAlignedRow: fc.Arbitrary<Row> = fc
  .record({
    c: code,
    kind: fc.constantFrom('v4', 'v4', 'v6', 'scoped', 'wide'),
    a: v4addr,
    a6: v6addr,
    p: port,
    rq: fc.nat(99999),
  })
  .map(({ c, kind, a, a6, p, rq }) => {
    const local =
      kind === 'v6' ? `[${a6}]` : kind === 'scoped' ? '127.0.0.53%lo' : kind === 'wide' ? `[${a6}]%eth0` : a;
    return {
      line: `${spelling(c, 'ss').padEnd(11)}${String(rq).padEnd(7)}${'0'.padEnd(7)}${local.padStart(24)}:${String(p).padEnd(6)}${'0.0.0.0'.padStart(20)}:*`,
      state: c,
      family: (kind === 'v6' || kind === 'wide' ? 6 : 4) as 4 | 6,
    };
  });

const ssRowGen = (netid: boolean): fc.Arbitrary<Row> =>
  fc.oneof(
    fc
      .record({ c: code, six: fc.boolean(), a: v4addr, a6: v6addr, p: port, s: spaces, users: fc.boolean() })
      .map(({ c, six, a, a6, p, s, users }) => ({
        line: `${netid ? 'tcp   ' : ''}${spelling(c, 'ss')}${s}0${s}0${s}${six ? `[${a6}]` : a}:${p}${s}${six ? '[::]' : '0.0.0.0'}:*${users ? ' users:(("my app",pid=7,fd=3))' : ''}`,
        state: c,
        family: (six ? 6 : 4) as 4 | 6,
      })),
    fc.constantFrom<Row>(
      ...(netid
        ? [
            { line: 'udp   UNCONN 0      0            0.0.0.0:68          0.0.0.0:*' },
            { line: 'u_str ESTAB  0      0                  * 23456             * 23457' },
            { line: 'nl    UNCONN 0      0                  0:0                 *' },
            { line: 'mptcp ESTAB  0      0           10.0.0.1:443        10.0.0.2:5000' },
          ]
        : [{ line: '\t cubic wscale:7,7 rto:204 rtt:0.05/0.025 mss:32768' }]),
    ),
  );

const bsdRow: fc.Arbitrary<Row> = fc.oneof(
  fc
    .record({ c: code, v: fc.constantFrom('tcp4 ', 'tcp6 ', 'tcp46'), a: v4addr, p: port, s: spaces })
    .map(({ c, v, a, p, s }) => ({
      line: `${v}      0      0  ${v === 'tcp4 ' ? a : '::1'}.${p}${s}*.*${s}${spelling(c, 'bsd')}`,
      state: c,
      family: (v === 'tcp4 ' ? 4 : 6) as 4 | 6,
    })),
  fc.constantFrom<Row>(
    { line: 'udp4       0      0  *.*                    *.*' },
    { line: 'udp46      0      0  *.5353                 *.*' },
    { line: 'icm6       0      0  *.*                    *.*' },
  ),
);

const windowsRow: fc.Arbitrary<Row> = fc.oneof(
  fc
    .record({ c: code, six: fc.boolean(), a: v4addr, p: port, s: spaces, pid: fc.nat(9999) })
    .map(({ c, six, a, p, s, pid }) => ({
      line: `  TCP    ${six ? `[::1]:${p}` : `${a}:${p}`}${s}${six ? '[::]:0' : '0.0.0.0:0'}${s}${spelling(c, 'windows')}${s}${pid}`,
      state: c,
      family: (six ? 6 : 4) as 4 | 6,
    })),
  fc.constantFrom<Row>(
    { line: '  UDP    0.0.0.0:5353           *:*                                    3204' },
    { line: ' [svchost.exe]' },
    { line: '  RpcSs' },
    { line: ' Can not obtain ownership information' },
    { line: '' },
  ),
);

const procRow: fc.Arbitrary<Row> = fc
  .record({ c: code, six: fc.boolean(), n: fc.nat(999), p: fc.integer({ min: 0, max: 0xffff }) })
  .map(({ c, six, n, p }) => {
    const addr = six ? '00000000000000000000000001000000' : '0100007F';
    const ph = p.toString(16).toUpperCase().padStart(4, '0');
    const st = c.toString(16).toUpperCase().padStart(2, '0');
    return {
      line: `${String(n).padStart(4)}: ${addr}:${ph} ${addr}:0050 ${st} 00000000:00000000 00:00000000 00000000     0        0 0 1 0000000000000000`,
      state: c,
      family: (six ? 6 : 4) as 4 | 6,
    };
  });

const generated: fc.Arbitrary<Gen> = fc.oneof(
  fc
    .array(ssAlignedRow, { maxLength: 40 })
    .map((rows) =>
      assemble(rows, [
        'State      Recv-Q Send-Q           Local Address:Port           Peer Address:Port Process',
      ]),
    ),
  fc
    .tuple(fc.array(netToolsRow, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'))
    .map(([rows, eol]) =>
      assemble(
        rows,
        [
          'Active Internet connections (servers and established)',
          'Proto Recv-Q Send-Q Local Address           Foreign Address         State      ',
        ],
        [],
        eol,
      ),
    ),
  fc
    .tuple(fc.array(linuxRow, { maxLength: 30 }), fc.boolean(), fc.boolean())
    .map(([rows, titled, unix]) =>
      assemble(
        rows,
        titled
          ? [
              'Active Internet connections (servers and established)',
              'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name',
            ]
          : [],
        unix
          ? [
              'Active UNIX domain sockets (servers and established)',
              'Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path',
              'unix  2      [ ACC ]     STREAM     LISTENING     20143    1/init               /run/systemd/private',
              'unix  3      [ ]         STREAM     CONNECTED     21001    -                    ',
            ]
          : [],
      ),
    ),
  fc
    .tuple(fc.boolean(), fc.boolean())
    .chain(([netid, header]) =>
      fc
        .array(ssRowGen(netid), { maxLength: 30 })
        .map((rows) =>
          assemble(
            rows,
            header
              ? [
                  `${netid ? 'Netid ' : ''}State      Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process`,
                ]
              : [],
          ),
        ),
    ),
  fc
    .array(bsdRow, { maxLength: 30 })
    .map((rows) =>
      assemble(
        rows,
        [
          'Active Internet connections (including servers)',
          'Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)',
        ],
        [
          'Active LOCAL (UNIX) domain sockets',
          'Address          Type   Recv-Q Send-Q            Inode             Conn             Refs          Nextref Addr',
          '70e74ebb63faaef9 stream      0      0                0 70e74ebb5deea531                0                0 /var/run/x',
          'Active kernel event sockets',
          'Proto Recv-Q Send-Q vendor  class  subcl',
          'kevt       0      0      1      1      0',
        ],
      ),
    ),
  fc
    .array(windowsRow, { maxLength: 30 })
    .map((rows) =>
      assemble(
        rows,
        [
          '',
          'Active Connections',
          '',
          '  Proto  Local Address          Foreign Address        State           PID',
        ],
        [],
        '\r\n',
      ),
    ),
  fc
    .array(procRow, { maxLength: 30 })
    .map((rows) =>
      assemble(rows, [
        '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      ]),
    ),
);

describe('generated captures of every format', () => {
  it('count exactly their TCP rows, by state and family, and nothing else', () => {
    fc.assert(
      fc.property(generated, fc.array(fc.nat(), { maxLength: 4 }), (g, cuts) => {
        const buf = Buffer.from(g.text);
        const r = scanChunked(buf, cuts);
        expect(r.counts).toEqual(g.expect);
        expect(Array.from(r.st.census.ipv6)).toEqual(g.v6);
        // every bad line is the deliberately bad row, and it is reported
        const bogus = g.text.split(/\r?\n/).filter((l) => l.includes('BOGUS_STATE')).length;
        expect(r.st.issues.count).toBe(bogus);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });
});

describe('mutated real captures', () => {
  const names = [
    'netstat-an.linux6.18.txt',
    'netstat-tanp.linux6.18.txt',
    'ss-an.linux6.18.txt',
    'ss-tanp.linux6.18.txt',
    'proc-net-tcp.linux6.18.txt',
    'netstat-an.macos.txt',
    'netstat-aonb.windows.txt',
    'netstat-anP.freebsd.txt',
  ];
  const originals = names.map((n) => readFileSync(resolve(FIXTURES, n)).toString('latin1').split('\n'));
  const original = originals.map((lines) => scanWhole(Buffer.from(lines.join('\n'), 'latin1')).summary.rows);

  it('keep their count when non-TCP lines are inserted, lose exactly the TCP rows deleted', () => {
    const noise = fc.constantFrom(
      '',
      'udp        0      0 0.0.0.0:68              0.0.0.0:*',
      '(Not all processes could be identified, non-owned process info',
    );
    fc.assert(
      fc.property(
        fc.nat(names.length - 1),
        fc.array(fc.tuple(fc.nat(), noise), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        (which, inserts, deletes) => {
          const lines = [...(originals[which] as string[])];
          // delete whole lines, and count the TCP rows among them with the scanner itself
          let lost = 0;
          for (const d of deletes) {
            if (lines.length <= 3) break;
            const at = 2 + (d % (lines.length - 2)); // keep titles and headers
            const alone = scanWhole(Buffer.from(`${lines.slice(0, 2).join('\n')}\n${lines[at]}`, 'latin1'));
            const head = scanWhole(Buffer.from(lines.slice(0, 2).join('\n'), 'latin1'));
            lost += alone.summary.rows - head.summary.rows;
            lines.splice(at, 1);
          }
          for (const [at, text] of inserts) lines.splice(2 + (at % (lines.length - 1)), 0, text);
          const r = scanWhole(Buffer.from(lines.join('\n'), 'latin1'));
          expect(r.summary.rows).toBe((original[which] as number) - lost);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('never gain sockets from character damage, and never throw', () => {
    const damage = fc.record({
      line: fc.nat(),
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'insert', 'delete', 'newline', 'truncate'),
      ch: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(fc.nat(names.length - 1), fc.array(damage, { maxLength: 8 }), (which, damages) => {
        const lines = [...(originals[which] as string[])];
        const touched = new Set<number>();
        for (const d of damages) {
          const i = d.line % lines.length;
          if (touched.has(i)) continue; // one change per line
          touched.add(i);
          lines[i] = damageLine(
            lines[i] as string,
            d.at,
            d.kind,
            String.fromCharCode(d.ch === 10 ? 32 : d.ch),
          );
        }
        const r = scanWhole(Buffer.from(lines.join('\n'), 'latin1'));
        expect(r.summary.rows).toBeLessThanOrEqual(original[which] as number);
        expect(total(r.counts)).toBe(r.summary.rows);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 400) },
    );
  });
});
