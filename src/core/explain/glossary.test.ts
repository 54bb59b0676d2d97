import { describe, expect, it } from 'vitest';
import { STATE_NAMES } from '../model/tcp-state.js';
import { STATE_FACTS, SYSCTL_FACTS, SYSCTL_KEYS } from './facts.js';
import { GLOSSARY_EN } from './glossary.en.js';
import { GLOSSARIES, type Glossary, LANGS } from './glossary.js';
import { GLOSSARY_ZH } from './glossary.zh.js';

/** The tunables issue 5 names from tcp-facts.md §3; each needs an entry in both languages. */
const LISTED_TUNABLES = [
  'tcp_tw_reuse',
  'tcp_tw_reuse_delay',
  'tcp_tw_recycle',
  'tcp_fin_timeout',
  'tcp_max_tw_buckets',
  'tcp_syncookies',
  'tcp_max_syn_backlog',
  'somaxconn',
  'ip_local_port_range',
  'ip_local_reserved_ports',
  'tcp_timestamps',
  'tcp_max_orphans',
  'tcp_orphan_retries',
  'tcp_synack_retries',
  'tcp_syn_retries',
  'tcp_keepalive_time',
  'tcp_keepalive_intvl',
  'tcp_keepalive_probes',
  'tcp_rfc1337',
  'tcp_abort_on_overflow',
  'tcp_mem',
] as const;

const HAN = /\p{Script=Han}/u;

describe('glossaries', () => {
  it('have exactly the same keys, and lists of the same length, in every language', () => {
    const en = shape(GLOSSARY_EN);
    for (const lang of LANGS) expect(shape(GLOSSARIES[lang]), lang).toEqual(en);
  });

  it('have no empty string, no stray whitespace and no line break anywhere', () => {
    for (const lang of LANGS) {
      for (const [path, value] of leaves(GLOSSARIES[lang])) {
        expect(value.trim(), `${lang} ${path}`).not.toBe('');
        // Punctuation carries its own spacing (`, `, ` (`); everything else is trimmed.
        if (!path.startsWith('ui.punctuation.')) expect(value, `${lang} ${path}`).toBe(value.trim());
        expect(value, `${lang} ${path}`).not.toMatch(/\n/);
      }
    }
  });

  it('cover all eleven states and every sysctl in facts.ts, in both languages', () => {
    for (const g of [GLOSSARY_EN, GLOSSARY_ZH]) {
      expect(Object.keys(g.states).sort()).toEqual([...STATE_NAMES].sort());
      expect(Object.keys(g.sysctls).sort()).toEqual([...SYSCTL_KEYS].sort());
    }
    expect(Object.keys(STATE_FACTS).sort()).toEqual([...STATE_NAMES].sort());
    expect(Object.keys(SYSCTL_FACTS).sort()).toEqual([...SYSCTL_KEYS].sort());
  });

  it('cover every tunable the issue lists', () => {
    for (const key of LISTED_TUNABLES) {
      expect(SYSCTL_KEYS).toContain(key);
      expect(GLOSSARY_EN.sysctls[key].meaning).not.toBe('');
      expect(GLOSSARY_ZH.sysctls[key].meaning).not.toBe('');
    }
  });

  it('are really translated: every Chinese entry text is Chinese and differs from the English', () => {
    const prose = (g: Glossary) =>
      leaves({ states: g.states, sysctls: g.sysctls, timeWait: g.timeWait, headings: g.ui.headings });
    const english = new Map(prose(GLOSSARY_EN));
    for (const [path, zh] of prose(GLOSSARY_ZH)) {
      expect(zh, path).toMatch(HAN);
      expect(zh, path).not.toBe(english.get(path));
    }
  });
});

describe('facts', () => {
  it('give every entry references that name a tcp-facts section and a source', () => {
    const entries = [...Object.values(STATE_FACTS), ...Object.values(SYSCTL_FACTS)];
    for (const e of entries) {
      expect(e.references.length, JSON.stringify(e)).toBeGreaterThan(0);
      for (const ref of e.references) {
        expect(ref).toMatch(/^tcp-facts §\d+(\.\d+)?/);
        expect(ref).toMatch(
          /\[(sysctl-doc|snmp-doc|tcp\.h|states\.h|ipv4\.c|mini\.c|proc\.c|diag\.h|ss\.c|VB|LAB)\]|RFC \d+|commit|netdev|bcc|\.[ch]\b|§\d+$/,
        );
      }
    }
  });

  it('name sysctls by their full dotted name under net.ipv4 or net.core', () => {
    for (const key of SYSCTL_KEYS) {
      const f = SYSCTL_FACTS[key];
      expect(f.key).toBe(key);
      expect(f.name).toMatch(new RegExp(`^net\\.(ipv4|core)\\.${key}$`));
    }
  });

  it('keep the corrections of tcp-facts §0 as data', () => {
    expect(SYSCTL_FACTS.tcp_tw_recycle.stance).toBe('never-set');
    expect(SYSCTL_FACTS.tcp_tw_recycle.versions).toContainEqual(
      expect.objectContaining({ kernel: '4.12', change: 'removed', approximate: false }),
    );
    expect(SYSCTL_FACTS.tcp_max_tw_buckets.stance).toBe('raise-only');
    expect(SYSCTL_FACTS.tcp_max_orphans.scope).toBe('global');
    expect(SYSCTL_FACTS.tcp_mem.scope).toBe('global');
    expect(SYSCTL_FACTS.tcp_tw_reuse.default.value).toBe('2');
    expect(SYSCTL_FACTS.somaxconn.default).toMatchObject({
      value: '4096',
      before: { value: '128', until: '5.4' },
    });
    expect(SYSCTL_FACTS.ip_local_port_range.default.value).toBe('32768 60999');
    expect(STATE_FACTS.TIME_WAIT.fixedSeconds).toBe(60);
  });

  it('only ever name commands that exist today', () => {
    for (const f of Object.values(STATE_FACTS)) {
      for (const c of f.commands) {
        expect(c).toMatch(
          /^(tcpdoctor status --state [a-z0-9-]+|ss -[a-zA-Z]+ state [a-z0-9-]+|nstat |cat |ss )/,
        );
        expect(c).toMatch(/^(?!tcpdoctor (diagnose|tune))/);
      }
    }
  });
});

describe('the TIME_WAIT entry', () => {
  const en = GLOSSARY_EN.timeWait;
  const zh = GLOSSARY_ZH.timeWait;

  it('states the four myths, each one plain sentence', () => {
    expect(en.myths).toHaveLength(4);
    const [recycle, fin, reuse, buckets] = en.myths;
    expect(recycle).toMatch(/tcp_tw_recycle was removed in Linux 4\.12/);
    expect(recycle).toMatch(/NAT/);
    expect(fin).toMatch(/tcp_fin_timeout never shortened TIME_WAIT/);
    expect(fin).toMatch(/orphaned FIN_WAIT2/);
    expect(reuse).toMatch(/tcp_tw_reuse only helps outgoing connections/);
    expect(reuse).toMatch(/timestamps/);
    expect(buckets).toMatch(/Lowering tcp_max_tw_buckets trades safety for nothing/);
    for (const m of en.myths) {
      expect(m).toMatch(/\.$/);
      expect(m.slice(0, -1)).not.toMatch(/[.!?] /);
    }
  });

  it('states the same four myths in Chinese, each one sentence', () => {
    expect(zh.myths).toHaveLength(4);
    const [recycle, fin, reuse, buckets] = zh.myths;
    expect(recycle).toMatch(/tcp_tw_recycle.*Linux 4\.12.*移除/);
    expect(recycle).toMatch(/NAT/);
    expect(fin).toMatch(/tcp_fin_timeout 从来不能缩短 TIME_WAIT/);
    expect(fin).toMatch(/孤儿 FIN_WAIT2/);
    expect(reuse).toMatch(/tcp_tw_reuse 只对出向连接/);
    expect(reuse).toMatch(/时间戳/);
    expect(buckets).toMatch(/调小 tcp_max_tw_buckets.*牺牲安全/);
    for (const m of zh.myths) {
      expect(m).toMatch(/。$/);
      expect(m.slice(0, -1)).not.toMatch(/[。！？]/);
    }
  });

  it('covers 2MSL, why TIME_WAIT exists and its real cost', () => {
    expect(en.twoMsl).toMatch(/RFC 9293/);
    expect(en.twoMsl).toMatch(/2 minutes/);
    expect(en.twoMsl).toMatch(/fixed 60 s/);
    const why = en.why.join(' ');
    expect(why).toMatch(/delayed segment/);
    expect(why).toMatch(/LAST_ACK/);
    expect(why).toMatch(/RFC 1337/);
    const cost = en.cost.join(' ');
    expect(cost).toMatch(/256-byte minisocket/);
    expect(cost).toMatch(/No file descriptor/);
    expect(cost).toMatch(/28,232/);
    expect(cost).toMatch(/470 new connections per second/);
    expect(cost).toMatch(/EADDRNOTAVAIL/);
    expect(zh.twoMsl).toMatch(/RFC 9293.*2 分钟/);
    expect(zh.cost.join('')).toMatch(/256 字节/);
    expect(zh.cost.join('')).toMatch(/28,232/);
  });

  it('says TIME_WAIT is a fixed 60 s that no sysctl changes', () => {
    expect(GLOSSARY_EN.states.TIME_WAIT.duration).toMatch(/fixed 60 s.*no sysctl changes it/);
    expect(GLOSSARY_ZH.states.TIME_WAIT.duration).toMatch(/固定 60 秒.*没有任何 sysctl 能改变它/);
  });
});

describe('the folklore stays corrected everywhere', () => {
  for (const lang of LANGS) {
    it(`never recommends tcp_tw_recycle nor sells tcp_fin_timeout as a TIME_WAIT cure (${lang})`, () => {
      for (const [path, text] of leaves(GLOSSARIES[lang])) {
        expect(text, path).not.toMatch(/tcp_tw_recycle\s*=\s*1/);
        expect(text, path).not.toMatch(/tcp_fin_timeout\s*=/);
      }
      const fin = GLOSSARIES[lang].sysctls.tcp_fin_timeout;
      expect(fin.summary).toMatch(lang === 'en' ? /does not shorten TIME_WAIT/ : /不能缩短 TIME_WAIT/);
    });
  }
});

// --- helpers ---

/** The structure of a glossary with every string replaced by its type: keys and list lengths. */
function shape(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = shape((value as Record<string, unknown>)[key]);
    return out;
  }
  return typeof value;
}

/** Every string of a nested object, with its path. */
function leaves(value: unknown, path = ''): Array<[string, string]> {
  if (typeof value === 'string') return [[path, value]];
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [];
}
