/** The texts of `tune` per language, and the `{name}` filler. */

import type { Lang } from '../explain/glossary.js';
import { fill } from '../explain/glossary.js';
import { TUNE_EN } from './texts.en.js';
import { TUNE_ZH } from './texts.zh.js';

export type TuneTexts = typeof TUNE_EN;
export type ReasonCode = keyof TuneTexts['reasons'];

export function tuneTexts(lang: Lang): TuneTexts {
  return lang === 'zh' ? TUNE_ZH : TUNE_EN;
}

/** `{name}` placeholders filled; unknown names stay visible. */
export function t(template: string, vars?: Readonly<Record<string, string | number>>): string {
  return vars ? fill(template, vars) : template;
}
