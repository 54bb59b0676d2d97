import { describe, expect, it } from 'vitest';
import { stateEntry, sysctlEntry } from '../../core/explain/explain-entry.js';
import { GLOSSARY_EN } from '../../core/explain/glossary.en.js';
import { GLOSSARY_ZH } from '../../core/explain/glossary.zh.js';
import { LIFECYCLE_ORDER, stateName } from '../../core/model/tcp-state.js';
import { renderEntry, renderGlossary, wrapText } from './explain-text.js';
import { displayWidth } from './format.js';

const COMMAND_LINE = /^ {4}(tcpdoctor|ss|nstat|cat) /;

describe('renderEntry without a width (stdout is not a terminal)', () => {
  it('prints each myth, list item and paragraph on one line of its own', () => {
    for (const [lang, g] of [
      ['en', GLOSSARY_EN],
      ['zh', GLOSSARY_ZH],
    ] as const) {
      const lines = renderEntry(stateEntry(6, lang)).split('\n');
      for (const myth of g.timeWait.myths) expect(lines).toContain(`  - ${myth}`);
      for (const [i, why] of g.timeWait.why.entries()) expect(lines).toContain(`  ${i + 1}. ${why}`);
      expect(lines).toContain(`  ${g.states.TIME_WAIT.meaning}`);
      expect(lines).toContain(`  ${g.timeWait.twoMsl}`);
      expect(lines).toContain('    tcpdoctor status --state time-wait');
    }
  });

  it('heads a state with its canonical name and other spellings', () => {
    const text = renderEntry(stateEntry(3, 'en'));
    expect(text.split('\n')[0]).toBe(
      'SYN_RECV (also SYN-RECEIVED, SYN-RECV, SYN_RCVD, SYN_RECEIVED; ss filter syn-recv; /proc st 03)',
    );
    expect(renderEntry(stateEntry(3, 'zh')).split('\n')[0]).toBe(
      'SYN_RECV（又写作 SYN-RECEIVED、SYN-RECV、SYN_RCVD、SYN_RECEIVED；ss 过滤名 syn-recv；/proc st 03）',
    );
  });

  it('shows a sysctl with its default, scope, kernels and advice', () => {
    const text = renderEntry(sysctlEntry('tcp_tw_recycle', 'en'));
    expect(text).toMatch(
      /^net\.ipv4\.tcp_tw_recycle \(tcp_tw_recycle; \/proc\/sys\/net\/ipv4\/tcp_tw_recycle\)\n/,
    );
    expect(text).toContain('  Default: none: removed in Linux 4.12\n');
    expect(text).toContain('  Kernels: Linux 4.12: removed (commit 4396e46187ca)\n');
    expect(text).toContain('\nWhen to change it\n  Never.');
    expect(text).toMatch(/\nSources: tcp-facts §0\.2/);
  });

  it('marks approximate kernel versions', () => {
    const text = renderEntry(sysctlEntry('tcp_tw_reuse', 'en'));
    expect(text).toContain('Kernels: Linux ≈4.18: values changed 0|1 → 0|1|2 (commit 79e9fed46038); ≈ marks');
  });

  it('bolds headings with the style it is given', () => {
    const style = { bold: (s: string) => `<b>${s}</b>`, dim: (s: string) => `<d>${s}</d>` };
    const text = renderEntry(stateEntry(8, 'en'), { style });
    expect(text).toContain('<b>What it is</b>');
    expect(text).toContain('<b>CLOSE_WAIT (also CLOSE-WAIT; ss filter close-wait; /proc st 08)</b>');
    expect(text).toMatch(/<d>Sources: /);
  });
});

describe('renderGlossary', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`lists the eleven states in lifecycle order, each headed by its spellings (${lang})`, () => {
      const lines = renderGlossary(lang).split('\n');
      const headings = LIFECYCLE_ORDER.map((code) => {
        const name = stateName(code) ?? '';
        const index = lines.findIndex((l) => l.startsWith(`${name} (`) || l.startsWith(`${name}（`));
        expect(index, name).toBeGreaterThan(-1);
        return index;
      });
      expect([...headings].sort((a, b) => a - b)).toEqual(headings);
      expect(lines).toContain(`  ${stateEntry(6, lang).summary}`);
      expect(lines.join('\n')).toContain('tcp_tw_reuse');
    });
  }
});

describe('wrapping on a terminal', () => {
  for (const lang of ['en', 'zh'] as const) {
    it(`keeps every prose line within the width (${lang})`, () => {
      for (const width of [40, 60, 80]) {
        for (const code of LIFECYCLE_ORDER) {
          for (const line of renderEntry(stateEntry(code, lang), { width }).split('\n')) {
            if (COMMAND_LINE.test(line)) continue;
            expect(displayWidth(line), `${width}: ${line}`).toBeLessThanOrEqual(width);
          }
        }
      }
    });
  }

  it('wraps English at spaces and loses no word', () => {
    const text = GLOSSARY_EN.timeWait.twoMsl;
    const lines = wrapText(text, 30);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join(' ')).toBe(text);
  });

  it('wraps Chinese between characters, never before closing punctuation, and loses nothing', () => {
    const text = GLOSSARY_ZH.timeWait.why.join('');
    const lines = wrapText(text, 30);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(displayWidth(line)).toBeLessThanOrEqual(30);
      expect(line).not.toMatch(/^[，。、；：）"]/);
    }
    expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });

  it('counts CJK characters as two columns', () => {
    expect(displayWidth('TIME_WAIT')).toBe(9);
    expect(displayWidth('四元组')).toBe(6);
    expect(displayWidth('（60 秒）')).toBe(2 + 2 + 1 + 2 + 2);
  });
});
