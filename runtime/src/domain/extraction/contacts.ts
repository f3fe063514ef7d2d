/**
 * French phone numbers, email addresses and AGDREF numbers (the 10-digit foreign-national number, reported only
 * next to words that name it).
 */
import type { PreparedText } from './text.ts';

export interface Found {
  value: string;
  start: number;
  end: number;
  confidence: number;
}

const PHONE = /(?<![\d+])(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?|0)([1-9])((?:[ .-]?\d{2}){4})(?![\d])/g;
const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
const TEN_DIGITS = /(?<!\d)\d{10}(?!\d)/g;
const AGDREF_CONTEXT =
  /(?:agdref|numero (?:d')?etranger|n° (?:d')?etranger|numero de ressortissant|n° de ressortissant|identifiant etranger)/;

/**
 * French phone numbers (0X XX XX XX XX, +33 / 0033 forms, spaces, dots or dashes), as E.164 (`+33XXXXXXXXX`),
 * each once. Numbers glued to other digits (IBANs, social security numbers) are not read.
 * Pure: no clock, no I/O.
 */
export function findPhones(text: PreparedText, excluded: readonly [number, number][] = []): Found[] {
  const seen = new Set<string>();
  const out: Found[] = [];
  for (const m of text.raw.matchAll(PHONE)) {
    const start = m.index;
    const end = start + m[0].length;
    if (excluded.some(([a, b]) => start < b && end > a)) continue;
    const value = `+33${m[1]}${(m[2] as string).replace(/\D/g, '')}`;
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ value, start, end, confidence: m[0].startsWith('+') || m[0].startsWith('00') ? 0.95 : 0.9 });
  }
  return out;
}

/**
 * Email addresses, lower-cased, each once.
 * Pure: no clock, no I/O.
 */
export function findEmails(text: PreparedText): Found[] {
  const seen = new Set<string>();
  const out: Found[] = [];
  for (const m of text.raw.matchAll(EMAIL)) {
    const value = m[0].toLowerCase().replace(/\.$/, '');
    if (seen.has(value)) continue;
    seen.add(value);
    out.push({ value, start: m.index, end: m.index + m[0].length, confidence: 0.97 });
  }
  return out;
}

/**
 * AGDREF numbers: 10 digits written together, with "AGDREF", "numéro étranger" or "n° de ressortissant" in the
 * 60 characters before them.
 * Pure: no clock, no I/O.
 */
export function findAgdrefNumbers(text: PreparedText): Found[] {
  const seen = new Set<string>();
  const out: Found[] = [];
  for (const m of text.raw.matchAll(TEN_DIGITS)) {
    const before = text.folded.slice(Math.max(0, m.index - 60), m.index);
    if (!AGDREF_CONTEXT.test(before) || seen.has(m[0])) continue;
    seen.add(m[0]);
    out.push({ value: m[0], start: m.index, end: m.index + 10, confidence: 0.9 });
  }
  return out;
}
