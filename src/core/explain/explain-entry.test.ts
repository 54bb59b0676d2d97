import { describe, expect, it } from 'vitest';
import { LIFECYCLE_ORDER, STATE_NAMES } from '../model/tcp-state.js';
import { explainEntry, type StateEntry, stateEntry, sysctlEntry } from './explain-entry.js';
import { EXPLAIN_SCHEMA, explainJson } from './explain-json.js';
import { SYSCTL_KEYS } from './facts.js';
import { GLOSSARY_EN } from './glossary.en.js';
import { GLOSSARY_ZH } from './glossary.zh.js';
import { resolveTopic } from './lookup.js';

describe('stateEntry', () => {
  it('merges facts and prose for TIME_WAIT, with the TIME_WAIT sections', () => {
    const e = stateEntry(6, 'en');
    expect(e).toMatchObject({
      kind: 'state',
      lang: 'en',
      name: 'TIME_WAIT',
      code: 6,
      procHex: '06',
      ssFilter: 'time-wait',
      role: 'active-closer',
      fixedSeconds: 60,
    });
    expect(e.spellings).toEqual(['TIME-WAIT']);
    expect(e.timeWait?.myths).toEqual(GLOSSARY_EN.timeWait.myths);
    expect(e.commands).toContain('tcpdoctor status --state time-wait');
    expect(e.commands).toContain('ss -tan state time-wait');
    expect(e.relatedSysctls).toContain('net.ipv4.tcp_tw_reuse');
    expect(e.references.join(' ')).toMatch(/tcp-facts §2; .*\[mini\.c\]/);
  });

  it('gives the TIME_WAIT sections only to TIME_WAIT, and every state a culprit command', () => {
    for (const code of LIFECYCLE_ORDER) {
      const e: StateEntry = stateEntry(code, 'zh');
      expect(e.timeWait !== undefined).toBe(e.name === 'TIME_WAIT');
      expect(e.commands.some((c) => c.startsWith('tcpdoctor status --state '))).toBe(true);
      expect(e.commands.some((c) => c.startsWith('ss -'))).toBe(true);
      expect(e.summary).toBe(GLOSSARY_ZH.states[e.name].summary);
      expect(e.spellings).not.toContain(e.name);
    }
  });
});

describe('sysctlEntry', () => {
  it('shows the default in the reader’s language', () => {
    expect(sysctlEntry('tcp_fin_timeout', 'en').defaultText).toBe('60 s');
    expect(sysctlEntry('tcp_fin_timeout', 'zh').defaultText).toBe('60 秒');
    expect(sysctlEntry('somaxconn', 'en').defaultText).toBe('4096; 128 before Linux 5.4');
    expect(sysctlEntry('somaxconn', 'zh').defaultText).toBe('4096；Linux 5.4 之前为 128');
    expect(sysctlEntry('tcp_max_tw_buckets', 'en').defaultText).toBe(
      'ehash/2 (131072 on a Linux 6.18 test machine)',
    );
    expect(sysctlEntry('tcp_tw_reuse', 'en').defaultText).toBe('2; 0 before Linux ≈4.18');
    expect(sysctlEntry('tcp_tw_recycle', 'en').defaultText).toBe('none: removed in Linux 4.12');
    expect(sysctlEntry('tcp_mem', 'en').defaultText).toBeNull();
  });

  it('derives the /proc/sys path and carries the structured facts', () => {
    const e = sysctlEntry('somaxconn', 'en');
    expect(e).toMatchObject({
      kind: 'sysctl',
      name: 'net.core.somaxconn',
      key: 'somaxconn',
      path: '/proc/sys/net/core/somaxconn',
      scope: 'netns',
      values: { kind: 'int' },
    });
    expect(sysctlEntry('tcp_max_orphans', 'zh').scopeText).toMatch(/全局/);
  });

  it('exists for every sysctl in both languages', () => {
    for (const key of SYSCTL_KEYS) {
      for (const lang of ['en', 'zh'] as const) expect(sysctlEntry(key, lang).meaning).not.toBe('');
    }
  });
});

describe('explainJson', () => {
  it('wraps entries in the CLI envelope', () => {
    const topic = resolveTopic('net.ipv4.tcp_fin_timeout');
    if (!topic) throw new Error('unresolved');
    const doc = explainJson({ host: 'h', kernel: '6.18.44', time: '2026-01-01T00:00:00.000Z' }, 'en', [
      explainEntry(topic, 'en'),
    ]);
    expect(doc).toMatchObject({
      schema: EXPLAIN_SCHEMA,
      host: 'h',
      kernel: '6.18.44',
      time: '2026-01-01T00:00:00.000Z',
      source: { kind: 'knowledge-base' },
      lang: 'en',
    });
    expect(doc.entries[0]).toMatchObject({ kind: 'sysctl', name: 'net.ipv4.tcp_fin_timeout' });
    expect(doc.topics.states).toEqual([...STATE_NAMES]);
    expect(doc.topics.sysctls).toHaveLength(SYSCTL_KEYS.length);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});
