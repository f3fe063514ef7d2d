/**
 * Names in a letter or email: the sender (the From header's display name, or the signature), the person concerned
 * (a "M." / "Mme" named in the text, someone who introduces themself, or else the sender writing in the first
 * person) and lawyers ("Me", "Maître").
 */
import { fold, ownMessageEnd, type PreparedText } from './text.ts';

export type PersonRole = 'sender' | 'concerned' | 'lawyer' | 'other';

export interface Person {
  name: string;
  role: PersonRole;
  confidence: number;
}

const UPPER = 'A-ZÀ-ÖØ-Þ';
const LOWER = 'a-zß-öø-ÿ';
const TOKEN = `(?:[${UPPER}][${LOWER}]+(?:[-'][${UPPER}]?[${LOWER}]+)*|[${UPPER}]{2,}(?:-[${UPPER}]{2,})*)`;
const PARTICLE = '(?:de|da|du|van|von|ben|bin|el|al|ould)';
const NAME = `${TOKEN}(?: (?:${PARTICLE} )?${TOKEN}){1,3}`;

const TITLED = new RegExp(
  `(?<![${UPPER}${LOWER}])(?:M\\.|Mr\\.?|Mme|Mlle|Monsieur|Madame|Mademoiselle) (${NAME})`,
  'g',
);
const SELF = new RegExp(
  `\\b(?:[Jj]e m'appelle|[Jj]e suis|[Mm]on nom est|[Jj]e me nomme|[Jj]e soussignée?) (${NAME})(?=[\\s,.;!]|$)`,
  'g',
);
const LAWYER = new RegExp(`(?<![${UPPER}${LOWER}])(?:Me|Maître|Maitre) (${TOKEN}(?: ${TOKEN}){0,2})`, 'g');
const SIGNATURE_LINE = new RegExp(`^(?:(?:Me|Maître) )?(${NAME})\\s*(?:,.*)?$`);

/** Words that make a capitalised line an organisation, not a person. */
const NOT_A_PERSON =
  /\b(?:association|cabinet|prefecture|tribunal|cour|republique|direction|bureau|service|forum|cimade|spip|centre|plateforme|ofpra|cnda|ofii|cra|mairie|consulat|ministere|universite|campus|avocats?|juriste|greffe|secretariat|noreply|no-reply|refugies|solidaire|accueil|bienvenue|madame|monsieur|bonjour|merci|cordialement|objet)\b/;

/** Upper-case surnames written as names ("RAHIMI" → "Rahimi"). */
function tidy(name: string): string {
  return name
    .split(' ')
    .map((part) =>
      part.length > 1 && part === part.toUpperCase()
        ? part
            .split('-')
            .map((piece) => piece.charAt(0) + piece.slice(1).toLowerCase())
            .join('-')
        : part,
    )
    .join(' ');
}

function isPersonName(name: string): boolean {
  return !NOT_A_PERSON.test(fold(name.toLowerCase()));
}

/** The display name of a From header (`"Name" <addr>` or `Name <addr>`), when it reads as a person's name. */
function senderFromHeader(from: string | undefined): string | undefined {
  if (!from) return undefined;
  const display = /^\s*"?([^"<]+?)"?\s*</.exec(from)?.[1]?.trim();
  if (!display || !new RegExp(`^${NAME}$`).test(display) || !isPersonName(display)) return undefined;
  return tidy(display);
}

/** The signature: the last line of the message itself that is only a person's name (before quoted messages). */
function senderFromSignature(text: PreparedText): string | undefined {
  const own = text.raw.slice(0, ownMessageEnd(text.raw));
  const lines = own
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-8)
    .reverse();
  for (const line of lines) {
    if (/[\d@:]/.test(line) || /^(?:M\.|Mme|Mlle|Monsieur|Madame)\s/.test(line)) continue;
    const match = SIGNATURE_LINE.exec(line);
    if (match && isPersonName(match[1] as string)) return tidy(match[1] as string);
  }
  return undefined;
}

/**
 * The people of the text with their role, each name once (sender first, then the person concerned, lawyers,
 * others). `from` is the email's From header, if any.
 * Pure: no clock, no I/O.
 */
export function findPeople(text: PreparedText, from?: string): Person[] {
  const people: Person[] = [];
  const has = (name: string) => people.some((p) => fold(p.name.toLowerCase()) === fold(name.toLowerCase()));
  const lawyers = [...text.raw.matchAll(LAWYER)].map((m) => tidy(m[1] as string));

  const header = senderFromHeader(from);
  const signed = senderFromSignature(text);
  const sender = header ?? signed;
  if (sender) people.push({ name: sender, role: 'sender', confidence: header ? 0.9 : 0.7 });

  const isLawyer = (name: string) =>
    lawyers.some((l) => name === l || name.endsWith(` ${l}`) || l.endsWith(` ${name}`));
  const titled = [...text.raw.matchAll(TITLED)]
    .map((m) => tidy(m[1] as string))
    .filter((name) => isPersonName(name) && !isLawyer(name) && name !== sender);
  const selfNamed = [...text.raw.matchAll(SELF)].map((m) => tidy(m[1] as string)).filter(isPersonName);
  const firstPerson = /\b(?:je|mon|ma|mes)\b|\bj'/i.test(text.raw.slice(0, ownMessageEnd(text.raw)));

  const concerned = titled[0] ?? selfNamed[0] ?? (sender && firstPerson && !isLawyer(sender) ? sender : undefined);
  if (concerned) {
    const confidence = titled[0] ? 0.8 : selfNamed[0] ? 0.85 : 0.6;
    people.push({ name: concerned, role: 'concerned', confidence });
  }
  for (const lawyer of lawyers) {
    if (lawyer.includes(' ') && !has(lawyer)) people.push({ name: lawyer, role: 'lawyer', confidence: 0.75 });
  }
  for (const name of [...titled.slice(1), ...selfNamed.slice(1)]) {
    if (!has(name)) people.push({ name, role: 'other', confidence: 0.6 });
  }
  return people;
}
