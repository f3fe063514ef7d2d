/**
 * Text helpers for extraction: a cleaned copy of the input and a "folded" copy (lower case, accents removed) with
 * the same length, so that a match found in one is at the same place in the other.
 */
import { domainError } from '../errors.ts';

/** Longest text the extractor reads (a long decision is ~30,000 characters). */
export const MAX_TEXT_LENGTH = 200_000;

/** The text as read: `raw` cleaned (spaces, apostrophes, line ends) and `folded` for matching. */
export interface PreparedText {
  raw: string;
  folded: string;
}

/** One character folded to its base letter in lower case (é → e, Ç → c), keeping its UTF-16 length. */
function foldChar(char: string): string {
  // Astral characters (emoji) are two UTF-16 units: kept as they are so that indices stay aligned.
  if (char.length !== 1) return char;
  return char.normalize('NFD').charAt(0).toLowerCase().charAt(0) || char;
}

/**
 * Cleans `text` (NFC, non-breaking spaces to spaces, typographic apostrophes to ', CRLF to LF) and folds it.
 * Throws a DomainError (`extraction.too-long`) above {@link MAX_TEXT_LENGTH} characters.
 * Pure: no clock, no I/O.
 */
export function prepareText(text: string): PreparedText {
  if (text.length > MAX_TEXT_LENGTH) {
    throw domainError('extraction.too-long', '/text', { length: text.length, limit: MAX_TEXT_LENGTH });
  }
  const raw = text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u202f\u2007\u2009]/g, ' ')
    .replace(/[\u2018\u2019\u02bc\u00b4]/g, "'")
    .replace(/[\u2013\u2014]/g, '-');
  let folded = '';
  for (const char of raw) folded += foldChar(char);
  return { raw, folded };
}

/**
 * Folds a short needle the same way as {@link prepareText} (for comparing words).
 * Pure: no clock, no I/O.
 */
export function fold(text: string): string {
  let out = '';
  for (const char of text) out += foldChar(char);
  return out;
}

/** The start of the sentence holding `index` (after the last `.`, `!`, `?`, `;` or blank line before it). */
export function sentenceStart(text: string, index: number, limit = 250): number {
  const from = Math.max(0, index - limit);
  for (let i = index - 1; i >= from; i -= 1) {
    const char = text[i];
    if (char === '!' || char === '?' || char === ';') return i + 1;
    if (
      char === '.' &&
      /\s/.test(text[i + 1] ?? ' ') &&
      !/\b(?:m|mme|me|n|art|st)$/i.test(text.slice(Math.max(0, i - 4), i))
    ) {
      return i + 1;
    }
    if (char === '\n' && text[i - 1] === '\n') return i + 1;
  }
  return from;
}

/** The end of the sentence holding `index`. */
export function sentenceEnd(text: string, index: number, limit = 250): number {
  const to = Math.min(text.length, index + limit);
  for (let i = index; i < to; i += 1) {
    const char = text[i];
    if (char === '!' || char === '?' || char === ';') return i;
    if (char === '.' && /\s/.test(text[i + 1] ?? ' ')) return i;
    if (char === '\n' && text[i + 1] === '\n') return i;
  }
  return to;
}

const NEGATIONS = new Set(['pas', 'ni', 'sans', 'aucun', 'aucune', 'non', 'jamais']);

/** True when a negation ("pas", "ni", "sans", "aucun", "non", "jamais") is one of the three words before `index`. */
export function negatedBefore(folded: string, index: number): boolean {
  const words = folded
    .slice(Math.max(0, index - 30), index)
    .split(/[\s'(,]+/)
    .filter(Boolean)
    .slice(-3);
  return words.some((word) => NEGATIONS.has(word));
}

/** Where quoted or forwarded messages begin (the text before it is the message itself). */
export function ownMessageEnd(raw: string): number {
  const marker =
    /^(?:-{3,}\s*(?:message transféré|forwarded message|original message|message d'origine)|le .{5,80} a écrit\s*:|de\s*:\s.+\n(?:envoyé|date)\s*:)/im.exec(
      raw,
    );
  return marker ? marker.index : raw.length;
}
