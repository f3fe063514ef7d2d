import { describe, expect, it } from 'vitest';
import { payloadInWords } from './event-in-words.ts';

describe('an event in words', () => {
  const payload = {
    summary: 'OQTF remise en main propre',
    messageId: '<m1@example.org>',
    category: 'ceseda',
    procedureType: 'OQTF',
    situation: 'libre',
    confidence: 0.93,
    decisionDate: '2026-10-28',
    notificationDate: '2026-11-05T10:00:00+01:00',
    provenance: { provider: 'builtin', model: 'rules' },
    extra: true,
  };

  it('names the fields with the schema’s titles, values with their labels and dates in words', () => {
    const fields = payloadInWords('email:classified', payload, 'fr');
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    expect(byKey.category).toMatchObject({ label: 'Catégorie', value: 'Dossier CESEDA' });
    expect(byKey.procedureType).toMatchObject({ label: 'Type de procédure', value: 'OQTF' });
    expect(byKey.decisionDate?.value).toBe('mercredi 28 octobre 2026');
    expect(byKey.notificationDate?.value).toBe('jeudi 5 novembre 2026 à 10:00');
    expect(byKey.confidence?.value).toBe('0,93');
    expect(byKey.extra).toMatchObject({ label: 'extra', value: 'oui' });
    // The schema's order first (messageId before summary), unknown fields last.
    const keys = fields.map((f) => f.key);
    expect(keys.indexOf('messageId')).toBeLessThan(keys.indexOf('summary'));
    expect(keys.at(-1)).toBe('extra');
  });

  it('speaks English second', () => {
    const fields = payloadInWords('email:classified', payload, 'en');
    expect(fields.find((f) => f.key === 'category')).toMatchObject({ label: 'Category', value: 'CESEDA case' });
    expect(fields.find((f) => f.key === 'situation')?.value).toBe('Free');
  });
});
