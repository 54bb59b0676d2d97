/**
 * The shape of a glossary: the prose half of the knowledge base, one data file per language
 * (glossary.en.ts, glossary.zh.ts) with exactly the same keys. The language-neutral half
 * (defaults, versions, commands, references) is in facts.ts.
 */
import type { TcpStateName } from '../model/tcp-state.js';
import type { KernelChange, StateRole, SysctlKey, SysctlScope, SysctlUnit } from './facts.js';
import { GLOSSARY_EN } from './glossary.en.js';
import { GLOSSARY_ZH } from './glossary.zh.js';

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export interface StateProse {
  /** One line under the heading. */
  readonly summary: string;
  readonly meaning: string;
  /** Which side is in it and how it got there. */
  readonly side: string;
  /** How long it lasts on Linux. */
  readonly duration: string;
  /** What a pile-up of it usually means. */
  readonly pileUp: string;
  /** How to find the culprit; the commands themselves are in facts.ts. */
  readonly culprit: string;
  /** What to do, best first. */
  readonly actions: readonly string[];
}

/** The extra sections of `explain time-wait`. */
export interface TimeWaitProse {
  readonly twoMsl: string;
  readonly why: readonly string[];
  readonly cost: readonly string[];
  /** The classic myths, corrected: one plain sentence each, on one line. */
  readonly myths: readonly string[];
  readonly donts: readonly string[];
}

export interface SysctlProse {
  readonly summary: string;
  readonly meaning: string;
  /** What the values mean; the default itself comes from facts.ts. */
  readonly values: string;
  readonly whenToChange: string;
  readonly whenNever: string;
}

/** Headings, labels and templates (`{name}` placeholders) of the rendered text. */
export interface UiText {
  readonly headings: {
    readonly meaning: string;
    readonly side: string;
    readonly duration: string;
    readonly pileUp: string;
    readonly culprit: string;
    readonly actions: string;
    readonly twoMsl: string;
    readonly why: string;
    readonly cost: string;
    readonly myths: string;
    readonly donts: string;
    readonly sysctlMeaning: string;
    readonly whenToChange: string;
    readonly whenNever: string;
  };
  readonly labels: {
    readonly also: string;
    readonly procHex: string;
    readonly ssFilter: string;
    readonly role: string;
    readonly file: string;
    readonly default: string;
    readonly values: string;
    readonly scope: string;
    readonly kernels: string;
    readonly kubernetes: string;
    readonly relatedStates: string;
    readonly relatedSysctls: string;
    readonly references: string;
  };
  readonly roles: Readonly<Record<StateRole, string>>;
  readonly scopes: Readonly<Record<SysctlScope, string>>;
  readonly changes: Readonly<Record<KernelChange['change'], string>>;
  readonly units: Readonly<Record<SysctlUnit, string>>;
  readonly kubernetes: { readonly 'v1.26': string; readonly later: string };
  readonly templates: {
    /** `{value}` computed, `{lab}` seen on the LAB machine. */
    readonly labValue: string;
    /** `{value}` the older default, `{until}` the first kernel with the current one. */
    readonly before: string;
    readonly commit: string;
    /** One kernel change: `{kernel}` `{change}` `{detail}`. */
    readonly change: string;
    /** Explains the `≈` before a kernel version. */
    readonly approximate: string;
    /** The default of a removed sysctl: `{kernel}`. */
    readonly removedIn: string;
  };
  /** Punctuation differs between languages: `, ` vs `、`, `: ` vs `：`, ` (` vs `（`. */
  readonly punctuation: {
    readonly list: string;
    readonly parts: string;
    readonly colon: string;
    readonly open: string;
    readonly close: string;
  };
  readonly glossary: {
    readonly title: string;
    readonly intro: string;
    /** `{sysctls}`: the short names, comma-separated. */
    readonly more: string;
  };
}

export interface Glossary {
  readonly lang: Lang;
  readonly ui: UiText;
  readonly states: Readonly<Record<TcpStateName, StateProse>>;
  readonly timeWait: TimeWaitProse;
  readonly sysctls: Readonly<Record<SysctlKey, SysctlProse>>;
}

export const GLOSSARIES: Readonly<Record<Lang, Glossary>> = { en: GLOSSARY_EN, zh: GLOSSARY_ZH };

export function glossaryFor(lang: Lang): Glossary {
  return GLOSSARIES[lang];
}

/** `fill('{a} and {b}', { a: 1, b: 2 })` → `1 and 2`; unknown placeholders stay as they are. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const v = vars[key];
    return v === undefined ? whole : String(v);
  });
}
