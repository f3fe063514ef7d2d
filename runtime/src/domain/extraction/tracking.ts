/**
 * Postal tracking numbers (ceseda.md §5): UPU S10 (2 letters, 8 digits, check digit, 2-letter country; check
 * digit verified), La Poste / Colissimo domestic 13-character numbers (digit, letter, 11 digits; no documented
 * check digit), and 11–15 character numbers right after an explicit label. A number is reported only near postal
 * words, and never inside an IBAN.
 */
import { fold, type PreparedText } from './text.ts';

export type Carrier = 'laposte' | 'colissimo' | 'chronopost' | 'upu-s10' | 'unknown';

export interface TrackingNumber {
  /** Upper case, without spaces. */
  number: string;
  carrier: Carrier;
  /** The number passes every check its format defines (the S10 check digit; the shape for the others). */
  valid: boolean;
  /** `verified`: S10 check digit correct; `not-applicable`: the format has no documented check digit. */
  checkDigit: 'verified' | 'failed' | 'not-applicable';
  confidence: number;
  start: number;
  end: number;
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

/**
 * The UPU S10 check digit of 8 serial digits: 11 − (Σ digit × weight mod 11), 10 → 0, 11 → 5.
 * Pure: no clock, no I/O.
 */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError(`S10 serial must be 8 digits, got "${serial}"`);
  const sum = [...serial].reduce((total, digit, index) => total + Number(digit) * (S10_WEIGHTS[index] as number), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/**
 * True when `number` (13 characters, no spaces) is a UPU S10 identifier with a correct check digit.
 * Pure: no clock, no I/O.
 */
export function isValidS10(number: string): boolean {
  const match = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(number);
  return match ? s10CheckDigit(match[1] as string) === Number(match[2]) : false;
}

const S10 = /(?<![A-Za-z0-9])([A-Z]{2}) ?(\d{3}) ?(\d{3}) ?(\d{3}) ?([A-Z]{2})(?![A-Za-z0-9])/g;
const DOMESTIC = /(?<![A-Za-z0-9])(\d[A-Z]) ?(\d{3}) ?(\d{3}) ?(\d{4}) ?(\d)(?![A-Za-z0-9])/g;
const LABELLED =
  /(?:num[eé]ro|n°|no\.?) ?(?:de +suivi|d'envoi|de +l'envoi|de +colis|de +lettre +recommand[ée]e) ?(?:(?:colissimo|chronopost|la +poste) ?)?(?:: ?)?([A-Z0-9]{11,15})(?![A-Za-z0-9])/gi;
const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;

const CONTEXT =
  /recommand|\bsuivi\b|n° d'envoi|numero d'envoi|colissimo|chronopost|avis de passage|laposte|la poste|\blrar\b|lettre suivie|accuse de reception|\bcolis\b|\bpli\b|\benvoi\b/;

/** Spans of the text that are IBANs (never read as tracking numbers). */
export function ibanSpans(raw: string): [number, number][] {
  return [...raw.matchAll(IBAN)]
    .filter((m) => m[0].replace(/ /g, '').length >= 15)
    .map((m) => [m.index, m.index + m[0].length]);
}

function contextAround(text: PreparedText, start: number, end: number): string {
  return text.folded.slice(Math.max(0, start - 150), Math.min(text.folded.length, end + 80));
}

function carrierFrom(context: string, fallback: Carrier): Carrier {
  if (/chronopost/.test(context)) return 'chronopost';
  if (/colissimo/.test(context)) return 'colissimo';
  return fallback;
}

/**
 * The tracking numbers of the text, each once, in order of appearance.
 * Pure: no clock, no I/O.
 */
export function findTrackingNumbers(text: PreparedText): TrackingNumber[] {
  const excluded = ibanSpans(text.raw);
  const found: TrackingNumber[] = [];
  const overlaps = (start: number, end: number) =>
    excluded.some(([a, b]) => start < b && end > a) || found.some((t) => start < t.end && end > t.start);

  for (const m of text.raw.matchAll(S10)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const number = m.slice(1, 6).join('');
    const context = contextAround(text, start, end);
    if (!CONTEXT.test(context)) continue;
    const valid = isValidS10(number);
    // A failed check digit is kept only right after an explicit tracking label (a typo worth showing).
    const labelled = /(?:suivi|envoi|recommandee?|lrar)\s*(?:n°|no|numero)?\s*:?\s*$/.test(
      fold(text.raw.slice(Math.max(0, start - 40), start)).trimEnd(),
    );
    if (!valid && !labelled) continue;
    found.push({
      number,
      carrier: carrierFrom(context, 'upu-s10'),
      valid,
      checkDigit: valid ? 'verified' : 'failed',
      confidence: valid ? 0.95 : 0.4,
      start,
      end,
    });
  }

  for (const m of text.raw.matchAll(DOMESTIC)) {
    const start = m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const context = contextAround(text, start, end);
    if (!CONTEXT.test(context)) continue;
    const number = m.slice(1, 6).join('');
    const prefix = Number(number[0]);
    const byPrefix: Carrier =
      prefix >= 6 ? 'colissimo' : /recommand|lettre|lrar|la poste|laposte/.test(context) ? 'laposte' : 'unknown';
    found.push({
      number,
      carrier: carrierFrom(context, byPrefix),
      valid: true,
      checkDigit: 'not-applicable',
      confidence: 0.85,
      start,
      end,
    });
  }

  for (const m of text.raw.matchAll(LABELLED)) {
    const token = (m[1] as string).toUpperCase();
    const start = m.index + m[0].length - token.length;
    const end = start + token.length;
    if (overlaps(start, end)) continue;
    const digits = token.replace(/\D/g, '').length;
    if (!/[A-Z]/.test(token) || digits < 8) continue;
    found.push({
      number: token,
      carrier: carrierFrom(contextAround(text, start, end), 'unknown'),
      valid: true,
      checkDigit: 'not-applicable',
      confidence: 0.6,
      start,
      end,
    });
  }

  const seen = new Set<string>();
  return found.sort((a, b) => a.start - b.start).filter((t) => !seen.has(t.number) && seen.add(t.number) !== undefined);
}
