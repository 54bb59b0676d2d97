/**
 * diagnose on a saved capture: the rules the data supports run, the others are listed as not
 * checked with the reason; a CLOSE_WAIT leak in a `netstat -tanp` capture names its process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, cli, REPO } from '../support/netns.js';

const dir = mkdtempSync(join(tmpdir(), 'tcpdoctor-diag-offline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Diagnosis {
  source: { kind: string };
  findings: Array<{
    id: string;
    severity: string;
    summary: string;
    evidence: { instances: Array<Record<string, unknown>> };
  }>;
  skipped: Array<{ rule: string; reason: string }>;
}

describe('tcpdoctor diagnose --input', () => {
  it('runs what a capture supports and says what it cannot check', () => {
    const r = cli(['diagnose', '--json', '--input', join(REPO, 'test/fixtures/netstat-tanp.linux6.18.txt')]);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout) as Diagnosis;
    expect(d.source.kind).toBe('file');
    expect(d.findings.map((f) => f.id)).toEqual(['healthy']);
    expect(Object.fromEntries(d.skipped.map((s) => [s.rule, s.reason]))).toMatchObject({
      'tw-bucket-overflow': expect.stringMatching(/only a live reading has them/),
      'syn-flood': expect.stringMatching(/needs counter rates/),
      'obsolete-sysctl': expect.stringMatching(/sysctl values or files/),
    });
  });

  it('finds a CLOSE_WAIT leak in a netstat -tanp capture and names the process; exit 1', () => {
    const rows = Array.from(
      { length: 12 },
      (_, i) =>
        `tcp        1      0 10.0.0.1:8080           192.0.2.7:${50001 + i}         CLOSE_WAIT  4242/java`,
    );
    const capture = [
      'Active Internet connections (servers and established)',
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name',
      'tcp        0      0 0.0.0.0:8080            0.0.0.0:*               LISTEN      4242/java',
      ...rows,
      '',
    ].join('\n');
    const file = join(dir, 'leak.txt');
    writeFileSync(file, capture);
    const r = cli(['diagnose', '--json', '-i', file]);
    expect(r.status).toBe(1);
    const f = (JSON.parse(r.stdout) as Diagnosis).findings[0];
    expect(f?.id).toBe('close-wait-leak');
    expect(f?.summary).toBe(
      'java (pid 4242) holds 12 CLOSE_WAIT sockets: the peers closed and the application has not called close().',
    );
    expect(f?.evidence.instances[0]).toMatchObject({
      pid: 4242,
      command: 'java',
      closeWait: 12,
      peers: [{ peer: '192.0.2.7', count: 12 }],
    });
    // piped on stdin, as an operator would: the same
    // a real shell pipe (a FIFO: Node's own child pipes are socketpairs, which the stdin rule of
    // conventions.md does not read implicitly)
    const piped = spawnSync(
      'sh',
      ['-c', `cat "$1" | "${process.execPath}" "${CLI}" diagnose --json`, 'sh', file],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    expect((JSON.parse(piped.stdout) as Diagnosis).findings[0]?.id).toBe('close-wait-leak');
  });
});
