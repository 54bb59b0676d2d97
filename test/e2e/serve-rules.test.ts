/**
 * deploy/: the alerting rules pass `promtool check rules`, `promtool test rules` fires every alert
 * on its problem (and each alert has a test), and the systemd unit passes `systemd-analyze verify`
 * where systemd is installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IS_CI, REPO } from '../support/netns.js';

const RULES = resolve(REPO, 'deploy/prometheus/tcpdoctor-rules.yml');
const RULE_TESTS = resolve(REPO, 'deploy/prometheus/tcpdoctor-rules.test.yml');
const UNIT = resolve(REPO, 'deploy/systemd/tcpdoctor.service');
const FLEET = resolve(REPO, 'deploy/systemd/fleet.conf');
const DASHBOARD = resolve(REPO, 'deploy/grafana/tcpdoctor.json');

function missing(tool: string): string | undefined {
  if (spawnSync(tool, ['--version']).status === 0) return undefined;
  const reason = `${tool} is not installed (apt-get install prometheus / systemd)`;
  if (IS_CI) throw new Error(`CI=true and ${reason}: a skip is a failure in CI`);
  console.warn(`skipping: ${reason}`);
  return reason;
}

const tmp = mkdtempSync(join(tmpdir(), 'tcpdoctor-deploy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(missing('promtool'))('Prometheus rules', () => {
  it('pass promtool check rules', () => {
    const r = spawnSync('promtool', ['check', 'rules', RULES], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status).toBe(0);
  });

  it('fire in promtool test rules, every alert covered', () => {
    const r = spawnSync('promtool', ['test', 'rules', RULE_TESTS], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/SUCCESS/);
    expect(r.status).toBe(0);
    const alerts = [...readFileSync(RULES, 'utf8').matchAll(/^\s+- alert: (\w+)$/gm)].map((m) => m[1]);
    expect(alerts.length).toBeGreaterThanOrEqual(8);
    const tests = readFileSync(RULE_TESTS, 'utf8');
    for (const name of alerts) {
      // each alert has a case that expects it to fire (a non-empty exp_alerts list)
      const block = new RegExp(`alertname: ${name}\\n\\s+exp_alerts:\\n\\s+- exp_labels:`);
      expect(tests, name).toMatch(block);
    }
  });

  it('catch a broken rule (the check is not vacuous)', () => {
    const broken = join(tmp, 'broken.yml');
    writeFileSync(broken, readFileSync(RULES, 'utf8').replace('> 0.8\n', '> > 0.8\n'));
    expect(spawnSync('promtool', ['check', 'rules', broken]).status).not.toBe(0);
  });
});

describe('Grafana dashboard', () => {
  it('is valid JSON whose every query uses documented tcpdoctor metrics', () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      title: string;
      panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
    };
    expect(dash.title).toMatch(/tcpdoctor/i);
    const doc = readFileSync(resolve(REPO, 'docs/metrics.md'), 'utf8');
    const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(5);
    for (const expr of exprs) {
      for (const [name] of expr.matchAll(/tcpdoctor_[a-z0-9_]+/g)) {
        const base = name.replace(/_(bucket|sum|count)$/, '');
        expect(doc, `${name} in ${expr}`).toContain(`\`${base}\``);
      }
    }
  });
});

describe.skipIf(missing('systemd-analyze'))('systemd unit', () => {
  /** The unit (and optionally the fleet drop-in) with ExecStart on a stand-in: verify wants it to exist. */
  function stage(dir: string, withFleet: boolean): string {
    const stub = join(tmp, 'tcpdoctor');
    writeFileSync(stub, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    mkdirSync(join(dir, 'tcpdoctor.service.d'), { recursive: true });
    const unit = join(dir, 'tcpdoctor.service');
    writeFileSync(unit, readFileSync(UNIT, 'utf8').replaceAll('/usr/bin/tcpdoctor', stub));
    if (withFleet) {
      writeFileSync(
        join(dir, 'tcpdoctor.service.d', 'fleet.conf'),
        readFileSync(FLEET, 'utf8').replaceAll('/usr/bin/tcpdoctor', stub),
      );
    }
    return unit;
  }

  /** Lines systemd-analyze says about our unit: unknown keys, bad values (it exits 0 for those). */
  function complaints(unit: string): { status: number | null; lines: string[] } {
    const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    const lines = (r.stderr + r.stdout).split('\n').filter((l) => l.includes('tcpdoctor.service'));
    return { status: r.status, lines };
  }

  it('passes systemd-analyze verify, alone and with the fleet drop-in', () => {
    for (const fleet of [false, true]) {
      const unit = stage(join(tmp, fleet ? 'fleet' : 'base'), fleet);
      expect(complaints(unit)).toEqual({ status: 0, lines: [] });
    }
    // and the check sees a typo
    const typo = stage(join(tmp, 'typo'), false);
    writeFileSync(typo, readFileSync(typo, 'utf8').replace('NoNewPrivileges=', 'NoNewPrivilegez='));
    expect(complaints(typo).lines.join('\n')).toMatch(/Unknown key 'NoNewPrivilegez'/);
  });

  it('scores "OK" or better in systemd-analyze security', () => {
    const unit = stage(join(tmp, 'security'), false);
    const r = spawnSync('systemd-analyze', ['security', '--offline=true', unit], { encoding: 'utf8' });
    const m = /Overall exposure level for tcpdoctor\.service: ([\d.]+)/.exec(r.stdout + r.stderr);
    expect(m, r.stdout + r.stderr).not.toBeNull();
    expect(Number(m?.[1])).toBeLessThan(2);
  });

  it('keeps what the exporter needs and none of the settings that would blind it', () => {
    const text = readFileSync(UNIT, 'utf8');
    expect(text).toMatch(/^RestrictAddressFamilies=.*\bAF_NETLINK\b/m);
    expect(text).toMatch(/^RestrictAddressFamilies=.*\bAF_INET6?\b/m);
    expect(text).not.toMatch(/^PrivateNetwork=(yes|true)/m);
    expect(text).not.toMatch(/^ProtectProc=invisible/m);
    expect(text).not.toMatch(/^ProcSubset=pid/m);
  });
});
