/**
 * Pseudonymisation of the texts sent to a model: names, email addresses, phone numbers, postal addresses and
 * AGDREF / foreign-national numbers become stable placeholders (`[NOM_1]`, `[EMAIL_1]`, `[TEL_1]`,
 * `[ADRESSE_1]`, `[NUM_ETRANGER_1]`) before a prompt leaves the process, and are put back in the answer.
 * The same original always gets the same placeholder within one call (across the text, the subject and the
 * instructions), so the model can still tell who is who.
 */
import { findEmails, findPeople, findPhones, prepareText } from '../domain/extraction/index.ts';

type Kind = 'NOM' | 'EMAIL' | 'TEL' | 'ADRESSE' | 'NUM_ETRANGER';
interface Span {
  start: number;
  end: number;
  kind: Kind;
}

/** Phone numbers in international form outside France (the French ones are found by the extractor). */
const INTL_PHONE = /(?<![\d+])\+(?!33)[1-9]\d{0,2}(?:[ .-]?\d{2,4}){2,5}(?!\d)/g;
/** Ten digits written together: an AGDREF (foreign-national) number, or another identifier just as private. */
const TEN_DIGITS = /(?<!\d)\d{10}(?!\d)/g;
/** A street address, on the folded text: number, optional bis/ter, a kind of street, its name up to a stop. */
const STREET =
  /(?<![\d\p{L}])\d{1,4}(?: ?(?:bis|ter|quater|[a-d]))?,? (?:rue|avenue|av\.|boulevard|bd|place|chemin|allee|impasse|quai|cours|route|square|passage|residence|cite|lotissement|voie|sentier|hameau|faubourg|rond-point|esplanade|promenade|parvis|villa|ruelle)(?![\p{L}])[^\n,;()]{0,60}/gu;
/** A postal code followed by a town (`69003 Lyon`, `93200 Saint-Denis`), with an optional CEDEX. */
const POSTCODE_TOWN =
  /(?<!\d)\d{5} (?:[A-ZÀ-Ý][\p{L}'-]{1,40})(?: [A-ZÀ-Ý][\p{L}'-]{1,40}){0,3}(?: (?:CEDEX|Cedex|cedex)(?: \d{1,2})?)?/gu;
/** A box number (`BP 123`, `CS 70001`, `TSA 12345`). */
const BOX = /(?<![\p{L}])(?:BP|CS|TSA) ?\d{1,6}(?!\d)/gu;
/** Words of a name that are not the person's own (particles, titles). */
const NOT_NAME_TOKENS = new Set([
  'de',
  'du',
  'da',
  'des',
  'le',
  'la',
  'van',
  'von',
  'ben',
  'bin',
  'el',
  'al',
  'ould',
  'me',
  'mme',
  'mlle',
  'monsieur',
  'madame',
  'maitre',
  // Words of the trade that a pattern may take for part of a name: the model needs them.
  'oqtf',
  'irtf',
  'itf',
  'ofpra',
  'cnda',
  'ofii',
  'agdref',
  'ceseda',
  'cra',
  'lrar',
  'dublin',
  'prefecture',
  'prefet',
  'prefete',
  'tribunal',
  'administratif',
  'cour',
  'conseil',
  'etat',
  'objet',
  'bonjour',
  'cordialement',
  'cabinet',
  'republique',
  'francaise',
  'france',
]);
const PLACEHOLDER = /\[(NOM|EMAIL|TEL|ADRESSE|NUM_ETRANGER)_(\d{1,4})\]/g;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One pseudonymisation table, shared by every text of one call. */
export class Pseudonymiser {
  private readonly byOriginal = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters: Record<Kind, number> = { NOM: 0, EMAIL: 0, TEL: 0, ADRESSE: 0, NUM_ETRANGER: 0 };
  private readonly nameTokens = new Set<string>();

  /** @param knownNames names of the case's people (its client), hidden wherever they appear. */
  constructor(knownNames: readonly string[] = []) {
    for (const name of knownNames) this.addName(name);
  }

  /** How many distinct originals were replaced so far. */
  get size(): number {
    return this.byOriginal.size;
  }

  /** The originals and their placeholders (for tests and for the audit of what was hidden). */
  entries(): [original: string, placeholder: string][] {
    return [...this.byOriginal.entries()];
  }

  private addName(name: string): void {
    for (const token of name.split(/[\s,]+/)) {
      const bare = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      const folded = bare
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase();
      if (bare.length >= 2 && !NOT_NAME_TOKENS.has(folded)) this.nameTokens.add(bare);
    }
  }

  private placeholder(kind: Kind, original: string): string {
    const known = this.byOriginal.get(original);
    if (known) return known;
    this.counters[kind] += 1;
    const placeholder = `[${kind}_${this.counters[kind]}]`;
    this.byOriginal.set(original, placeholder);
    this.byPlaceholder.set(placeholder, original);
    return placeholder;
  }

  /**
   * The text with its personal data replaced by placeholders. The text is first cleaned as the extractor
   * cleans it (NFC, spaces, apostrophes), so that what is found is what is replaced.
   */
  hide(text: string, from?: string): string {
    const prepared = prepareText(text);
    const raw = prepared.raw;
    const spans: Span[] = [];
    const add = (start: number, end: number, kind: Kind) => spans.push({ start, end, kind });
    for (const e of findEmails(prepared)) add(e.start, e.end, 'EMAIL');
    for (const p of findPhones(prepared)) add(p.start, p.end, 'TEL');
    for (const m of raw.matchAll(INTL_PHONE)) add(m.index, m.index + m[0].trimEnd().length, 'TEL');
    for (const m of raw.matchAll(TEN_DIGITS)) add(m.index, m.index + 10, 'NUM_ETRANGER');
    for (const m of prepared.folded.matchAll(STREET)) add(m.index, m.index + m[0].trimEnd().length, 'ADRESSE');
    for (const m of raw.matchAll(POSTCODE_TOWN)) add(m.index, m.index + m[0].length, 'ADRESSE');
    for (const m of raw.matchAll(BOX)) add(m.index, m.index + m[0].length, 'ADRESSE');
    for (const person of findPeople(prepared, from)) this.addName(person.name);
    if (from) {
      const display = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1];
      if (display) this.addName(display);
    }
    // Names last: each of their words wherever it stands alone (a surname written without the first name).
    const tokens = [...this.nameTokens].sort((a, b) => b.length - a.length);
    if (tokens.length) {
      const words = new RegExp(`(?<![\\p{L}\\p{N}])(?:${tokens.map(escapeRegex).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
      for (const m of raw.matchAll(words)) add(m.index, m.index + m[0].length, 'NOM');
    }
    // Earlier and longer spans win; an overlapping later one is dropped.
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    let out = '';
    let last = 0;
    for (const span of spans) {
      if (span.start < last) continue;
      out += raw.slice(last, span.start) + this.placeholder(span.kind, raw.slice(span.start, span.end));
      last = span.end;
    }
    return out + raw.slice(last);
  }

  /** Puts the originals back in every string of `value` (a model's parsed answer). */
  restore<T>(value: T): T {
    const walk = (item: unknown): unknown => {
      if (typeof item === 'string') return item.replace(PLACEHOLDER, (all) => this.byPlaceholder.get(all) ?? all);
      if (Array.isArray(item)) return item.map(walk);
      if (item && typeof item === 'object') {
        return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, walk(child)]));
      }
      return item;
    };
    return walk(value) as T;
  }
}
