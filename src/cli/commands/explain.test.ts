import { describe, expect, it } from 'vitest';
import { GLOSSARY_EN } from '../../core/explain/glossary.en.js';
import { GLOSSARY_ZH } from '../../core/explain/glossary.zh.js';
import { STATE_NAMES } from '../../core/model/tcp-state.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { run } from './explain.js';

interface Captured {
  ctx: CliContext;
  out: () => string;
  err: () => string;
}

function capture(env: NodeJS.ProcessEnv = {}, stdoutIsTTY = false): Captured {
  let out = '';
  let err = '';
  return {
    ctx: {
      env,
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      stdoutIsTTY,
      stderrIsTTY: false,
    },
    out: () => out,
    err: () => err,
  };
}

async function usageFailure(args: string[]): Promise<CliError> {
  const c = capture();
  try {
    await run(args, c.ctx);
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error(`expected a usage error for ${args.join(' ')}`);
}

describe('tcpdoctor explain', () => {
  it('explains a state by any spelling, myths included', async () => {
    for (const name of ['time-wait', 'TIME-WAIT', 'TIME_WAIT', 'time_wait', '06']) {
      const c = capture();
      expect(await run([name], c.ctx)).toBe(0);
      expect(c.out()).toMatch(/^TIME_WAIT \(also TIME-WAIT; ss filter time-wait; \/proc st 06\)\n/);
      for (const myth of GLOSSARY_EN.timeWait.myths) expect(c.out()).toContain(`\n  - ${myth}\n`);
      expect(c.err()).toBe('');
    }
  });

  it('explains a sysctl by short or full name', async () => {
    for (const name of ['tcp_fin_timeout', 'net.ipv4.tcp_fin_timeout', 'net/ipv4/tcp_fin_timeout']) {
      const c = capture();
      expect(await run([name], c.ctx)).toBe(0);
      expect(c.out()).toMatch(/^net\.ipv4\.tcp_fin_timeout /);
      expect(c.out()).toContain('Default: 60 s');
    }
  });

  it('prints the glossary of all eleven states without a name', async () => {
    const c = capture();
    expect(await run([], c.ctx)).toBe(0);
    for (const name of STATE_NAMES) expect(c.out()).toMatch(new RegExp(`^${name} \\(`, 'm'));
  });

  it('explains several names in one go', async () => {
    const c = capture();
    expect(await run(['close-wait', 'somaxconn'], c.ctx)).toBe(0);
    expect(c.out()).toMatch(/^CLOSE_WAIT \(/m);
    expect(c.out()).toMatch(/^net\.core\.somaxconn \(/m);
  });

  it('speaks Chinese with --lang zh, or when the locale says so', async () => {
    const flag = capture({ LANG: 'en_US.UTF-8' });
    await run(['time-wait', '--lang', 'zh'], flag.ctx);
    for (const myth of GLOSSARY_ZH.timeWait.myths) expect(flag.out()).toContain(`  - ${myth}\n`);

    const locale = capture({ LANG: 'zh_CN.UTF-8' });
    await run(['listen'], locale.ctx);
    expect(locale.out()).toContain(GLOSSARY_ZH.states.LISTEN.meaning);

    const overridden = capture({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' });
    await run(['listen'], overridden.ctx);
    expect(overridden.out()).toContain(GLOSSARY_EN.states.LISTEN.meaning);

    const flagWins = capture({ LANG: 'zh_CN.UTF-8' });
    await run(['listen', '--lang=en'], flagWins.ctx);
    expect(flagWins.out()).toContain(GLOSSARY_EN.states.LISTEN.meaning);
  });

  it('gives the structured entry with the envelope under --json', async () => {
    const c = capture();
    expect(await run(['net.ipv4.tcp_fin_timeout', '--json'], c.ctx)).toBe(0);
    const doc = JSON.parse(c.out());
    expect(doc).toMatchObject({ schema: 1, source: { kind: 'knowledge-base' }, lang: 'en' });
    expect(typeof doc.host).toBe('string');
    expect(typeof doc.kernel).toBe('string');
    expect(new Date(doc.time).toISOString()).toBe(doc.time);
    expect(doc.entries).toHaveLength(1);
    expect(doc.entries[0]).toMatchObject({
      kind: 'sysctl',
      name: 'net.ipv4.tcp_fin_timeout',
      default: { value: '60', unit: 's' },
    });
  });

  it('fails with exit 2 and one line of close matches on an unknown name', async () => {
    const typo = await usageFailure(['tcp_tw_reus']);
    expect(typo.exitCode).toBe(2);
    expect(typo.message).toMatch(
      /^unknown state or sysctl "tcp_tw_reus"; did you mean net\.ipv4\.tcp_tw_reuse/,
    );
    expect(typo.message).not.toMatch(/\n/);

    const state = await usageFailure(['TIME_WIAT']);
    expect(state.message).toContain('did you mean TIME_WAIT?');

    const nonsense = await usageFailure(['nonsense']);
    expect(nonsense.exitCode).toBe(2);
    expect(nonsense.message).toMatch(/closest known names are \S+, \S+, \S+ /);

    const multiLine = await usageFailure(['a\nb']);
    expect(multiLine.message).not.toMatch(/\n/);
  });

  it('fails with exit 2 on a bad --lang or an unknown option', async () => {
    expect((await usageFailure(['--lang', 'fr'])).exitCode).toBe(2);
    expect((await usageFailure(['--bogus'])).exitCode).toBe(2);
  });

  it('does not hard-wrap when stdout is not a terminal, and wraps when it is', async () => {
    const pipe = capture();
    await run(['close-wait'], pipe.ctx);
    expect(pipe.out()).toContain(`\n  ${GLOSSARY_EN.states.CLOSE_WAIT.pileUp}\n`);

    const tty = capture({ COLUMNS: '60', NO_COLOR: '1' }, true);
    await run(['close-wait'], tty.ctx);
    expect(tty.out()).not.toContain(GLOSSARY_EN.states.CLOSE_WAIT.pileUp);
    for (const line of tty.out().split('\n')) {
      if (!/^ {4}(tcpdoctor|ss) /.test(line)) expect(line.length).toBeLessThanOrEqual(60);
    }
  });

  it('prints its help', async () => {
    const c = capture();
    expect(await run(['--help'], c.ctx)).toBe(0);
    expect(c.out()).toMatch(/^Usage: tcpdoctor explain/);
  });
});
