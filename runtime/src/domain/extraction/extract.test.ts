import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { extractCase } from './extract.ts';
import { MAX_TEXT_LENGTH } from './text.ts';

describe('extractCase', () => {
  it('returns every field with its confidence, and the overall confidence', () => {
    const result = extractCase({
      text: "Bonjour Maître,\nL'OQTF du 28 octobre 2026 m'a été notifiée hier. Je suis assignée à résidence.\nAmina Saleh",
      receivedAt: '2026-11-04T10:00:00+01:00',
    });
    expect(result).toMatchObject({
      procedureType: 'OQTF',
      situation: 'assigne',
      decisionDate: '2026-10-28',
      notificationDate: '2026-11-03',
      people: [
        { name: 'Amina Saleh', role: 'sender' },
        { name: 'Amina Saleh', role: 'concerned' },
      ],
    });
    expect(Object.keys(result.fields).sort()).toEqual([
      'agdrefNumbers',
      'decisionDate',
      'emails',
      'notificationDate',
      'people',
      'phones',
      'procedureType',
      'situation',
      'trackingNumbers',
    ]);
    expect(result.confidence).toBeGreaterThan(0.6);
  });

  it('says AUTRE and null when the text says nothing of a case', () => {
    const result = extractCase({ text: 'Merci pour le café de ce matin, à bientôt.' });
    expect([result.procedureType, result.notificationDate, result.trackingNumbers]).toEqual(['AUTRE', null, []]);
  });

  it('refuses a text that is too long or a malformed received date, with pointers', () => {
    expect(() => extractCase({ text: 'x'.repeat(MAX_TEXT_LENGTH + 1) })).toThrow(DomainError);
    try {
      extractCase({ text: 'bonjour', receivedAt: 'hier' });
    } catch (error) {
      expect((error as DomainError).issues[0]).toMatchObject({
        pointer: '/receivedAt',
        code: 'deadline.invalid-datetime',
      });
    }
  });

  it('stays fast on adversarial input (bounded patterns)', () => {
    const noise = `${'1A 2 '.repeat(10_000)}${'0'.repeat(40_000)}${' M. A'.repeat(8_000)}numéro de suivi${' '.repeat(40_000)}:${'\n'.repeat(10_000)}recommandé`;
    const started = performance.now();
    extractCase({ text: noise.slice(0, MAX_TEXT_LENGTH), receivedAt: '2026-11-04T10:00:00+01:00' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('text preparation', () => {
  it('keeps accents folded and positions aligned after an emoji', () => {
    const result = extractCase({
      text: "Merci 🙏🙏 ! Le refus de délivrance de mon titre de séjour m'a été remis le 3 novembre 2026, lettre recommandée n° RR 482 017 350 FR.",
    });
    expect([result.procedureType, result.notificationDate]).toEqual(['REFUS_TITRE', '2026-11-03']);
    expect(result.trackingNumbers.map((t) => t.number)).toEqual(['RR482017350FR']);
  });
});
