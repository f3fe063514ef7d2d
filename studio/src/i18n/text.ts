/** The studio's languages: French first, English second. */
export type Lang = 'fr' | 'en';

/** A text in both languages (the schemas' `Text`). */
export interface Bilingual {
  fr: string;
  en: string;
}

/** The text of a bilingual value (catalog labels, issue messages) in a language. Pure. */
export function pick(text: Bilingual | undefined, lang: Lang): string {
  return text ? text[lang] || text.fr : '';
}
