import type { Bilingual } from '../i18n/text.ts';

/** A step's or a run's error as the server answers it (`text` and `pointer` only on runs recorded since). */
export interface RunErrorRecord {
  nodeId?: string;
  code?: string;
  message?: string;
  text?: Bilingual;
  pointer?: string;
}

/** What a person reads of an error, and what stays behind « Détails ». */
export interface ErrorInWords {
  text: Bilingual;
  code?: string;
  pointer?: string;
  /** The message as recorded, when it says more than the words shown (logs, old runs). */
  message?: string;
}

/** `pointer fr / en`: how messages were written before the words were recorded apart. */
const OLD_FORM = /^(\/[^\s]*\s)?([^/]+?) \/ ([^/]+)$/;

function fromOldMessage(message: string): { text: Bilingual; pointer?: string } | undefined {
  const parts = message.split('; ').map((part) => OLD_FORM.exec(part.trim()));
  if (parts.length === 0 || parts.some((m) => !m)) return undefined;
  const matches = parts as RegExpExecArray[];
  const pointers = matches.map((m) => m[1]?.trim()).filter((p): p is string => Boolean(p));
  return {
    text: {
      fr: matches.map((m) => m[2]?.trim()).join(' ; '),
      en: matches.map((m) => m[3]?.trim()).join('; '),
    },
    ...(matches.length === 1 && pointers[0] ? { pointer: pointers[0] } : {}),
  };
}

/**
 * An error in words for the page's language: the recorded words when there are some, the words of a
 * `pointer fr / en` message otherwise, the bare message as a last resort; the code and pointer apart.
 * @example errorInWords({ code: 'x', message: '/a Non. / No.' }).text // { fr: 'Non.', en: 'No.' }
 */
export function errorInWords(error: RunErrorRecord): ErrorInWords {
  const code = error.code || undefined;
  const message = error.message ?? '';
  if (error.text?.fr || error.text?.en) {
    const text = { fr: error.text.fr || error.text.en, en: error.text.en || error.text.fr };
    return { text, ...(code ? { code } : {}), ...(error.pointer ? { pointer: error.pointer } : {}) };
  }
  const old = message ? fromOldMessage(message) : undefined;
  if (old) return { ...old, ...(code ? { code } : {}) };
  const fallback = message || code || '';
  return { text: { fr: fallback, en: fallback }, ...(code ? { code } : {}), ...(message ? { message } : {}) };
}
