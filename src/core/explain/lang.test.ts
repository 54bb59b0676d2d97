import { describe, expect, it } from 'vitest';
import { langFromEnv, parseLang } from './lang.js';

describe('langFromEnv', () => {
  it('is Chinese for any zh locale in LANG', () => {
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LANG: 'zh' })).toBe('zh');
  });

  it('is English for anything else, and when nothing is set', () => {
    expect(langFromEnv({})).toBe('en');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'POSIX' })).toBe('en');
  });

  it('takes LC_ALL first, then LC_MESSAGES, then LANG, skipping empty values', () => {
    expect(langFromEnv({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LC_MESSAGES: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' })).toBe('zh');
  });
});

describe('parseLang', () => {
  it('accepts en and zh and their locale spellings, in any case', () => {
    expect(parseLang('en')).toBe('en');
    expect(parseLang('zh')).toBe('zh');
    expect(parseLang('ZH')).toBe('zh');
    expect(parseLang('zh_CN.UTF-8')).toBe('zh');
    expect(parseLang('zh-Hans')).toBe('zh');
    expect(parseLang('en-GB')).toBe('en');
  });

  it('rejects anything else', () => {
    for (const raw of ['', 'de', 'fr_FR', 'english', 'chinese', 'z'])
      expect(parseLang(raw), raw).toBeUndefined();
  });
});
