import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { CASE_ACTION_STRINGS, CASE_STRINGS, DEADLINE_DASHBOARD_STRINGS, PRESET_STRINGS } from './cases.strings.ts';
import { COMMON_STRINGS } from './common.strings.ts';
import {
  CONDITION_STRINGS,
  EDITOR_FORM_STRINGS,
  EDITOR_STATUS_STRINGS,
  EDITOR_STRINGS,
  EDITOR_VERSION_STRINGS,
  TEST_RUN_STRINGS,
} from './editor.strings.ts';
import { LIVE_STRINGS, TEST_CASE_STRINGS } from './live.strings.ts';
import { DASHBOARD_STRINGS, RUNS_STRINGS, SETTINGS_STRINGS } from './runs.strings.ts';
import type { Lang } from './text.ts';
import { ERROR_STRINGS, INBOX_CASE_STRINGS, NOT_FOUND_STRINGS, OBJECT_LIST_STRINGS } from './wording.strings.ts';

export { type Bilingual, type Lang, pick } from './text.ts';

const STRINGS = {
  ...COMMON_STRINGS,
  ...EDITOR_STRINGS,
  ...EDITOR_STATUS_STRINGS,
  ...EDITOR_VERSION_STRINGS,
  ...EDITOR_FORM_STRINGS,
  ...CONDITION_STRINGS,
  ...TEST_RUN_STRINGS,
  ...RUNS_STRINGS,
  ...SETTINGS_STRINGS,
  ...DASHBOARD_STRINGS,
  ...PRESET_STRINGS,
  ...CASE_STRINGS,
  ...CASE_ACTION_STRINGS,
  ...DEADLINE_DASHBOARD_STRINGS,
  ...LIVE_STRINGS,
  ...TEST_CASE_STRINGS,
  ...ERROR_STRINGS,
  ...NOT_FOUND_STRINGS,
  ...INBOX_CASE_STRINGS,
  ...OBJECT_LIST_STRINGS,
};

export type StringKey = keyof typeof STRINGS;

/**
 * The text of a key in a language; `{name}` placeholders are replaced by `values`.
 * @example t('fr', 'problemsCount', { count: 2 }) // "2 problèmes"
 */
export function t(lang: Lang, key: StringKey, values: Record<string, string | number> = {}): string {
  const text: string = STRINGS[key][lang];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

const LangContext = createContext<Lang>('fr');

/** Gives the current language to the components below. */
export function LangProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

/** The current language. */
export function useLang(): Lang {
  return useContext(LangContext);
}

/** `t` bound to the current language. */
export function useT(): Translate {
  const lang = useLang();
  return useMemo(() => (key: StringKey, values?: Record<string, string | number>) => t(lang, key, values), [lang]);
}
