import { describe, expect, it } from 'vitest';
import { EVIDENCE_KEYS, fill, LANGS, langOf, MESSAGES, placeholders, t } from './i18n.js';

describe('the dashboard in two languages', () => {
  it('has the same keys in English and Chinese', () => {
    expect(Object.keys(MESSAGES.zh).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    expect(Object.keys(EVIDENCE_KEYS.zh).sort()).toEqual(Object.keys(EVIDENCE_KEYS.en).sort());
    expect([...LANGS]).toEqual(['en', 'zh']);
  });

  it('uses the same placeholders in both languages, for every key', () => {
    for (const key of Object.keys(MESSAGES.en) as Array<keyof typeof MESSAGES.en>) {
      expect(placeholders(MESSAGES.zh[key]), key).toEqual(placeholders(MESSAGES.en[key]));
    }
  });

  it('has no empty text, and Chinese text that is actually Chinese where English has words', () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(MESSAGES[lang]))
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
    }
    // Han characters, or CJK / full-width punctuation (`{label}：{list}` is translated)
    const han = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
    const untranslated = Object.entries(MESSAGES.zh).filter(
      ([key, text]) => !han.test(text) && text !== MESSAGES.en[key as keyof typeof MESSAGES.en],
    );
    expect(untranslated).toEqual([]);
    // the only texts without Chinese characters are the ones with nothing to translate
    const same = Object.entries(MESSAGES.zh)
      .filter(([, text]) => !han.test(text))
      .map(([key]) => key);
    expect(same).toEqual(['app.title']);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'dest.portsOf', { inUse: '70', size: '100', percent: '70 %' })).toBe('70 of 100 (70 %)');
    expect(t('zh', 'dest.portsOf', { inUse: '70', size: '100', percent: '70%' })).toBe(
      '100 个中的 70 个（70%）',
    );
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    // a value is inserted once, never read as a template itself
    expect(fill('{a}', { a: '{b}', b: 'x' })).toBe('{b}');
    // no prototype keys
    expect(fill('{constructor}', {})).toBe('{constructor}');
  });

  it('reads language tags the way browsers send them', () => {
    expect(langOf('zh-CN')).toBe('zh');
    expect(langOf('zh-Hans-SG')).toBe('zh');
    expect(langOf('en-GB')).toBe('en');
    expect(langOf('de-DE')).toBeUndefined();
    expect(langOf('')).toBeUndefined();
    expect(langOf(null)).toBeUndefined();
  });
});
