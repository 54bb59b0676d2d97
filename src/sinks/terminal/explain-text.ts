/**
 * The human text of `tcpdoctor explain`: pure string functions over the entries of explain-entry.ts.
 * Without a width (stdout is not a terminal) every paragraph, list item and myth stays on one line,
 * as the CLI contract asks; with a width (a terminal) paragraphs wrap, CJK text included.
 */

import {
  type ExplainEntry,
  kernelChangeText,
  type StateEntry,
  type SysctlEntry,
  stateEntry,
} from '../../core/explain/explain-entry.js';
import { SYSCTL_KEYS } from '../../core/explain/facts.js';
import { fill, glossaryFor, type Lang, type UiText } from '../../core/explain/glossary.js';
import { LIFECYCLE_ORDER } from '../../core/model/tcp-state.js';
import { displayWidth } from './format.js';

/** Structurally the `Style` of sinks/terminal/format.ts (core does not import sinks). */
export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export interface RenderOptions {
  style?: TextStyle;
  /** Wrap to this many columns (a terminal). Undefined: no hard wrapping at all. */
  width?: number;
}

export function renderEntry(entry: ExplainEntry, opts: RenderOptions = {}): string {
  const out = new Out(opts, glossaryFor(entry.lang).ui);
  if (entry.kind === 'state') renderState(entry, out);
  else renderSysctl(entry, out);
  return out.text();
}

/** `tcpdoctor explain` with no name: the eleven states in lifecycle order, then what else there is. */
export function renderGlossary(lang: Lang, opts: RenderOptions = {}): string {
  const g = glossaryFor(lang);
  const out = new Out(opts, g.ui);
  out.heading(g.ui.glossary.title);
  out.para(g.ui.glossary.intro, 0);
  for (const code of LIFECYCLE_ORDER) {
    const e = stateEntry(code, lang);
    out.blank();
    out.heading(stateHeading(e, g.ui));
    out.para(e.summary, 2);
    out.para(e.meaning, 2);
    out.para(`${g.ui.headings.side}${g.ui.punctuation.colon}${e.side}`, 2);
    out.para(`${g.ui.headings.duration}${g.ui.punctuation.colon}${e.duration}`, 2);
  }
  out.blank();
  out.para(fill(g.ui.glossary.more, { sysctls: SYSCTL_KEYS.join(', ') }), 0);
  return out.text();
}

/** Display width in terminal columns: CJK and full-width forms take two. */

/**
 * Greedy wrap to `width` columns. Breaks at spaces and between CJK characters, never before closing
 * punctuation (，。、；：）… and attached ASCII `"),.;:`) nor after opening punctuation (（「(). A token
 * wider than the line stays whole.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const t of tokens(text)) {
    const piece = line === '' ? t.text : `${t.space ? ' ' : ''}${t.text}`;
    const w = displayWidth(piece);
    if (line !== '' && lineWidth + w > width) {
      lines.push(line);
      line = t.text;
      lineWidth = displayWidth(t.text);
    } else {
      line += piece;
      lineWidth += w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

// --- internal ---

function renderState(e: StateEntry, out: Out): void {
  const ui = out.ui;
  const h = ui.headings;
  out.heading(stateHeading(e, ui));
  out.para(e.summary, 0);
  out.para(`${ui.labels.role}${ui.punctuation.colon}${e.roleText}`, 0);
  out.section(h.meaning, () => out.para(e.meaning, 2));
  out.section(h.side, () => out.para(e.side, 2));
  out.section(h.duration, () => out.para(e.duration, 2));
  out.section(h.pileUp, () => out.para(e.pileUp, 2));
  out.section(h.culprit, () => {
    out.para(e.culprit, 2);
    for (const c of e.commands) out.verbatim(`    ${c}`);
  });
  out.section(h.actions, () => out.list(e.actions, 'numbers'));
  if (e.timeWait) {
    const tw = e.timeWait;
    out.section(h.twoMsl, () => out.para(tw.twoMsl, 2));
    out.section(h.why, () => out.list(tw.why, 'numbers'));
    out.section(h.cost, () => out.list(tw.cost, 'bullets'));
    out.section(h.myths, () => out.list(tw.myths, 'bullets'));
    out.section(h.donts, () => out.list(tw.donts, 'bullets'));
  }
  out.blank();
  if (e.relatedSysctls.length > 0)
    out.labelled(ui.labels.relatedSysctls, e.relatedSysctls.join(ui.punctuation.list));
  out.labelled(ui.labels.references, e.references.join(' · '), true);
}

function renderSysctl(e: SysctlEntry, out: Out): void {
  const ui = out.ui;
  const p = ui.punctuation;
  out.heading(`${e.name}${p.open}${e.key}${p.parts}${e.path}${p.close}`);
  out.para(e.summary, 0);
  out.blank();
  if (e.defaultText !== null) out.labelled(ui.labels.default, e.defaultText, false, 2);
  out.labelled(ui.labels.values, e.valuesText, false, 2);
  out.labelled(ui.labels.scope, e.scopeText, false, 2);
  if (e.versions.length > 0) {
    const changes = e.versions.map((v) => kernelChangeText(v, ui)).join(p.parts);
    const approx = e.versions.some((v) => v.approximate) ? `${p.parts}${ui.templates.approximate}` : '';
    out.labelled(ui.labels.kernels, `${changes}${approx}`, false, 2);
  }
  if (e.kubernetesSafe) out.labelled(ui.labels.kubernetes, ui.kubernetes[e.kubernetesSafe], false, 2);
  out.section(ui.headings.sysctlMeaning, () => out.para(e.meaning, 2));
  out.section(ui.headings.whenToChange, () => out.para(e.whenToChange, 2));
  out.section(ui.headings.whenNever, () => out.para(e.whenNever, 2));
  out.blank();
  if (e.relatedStates.length > 0) out.labelled(ui.labels.relatedStates, e.relatedStates.join(p.list));
  out.labelled(ui.labels.references, e.references.join(' · '), true);
}

/** `TIME_WAIT (also TIME-WAIT; ss filter time-wait; /proc st 06)`. */
function stateHeading(e: StateEntry, ui: UiText): string {
  const p = ui.punctuation;
  const parts: string[] = [];
  if (e.spellings.length > 0) parts.push(`${ui.labels.also} ${e.spellings.join(p.list)}`);
  parts.push(`${ui.labels.ssFilter} ${e.ssFilter}`);
  parts.push(`${ui.labels.procHex} ${e.procHex}`);
  return `${e.name}${p.open}${parts.join(p.parts)}${p.close}`;
}

/** Accumulates lines; knows the width, the style and the language's punctuation. */
class Out {
  private readonly lines: string[] = [];
  private readonly style: TextStyle;

  constructor(
    private readonly opts: RenderOptions,
    readonly ui: UiText,
  ) {
    this.style = opts.style ?? { bold: (s) => s, dim: (s) => s };
  }

  heading(text: string): void {
    this.lines.push(...this.wrap(text, '  ', '').map((l) => this.style.bold(l)));
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  section(title: string, body: () => void): void {
    this.blank();
    this.heading(title);
    body();
  }

  para(text: string, indent: number): void {
    this.hanging(' '.repeat(indent), ' '.repeat(indent), text);
  }

  list(items: readonly string[], marker: 'numbers' | 'bullets'): void {
    items.forEach((item, i) => {
      const first = marker === 'numbers' ? `  ${i + 1}. ` : '  - ';
      this.hanging(first, ' '.repeat(first.length), item);
    });
  }

  /** `Label: value` with the label bold; `dim` dims the whole line (sources). */
  labelled(label: string, value: string, dim = false, indent = 0): void {
    const pad = ' '.repeat(indent);
    const head = `${label}${this.ui.punctuation.colon}`;
    const lines = this.wrap(head + value, `${pad}  `, pad);
    if (dim) {
      this.lines.push(...lines.map((l) => this.style.dim(l)));
      return;
    }
    const [first = '', ...rest] = lines;
    const cut = pad.length + head.length;
    this.lines.push(this.style.bold(first.slice(0, cut)) + first.slice(cut), ...rest);
  }

  verbatim(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    while (this.lines[this.lines.length - 1] === '') this.lines.pop();
    return `${this.lines.join('\n')}\n`;
  }

  private hanging(first: string, rest: string, text: string): void {
    this.lines.push(...this.wrap(text, rest, first));
  }

  /** Lines of `text`: the first prefixed by `first`, the others by `rest`; one line when not wrapping. */
  private wrap(text: string, rest: string, first: string): string[] {
    const width = this.opts.width;
    if (width === undefined) return [first + text];
    const room = Math.max(20, width - displayWidth(rest));
    return wrapText(text, room).map((l, i) => (i === 0 ? first : rest) + l);
  }
}

/** Never at the start of a line when attached to what precedes: CJK closing and ASCII punctuation. */
const CLOSING = new Set('，。、；：！？）」』】》"\'),.;:!?'.split(''));
/** Never at the end of a line when attached to what follows. */
const OPENING = new Set('（「『【《('.split(''));

interface Token {
  text: string;
  /** A space separated it from the previous token. */
  space: boolean;
}

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const [n, chunk] of text.split(/ +/).entries()) {
    if (chunk === '') continue;
    let current = '';
    let prev = '';
    let space = n > 0;
    for (const ch of chunk) {
      const breakable =
        current !== '' &&
        (displayWidth(prev) === 2 || displayWidth(ch) === 2) &&
        !CLOSING.has(ch) &&
        !OPENING.has(prev);
      if (breakable) {
        out.push({ text: current, space });
        current = '';
        space = false;
      }
      current += ch;
      prev = ch;
    }
    if (current !== '') out.push({ text: current, space });
  }
  return out;
}
