/**
 * The extraction corpus: French emails and letters written for these tests (fictional people), with the expected
 * result of each in corpus/expected.json. Prints the hit rate of every field; the procedure type, the notification
 * date and the tracking numbers must be right on at least 95% of the files, and no false tracking number may be
 * reported.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseEml } from '../../domain-io/eml.ts';
import { type ExtractedCase, type ExtractInput, extractCase } from './extract.ts';
import { fold } from './text.ts';

const CORPUS = join(import.meta.dirname, 'corpus');

interface Expected {
  procedureType: string;
  notificationDate: string | null;
  trackingNumbers: { number: string; carrier: string }[];
  situation?: string | null;
  decisionDate?: string | null;
  phones?: string[];
  emails?: string[];
  agdrefNumbers?: string[];
  sender?: string;
  concerned?: string;
}

const { files: EXPECTED } = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as {
  files: Record<string, { input?: Omit<ExtractInput, 'text'>; expected: Expected }>;
};

async function inputOf(file: string): Promise<ExtractInput> {
  const bytes = readFileSync(join(CORPUS, file));
  if (file.endsWith('.eml')) {
    const mail = await parseEml(bytes);
    return {
      text: mail.text,
      ...(mail.subject ? { subject: mail.subject } : {}),
      ...(mail.from ? { from: mail.from } : {}),
      ...(mail.date ? { receivedAt: mail.date } : {}),
    };
  }
  return { text: bytes.toString('utf8'), ...EXPECTED[file]?.input };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((value, index) => value === [...b].sort()[index]);
const sameName = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && fold(a.toLowerCase()) === fold(b.toLowerCase());

type Check = (actual: ExtractedCase, expected: Expected) => boolean | undefined;

/** Each field's check; `undefined` when the file does not say what to expect for it. */
const CHECKS: Record<string, Check> = {
  procedureType: (a, e) => a.procedureType === e.procedureType,
  notificationDate: (a, e) => a.notificationDate === e.notificationDate,
  trackingNumbers: (a, e) =>
    sameSet(
      a.trackingNumbers.map((t) => t.number),
      e.trackingNumbers.map((t) => t.number),
    ),
  trackingCarriers: (a, e) =>
    e.trackingNumbers.length === 0
      ? undefined
      : e.trackingNumbers.every((t) => a.trackingNumbers.find((x) => x.number === t.number)?.carrier === t.carrier),
  situation: (a, e) => (e.situation === undefined ? undefined : a.situation === e.situation),
  decisionDate: (a, e) => (e.decisionDate === undefined ? undefined : a.decisionDate === e.decisionDate),
  phones: (a, e) => (e.phones === undefined ? undefined : sameSet(a.phones, e.phones)),
  emails: (a, e) => (e.emails === undefined ? undefined : sameSet(a.emails, e.emails)),
  agdrefNumbers: (a, e) => (e.agdrefNumbers === undefined ? undefined : sameSet(a.agdrefNumbers, e.agdrefNumbers)),
  sender: (a, e) =>
    e.sender === undefined ? undefined : sameName(a.people.find((p) => p.role === 'sender')?.name, e.sender),
  concerned: (a, e) =>
    e.concerned === undefined ? undefined : sameName(a.people.find((p) => p.role === 'concerned')?.name, e.concerned),
};

/** Fields that must be right on at least 95% of the files (the acceptance bar), and the others' floor. */
const REQUIRED = ['procedureType', 'notificationDate', 'trackingNumbers'];
const FLOOR = 0.85;

describe('extraction corpus', () => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.txt') || f.endsWith('.eml'));
  const results = new Map<string, ExtractedCase>();
  const misses: Record<string, string[]> = {};
  const rates: Record<string, { hits: number; total: number }> = {};

  beforeAll(async () => {
    for (const file of files) results.set(file, extractCase(await inputOf(file)));
    for (const [field, check] of Object.entries(CHECKS)) {
      const rate = { hits: 0, total: 0 };
      const missed: string[] = [];
      for (const file of files) {
        const outcome = check(results.get(file) as ExtractedCase, (EXPECTED[file] as { expected: Expected }).expected);
        if (outcome === undefined) continue;
        rate.total += 1;
        if (outcome) rate.hits += 1;
        else missed.push(file);
      }
      rates[field] = rate;
      if (missed.length > 0) misses[field] = missed;
    }
    const lines = Object.entries(rates).map(
      ([field, { hits, total }]) =>
        `  ${field.padEnd(18)} ${String(hits).padStart(3)}/${String(total).padEnd(3)} ${((100 * hits) / total).toFixed(1).padStart(5)}%${misses[field] ? `  misses: ${misses[field]?.join(', ')}` : ''}`,
    );
    console.log(`Extraction corpus: ${files.length} files\n${lines.join('\n')}`);
  });

  it('has at least 40 files, each with an expected result', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.filter((f) => !EXPECTED[f])).toEqual([]);
    expect(files.filter((f) => f.endsWith('.eml')).length).toBeGreaterThanOrEqual(5);
  });

  it.each(REQUIRED)('%s is right on at least 95% of the files', (field) => {
    const { hits, total } = rates[field] as { hits: number; total: number };
    expect(total).toBe(files.length);
    expect(hits / total, `misses: ${misses[field]?.join(', ')}`).toBeGreaterThanOrEqual(0.95);
  });

  it.each(Object.keys(CHECKS).filter((f) => !REQUIRED.includes(f)))(
    `%s is right on at least ${FLOOR * 100}%`,
    (field) => {
      const { hits, total } = rates[field] as { hits: number; total: number };
      expect(total).toBeGreaterThanOrEqual(5);
      expect(hits / total, `misses: ${misses[field]?.join(', ')}`).toBeGreaterThanOrEqual(FLOOR);
    },
  );

  it('reports no false tracking number (case numbers, AGDREF, IBAN, phone numbers)', () => {
    const wrong = files.flatMap((file) => {
      const expected = new Set(
        (EXPECTED[file] as { expected: Expected }).expected.trackingNumbers.map((t) => t.number),
      );
      return (results.get(file) as ExtractedCase).trackingNumbers
        .filter((t) => !expected.has(t.number))
        .map((t) => `${file}: ${t.number}`);
    });
    expect(wrong).toEqual([]);
  });

  it('gives every field a confidence between 0 and 1', () => {
    for (const result of results.values()) {
      for (const field of Object.values(result.fields)) {
        expect(field.confidence).toBeGreaterThanOrEqual(0);
        expect(field.confidence).toBeLessThanOrEqual(1);
      }
    }
  });
});
