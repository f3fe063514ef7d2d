/**
 * extractCase: what a French email or letter says about an immigration case, each field with its confidence.
 * The built-in AI provider calls it for `classify_content` and `extract_data`; it needs no model.
 */
import type { CivilDate } from '../../core/calendar/civil-date.ts';
import { DEFAULT_TIME_ZONE } from '../../core/calendar/working-days.ts';
import { domainError } from '../errors.ts';
import type { ProcedureType, Situation } from '../rules.ts';
import { localDate, parseInstant, zoneOf } from '../time.ts';
import { findAgdrefNumbers, findEmails, findPhones } from './contacts.ts';
import { classifyDates, findDates, pickDates } from './dates.ts';
import { findPeople, type Person } from './people.ts';
import { classifyProcedure, classifySituation } from './procedure.ts';
import { prepareText } from './text.ts';
import { type Carrier, findTrackingNumbers, ibanSpans } from './tracking.ts';

export interface ExtractInput {
  text: string;
  subject?: string;
  /** The From header (`Name <address>`), when the text is an email. */
  from?: string;
  /** When the text was received (ISO 8601): the reference for "hier", "le 3/11"... */
  receivedAt?: string;
  /** Time zone of the received date (default Europe/Paris). */
  zone?: string;
}

export interface ExtractedTrackingNumber {
  number: string;
  carrier: Carrier;
  valid: boolean;
  checkDigit: 'verified' | 'failed' | 'not-applicable';
  confidence: number;
}

export interface ExtractedField<T> {
  value: T;
  confidence: number;
}

export interface ExtractedCase {
  procedureType: ProcedureType;
  situation: Situation | null;
  /** `YYYY-MM-DD` or null. */
  decisionDate: string | null;
  /** `YYYY-MM-DD` or null. */
  notificationDate: string | null;
  /** How the notification date was read: notified, handed, consulted, withdrawn, presented, received. */
  notificationHow: string | null;
  trackingNumbers: ExtractedTrackingNumber[];
  /** E.164 (`+33…`). */
  phones: string[];
  emails: string[];
  people: Person[];
  agdrefNumbers: string[];
  /** Overall confidence: the procedure type's and the notification date's, averaged. */
  confidence: number;
  fields: {
    procedureType: ExtractedField<ProcedureType>;
    situation: ExtractedField<Situation | null>;
    decisionDate: ExtractedField<string | null>;
    notificationDate: ExtractedField<string | null>;
    trackingNumbers: ExtractedField<ExtractedTrackingNumber[]>;
    phones: ExtractedField<string[]>;
    emails: ExtractedField<string[]>;
    people: ExtractedField<Person[]>;
    agdrefNumbers: ExtractedField<string[]>;
  };
}

const round = (value: number) => Math.round(value * 100) / 100;
const meanConfidence = (items: { confidence: number }[], empty: number) =>
  items.length === 0 ? empty : round(items.reduce((sum, item) => sum + item.confidence, 0) / items.length);

/**
 * Reads `text` (and the subject and From header of an email): procedure type and situation, decision and
 * notification dates (French forms, relative ones read from `receivedAt`), tracking numbers (check digit and
 * postal context required), French phone numbers, email addresses, people and AGDREF numbers.
 * Throws a DomainError for a text that is not a string, is too long, or a malformed `receivedAt`.
 * Pure: no clock, no I/O.
 */
export function extractCase(input: ExtractInput): ExtractedCase {
  if (!input || typeof input.text !== 'string') {
    throw domainError('schema.type', '/text', { type: 'string' });
  }
  const zone = zoneOf(input.zone ?? DEFAULT_TIME_ZONE, '/zone');
  let reference: CivilDate | undefined;
  if (input.receivedAt !== undefined) {
    const received = parseInstant(input.receivedAt, zone, '/receivedAt');
    reference = localDate(received.ms, zone);
  }
  const body = prepareText(input.text);
  const subject = input.subject ? prepareText(input.subject) : undefined;

  const procedure = classifyProcedure(body, subject);
  const situation =
    classifySituation(subject ? prepareText(`${input.subject}\n${input.text}`) : body) ??
    (procedure.value === 'OQTF' && /\bdelai de depart|dans un delai de (?:30|trente) jours|l\. 911-1/.test(body.folded)
      ? { value: 'libre' as const, confidence: 0.6 }
      : undefined);

  const dates = classifyDates(body, findDates(body, reference));
  const picked = pickDates(body, dates, reference);

  const found = findTrackingNumbers(body);
  const tracking = found.map(({ number, carrier, valid, checkDigit, confidence }) => ({
    number,
    carrier,
    valid,
    checkDigit,
    confidence,
  }));
  const phones = findPhones(body, [...ibanSpans(body.raw), ...found.map((t): [number, number] => [t.start, t.end])]);
  const fromAddress = input.from ? findEmails(prepareText(input.from)) : [];
  const emails = [...fromAddress, ...findEmails(body)].filter(
    (email, index, all) => all.findIndex((other) => other.value === email.value) === index,
  );
  const agdref = findAgdrefNumbers(body);
  const people = findPeople(body, input.from);

  const notificationConfidence = picked.notification?.confidence ?? 0.5;
  const fields: ExtractedCase['fields'] = {
    procedureType: { value: procedure.value, confidence: procedure.confidence },
    situation: { value: situation?.value ?? null, confidence: situation?.confidence ?? 0.5 },
    decisionDate: { value: picked.decision?.date ?? null, confidence: picked.decision?.confidence ?? 0.5 },
    notificationDate: { value: picked.notification?.date ?? null, confidence: notificationConfidence },
    trackingNumbers: { value: tracking, confidence: meanConfidence(tracking, 0.8) },
    phones: { value: phones.map((p) => p.value), confidence: meanConfidence(phones, 0.8) },
    emails: { value: emails.map((e) => e.value), confidence: meanConfidence(emails, 0.9) },
    people: { value: people, confidence: meanConfidence(people, 0.5) },
    agdrefNumbers: { value: agdref.map((a) => a.value), confidence: meanConfidence(agdref, 0.8) },
  };
  return {
    procedureType: procedure.value,
    situation: fields.situation.value,
    decisionDate: fields.decisionDate.value,
    notificationDate: fields.notificationDate.value,
    notificationHow: picked.notification?.how ?? null,
    trackingNumbers: tracking,
    phones: fields.phones.value,
    emails: fields.emails.value,
    people,
    agdrefNumbers: fields.agdrefNumbers.value,
    confidence: round((procedure.confidence + notificationConfidence) / 2),
    fields,
  };
}
