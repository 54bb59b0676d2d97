/**
 * One entry of the knowledge base in one language: the facts of facts.ts merged with the prose of
 * glossary.<lang>.ts. This is what `explain --json` prints and what the text renderer reads.
 */
import { spellingsOf, stateInfo, type TcpStateCode, type TcpStateName } from '../model/tcp-state.js';
import {
  type KernelChange,
  STATE_FACTS,
  type StateRole,
  SYSCTL_FACTS,
  type SysctlDefault,
  type SysctlKey,
  type SysctlScope,
  type SysctlStance,
  type SysctlValues,
} from './facts.js';
import {
  fill,
  type Glossary,
  glossaryFor,
  type Lang,
  type StateProse,
  type TimeWaitProse,
  type UiText,
} from './glossary.js';
import type { Topic } from './lookup.js';

/** The prose fields (summary, meaning, side, duration, pileUp, culprit, actions) come from the glossary. */
export interface StateEntry extends StateProse {
  readonly kind: 'state';
  readonly lang: Lang;
  /** Canonical name (Linux netstat, /proc). */
  readonly name: TcpStateName;
  /** Kernel state code (include/net/tcp_states.h). */
  readonly code: TcpStateCode;
  /** The `st` column of /proc/net/tcp. */
  readonly procHex: string;
  /** Other tools' spellings (RFC, ss, BSD, Windows), canonical excluded. */
  readonly spellings: readonly string[];
  readonly ssFilter: string;
  readonly role: StateRole;
  readonly roleText: string;
  /** Fixed lifetime on Linux in seconds, where there is one. */
  readonly fixedSeconds?: number;
  readonly commands: readonly string[];
  /** TIME_WAIT only: 2MSL, why it exists, its cost, the myths. */
  readonly timeWait?: TimeWaitProse;
  /** Full sysctl names. */
  readonly relatedSysctls: readonly string[];
  readonly references: readonly string[];
}

export interface SysctlEntry {
  readonly kind: 'sysctl';
  readonly lang: Lang;
  /** Full dotted name. */
  readonly name: string;
  readonly key: SysctlKey;
  readonly path: string;
  readonly scope: SysctlScope;
  readonly scopeText: string;
  readonly default: SysctlDefault;
  /** The default in words, or null where there is no single default to show. */
  readonly defaultText: string | null;
  readonly values: SysctlValues;
  readonly valuesText: string;
  readonly versions: readonly KernelChange[];
  readonly stance: SysctlStance;
  readonly harmful: readonly string[];
  readonly kubernetesSafe?: 'v1.26' | 'later';
  readonly summary: string;
  readonly meaning: string;
  readonly whenToChange: string;
  readonly whenNever: string;
  readonly relatedStates: readonly TcpStateName[];
  readonly references: readonly string[];
}

export type ExplainEntry = StateEntry | SysctlEntry;

export function explainEntry(topic: Topic, lang: Lang): ExplainEntry {
  return topic.kind === 'state' ? stateEntry(topic.code, lang) : sysctlEntry(topic.key, lang);
}

export function stateEntry(code: TcpStateCode, lang: Lang): StateEntry {
  const g = glossaryFor(lang);
  const info = stateInfo(code);
  const facts = STATE_FACTS[info.name];
  const prose = g.states[info.name];
  return {
    kind: 'state',
    lang,
    name: info.name,
    code,
    procHex: info.hex,
    spellings: spellingsOf(code).filter((s) => s !== info.name),
    ssFilter: facts.ssFilter,
    role: facts.role,
    roleText: g.ui.roles[facts.role],
    ...(facts.fixedSeconds !== undefined ? { fixedSeconds: facts.fixedSeconds } : {}),
    summary: prose.summary,
    meaning: prose.meaning,
    side: prose.side,
    duration: prose.duration,
    pileUp: prose.pileUp,
    culprit: prose.culprit,
    commands: facts.commands,
    actions: prose.actions,
    ...(info.name === 'TIME_WAIT' ? { timeWait: g.timeWait } : {}),
    relatedSysctls: facts.relatedSysctls.map((k) => SYSCTL_FACTS[k].name),
    references: facts.references,
  };
}

export function sysctlEntry(key: SysctlKey, lang: Lang): SysctlEntry {
  const g: Glossary = glossaryFor(lang);
  const facts = SYSCTL_FACTS[key];
  const prose = g.sysctls[key];
  return {
    kind: 'sysctl',
    lang,
    name: facts.name,
    key,
    path: `/proc/sys/${facts.name.replace(/\./g, '/')}`,
    scope: facts.scope,
    scopeText: g.ui.scopes[facts.scope],
    default: facts.default,
    defaultText: defaultText(facts.default, facts.versions, g.ui),
    values: facts.values,
    valuesText: prose.values,
    versions: facts.versions,
    stance: facts.stance,
    harmful: facts.harmful,
    ...(facts.kubernetesSafe !== undefined ? { kubernetesSafe: facts.kubernetesSafe } : {}),
    summary: prose.summary,
    meaning: prose.meaning,
    whenToChange: prose.whenToChange,
    whenNever: prose.whenNever,
    relatedStates: facts.relatedStates,
    references: facts.references,
  };
}

/** `Linux ≈4.18: values changed 0|1 → 0|1|2 (commit 79e9fed46038)`, in the glossary's language. */
export function kernelChangeText(c: KernelChange, ui: UiText): string {
  const p = ui.punctuation;
  const text = fill(ui.templates.change, {
    kernel: version(c.kernel, c.approximate),
    change: ui.changes[c.change],
    detail: c.detail ? ` ${c.detail}` : '',
  });
  return c.commit ? `${text}${p.open}${fill(ui.templates.commit, { commit: c.commit })}${p.close}` : text;
}

// --- internal ---

function defaultText(d: SysctlDefault, versions: readonly KernelChange[], ui: UiText): string | null {
  const p = ui.punctuation;
  if (d.value === null) {
    const removed = versions.find((v) => v.change === 'removed');
    return removed
      ? fill(ui.templates.removedIn, { kernel: version(removed.kernel, removed.approximate) })
      : null;
  }
  const withUnit = d.unit ? `${d.value} ${ui.units[d.unit]}` : d.value;
  let text = d.lab !== undefined ? fill(ui.templates.labValue, { value: withUnit, lab: d.lab }) : withUnit;
  if (d.before) {
    const until = version(d.before.until, d.before.approximate);
    text += `${p.parts}${fill(ui.templates.before, { value: d.before.value, until })}`;
  }
  return text;
}

function version(kernel: string, approximate: boolean): string {
  return approximate ? `≈${kernel}` : kernel;
}
