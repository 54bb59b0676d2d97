/** The reader's language: `--lang`, else the POSIX locale variables. Pure: the environment is passed in. */
import { LANGS, type Lang } from './glossary.js';

/** `en`, `zh`, and locale-style spellings of them (`zh_CN.UTF-8`, `zh-Hans`, `EN`); undefined otherwise. */
export function parseLang(raw: string): Lang | undefined {
  const m = /^([a-z]{2})(?:[-_.@].*)?$/i.exec(raw.trim());
  const code = m?.[1]?.toLowerCase();
  return LANGS.find((l) => l === code);
}

/**
 * POSIX precedence for message language: the first non-empty of LC_ALL, LC_MESSAGES, LANG decides;
 * any `zh*` locale means Chinese, anything else (C, POSIX, en_US, de_DE…) English.
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value !== undefined && value !== '') return /^zh/i.test(value) ? 'zh' : 'en';
  }
  return 'en';
}
