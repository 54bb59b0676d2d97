/**
 * `tcpdoctor explain` through the built CLI: exit codes, stdout/stderr, languages and JSON, as an
 * operator's shell sees them. Needs no privilege and no namespace.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../dist/cli/main.js');

/** Locale variables cleared, so the host's own locale cannot decide the language. */
const NEUTRAL_ENV = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', NO_COLOR: '1' };

function tcpdoctor(args: string[], env: NodeJS.ProcessEnv = NEUTRAL_ENV) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env,
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('tcpdoctor explain (built CLI)', () => {
  it('explain time-wait --lang zh: the Chinese entry, myths on lines of their own', () => {
    const r = tcpdoctor(['explain', 'time-wait', '--lang', 'zh']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('TIME_WAIT（又写作 TIME-WAIT；ss 过滤名 time-wait；/proc st 06）');
    for (const heading of [
      '2MSL，以及 Linux 为什么只等 60 秒',
      'TIME_WAIT 为什么存在',
      '真实代价',
      '流传的误区与纠正',
    ]) {
      expect(lines).toContain(heading);
    }
    expect(lines).toContain(
      '  - tcp_tw_recycle 已在 Linux 4.12 中移除，在那之前它会悄无声息地让 NAT 后面的客户端连不上。',
    );
    expect(lines).toContain(
      '  - tcp_fin_timeout 从来不能缩短 TIME_WAIT：它只限制孤儿 FIN_WAIT2，TIME_WAIT 始终是 60 秒。',
    );
    expect(lines.filter((l) => l.startsWith('  - tcp_tw_reuse 只对出向连接'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('  - 调小 tcp_max_tw_buckets'))).toHaveLength(1);
  });

  it('explain TIME-WAIT: English by default, one myth per line, no hard wrapping into a pipe', () => {
    const r = tcpdoctor(['explain', 'TIME-WAIT']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('TIME_WAIT (also TIME-WAIT; ss filter time-wait; /proc st 06)');
    expect(lines).toContain(
      '  - tcp_tw_recycle was removed in Linux 4.12, and before that it silently broke clients behind NAT.',
    );
    expect(lines).toContain(
      '  - tcp_fin_timeout never shortened TIME_WAIT: it only bounds orphaned FIN_WAIT2, and TIME_WAIT stays 60 s.',
    );
    expect(lines.some((l) => l.startsWith('  - tcp_tw_reuse only helps outgoing connections'))).toBe(true);
    expect(lines.some((l) => l.startsWith('  - Lowering tcp_max_tw_buckets trades safety for nothing'))).toBe(
      true,
    );
    expect(r.stdout).toContain('    tcpdoctor status --state time-wait\n');
    expect(r.stdout).toContain('    ss -tan state time-wait\n');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('explain net.ipv4.tcp_fin_timeout --json: the structured entry in the envelope', () => {
    const r = tcpdoctor(['explain', 'net.ipv4.tcp_fin_timeout', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schema: 1, source: { kind: 'knowledge-base' }, lang: 'en' });
    expect(doc.host).toEqual(expect.any(String));
    expect(doc.kernel).toEqual(expect.any(String));
    expect(new Date(doc.time).toISOString()).toBe(doc.time);
    expect(doc.entries).toEqual([
      expect.objectContaining({
        kind: 'sysctl',
        name: 'net.ipv4.tcp_fin_timeout',
        key: 'tcp_fin_timeout',
        path: '/proc/sys/net/ipv4/tcp_fin_timeout',
        scope: 'netns',
        default: { value: '60', unit: 's' },
        relatedStates: ['FIN_WAIT2', 'TIME_WAIT'],
        references: expect.arrayContaining([expect.stringMatching(/^tcp-facts §0\.1, §3; \[sysctl-doc\]/)]),
      }),
    ]);
    expect(doc.entries[0].summary).toMatch(/does not shorten TIME_WAIT/);
  });

  it('explain nonsense: exit 2, one line on stderr, nothing on stdout', () => {
    const r = tcpdoctor(['explain', 'nonsense']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tcpdoctor: unknown state or sysctl "nonsense"; [^\n]+\n$/);
  });

  it('explain tcp_tw_reus: the close match on stderr, exit 2', () => {
    const r = tcpdoctor(['explain', 'tcp_tw_reus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/did you mean net\.ipv4\.tcp_tw_reuse/);
    expect(r.stderr.split('\n')).toHaveLength(2);
  });

  it('LANG=zh_CN.UTF-8 tcpdoctor explain listen: Chinese by default', () => {
    const r = tcpdoctor(['explain', 'listen'], { ...NEUTRAL_ENV, LANG: 'zh_CN.UTF-8' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('LISTEN（又写作 LISTENING；ss 过滤名 listening；/proc st 0A）');
    expect(r.stdout).toContain('服务端的监听套接字，等待新连接。');
    expect(r.stdout).toContain('\n怎么办\n');
  });

  it('tcpdoctor explain: the glossary of the eleven states; a closed pipe ends it quietly', () => {
    const r = tcpdoctor(['explain']);
    expect(r.status).toBe(0);
    for (const name of ['LISTEN', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2']) {
      expect(r.stdout).toMatch(new RegExp(`^${name} \\(`, 'm'));
    }
    for (const name of ['CLOSING', 'TIME_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSE']) {
      expect(r.stdout).toMatch(new RegExp(`^${name} \\(`, 'm'));
    }
    // Far more than a pipe buffer (64 KiB), so the writer really meets the closed pipe.
    const many = Array.from({ length: 20 }, () => 'time-wait close-wait listen syn-recv fin-wait-2').join(
      ' ',
    );
    const piped = spawnSync(
      'bash',
      ['-o', 'pipefail', '-c', `"${process.execPath}" "${CLI}" explain ${many} | head -n 1`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        env: NEUTRAL_ENV,
      },
    );
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe('TIME_WAIT (also TIME-WAIT; ss filter time-wait; /proc st 06)\n');
    expect(piped.stderr).toBe('');
  });

  it('a non-blocking stdout that fills up (EAGAIN) still gets the whole output, in order', () => {
    // python3 hands tcpdoctor a pipe whose write end is O_NONBLOCK and reads it only after 1 s:
    // the direct write(2) meets EAGAIN and the rest goes through Node's stream (src/cli/stdio.ts)
    const many = Array.from({ length: 20 }, () => 'time-wait close-wait listen syn-recv fin-wait-2').join(
      ' ',
    );
    const reader = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w)',
      'os.close(w)',
      'time.sleep(1)',
      'out = b""',
      'while chunk := os.read(r, 65536): out += chunk',
      'sys.stdout.buffer.write(out)',
      'sys.exit(p.wait())',
    ].join('\n');
    const argv = [process.execPath, CLI, 'explain', ...many.split(' ')];
    const r = spawnSync('python3', ['-c', reader, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: NEUTRAL_ENV,
      maxBuffer: 16 << 20,
      timeout: 30_000,
    });
    const plain = tcpdoctor(argv.slice(2));
    expect(r.status, r.stderr.toString()).toBe(0);
    expect(plain.stdout.length).toBeGreaterThan(128 << 10); // more than a pipe holds
    expect(r.stdout.toString('utf8')).toBe(plain.stdout);
  });

  it('tcpdoctor --help lists explain', () => {
    const r = tcpdoctor(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}explain +what a TCP state or sysctl means$/m);
  });
});
