import { DIAGNOSE_EN } from './texts.en.js';
import { DIAGNOSE_ZH } from './texts.zh.js';

export type DiagnoseLang = 'en' | 'zh';

export function diagnoseTexts(lang: DiagnoseLang): Readonly<Record<string, string>> {
  return lang === 'zh' ? DIAGNOSE_ZH : DIAGNOSE_EN;
}

/** Headings of the human output. */
export const DIAGNOSE_UI = {
  en: { evidence: 'evidence', advice: 'what to do', skipped: 'not checked', findings: 'findings' },
  zh: { evidence: '证据', advice: '建议', skipped: '未检查', findings: '诊断结果' },
} as const;
